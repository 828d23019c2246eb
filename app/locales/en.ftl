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
notice-not-a-period = “{ $value }” is not a period (month, quarter or year); the period suits the window’s length.
notice-reversed = The window was reversed; it has been turned round.
notice-unknown-repository = No repository named “{ $name }” is stored; left out.
notice-unknown-group = No group named “{ $name }” is configured; left out.
notice-outside-the-data = No activity in this window: the data of this scope runs from { $first } to { $latest }.
scope-data-until = data up to { $date }
period-auto = chosen from the window
period-partial = { $period } (partial)
chart-partial-period = { $period } is still under way (figures up to { $date }): it is in the table, not drawn.

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
download-png = PNG
download-csv = CSV
download-label = Download

# Repositories
repositories-title = Repositories
repositories-caption = Every tracked repository and its health
repositories-no-forge-columns = Open issues and pull requests, first response and language need forge data (GitHub or GitLab), not collected for these repositories: their columns are left out.
repository-forge-facts = Issues, pull requests, releases, language, licence
repository-no-forge-data = No forge data: this repository is read from its git history only. A GitHub or GitLab source adds them.
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

# Federation
nav-federation = Federation
federation-title = Federation
federation-intro = For communities too large for this dashboard’s own database (a federation of OSPOs, a national catalogue): figures computed over a Parquet lake by “vigie lake metrics”, with polars on one machine or Apache Spark on a cluster, by the dashboard’s own definitions. Bots are left out.
federation-none = No lake figures have been loaded yet. Write a lake from this database, or gather several, then compute its figures on this machine or on a Spark cluster:
federation-no-such-run = No computation number { $run } is kept; the latest is shown.
federation-about = { $count ->
    [one] Lake “{ $lake }”, computed by { $engine } in { $seconds } s and loaded on { $date }: one figure.
   *[other] Lake “{ $lake }”, computed by { $engine } in { $seconds } s and loaded on { $date }: { $count_text } figures.
}
federation-engine-polars = polars (this machine)
federation-engine-spark = Apache Spark
federation-period = Counts are for { $month }, the lake’s last whole month (or the 12 months to it), against a year earlier; factors for { $year }. The status of contributors is taken at each repository’s latest activity.
federation-no-activity = This lake has no activity: there is nothing to count.
federation-figures-label = All repositories together
federation-headline-contributions = Contributions
federation-sentence-contributions = { $count ->
    [one] { $value } contribution in { $period }.
   *[other] { $value } contributions in { $period }.
}
federation-sentence-bus-factor = { $count ->
    [one] One person made half of the contributions of { $period }.
   *[other] { $value } people made half of the contributions of { $period }.
}
federation-headline-elephant = Elephant factor
federation-sentence-elephant = { $count ->
    [one] One organisation made half of the contributions with a known organisation in { $period }.
   *[other] { $value } organisations made half of the contributions with a known organisation in { $period }.
}
federation-elephant-unknown = Unknown: no contribution of { $period } in the lake has a known organisation.
federation-chart-title = Active and new contributors per month, all repositories
federation-chart-caption = Contributors with at least one contribution in the month, and those whose first contribution it was.
federation-chart-caption-partial = Contributors with at least one contribution in the month, and those whose first contribution it was. { $period } is counted up to the lake’s latest activity: it is in the table, not drawn.
federation-more = { $count ->
    [one] The lake has one repository.
   *[other] The { $shown } repositories with the most contributions are shown, of { $count_text }; the CSV file has them all.
}
federation-repositories-caption = Each repository
federation-column-contributions = Contributions, 12 months
federation-column-active-contributors = Active contributors
federation-column-new-contributors = New contributors, 12 months
federation-column-elephant-factor = Elephant factor
federation-column-active = Active
federation-column-drifting = Drifting
federation-column-away = Away
federation-runs-caption = Computations kept (a lake’s new computation by the same engine replaces the one before)
federation-run-shown = { $run } (shown)
federation-column-run = Computation
federation-column-lake = Lake
federation-column-engine = Engine
federation-column-loaded = Loaded
federation-column-seconds = Seconds
federation-column-figures = Figures

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
column-latest-activity = Data up to
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
run-stopped = stopped (server shut down)
run-interrupted = interrupted (process killed)

