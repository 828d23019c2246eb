# Vigie's pages in English. Every message here has a French twin in fr.ftl
# (a test checks both have the same ids). `$count` arguments select the plural
# form; `$count_text` is the same number formatted for the language.

app-tagline = Community health of your open source
nav-label = Pages
nav-summary = Summary
nav-repositories = Repositories
nav-sources = Sources
lang-switch-label = Language
skip-link = Skip to the content
loading = Loading…
error-data = The dashboard could not read its data. The server log has the details.
not-found-title = Page not found
not-found-text = There is no page at this address.
not-found-home = Back to the summary
empty-title = Nothing has been ingested yet
empty-text = The database holds no repository. Run “vigie ingest” and read its summary: a source that could not be reached is named there.

# The filter
filter-legend = Filter
filter-repositories = Repositories
filter-groups = Groups
filter-from = From
filter-to = To
filter-period = Period
filter-bots = Include bots
filter-apply = Apply
filter-reset = Reset
period-month = per month
period-quarter = per quarter
period-year = per year
quarter-label = Q{ $quarter } { $year }
scope-all-repositories = { $count ->
    [one] the only repository
   *[other] all { $count_text } repositories
}
scope-group = group { $name }
scope-all-time = all time
scope-since = since { $from }
scope-until = until { $to }
scope-between = { $from } to { $to }
scope-bots-in = bots included
scope-bots-out = bots left out
scope-label = Showing
notice-not-a-month = “{ $value }” is not a month (expected YYYY-MM); ignored.
notice-not-a-period = “{ $value }” is not a period (month, quarter or year); showing months.
notice-reversed = The window was reversed; it has been turned round.
notice-unknown-repository = No repository named “{ $name }” is stored; left out.
notice-unknown-group = No group named “{ $name }” is configured; left out.

# Summary
summary-title = Summary
summary-period = Figures for { $period }, each against the same period a year earlier.
summary-no-activity = No activity in this scope and window.
headline-active = Active contributors
headline-new = New contributors
headline-organisations = Organisations involved
headline-bus-factor = Bus factor
headline-response = First response (median)
headline-repositories = Repositories maintained
year-before = A year earlier: { $value }
sentence-active = { $count ->
    [one] { $value } active contributor in { $period }.
   *[other] { $value } active contributors in { $period }.
}
sentence-new = { $count ->
    [one] { $value } new contributor in { $period }.
   *[other] { $value } new contributors in { $period }.
}
sentence-organisations = { $count ->
    [one] { $value } organisation involved in { $period }.
   *[other] { $value } organisations involved in { $period }.
}
sentence-bus-factor = { $count ->
    [one] One person made half of the contributions of the last 12 months.
   *[other] { $value } people made half of the contributions of the last 12 months.
}
sentence-response = Issues and pull requests opened in { $period } got a first response in { $value } (median).
sentence-repositories = { $count ->
    [one] { $value } repository received contributions in { $period }.
   *[other] { $value } repositories received contributions in { $period }.
}
sentence-no-forge = Response times are unknown: no forge data is collected for this scope.
sentence-no-contribution = No contribution in { $period }.
change-nothing-before = Nothing to compare with a year earlier.
change-same = The same as a year earlier.
change-from-zero = None a year earlier.
change-more = { $percent } more than a year earlier.
change-fewer = { $percent } fewer than a year earlier.
change-higher = { $percent } higher than a year earlier.
change-lower = { $percent } lower than a year earlier.
change-slower = { $percent } slower than a year earlier.
change-faster = { $percent } faster than a year earlier.
duration-hours = { $count ->
    [one] { $count_text } hour
   *[other] { $count_text } hours
}
duration-days = { $count ->
    [one] { $count_text } day
   *[other] { $count_text } days
}
duration-days-decimal = { $days } d
chart-contributors-title = Active and new contributors
chart-contributors-caption = Active: at least one contribution in the period. New: first contribution in this scope.
chart-factors-title = Bus factor and elephant factor, trailing { $count_text } months
chart-factors-caption = Bus factor: fewest people who made half of the contributions. Elephant factor: fewest organisations that did.
chart-response-title = Time to first response (median)
chart-response-caption = Issues and pull requests by the period they were opened; newcomers' items apart.
series-active = active contributors
series-new = new contributors
series-bus-factor = bus factor
series-elephant-factor = elephant factor
series-all-items = all items
series-newcomers-items = newcomers' items
axis-contributors = contributors
axis-people-or-organisations = people or organisations
axis-days = days
column-period = Period
chart-numbers = The numbers
download-svg = SVG
download-csv = CSV
download-label = Download

# Repositories
repositories-title = Repositories
repositories-caption = Every tracked repository and its health
repositories-shown = { $count ->
    [one] { $count_text } repository shown
   *[other] { $count_text } repositories shown
}
catalogue-status = Status
catalogue-counts = Repositories by status
catalogue-all-statuses = All statuses
catalogue-language = Language
catalogue-all-languages = All languages
catalogue-hide-archived = Hide archived
catalogue-sort = Sort by
catalogue-desc = Descending
column-repository = Repository
column-status = Status
column-last-activity = Last activity
column-active-90 = Active (90 days)
column-bus-factor = Bus factor
column-open-issues = Open issues
column-open-prs = Open pull requests
column-median-response = First response (median)
column-language = Language
column-reasons = Why
status-green = Green
status-amber = Amber
status-red = Red
status-archived = Archived
reason-no-activity = No activity is recorded.
reason-quiet = { $count ->
    [one] No activity for { $count_text } month.
   *[other] No activity for { $count_text } months.
}
reason-single-person = One person made half of the contributions of the last 12 months.
reason-slow-response = Issues and pull requests wait { $days } days for a first response (median).
reason-no-release = { $count ->
    [one] No release in the last month.
   *[other] No release in the last { $count_text } months.
}

# Sources
sources-title = Sources
sources-caption = Each source: what it brought and when
sources-none = No source has been ingested yet.
runs-caption = The latest { $count_text } ingest runs
errors-caption = The latest { $count_text } errors
column-source = Source
column-repositories = Repositories
column-last-update = Last update
column-activities = Activities
column-latest-activity = Latest activity
column-errors = Errors
column-run = Run
column-started = Started
column-finished = Finished
column-items-added = Items added
column-when = When
column-message = Message
run-ok = complete
run-partial = partial
run-running = running
run-failed = failed