## Community page
nav-community = Community
community-title = Community
community-no-forge-data = Time to first response and the backlog need issues and pull requests: add a GitHub or GitLab source to see them.
chart-new-departed-title = New and departed contributors
chart-new-departed-caption = Departed: last contribution in the period, and none since for longer than the "away" threshold. The latest periods are left blank: it is too early to say who left.
chart-funnel-title = Onboarding funnel
chart-funnel-caption = Newcomers of the period shown, how many came back, and how many became regular contributors.
funnel-newcomers = Newcomers
funnel-returned = Came back within { $days_text } days
funnel-regular = { $count_text }+ contributions within { $months_text } months
chart-conversion-title = Newcomer conversion
chart-conversion-caption = Of each period's newcomers, the share who came back and the share who became regular. Recent newcomers have not had the time yet.
chart-conversion-few = A share over fewer than { $count } newcomers is not drawn; the table has every count.
chart-cohorts-title = Cohort retention
chart-cohorts-caption = Each row is the contributors whose first contribution was in that month (how many, in brackets; a month without newcomers is an empty row); each cell the share of them who contributed again so many months later. Darker is more.
chart-structure-title = Community structure
chart-structure-caption = Core: the fewest people who made 80% of the period's contributions. Regular: the next, up to 95%. Casual: everyone else.
chart-backlog-title = Backlog
chart-backlog-caption = Issues and pull requests still open at the end of each period.
series-departed = departed contributors
series-returned = came back
series-regular = became regular
series-core = core
series-regular-layer = regular
series-casual = casual
series-open-issues = open issues
series-open-prs = open pull requests
axis-percent = % of newcomers
axis-items = issues or pull requests
axis-cohort = First contribution
axis-months-after-first = Months after the first contribution
column-step = Step
column-share-of-newcomers = Share of newcomers
column-cohort-size = Contributors

## Contributors pages
nav-contributors = Contributors
contributors-title = Contributors
contributors-caption = Contributors
contributors-by-status = Contributors by status
contributors-everyone = Everyone
contributors-find = Find contributors
contributors-search = Name, e-mail or organisation
contributors-min = At least this many contributions
contributors-reverse = Reverse order
contributors-shown = { $count ->
    [one] { $count_text } contributor matches
   *[other] { $count_text } contributors match
}
pages-label = Pages of the table
pages-previous = Previous
pages-next = Next
pages-of = Page { $page } of { $pages }
contributor-status-new = New
contributor-status-active = Active
contributor-status-drifting = Drifting
contributor-status-away = Away
contributor-status-inactive = Inactive
contributor-inactive-note = { $count ->
    [one] Drifting or away after { $count_text } contribution or more: someone to reach out to.
   *[other] Drifting or away after { $count_text } contributions or more: someone to reach out to.
}
column-contributor = Contributor
column-organisation = Organisation
column-first-activity = First activity
column-contributions = Contributions
column-main-repositories = Main repositories
organisation-none = None known
contributor-title = Contributor
contributor-missing = No contributor with this number has contributed in the repositories and period chosen.
contributor-back = All contributors
contributor-repositories-caption = Where they contributed
chart-activity-title = Contributions over time
chart-activity-caption = Their contributions in each period, by kind.
series-commits = commits
series-issues-prs = issues and pull requests
series-reviews-comments = reviews and comments
series-releases = releases
axis-contributions = contributions

## Repository page
repository-title = Repository
repository-missing = No repository of this name is tracked.
repository-back = All repositories
column-active-12-months = Active (12 months)
column-releases-12-months = Releases (12 months)
column-last-release = Latest release
column-licence = Licence
column-archived = Archived
yes = yes
no = no

sign-in = Sign in
sign-out = Sign out
sign-in-title = Sign in
sign-in-why = Community managers and administrators sign in to see contributors by name. Everyone can read the other pages.
sign-in-name = Account
sign-in-password = Password
sign-in-submit = Sign in
sign-in-wrong = The account or the password is wrong.
sign-in-limited = Too many failed attempts: wait 15 minutes and try again.
sign-in-required = This page names contributors: sign in as a community manager to see it.
signed-in-as = You are signed in as { $name }.

refresh-now = Refresh now
refresh-started = An ingest run has started: this page shows it as running until it ends.
refresh-running = An ingest run is in progress already.
refresh-stopping = The server is shutting down: no run was started.

nav-admin = Administration
admin-title = Administration
admin-required = This page is for administrators.
admin-sign-in-required = This page is for administrators: sign in as an administrator to see it.
admin-sources = Sources
admin-config-file = Sources, identities and affiliations are kept in { $file } and the identities file; changes made here are written there and apply at once.
admin-add-source = Add a source
admin-source-kind = Kind
admin-kind-git = Git repository (URL or path on the server)
admin-kind-git-log = Perceval git-log file or folder (path on the server)
admin-kind-github = GitHub organisation (token from GITHUB_TOKEN)
admin-kind-gitlab = GitLab group (token from GITLAB_TOKEN)
admin-source-value = Address, path, organisation or group
admin-source-every = Read every (e.g. 30m, 6h, 1d; empty: the schedule's)
admin-add = Add
admin-identities = Identities
admin-no-duplicates = No likely duplicates.
admin-duplicates-why = These identities look alike. Say whether each group is one person: the decision is written to the identities file.
admin-same = Same person
admin-different = Different people
admin-affiliations = Affiliations
admin-unknown-domains = E-mail domains without a rule
admin-domain-label = { $domain } ({ $count } contributions): organisation
admin-organisation = Organisation
admin-add-rule = Add the rule
admin-done-source = The source was added; it will be read at the next run (or use Refresh now).
admin-done-same = Recorded: one person. The contributors were resolved again.
admin-done-different = Recorded: different people. They will not be suggested again.
admin-done-rule = The rule was added; pages use it now.
admin-done-later = Recorded; an ingest run is in progress, so it applies when the run ends.
admin-error-kind = Unknown source kind.
admin-error-value = That value cannot be a source of this kind.
admin-error-every = The interval must be a number and a unit (s, m, h, d), such as 30m or 6h.
admin-error-organisation = An organisation is 1 to 120 printable characters.
admin-error-domain = That is not an e-mail domain, or it has a rule already.
admin-error-config = The configuration file could not be changed: see the server's log.
admin-error-emails = A decision needs two or more addresses.
admin-sources-caption = The configured sources
admin-column-kind = Kind
admin-column-what = What
admin-column-every = Read every
admin-every-off = only by hand
admin-rules-caption = Affiliation rules
admin-column-domain = E-mail domain
admin-column-organisation = Organisation
admin-column-from = From
admin-column-to = To
admin-why-name = Same name, different contributors so far:
admin-why-email = One address, several names ({ $email }):
admin-shared = Several people use this address
admin-done-shared = Recorded: several people use this address. It is no longer used to merge them.
refresh-nothing = No source is configured: add one on the administration page.

## Who is counted: bots left out, identities merged, organisations unknown
bots-left-out = { $count ->
    [one] One account is left out as a bot.
   *[other] { $count_text } accounts are left out as bots.
}
bots-left-out-which = Which ones, and why
contributors-bots-title = Left out as bots
contributors-bots-why = These accounts are counted as bots, so no figure includes them. An administrator can say that one is not a bot on the administration page.
contributors-bots-caption = Accounts left out as bots
column-account = Account
column-emails = E-mail addresses
column-accounts = Forge accounts
column-bot-reason = Why a bot
contributor-generic = { $name } (generic account)
contributor-identities-caption = Every identity merged into this contributor
column-name = Name
column-email = E-mail address
column-login = Login
column-merged-by = Merged by
column-activities-recorded = Activities (all repositories, all time)
kind-generic-note = A generic account: a shared machine or service address (root, admin…) that several people may use. It is never merged with anyone.
kind-bot-note = Counted as a bot, so left out of the figures.
rule-same-email = the same e-mail address
rule-github-noreply = GitHub’s no-reply address of the account
rule-forge-login = the same forge account
rule-address-in-address = an address written inside another
rule-mailmap = the repository’s .mailmap
rule-identities-file = a decision in the identities file
rule-machine-address = a machine address named after the person’s login or name
rule-git-svn = the same login in Subversion (git-svn) and elsewhere
admin-why-rule = Linked by { $rule }:
rule-login-as-name = their login used as a name
rule-same-name = the same full name
rule-same-mailbox-name = the same first.last mailbox on another domain
rule-initial-and-surname = an initial and the same surname
value-unknown = unknown
elephant-no-affiliation = Unknown: no contribution here comes from an e-mail domain with an affiliation rule, so neither the organisations involved nor the elephant factor can be counted. Administrators add rules on the administration page.
elephant-unaffiliated-share = { $percent } of the contributions have no known organisation (personal addresses, domains without a rule) and are left out of the elephant factor.
admin-bots = Bots
admin-bots-why = These accounts are counted as bots and left out of every figure. If one is a person, say so: the decision is written to the identities file.
admin-no-bots = No account is counted as a bot.
admin-bot-suggestions = Accounts that behave like bots
admin-bot-suggestions-why = Not decided yet. Say whether each one is a bot: the decision is written to the identities file.
admin-mark-bot-label = Another account is a bot: one of its e-mail addresses
admin-is-bot = This is a bot
admin-not-bot = Not a bot
admin-bot-activities = { $count } activities
admin-done-bot = Recorded: a bot. It is left out of the figures now.
admin-done-not-bot = Recorded: not a bot. It is counted in the figures now.

## The page of an address refused as an attempt on the server (a 400)
refused-title = Address refused
refused-path-climbs = Its path climbs out of its folder.
refused-path-control = Its path has control characters or backslashes.
refused-long = A parameter is longer than any name.
refused-control = A parameter has control characters.
refused-param-climbs = A parameter climbs out of its folder.
refused-code = A parameter looks like code, not a name.
refused-advice = Vigie does not answer this address. Check it, or start again from the summary.
refused-back = Go to the summary

# Technical debt (docs/estate.md)
nav-technical-debt = Technical debt
technical-debt-title = Technical debt
estate-read = { $total ->
    [one] Contents read for { $read_text } of { $total_text } repository in scope
   *[other] Contents read for { $read_text } of { $total_text } repositories in scope
}
estate-none = No repository in scope has its contents read: git-log files carry commits, not files. Read repositories by URL or path, or name recorded tips (heads) beside the logs (docs/estate.md).
estate-none-of-them = none
repository-estate = What it is made of
repository-estate-more = The technical debt page compares it with the other repositories.
repository-estate-unread = Its contents were not read (a git-log file without recorded tip): docs/estate.md says how to read them.
estate-figures = Estate figures
estate-figure-ready = Ready for the new core
estate-sentence-ready = { $ready_text } of { $total_text } components build against core 8 without javax imports; { $moving_text } more are on their way.
estate-figure-libyears = Internal libyears
estate-sentence-libyears = Together, the components name estate releases { $years } years older than the newest.
estate-figure-licence = Without a known licence
estate-sentence-licence = { $count ->
    [one] { $count_text } of { $total_text } components has no licence file or pom licence that Vigie recognises, or two that disagree.
   *[other] { $count_text } of { $total_text } components have no licence file or pom licence that Vigie recognises, or two that disagree.
}
estate-figure-readme = Without a README
estate-sentence-readme = { $count ->
    [one] { $count_text } component has no README at its root.
   *[other] { $count_text } components have no README at their root.
}
estate-figure-contributing = Without CONTRIBUTING
estate-sentence-contributing = { $count ->
    [one] { $count_text } component does not say how to contribute.
   *[other] { $count_text } components do not say how to contribute.
}
estate-figure-orphans = At risk of being orphaned
estate-sentence-orphans = { $count ->
    [0] No component others depend on is kept by too few people.
    [one] Others depend on { $top }, kept by too few people.
   *[other] Others depend on these, kept by too few people: { $top }.
}
estate-caption = Every repository whose contents were read: where it stands on the new core, its internal libyears, its community files and licence
column-core-generation = New core
column-core-range = Core it builds against
column-javax-files = Files importing javax
column-libyears = Internal libyears
column-dependents = Depended on by
column-missing-files = Missing files
column-core-reasons = Judged on
column-orphan-risk = Orphan risk
column-orphan-reason = Why
column-depends-on = Depends on
column-declared = Declared version
column-newest = Newest release
column-artifact = Artifact
column-used-by = Used by
core-stage-ready = Ready
core-stage-in-progress = In progress
core-stage-not-started = Not started
core-stage-unknown = Unknown
core-reason-range = core { $range }
core-reason-imports = { $javax_text } javax and { $jakarta_text } jakarta files
core-reason-branch = branch { $branch }
dependents-direct-transitive = { $direct_text } directly, { $transitive_text } in all
role-readme = README
role-licence = licence
role-contributing = CONTRIBUTING
role-code-of-conduct = code of conduct
role-security = SECURITY
role-changelog = CHANGELOG
licence-unrecognised = unrecognised text
licence-inconsistent = file says { $files }, pom says { $poms }
licence-missing = none
orphan-risk-yes = at risk
orphan-risks-caption = Components others depend on while few people keep them, most depended on first
orphan-reason-bus-factor = one person or nobody made half of the last 12 months' contributions
orphan-reason-gone = { $count ->
    [one] its regular maintainer is drifting or away
   *[other] its { $count_text } regular maintainers are all drifting or away
}
dependency-graph-title = Who builds on whom
dependency-graph-caption = Each line joins a repository to one it builds on, to its left (a parent pom or a dependency); the colour says where each stands on the new core.
internal-dependencies-caption = Dependencies on artifacts the estate builds, and how far behind the newest release each is (libyears)
external-dependencies-caption = Dependencies on artifacts from outside the estate, as declared, and how many releases the oldest declared version is behind the newest in the Maven repository
version-managed = from the parent
column-releases-behind = Releases behind
freshness-not-in-repository = not in the Maven repository
freshness-unknown = unknown
freshness-not-asked = not asked yet
freshness-never-asked = No ingest run has asked a Maven repository how fresh these { $total_text } artifacts are yet: each run asks at its end ([estate] in the configuration, docs/estate.md).
freshness-none-known = The freshness of these { $total_text } external artifacts is unknown.
freshness-note = Freshness from the Maven repository: known for { $known_text } of { $total_text } external artifacts; { $absent_text } not in it, { $unknown_text } unknown.
freshness-stale = { $count ->
    [one] One answer could not be confirmed at the last run: the one kept before is shown.
   *[other] { $count_text } answers could not be confirmed at the last run: the ones kept before are shown.
}
freshness-why = Why unknown: { $reason }
summary-estate = { $total ->
    [one] { $ready_text } of { $total_text } component has moved to the new core.
   *[other] { $ready_text } of { $total_text } components have moved to the new core.
}
column-code-gouv = code.gouv.fr
catalogue-code-gouv = code.gouv.fr criteria
catalogue-code-gouv-any = Any number
catalogue-code-gouv-at-least = { $count ->
    [one] at least { $count_text } of 10
   *[other] at least { $count_text } of 10
}
code-gouv-title = code.gouv.fr criteria
code-gouv-score = { $score ->
    [one] { $score_text } of the 10 criteria of France's public-sector catalogue is met.
   *[other] { $score_text } of the 10 criteria of France's public-sector catalogue are met.
}
code-gouv-met = met
code-gouv-not-met = not met
code-gouv-landing-page = A home page besides the repository
code-gouv-recent-release = A release in the last 6 months
code-gouv-recent-commit = A commit in the last 6 months
code-gouv-logo = A logo
code-gouv-roadmap = A roadmap
code-gouv-several-authors = More than one author and more than one organisation
code-gouv-contributing = How to contribute (CONTRIBUTING)
code-gouv-changelog = What changed (CHANGELOG)
code-gouv-code-of-conduct = A code of conduct
code-gouv-governance = How it is governed (GOVERNANCE)
code-gouv-no-file = no such file where catalogues look
code-gouv-no-homepage = no home page known (the forge gives it)
code-gouv-tag = { $tag }, { $date }
code-gouv-no-tag = no tag
code-gouv-commit = the last on { $date }
code-gouv-no-commit = no commit
code-gouv-authors = { $authors ->
    [one] { $authors_text } author
   *[other] { $authors_text } authors
}, { $organisations ->
    [one] { $organisations_text } organisation known
   *[other] { $organisations_text } organisations known
}
code-gouv-unread = Its contents were not read: the criteria that files meet cannot be judged.
summary-code-gouv = { $total ->
    [one] { $good_text } of { $total_text } component meets at least 7 of the 10 code.gouv.fr criteria.
   *[other] { $good_text } of { $total_text } components meet at least 7 of the 10 code.gouv.fr criteria.
}
code-gouv-criterion = Criterion, and what it was judged on
code-gouv-state = Met?
publiccode-title = publiccode.yml
publiccode-none = It has no publiccode.yml, the file public-sector catalogues read. Vigie drafts one from its data; complete the values marked TO FILL and add it at the repository's root.
publiccode-draft = Download a draft publiccode.yml
publiccode-draft-contacts = Signed in as a community manager, the draft names the regular maintainers as contacts.
publiccode-valid = { $warnings ->
    [0] Its publiccode.yml (version { $version }) follows the standard's rules.
    [one] Its publiccode.yml (version { $version }) follows the standard's rules, with one warning.
   *[other] Its publiccode.yml (version { $version }) follows the standard's rules, with { $warnings_text } warnings.
}
publiccode-invalid = { $errors ->
    [one] Its publiccode.yml (version { $version }) breaks one of the standard's rules; catalogues may refuse it.
   *[other] Its publiccode.yml (version { $version }) breaks { $errors_text } of the standard's rules; catalogues may refuse it.
}
publiccode-problems = Problems, in the order of the file
column-line = Line
column-key = Key
column-problem = Problem
column-fix = How to put it right
publiccode-error = error
publiccode-warning = warning
publiccode-archive = Every repository's publiccode.yml, its own or a draft, with an index of what the checks found (zip)
code-gouv-declared = publiccode.yml { $key }: { $value }
nav-ggi = GGI
ggi-title = GGI scorecard
ggi-not-configured = No GGI handbook is configured. Download conf/ggi_activities_full.json from the OSPO Alliance's my-ggi-board repository and name it in vigie.toml: [governance] ggi_handbook = "path/to/ggi_activities_full.json".
ggi-unreadable = The GGI handbook cannot be read: { $why }
ggi-intro = The { $version } handbook of the OSPO Alliance's Good Governance Initiative: 25 activities under five goals. An administrator sets each one's status; Vigie gives the evidence its data holds for six of them, measured again after every ingest run.
ggi-counts = { $done_text } done, { $progress_text } in progress, { $open_text } not selected.
ggi-board = Every activity as a Markdown file in the layout of the OSPO Alliance's scorecard board (zip)
ggi-points = { $count ->
    [one] The handbook's verification point
   *[other] The handbook's { $count_text } verification points
}
ggi-evidence = What the data shows
ggi-history = How the evidence moved, after each ingest run where it changed (latest first)
ggi-history-measured = Measured
ggi-decisions = { $count ->
    [one] One decision
   *[other] { $count_text } decisions
}
ggi-decide = Record the decision
ggi-decide-status = Status
ggi-decide-notes = Notes (what was decided, why)
ggi-done-decision = The decision is recorded.
ggi-error-handbook = No GGI handbook could be read: nothing was recorded.
ggi-error-activity = The handbook has no such activity: nothing was recorded.
ggi-error-status = That is not a status: nothing was recorded.
ggi-error-notes = The notes are too long (4,000 characters at most) or hold control characters: nothing was recorded.
ggi-status-not-started = Not selected
ggi-status-in-progress = In progress
ggi-status-done = Done
ggi-table = The scorecard, one row per activity
column-activity = Activity
column-goal = Goal
column-notes = Notes
column-evidence = What the data shows
ggi-definition-23 = The dependencies declared in the poms of the repositories in scope whose contents were read, told apart as built by the estate (internal) or not (external); an internal dependency's licence is its repository's. The licences of external dependencies are not read.
ggi-definition-24 = The summary page's key indicators, which Vigie computes from the data each ingest run brings (CHAOSS definitions), for the latest complete period.
ggi-definition-25 = Of the repositories in scope whose contents were read, the share with each community file, and with a licence that is known (its licence file or poms name one, and they agree); and of their source files, the share that opens with a licence header.
ggi-definition-26 = Contributions by the people of the organisation named in [governance] organisation to the repositories listed in [governance] upstream, in the year to the latest activity.
ggi-definition-39 = The change requests the organisation's people opened in upstream repositories, in the year to the latest activity and the year before: upstream first shows as a rising number.
ggi-definition-44 = Of the change requests merged in the year to the latest activity in scope (not opened by bots), the share a person other than their author reviewed or commented on the code of before the merge.
ggi-gap-no-contents = No repository in scope had its contents read (a git-log source): nothing to measure.
ggi-gap-no-activity = No activity in scope: the indicators cannot be computed.
ggi-gap-no-merged-changes = No change request merged in the year in scope: no forge data, or none merged.
ggi-gap-no-organisation = Not measured: [governance] organisation does not name the organisation whose people count.
ggi-gap-no-upstream = Not measured: no repository read is listed in [governance] upstream as a project the organisation contributes to.
ggi-measure-repositories-with-build = Repositories with their poms read
ggi-measure-internal-dependencies = Internal dependencies
ggi-measure-external-dependencies = External dependencies
ggi-measure-internal-with-licence = Internal dependencies with a known licence
ggi-measure-active-contributors = Active contributors
ggi-measure-new-contributors = New contributors
ggi-measure-organisations = Organisations
ggi-measure-bus-factor = Bus factor
ggi-measure-median-response-hours = Median hours to a first response
ggi-measure-repositories-maintained = Repositories maintained
ggi-measure-repositories-read = Repositories read
ggi-measure-with-readme = With a README
ggi-measure-with-known-licence = With a known licence
ggi-measure-with-contributing = With a CONTRIBUTING file
ggi-measure-with-code-of-conduct = With a code of conduct
ggi-measure-with-security = With a security policy
ggi-measure-merged-changes = Change requests merged
ggi-measure-reviewed-share = Reviewed by someone else first
ggi-measure-upstream-contributions = Contributions upstream
ggi-measure-upstream-contributors = People who contributed upstream
ggi-measure-upstream-repositories = Upstream repositories contributed to
ggi-measure-upstream-change-requests = Change requests opened upstream
ggi-measure-upstream-change-requests-before = The same, a year earlier
mrl-title = OW2 Market Readiness Levels: data points
mrl-intro = The data points OW2 collects for its Market Readiness Levels, from this repository's data. OW2 does not publish how it weighs them: Vigie gives the values, not a level (docs/governance.md).
mrl-caption = OW2 MRL data points
mrl-archive = Every repository's OW2 MRL data points (CSV)
column-data-point = Data point
column-value = Value
mrl-active-users = People assigned to issues (OW2 "active users"; not the software's users)
mrl-response = Mean time from an issue's creation to its last update (OW2 "average response time"; not a first response)
mrl-open-time = Time to close an issue (OW2 "bug open time")
mrl-unanswered = Open issues without a comment (OW2 "unanswered bugs")
mrl-without-header = Source files without a licence header
mrl-licences = Distinct licences found
mrl-cty-1 = CTY-1: two active committers from different organisations (last 12 months)
mrl-cty-2 = CTY-2: public discussion in the last 3 months
mrl-cty-5 = CTY-5: easy contributions listed for newcomers
mrl-no-forge-data = no forge data
mrl-unread = contents not read
mrl-unknown = not known
mrl-yes = Yes
mrl-no = No
mrl-people = { $count ->
    [one] { $count_text } person
   *[other] { $count_text } people
}
mrl-days = { $days } days
mrl-open-time-value = mean { $mean }, median { $median }
mrl-no-closed = no closed issue
mrl-unanswered-value = { $count_text } of the { $sampled_text } open issues sampled
mrl-without-header-value = { $count_text } of { $files_text } ({ $share })
mrl-licences-value = { $count ->
    [0] none
   *[other] { $count_text }: { $names }
}
mrl-cty-1-value = { $people ->
    [0] nobody committed
    [one] { $people_text } committer, { $unknown_text } of unknown organisation; { $organisations }
   *[other] { $people_text } committers, { $unknown_text } of unknown organisation; { $organisations }
}
mrl-cty-2-value = { $events_text } issues, change requests, comments or reviews by { $people_text } people
mrl-cty-2-none = None seen on the forge (mailing lists and forums are not read)
mrl-cty-5-none = No: no open issue carries a newcomer label
mrl-csv-open-sampled = Open issues sampled
mrl-csv-closed-sampled = Closed issues sampled
mrl-csv-active-users = People assigned
mrl-csv-response-minutes = Minutes to last update (mean)
mrl-csv-open-days = Days to close (mean)
mrl-csv-open-days-median = Days to close (median)
mrl-csv-unanswered = Open issues without a comment
mrl-csv-source-files = Source files
mrl-csv-without-header = Without a licence header
mrl-csv-licences = Licences
mrl-csv-cty-1 = CTY-1
mrl-csv-cty-2 = CTY-2
mrl-csv-cty-5 = Newcomer issues open
ggi-measure-source-files = Source files read
ggi-measure-with-licence-header = Source files with a licence header
ggi-inventory = The dependency inventory: each artifact the poms declare, who builds it and its licence
ggi-inventory-external = outside the estate
ggi-inventory-licence-unknown = not known
ggi-inventory-licence-unread = not read (outside the estate)
column-built-by = Built by
column-versions = Versions declared
