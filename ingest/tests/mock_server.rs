//! The mock forge itself: the dataset it assembles from the recordings in
//! `../shared/data/api-fixtures/`, its pages, filters, conditional requests,
//! injected faults and request log, spoken to over plain HTTP/1.1.

mod support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::time::Duration;

use serde_json::{json, Value};
use support::fixtures::is_pull_request;
use support::mock::{Dataset, Fault, Logged, MockForge, Noteable};
use vigie_ingest::testdata::shared_data;

const OCTOKIT: &str = "octokit-fixture-org/paginate-issues";
const PYGITHUB: &str = "PyGithub/PyGithub";

/// An answer as it came over the wire.
#[derive(Debug)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        (self.headers.iter())
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!("{e}: {}", String::from_utf8_lossy(&self.body));
        })
    }

    /// The `rel` URL of the `Link` header.
    fn link(&self, rel: &str) -> Option<String> {
        let marker = format!("rel=\"{rel}\"");
        self.header("link")?.split(", ").find_map(|part| {
            let (url, params) = part.split_once(';')?;
            (params.trim() == marker).then(|| url.trim_matches(['<', '>']).to_owned())
        })
    }

    fn numbers(&self) -> Vec<u64> {
        let items = self.json();
        let items = items.as_array().expect("a list").iter();
        items
            .map(|i| i["number"].as_u64().expect("a number"))
            .collect()
    }
}

/// `GET url` with `headers`, on a connection of its own.
fn get(url: &str, headers: &[(&str, &str)]) -> Answer {
    send("GET", url, headers, None)
}

/// `POST url` with `headers` and a JSON `body`, on a connection of its own.
fn post(url: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
    send("POST", url, headers, Some(body))
}

fn send(method: &str, url: &str, headers: &[(&str, &str)], body: Option<&[u8]>) -> Answer {
    let rest = url.strip_prefix("http://").expect("an http URL");
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let path = if path.is_empty() { "/" } else { path };
    let mut stream = TcpStream::connect(host).expect("the mock forge");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(body) = body {
        request.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    let mut request = format!("{request}\r\n").into_bytes();
    request.extend_from_slice(body.unwrap_or_default());
    stream.write_all(&request).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("an answer");
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a head");
    let head = String::from_utf8(raw[..end].to_vec()).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .collect();
    Answer {
        status,
        headers,
        body: raw[end + 4..].to_vec(),
    }
}

fn data() -> Option<PathBuf> {
    let data = shared_data();
    if data.is_none() {
        eprintln!("skipped: no shared data, so no recordings to serve");
    }
    data
}

#[test]
fn the_dataset_holds_what_was_recorded() {
    let Some(data) = data() else { return };
    let dataset = Dataset::github(&data);
    assert_eq!(
        dataset.repositories(),
        [
            "austinsasko/PyGithub",
            "BeaverSoftware/FatherBeaver",
            "BeaverSoftware/TestPyGithub",
            "danvk/comparea",
            "EnricoMi/PyGithub",
            "FlorentClarret/PyGithub",
            "MarcoFalke/PyGithub",
            OCTOKIT,
            "openframeworks/openFrameworks",
            PYGITHUB,
            "rickrickston123/RepoTest",
        ]
    );

    // octokit's scenario: 13 open issues by one user, in a repository
    // recorded under a temporary name.
    let octokit = dataset.repository(OCTOKIT).unwrap();
    assert_eq!(dataset.issue_count(OCTOKIT), 13);
    assert_eq!(dataset.pull_request_count(OCTOKIT), 0);
    assert_eq!(octokit.id(), Some(515435940));
    let recorded = "octokit-fixture-org/tmp-scenario-paginate-issues-20220719043836917-izyoe";
    assert_eq!(octokit.aliases, [recorded]);
    assert_eq!(octokit.metadata.as_ref().unwrap()["full_name"], recorded);
    assert!(dataset.repository(&recorded.to_uppercase()).is_some());

    // PyGithub: 30 issues of 2024 (9 pull requests), 16 of 2012 and #28 as
    // captured in 2025, the only closed one.
    let pygithub = dataset.repository(PYGITHUB).unwrap();
    assert_eq!(dataset.issue_count(PYGITHUB), 47);
    assert_eq!(dataset.pull_request_count(PYGITHUB), 9);
    let closed: Vec<_> = pygithub
        .issues
        .iter()
        .filter(|i| i["state"] == "closed")
        .collect();
    assert_eq!(closed.len(), 1);
    assert_eq!(closed[0]["number"], 28);
    // The newest of seven captures of the metadata (August 2025).
    assert_eq!(
        pygithub.metadata.as_ref().unwrap()["stargazers_count"],
        7476
    );
    // 78 comments of the 2012 stream and one of #31; 2012 comments name
    // their issue by id: #24 has three.
    assert_eq!(dataset.issue_comment_count(PYGITHUB), 79);
    assert_eq!(pygithub.children(&pygithub.issue_comments, 24).count(), 3);
    assert_eq!(pygithub.children(&pygithub.issue_comments, 31).count(), 1);
    assert_eq!(dataset.review_comment_count(PYGITHUB), 2);
    assert_eq!(pygithub.children(&pygithub.review_comments, 31).count(), 2);
    assert_eq!(dataset.review_count(PYGITHUB, 538), 5);
    assert_eq!(pygithub.pulls.keys().copied().collect::<Vec<_>>(), [31, 32]);
    assert_eq!(pygithub.pull_commits[&31].len(), 3);
    assert_eq!(pygithub.issue_events.len(), 55);
    assert_eq!(pygithub.events.len(), 30);
    assert_eq!(dataset.release_count(PYGITHUB), 0);

    assert_eq!(dataset.release_count("EnricoMi/PyGithub"), 1);
    assert_eq!(dataset.release_count("rickrickston123/RepoTest"), 1);
    assert_eq!(dataset.issue_count("openframeworks/openFrameworks"), 25);
    let forks = [
        "EnricoMi/PyGithub",
        "FlorentClarret/PyGithub",
        "austinsasko/PyGithub",
    ];
    for fork in forks {
        let metadata = dataset.repository(fork).unwrap().metadata.as_ref().unwrap();
        assert_eq!(metadata["fork"], true, "{fork}");
    }
    assert!(dataset.user("danvk").is_some());
}

#[test]
fn pages_are_walked_through_their_link_headers() {
    let Some(data) = data() else { return };
    let forge = MockForge::start(Dataset::github(&data));
    for repo in [OCTOKIT, PYGITHUB] {
        let expected: Vec<u64> = {
            let dataset = forge.dataset().repository(repo).unwrap();
            dataset
                .issues
                .iter()
                .map(|i| i["number"].as_u64().unwrap())
                .collect()
        };
        let mut url = Some(format!(
            "{}/repos/{repo}/issues?state=all&per_page=5",
            forge.url()
        ));
        let (mut numbers, mut pages) = (Vec::new(), 0);
        while let Some(next) = url {
            let answer = get(&next, &[]);
            assert_eq!(answer.status, 200);
            assert!(answer.numbers().len() <= 5);
            numbers.extend(answer.numbers());
            url = answer.link("next");
            pages += 1;
        }
        // Newest first, every issue once.
        assert_eq!(numbers, expected, "{repo}");
        assert_eq!(pages, expected.len().div_ceil(5), "{repo}");
    }

    // octokit's 13 issues, 5 a page: next and last, then all four, then prev and first.
    let first = get(
        &format!("{}/repos/{OCTOKIT}/issues?per_page=5", forge.url()),
        &[],
    );
    let url = |page| {
        format!(
            "{}/repos/{OCTOKIT}/issues?per_page=5&page={page}",
            forge.url()
        )
    };
    assert_eq!(first.link("next"), Some(url(2)));
    assert_eq!(first.link("last"), Some(url(3)));
    assert_eq!((first.link("prev"), first.link("first")), (None, None));
    let middle = get(&url(2), &[]);
    assert_eq!(middle.numbers(), [8, 7, 6, 5, 4]);
    assert_eq!(
        [middle.link("prev"), middle.link("first")],
        [Some(url(1)), Some(url(1))]
    );
    let last = get(&url(3), &[]);
    assert_eq!(last.numbers(), [3, 2, 1]);
    assert_eq!((last.link("next"), last.link("last")), (None, None));
    assert_eq!(last.link("prev"), Some(url(2)));
    assert_eq!(get(&url(4), &[]).numbers(), Vec::<u64>::new());

    // Perceval's way: /api/v3, the id alias, and its own parameters sent
    // again after those of the Link URL: the first occurrence wins.
    let perceval = format!(
        "{}/api/v3/repositories/515435940/issues?per_page=5&page=2&state=all&per_page=100\
         &direction=asc&sort=updated&since=1980-01-01T00%3A00%3A00%2B00%3A00",
        forge.url()
    );
    let answer = get(&perceval, &[]);
    assert_eq!(answer.numbers(), [6, 7, 8, 9, 10]);
    let next = answer.link("next").unwrap();
    assert!(next.starts_with(&format!(
        "{}/api/v3/repositories/515435940/issues?",
        forge.url()
    )));
    assert!(next.ends_with("per_page=5&page=3"), "{next}");
    assert_eq!(next.matches("per_page").count(), 1);
    // Without a Link when one page holds everything; per_page is capped at 100.
    let all = get(
        &format!(
            "{}/repos/{PYGITHUB}/issues?state=all&per_page=500",
            forge.url()
        ),
        &[],
    );
    assert_eq!((all.numbers().len(), all.header("link")), (47, None));
}

#[test]
fn state_and_since_filter_and_sort_orders() {
    let Some(data) = data() else { return };
    let forge = MockForge::start(Dataset::github(&data));
    let numbers = |query: &str| {
        get(
            &format!(
                "{}/repos/{PYGITHUB}/issues?per_page=100&{query}",
                forge.url()
            ),
            &[],
        )
        .numbers()
    };
    // Open by default; #28 is the only closed issue.
    assert_eq!(numbers("").len(), 46);
    assert_eq!(numbers("state=closed"), [28]);
    assert_eq!(numbers("state=all").len(), 47);
    // since keeps what was updated at or after it: 2024's 30 and #28 (2025).
    let since = numbers("state=all&since=2024-07-01T13:54:59Z");
    assert_eq!(since.len(), 31);
    assert!(since.contains(&2998) && since.contains(&28));
    assert_eq!(numbers("state=all&since=2024-07-04T16:07:56Z").len(), 30);
    // An offset, encoded as Perceval sends it.
    assert_eq!(
        numbers("state=all&since=2024-07-04T18:07:56%2B02:00").len(),
        30
    );
    // sort=updated&direction=asc: the 2012 issues first, #28 last.
    let ascending = numbers("state=all&sort=updated&direction=asc");
    assert_eq!(ascending.first(), Some(&2));
    assert_eq!(ascending.last(), Some(&28));
    // Created, newest first by default: #28 (2012) falls among the 2012 ones.
    let created = numbers("state=all");
    assert_eq!(&created[..3], [3045, 3043, 3042]);
    assert_eq!(&created[30..33], [30, 28, 27]);
    let comments = |query: &str| {
        let url = format!(
            "{}/repos/{PYGITHUB}/issues/comments?per_page=100&{query}",
            forge.url()
        );
        get(&url, &[]).json().as_array().unwrap().len()
    };
    assert_eq!(comments(""), 79);
    assert_eq!(comments("since=2012-05-28T23%3A00%3A00Z"), 61);
}

#[test]
fn sub_resources_answer_from_the_recordings() {
    let Some(data) = data() else { return };
    let forge = MockForge::start(Dataset::github(&data));
    let repo = format!("{}/repos/{PYGITHUB}", forge.url());
    let list = |path: &str| {
        let answer = get(&format!("{repo}{path}"), &[]);
        assert_eq!(answer.status, 200, "{path}");
        answer.json().as_array().unwrap().clone()
    };
    let status = |path: &str| get(&format!("{repo}{path}"), &[]).status;

    assert_eq!(list("/issues/24/comments").len(), 3);
    assert_eq!(list("/issues/3045/comments").len(), 0);
    assert_eq!(status("/issues/1/comments"), 404);
    assert_eq!(list("/issues/3045/reactions").len(), 0);
    assert_eq!(list("/pulls/538/reviews").len(), 5);
    // #3045 is a pull request without recorded reviews; #2 is a 2012 issue.
    assert_eq!(list("/pulls/3045/reviews").len(), 0);
    assert_eq!(status("/pulls/2/reviews"), 404);
    assert_eq!(status("/pulls/3045"), 404);
    let pull = get(&format!("{repo}/pulls/31"), &[]).json();
    assert_eq!(
        (pull["number"].as_u64(), pull["merged_by"]["login"].as_str()),
        (Some(31), Some("jacquev6"))
    );
    assert_eq!(list("/pulls/31/commits").len(), 3);
    assert_eq!(list("/pulls/31/comments").len(), 2);
    let requested = get(&format!("{repo}/pulls/31/requested_reviewers"), &[]).json();
    assert_eq!(requested["users"][0]["login"], "sfdye");
    assert_eq!(list("/pulls/comments").len(), 2);
    assert_eq!(list("/releases").len(), 0);
    assert_eq!(list("/issues/events?per_page=100").len(), 55);
    assert_eq!(list("/events").len(), 30);
    let releases = get(
        &format!("{}/repos/EnricoMi/PyGithub/releases", forge.url()),
        &[],
    );
    assert_eq!(releases.json()[0]["tag_name"], "v1.55");

    let metadata = get(&format!("{}/api/v3/repos/{OCTOKIT}", forge.url()), &[]).json();
    assert_eq!(metadata["id"], 515435940);
    // Recorded URLs lead back to the mock, under the prefix asked.
    let own = format!(
        "{}/api/v3/repos/octokit-fixture-org/tmp-scenario-",
        forge.url()
    );
    assert!(metadata["url"].as_str().unwrap().starts_with(&own));
    let issues = get(
        metadata["issues_url"]
            .as_str()
            .unwrap()
            .replace("{/number}", "")
            .as_str(),
        &[],
    );
    assert_eq!(issues.numbers().len(), 13);
    let org = get(&format!("{}/orgs/BeaverSoftware/repos", forge.url()), &[]).json();
    assert_eq!(org.as_array().unwrap().len(), 2);
    let forks = get(&format!("{}/orgs/EnricoMi/repos", forge.url()), &[]).json();
    assert_eq!(forks[0]["fork"], true);

    assert_eq!(
        get(&format!("{}/users/danvk", forge.url()), &[]).json()["login"],
        "danvk"
    );
    assert_eq!(
        get(&format!("{}/users/danvk/orgs", forge.url()), &[]).status,
        404
    );
    let missing = get(&format!("{}/nowhere", forge.url()), &[]);
    assert_eq!(missing.status, 404);
    assert_eq!(missing.json()["message"], "Not Found");
    let items = get(&format!("{}/repos/{OCTOKIT}/issues", forge.url()), &[]).json();
    assert!(items
        .as_array()
        .unwrap()
        .iter()
        .all(|i| !is_pull_request(i)));
}

#[test]
fn etags_revalidate_without_spending_the_rate_limit() {
    let Some(data) = data() else { return };
    let forge = MockForge::start(Dataset::github(&data));
    let url = format!("{}/repos/{OCTOKIT}/issues?per_page=3", forge.url());
    let token = ("Authorization", "token one");
    let first = get(&url, &[token]);
    assert_eq!(
        first.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    assert_eq!(first.header("x-ratelimit-limit"), Some("5000"));
    assert_eq!(first.header("x-ratelimit-remaining"), Some("4999"));
    assert_eq!(first.header("x-ratelimit-used"), Some("1"));
    assert_eq!(first.header("x-ratelimit-resource"), Some("core"));
    let reset: u64 = first.header("x-ratelimit-reset").unwrap().parse().unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    assert!(reset > now.as_secs() + 3500 && reset <= now.as_secs() + 3600);
    let etag = first.header("etag").unwrap().to_owned();
    assert!(etag.starts_with("W/\"") && etag.len() == 20, "{etag}");
    // The same body, the same tag.
    assert_eq!(get(&url, &[token]).header("etag"), Some(etag.as_str()));

    let strong = etag.trim_start_matches("W/");
    for tags in [etag.as_str(), strong, &format!("\"other\", {etag}"), "*"] {
        let again = get(&url, &[token, ("If-None-Match", tags)]);
        assert_eq!(again.status, 304, "{tags}");
        assert!(again.body.is_empty());
        assert_eq!(again.header("etag"), Some(etag.as_str()));
        assert_eq!(again.header("x-ratelimit-remaining"), Some("4998"));
    }
    let changed = get(&url, &[token, ("If-None-Match", "W/\"0000\"")]);
    assert_eq!(
        (changed.status, changed.header("x-ratelimit-remaining")),
        (200, Some("4997"))
    );
    // Each token has its own budget; /rate_limit is free and tells the same.
    assert_eq!(
        get(&url, &[("Authorization", "token two")]).header("x-ratelimit-remaining"),
        Some("4999")
    );
    let limits = get(&format!("{}/rate_limit", forge.url()), &[token]);
    assert_eq!(limits.json()["rate"]["remaining"], 4997);
    assert_eq!(limits.json()["resources"]["core"]["reset"], reset);
    assert_eq!(limits.header("x-ratelimit-remaining"), Some("4997"));
}

#[test]
fn faults_are_served_in_order_then_consumed() {
    let Some(data) = data() else { return };
    let forge = MockForge::start(Dataset::github(&data));
    let url = |path: &str| format!("{}{path}", forge.url());
    let issues = format!("/repos/{OCTOKIT}/issues");
    let contains = |s: &str| s.to_owned();

    forge.inject(Fault::Status {
        path_contains: contains("/issues"),
        times: 2,
        status: 502,
    });
    forge.inject(Fault::RetryAfter {
        path_contains: contains("/issues"),
        status: 429,
        seconds: 7,
    });
    let bad = get(&url(&issues), &[]);
    assert_eq!(bad.status, 502);
    assert_eq!(bad.json()["error"], "Server Error");
    assert_eq!(get(&url(&issues), &[]).status, 502);
    let limited = get(&url(&issues), &[]);
    assert_eq!(
        (limited.status, limited.header("retry-after")),
        (429, Some("7"))
    );
    assert!(limited.json()["message"]
        .as_str()
        .unwrap()
        .contains("secondary rate limit"));
    assert_eq!(get(&url(&issues), &[]).status, 200);
    // Faults match their path only.
    forge.inject(Fault::RateLimitExhausted {
        path_contains: contains("/repos/PyGithub"),
        reset_in_secs: 30,
    });
    assert_eq!(get(&url(&issues), &[]).status, 200);
    let spent = get(&url(&format!("/repos/{PYGITHUB}")), &[]);
    assert_eq!(spent.status, 403);
    assert_eq!(spent.header("x-ratelimit-remaining"), Some("0"));
    let reset: u64 = spent.header("x-ratelimit-reset").unwrap().parse().unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    assert!((now.as_secs() + 29..=now.as_secs() + 31).contains(&reset));
    assert!(spent.json()["message"]
        .as_str()
        .unwrap()
        .starts_with("API rate limit exceeded"));
    assert_eq!(get(&url(&format!("/repos/{PYGITHUB}")), &[]).status, 200);

    // A body cut short: Content-Length promises more than comes.
    forge.inject(Fault::DropMidBody {
        path_contains: contains("page=2"),
    });
    let cut = get(&url(&format!("{issues}?per_page=3&page=2")), &[]);
    let promised: usize = cut.header("content-length").unwrap().parse().unwrap();
    assert_eq!(cut.status, 200);
    assert!(
        cut.body.len() < promised,
        "{} of {promised}",
        cut.body.len()
    );
    assert_eq!(
        get(&url(&format!("{issues}?per_page=3&page=2")), &[]).numbers(),
        [10, 9, 8]
    );
    forge.inject(Fault::Malformed {
        path_contains: contains("/issues"),
    });
    let malformed = get(&url(&issues), &[]);
    assert_eq!(malformed.status, 200);
    assert!(serde_json::from_slice::<Value>(&malformed.body).is_err());
    assert_eq!(get(&url(&issues), &[]).numbers().len(), 13);

    // 401 and 404 stay.
    forge.inject(Fault::Unauthorized {
        path_contains: contains("/rate_limit"),
    });
    forge.inject(Fault::NotFound {
        path_contains: contains("/releases"),
    });
    for _ in 0..2 {
        let refused = get(&url("/api/v3/rate_limit"), &[("Authorization", "token x")]);
        assert_eq!(
            (refused.status, refused.json()["message"].as_str()),
            (401, Some("Bad credentials"))
        );
        let gone = get(&url(&format!("/repos/{PYGITHUB}/releases")), &[]);
        assert_eq!(
            (gone.status, gone.json()["message"].as_str()),
            (404, Some("Not Found"))
        );
    }
}

#[test]
fn the_log_records_every_request() {
    let Some(data) = data() else { return };
    let forge = MockForge::start(Dataset::github(&data));
    forge.set_latency(Duration::from_millis(20));
    let started = std::time::Instant::now();
    let first = get(
        &format!("{}/api/v3/repos/{OCTOKIT}", forge.url()),
        &[("Authorization", "token x")],
    );
    assert!(started.elapsed() >= Duration::from_millis(20));
    let etag = first.header("etag").unwrap();
    get(
        &format!("{}/api/v3/repos/{OCTOKIT}?a=1", forge.url()),
        &[("If-None-Match", etag)],
    );
    get(&format!("{}/repos/nobody/nothing", forge.url()), &[]);
    let logged = |path: &str, status, had_authorization, if_none_match: Option<&str>| Logged {
        method: "GET".into(),
        path_and_query: path.into(),
        status,
        had_authorization,
        if_none_match: if_none_match.map(str::to_owned),
    };
    assert_eq!(
        forge.log(),
        [
            logged(&format!("/api/v3/repos/{OCTOKIT}"), 200, true, None),
            logged(
                &format!("/api/v3/repos/{OCTOKIT}?a=1"),
                304,
                false,
                Some(etag)
            ),
            logged("/repos/nobody/nothing", 404, false, None),
        ]
    );
    assert_eq!(forge.request_count(), 3);
    forge.clear_log();
    assert!(forge.log().is_empty());
}

#[tokio::test]
async fn a_body_dropped_midway_fails_a_keep_alive_client() {
    let Some(data) = data() else { return };
    let forge = MockForge::start(Dataset::github(&data));
    forge.inject(Fault::DropMidBody {
        path_contains: "/issues".into(),
    });
    let client = reqwest::Client::new();
    let url = format!("{}/repos/{OCTOKIT}/issues", forge.url());
    let answer = client.get(&url).send().await.expect("a head");
    assert_eq!(answer.status(), 200);
    assert!(answer.bytes().await.is_err());
    let again = client
        .get(&url)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(
        serde_json::from_slice::<Value>(&again)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        13
    );
}

// GitHub's GraphQL API (POST /graphql, Enterprise's /api/graphql): the
// recorded REST reviews in GraphQL's shape.

const TOKEN: (&str, &str) = ("Authorization", "token x");

/// The query the ingest sends for the reviews of `numbers` of `owner/name`.
fn reviews_query(owner: &str, name: &str, numbers: &[u64]) -> Vec<u8> {
    let fields: String = (numbers.iter())
        .map(|n| {
            format!(
                "    pr{n}: pullRequest(number: {n}) {{ reviews(first: 100) {{ \
                 pageInfo {{ hasNextPage endCursor }} \
                 nodes {{ databaseId state submittedAt author {{ login __typename }} }} }} }}\n"
            )
        })
        .collect();
    let query = format!(
        "query {{\n  rateLimit {{ cost remaining resetAt }}\n  repository(owner: {}, name: {}) \
         {{\n{fields}  }}\n}}",
        Value::from(owner),
        Value::from(name)
    );
    serde_json::to_vec(&json!({ "query": query })).unwrap()
}

/// `(databaseId, state, submittedAt, login, __typename)` of each node.
fn review_nodes(pr: &Value) -> Vec<(u64, String, String, String, String)> {
    let nodes = pr["reviews"]["nodes"].as_array().expect("nodes");
    let text = |v: &Value| v.as_str().expect("a string").to_owned();
    (nodes.iter())
        .map(|n| {
            (
                n["databaseId"].as_u64().expect("an id"),
                text(&n["state"]),
                text(&n["submittedAt"]),
                text(&n["author"]["login"]),
                text(&n["author"]["__typename"]),
            )
        })
        .collect()
}

#[test]
fn graphql_serves_the_recorded_reviews_in_graphql_shape() {
    let Some(data) = data() else { return };
    let forge = MockForge::start(Dataset::github(&data));
    let (owner, name) = PYGITHUB.split_once('/').unwrap();
    // #538: 5 recorded reviews; #31 and #3045: pull requests without any.
    let query = reviews_query(owner, name, &[538, 31, 3045]);
    let answer = post(&format!("{}/graphql", forge.url()), &[TOKEN], &query);
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("x-ratelimit-resource"), Some("graphql"));
    assert_eq!(answer.header("x-ratelimit-limit"), Some("5000"));
    assert_eq!(answer.header("x-ratelimit-remaining"), Some("4999"));
    assert_eq!(answer.header("x-ratelimit-used"), Some("1"));
    assert_eq!(answer.header("etag"), None);
    let body = answer.json();
    assert!(body.get("errors").is_none(), "{body}");
    let rate = &body["data"]["rateLimit"];
    assert_eq!(
        (&rate["cost"], &rate["remaining"]),
        (&json!(1), &json!(4999))
    );
    let reset: i64 = answer.header("x-ratelimit-reset").unwrap().parse().unwrap();
    let reset_at = chrono::DateTime::from_timestamp(reset, 0).unwrap();
    assert_eq!(
        rate["resetAt"],
        reset_at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
    );

    let repository = &body["data"]["repository"];
    let user = |id, state: &str, at: &str, login: &str| {
        (id, state.into(), at.into(), login.into(), "User".into())
    };
    assert_eq!(
        review_nodes(&repository["pr538"]),
        [
            user(28482091, "APPROVED", "2017-03-22T19:06:59Z", "jzelinskie"),
            user(
                104584375,
                "COMMENTED",
                "2018-03-16T14:23:47Z",
                "electrofelix"
            ),
            user(105360043, "COMMENTED", "2018-03-20T14:03:38Z", "sfdye"),
            user(105365629, "COMMENTED", "2018-03-20T14:15:45Z", "sfdye"),
            user(105368184, "COMMENTED", "2018-03-20T14:21:07Z", "sfdye"),
        ]
    );
    // The same reviews as REST serves them, field for field.
    let rest = get(
        &format!("{}/repos/{PYGITHUB}/pulls/538/reviews", forge.url()),
        &[TOKEN],
    )
    .json();
    let rest: Vec<_> = (rest.as_array().unwrap().iter())
        .map(|r| {
            let text = |v: &Value| v.as_str().unwrap().to_owned();
            (
                r["id"].as_u64().unwrap(),
                text(&r["state"]),
                text(&r["submitted_at"]),
                text(&r["user"]["login"]),
                text(&r["user"]["type"]),
            )
        })
        .collect();
    assert_eq!(review_nodes(&repository["pr538"]), rest);
    let page_info = &repository["pr538"]["reviews"]["pageInfo"];
    assert_eq!(page_info["hasNextPage"], false);
    assert!(page_info["endCursor"].is_string());
    for empty in ["pr31", "pr3045"] {
        assert_eq!(
            repository[empty],
            json!({"reviews": {
                "pageInfo": {"hasNextPage": false, "endCursor": null},
                "nodes": [],
            }})
        );
    }

    // GitHub Enterprise's endpoint answers the same; its REST root's does not
    // exist.
    let enterprise = post(&format!("{}/api/graphql", forge.url()), &[TOKEN], &query);
    assert_eq!(enterprise.status, 200);
    assert_eq!(enterprise.json()["data"]["repository"], *repository);
    assert_eq!(enterprise.header("x-ratelimit-remaining"), Some("4998"));
    let beside_rest = post(&format!("{}/api/v3/graphql", forge.url()), &[TOKEN], &query);
    assert_eq!(beside_rest.status, 404);

    // GraphQL points and REST requests are counted apart.
    let limits = get(&format!("{}/rate_limit", forge.url()), &[TOKEN]).json();
    assert_eq!(limits["resources"]["graphql"]["used"], 2);
    assert_eq!(limits["resources"]["graphql"]["remaining"], 4998);
    // The REST reviews, and the REST 404 of `/api/v3/graphql`.
    assert_eq!(limits["resources"]["core"]["used"], 2);
    let logged = forge.log();
    assert_eq!(
        (&logged[0].method, logged[0].path_and_query.as_str()),
        (&"POST".to_owned(), "/graphql")
    );
    assert_eq!((logged[0].status, logged[0].had_authorization), (200, true));
    assert_eq!(logged[2].path_and_query, "/api/graphql");
}

#[test]
fn graphql_answers_null_and_not_found_for_what_is_not_there() {
    let Some(data) = data() else { return };
    let forge = MockForge::start(Dataset::github(&data));
    let url = format!("{}/graphql", forge.url());
    let (owner, name) = PYGITHUB.split_once('/').unwrap();

    // 9 is no pull request of the dataset; 28 is an issue.
    let answer = post(&url, &[TOKEN], &reviews_query(owner, name, &[9, 538, 28]));
    assert_eq!(answer.status, 200);
    let body = answer.json();
    let repository = &body["data"]["repository"];
    assert_eq!(
        (&repository["pr9"], &repository["pr28"]),
        (&Value::Null, &Value::Null)
    );
    assert_eq!(review_nodes(&repository["pr538"]).len(), 5);
    let errors = body["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0]["type"], "NOT_FOUND");
    assert_eq!(errors[0]["path"], json!(["repository", "pr9"]));
    assert_eq!(
        errors[0]["message"],
        "Could not resolve to a PullRequest with the number of 9."
    );
    // `pr9:` starts line 4, column 5, of the query.
    assert_eq!(errors[0]["locations"], json!([{"line": 4, "column": 5}]));
    assert_eq!(errors[1]["path"], json!(["repository", "pr28"]));
    assert_eq!(body["data"]["rateLimit"]["cost"], 1);

    let answer = post(&url, &[TOKEN], &reviews_query("nobody", "nothing", &[1]));
    let body = answer.json();
    assert_eq!(answer.status, 200);
    assert_eq!(body["data"]["repository"], Value::Null);
    assert_eq!(body["data"]["rateLimit"]["remaining"], 4998);
    assert_eq!(
        body["errors"],
        json!([{
            "type": "NOT_FOUND",
            "path": ["repository"],
            "locations": [{"line": 3, "column": 3}],
            "message": "Could not resolve to a Repository with the name 'nobody/nothing'.",
        }])
    );
}

#[test]
fn graphql_refuses_what_it_cannot_run() {
    let Some(data) = data() else { return };
    let forge = MockForge::start(Dataset::github(&data));
    let url = format!("{}/graphql", forge.url());
    let ask = |body: &str| post(&url, &[TOKEN], body.as_bytes());

    for body in ["not JSON", "{}", r#"{"query": 3}"#, r#"{"variables": {}}"#] {
        let refused = ask(body);
        assert_eq!(refused.status, 400, "{body}");
        assert_eq!(refused.json()["message"], "Problems parsing JSON");
    }
    let anonymous = post(&url, &[], &reviews_query("PyGithub", "PyGithub", &[538]));
    assert_eq!(anonymous.status, 401);

    // Errors without data, nothing counted.
    let errors = |query: &str| {
        let answer = ask(&json!({ "query": query }).to_string());
        assert_eq!(answer.status, 200);
        let json = answer.json();
        assert!(json.get("data").is_none(), "{json}");
        json["errors"][0].clone()
    };
    let message = |error: &Value| error["message"].as_str().unwrap().to_owned();
    let syntax = errors(r#"query { repository(owner: "PyGithub""#);
    assert!(message(&syntax).contains("end of document"), "{syntax}");
    let pr538 = |selection: &str| {
        format!(
            r#"{{ repository(owner: "PyGithub", name: "PyGithub") {{
                pullRequest(number: 538) {{ {selection} }} }} }}"#
        )
    };
    let unserved = errors(&pr538("reviews(first: 1) { nodes { id } }"));
    assert!(
        message(&unserved).contains("not served by the mock forge"),
        "{unserved}"
    );
    let unbounded = errors(&pr538("reviews { nodes { databaseId } }"));
    assert_eq!(unbounded["type"], "MISSING_PAGINATION_BOUNDARIES");
    assert_eq!(
        unbounded["path"],
        json!(["repository", "pullRequest", "reviews"])
    );
    let excessive = errors(&pr538("reviews(first: 101) { nodes { databaseId } }"));
    assert_eq!(excessive["type"], "EXCESSIVE_PAGINATION");
    let mistyped = errors(
        r#"{ repository(owner: "PyGithub", name: "PyGithub") {
            pullRequest(number: "538") { number } } }"#,
    );
    assert!(
        message(&mistyped).contains("Expected type 'Int!'"),
        "{mistyped}"
    );

    let fine = ask(r#"{"query": "{ rateLimit { remaining used } }"}"#);
    assert_eq!(
        fine.json()["data"]["rateLimit"],
        json!({"remaining": 4999, "used": 1})
    );
}

#[test]
fn graphql_pages_reviews_with_cursors_and_variables() {
    let Some(data) = data() else { return };
    let forge = MockForge::start(Dataset::github(&data));
    let url = format!("{}/graphql", forge.url());
    let query = "query Reviews($owner: String!, $name: String!, $after: String, $n: Int = 538) {
        repository(owner: $owner, name: $name) {
            pullRequest(number: $n) {
                number
                reviews(first: 2, after: $after) {
                    totalCount
                    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
                    edges { cursor node { databaseId author { login } } }
                }
            }
        }
    }";
    let mut after = Value::Null;
    let mut ids = Vec::new();
    let mut more = Vec::new();
    loop {
        let variables = json!({"owner": "pygithub", "name": "PYGITHUB", "after": after});
        let body = serde_json::to_vec(&json!({"query": query, "variables": variables})).unwrap();
        let answer = post(&url, &[TOKEN], &body).json();
        let pr = &answer["data"]["repository"]["pullRequest"];
        assert_eq!(pr["number"], 538, "{answer}");
        let reviews = &pr["reviews"];
        assert_eq!(reviews["totalCount"], 5);
        let edges = reviews["edges"].as_array().unwrap();
        assert_eq!(
            reviews["pageInfo"]["endCursor"],
            edges.last().unwrap()["cursor"]
        );
        assert_eq!(reviews["pageInfo"]["startCursor"], edges[0]["cursor"]);
        ids.extend(
            edges
                .iter()
                .map(|e| e["node"]["databaseId"].as_u64().unwrap()),
        );
        let has_next = reviews["pageInfo"]["hasNextPage"].as_bool().unwrap();
        more.push((
            has_next,
            reviews["pageInfo"]["hasPreviousPage"].as_bool().unwrap(),
        ));
        if !has_next {
            break;
        }
        after = reviews["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(ids, [28482091, 104584375, 105360043, 105365629, 105368184]);
    assert_eq!(more, [(true, false), (true, true), (false, true)]);

    let last = r#"{ repository(owner: "PyGithub", name: "PyGithub") {
        pullRequest(number: 538) { reviews(last: 2) { nodes { databaseId } } } } }"#;
    let body = json!({ "query": last }).to_string();
    let answer = post(&url, &[TOKEN], body.as_bytes()).json();
    assert_eq!(
        answer["data"]["repository"]["pullRequest"]["reviews"]["nodes"],
        json!([{"databaseId": 105365629}, {"databaseId": 105368184}])
    );
}

#[test]
fn graphql_takes_injected_faults() {
    let Some(data) = data() else { return };
    let forge = MockForge::start(Dataset::github(&data));
    let url = format!("{}/graphql", forge.url());
    let query = reviews_query("PyGithub", "PyGithub", &[538]);

    forge.inject(Fault::Status {
        path_contains: "/graphql".into(),
        times: 1,
        status: 502,
    });
    let failed = post(&url, &[TOKEN], &query);
    assert_eq!(failed.status, 502);
    assert_eq!(failed.json()["error"], "Server Error");
    let retried = post(&url, &[TOKEN], &query);
    assert_eq!(retried.status, 200);
    assert_eq!(
        review_nodes(&retried.json()["data"]["repository"]["pr538"]).len(),
        5
    );
    // The failure was not counted.
    assert_eq!(retried.header("x-ratelimit-remaining"), Some("4999"));
    let statuses: Vec<_> = (forge.log().iter())
        .map(|l| (l.method.clone(), l.path_and_query.clone(), l.status))
        .collect();
    assert_eq!(
        statuses,
        [
            ("POST".into(), "/graphql".into(), 502),
            ("POST".into(), "/graphql".into(), 200)
        ]
    );

    // A spent budget: 200 with GraphQL's error, as GitHub answers it.
    forge.inject(Fault::RateLimitExhausted {
        path_contains: "/graphql".into(),
        reset_in_secs: 60,
    });
    let spent = post(&url, &[TOKEN], &query);
    assert_eq!(spent.status, 200);
    assert_eq!(spent.header("x-ratelimit-remaining"), Some("0"));
    assert_eq!(spent.json()["errors"][0]["type"], "RATE_LIMIT");
    assert!(spent.json().get("data").is_none());
    assert_eq!(post(&url, &[TOKEN], &query).status, 200);

    forge.inject(Fault::Malformed {
        path_contains: "graphql".into(),
    });
    let cut = post(&url, &[TOKEN], &query);
    assert!(serde_json::from_slice::<Value>(&cut.body).is_err());
}

// GitLab (REST v4, under /api/v4): Perceval's recordings of fdroid/fdroiddata.

const FDROID: &str = "fdroid/fdroiddata";
/// The project as GitLab wants it in a path.
const FDROID_ENCODED: &str = "fdroid%2Ffdroiddata";

fn iids(answer: &Answer) -> Vec<u64> {
    let items = answer.json();
    let items = items.as_array().expect("a list").iter();
    items.map(|i| i["iid"].as_u64().expect("an iid")).collect()
}

fn field<'a>(items: &'a Value, key: &str) -> Vec<&'a Value> {
    items
        .as_array()
        .expect("a list")
        .iter()
        .map(|i| &i[key])
        .collect()
}

#[test]
fn the_gitlab_dataset_holds_what_was_recorded() {
    let Some(data) = data() else { return };
    let dataset = Dataset::gitlab(&data);
    assert_eq!(dataset.gitlab_projects(), [FDROID]);
    assert!(dataset.repositories().is_empty());
    for name in [FDROID, "FDroid/FDroidData", "36528"] {
        assert_eq!(dataset.gitlab_issue_count(name), 4, "{name}");
        assert_eq!(dataset.gitlab_merge_request_count(name), 3, "{name}");
        // notes_1..4 (2, 1, 1, 1) for issues 1..4, notes_1..3 again for
        // merge requests 1..3.
        assert_eq!(dataset.gitlab_note_count(name), 9, "{name}");
    }
    assert_eq!(dataset.gitlab_issue_count("fdroid/other"), 0);

    let project = dataset.gitlab_project(FDROID).unwrap();
    assert_eq!(
        (project.id(), project.namespace(), project.namespace_id()),
        (Some(36528), "fdroid", Some(28397))
    );
    assert_eq!(project.metadata["star_count"], 295);
    assert!(project.metadata.get("license").is_none());

    // Issues: ids and iids rewritten to 1..4, project_id 1, the real iids
    // left in web_url; all closed without closed_at.
    let issues = &project.issues;
    let values = |key: &str| issues.iter().map(|i| i[key].clone()).collect::<Vec<_>>();
    assert_eq!(values("iid"), [1, 2, 3, 4]);
    assert_eq!(values("id"), [1, 2, 3, 4]);
    assert_eq!(values("project_id"), [1, 1, 1, 1]);
    assert!(issues
        .iter()
        .all(|i| i["state"] == "closed" && i["closed_at"].is_null()));
    let real: Vec<&str> = issues
        .iter()
        .map(|i| i["web_url"].as_str().unwrap().rsplit('/').next().unwrap())
        .collect();
    assert_eq!(real, ["639", "641", "642", "636"]);
    let authors: Vec<&Value> = issues.iter().map(|i| &i["author"]["username"]).collect();
    assert_eq!(
        authors,
        ["redfish64", "redfish64", "YoeriNijs", "YoeriNijs"]
    );
    // Issue 1 was updated (2016) before it was created (2017).
    assert!(issues[0]["updated_at"].as_str() < issues[0]["created_at"].as_str());
    assert_eq!(
        issues[3]["labels"],
        serde_json::json!(["CI/CD", "Deliverable"])
    );

    // Merge requests: the full objects, ids 1..3, merged without merged_at;
    // the view=simple list as recorded.
    let merges = &project.merge_requests;
    let values = |key: &str| merges.iter().map(|m| m[key].clone()).collect::<Vec<_>>();
    assert_eq!(values("iid"), [1, 2, 3]);
    assert_eq!(values("id"), [1, 2, 3]);
    assert_eq!(values("project_id"), [36528, 36528, 36528]);
    assert!(merges.iter().all(|m| m["state"] == "merged"
        && m["merged_at"].is_null()
        && m["merged_by"].is_null()
        && m["author"]["username"] == "redfish64"));
    assert_eq!(merges[2]["user_notes_count"], 3);
    let simple = &project.merge_request_list;
    assert_eq!(
        simple.iter().map(|m| m["id"].clone()).collect::<Vec<_>>(),
        [11225, 11321, 11362]
    );
    assert!(simple.iter().all(|m| m.get("author").is_none()));

    // Notes name the real issues, whatever they are served for.
    let noteable = |kind, iid| {
        let notes = &project.notes[&(kind, iid)];
        notes
            .iter()
            .map(|n| n["noteable_iid"].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(noteable(Noteable::Issue, 1), [639, 639]);
    assert_eq!(noteable(Noteable::Issue, 4), [635]);
    assert_eq!(noteable(Noteable::MergeRequest, 3), [642]);
    assert!(project
        .notes
        .values()
        .flatten()
        .all(|n| n["noteable_type"] == "Issue"));
    // Every notes file has a note with id 1.
    assert!(project
        .notes
        .values()
        .all(|notes| notes.iter().any(|n| n["id"] == 1)));

    let awards = |kind, iid| project.award_emoji[&(kind, iid)].len();
    assert_eq!(
        [1, 2, 3, 4].map(|iid| awards(Noteable::Issue, iid)),
        [2, 0, 2, 0]
    );
    assert_eq!(
        [1, 2, 3].map(|iid| awards(Noteable::MergeRequest, iid)),
        [2, 0, 2]
    );
    assert_eq!(project.note_award_emoji.len(), 9);
    assert_eq!(project.versions[&1].len(), 2);
    assert_eq!(project.version_details[&(1, 2)]["state"], "without_files");
    assert_eq!(project.version_details.len(), 4);
    // Each merge request's commits start with its sha.
    for (iid, merge) in (1..).zip(merges) {
        assert_eq!(project.commits[&iid][0]["id"], merge["sha"], "{iid}");
    }
}

#[test]
fn gitlab_pages_carry_gitlab_headers() {
    let Some(data) = data() else { return };
    let forge = MockForge::start(Dataset::gitlab(&data));
    let api = format!("{}/api/v4/projects/{FDROID_ENCODED}", forge.url());
    let first = get(
        &format!("{api}/issues?state=all&order_by=updated_at&sort=asc&per_page=3"),
        &[],
    );
    assert_eq!(first.status, 200);
    assert_eq!(iids(&first), [1, 2, 3]);
    let headers = |a: &Answer| {
        [
            "x-page",
            "x-per-page",
            "x-next-page",
            "x-prev-page",
            "x-total",
            "x-total-pages",
        ]
        .map(|h| a.header(h).unwrap_or_else(|| panic!("no {h}")).to_owned())
    };
    assert_eq!(headers(&first), ["1", "3", "2", "", "4", "2"]);
    let url = |page| {
        format!(
            "{api}/issues?id={FDROID_ENCODED}&order_by=updated_at&page={page}&per_page=3\
             &sort=asc&state=all"
        )
    };
    assert_eq!(first.link("next"), Some(url(2)));
    assert_eq!(first.link("first"), Some(url(1)));
    assert_eq!(first.link("last"), Some(url(2)));
    assert_eq!(first.link("prev"), None);
    // Perceval reads the last page with `split('&page=')`.
    let last = first.link("last").unwrap();
    assert_eq!(
        last.split("&page=").nth(1).unwrap().split('&').next(),
        Some("2")
    );

    let second = get(&first.link("next").unwrap(), &[]);
    assert_eq!(iids(&second), [4]);
    assert_eq!(headers(&second), ["2", "3", "", "1", "4", "2"]);
    assert_eq!(second.link("next"), None);
    assert_eq!(second.link("prev"), Some(url(1)));
    // Perceval sends its parameters again after the Link's: the first wins.
    let perceval = get(
        &format!(
            "{}&state=all&order_by=updated_at&sort=asc&per_page=100\
             &updated_after=1970-01-01T00%3A00%3A00%2B00%3A00",
            url(2)
        ),
        &[],
    );
    assert_eq!(iids(&perceval), [4]);
    // Beyond the last page: nothing, and no previous page (as Kaminari).
    let beyond = get(&url(5), &[]);
    assert_eq!(iids(&beyond), Vec::<u64>::new());
    assert_eq!(headers(&beyond), ["5", "3", "", "", "4", "2"]);

    // 20 a page by default, at most 100; one page still has first and last.
    let all = get(&format!("{api}/merge_requests?per_page=500"), &[]);
    assert_eq!(headers(&all), ["1", "100", "", "", "3", "1"]);
    assert!(all.link("first").is_some() && all.link("last").is_some());
    let default = get(&format!("{api}/merge_requests"), &[]);
    assert_eq!(default.header("x-per-page"), Some("20"));
    // Merge requests two a page: 2 + 1, as recorded.
    let merges = format!("{api}/merge_requests?sort=asc&per_page=2");
    let page_1 = get(&merges, &[]);
    assert_eq!(iids(&page_1), [1, 2]);
    assert_eq!(iids(&get(&page_1.link("next").unwrap(), &[])), [3]);

    // The numeric id works as well; the path unencoded does not (GitLab).
    let by_id = get(
        &format!("{}/api/v4/projects/36528/issues?per_page=3", forge.url()),
        &[],
    );
    assert_eq!(iids(&by_id), [3, 2, 1]);
    assert!(by_id.link("next").unwrap().contains("?id=36528&"));
    let unencoded = get(
        &format!("{}/api/v4/projects/{FDROID}/issues", forge.url()),
        &[],
    );
    assert_eq!(unencoded.status, 404);
    assert_eq!(unencoded.json()["message"], "404 Project Not Found");
}

#[test]
fn gitlab_lists_filter_and_sort() {
    let Some(data) = data() else { return };
    let forge = MockForge::start(Dataset::gitlab(&data));
    let api = format!("{}/api/v4/projects/{FDROID_ENCODED}", forge.url());
    let list = |path: &str| {
        let answer = get(&format!("{api}/{path}"), &[]);
        assert_eq!(answer.status, 200, "{path}");
        answer
    };
    // Newest created first by default; updated_at ascending as Perceval asks.
    assert_eq!(iids(&list("issues")), [3, 2, 1, 4]);
    assert_eq!(
        iids(&list("issues?order_by=updated_at&sort=asc")),
        [1, 2, 3, 4]
    );
    assert_eq!(
        iids(&list("issues?order_by=created_at&sort=asc")),
        [4, 1, 2, 3]
    );
    // updated_after is inclusive; issue 1 was last updated in 2016.
    assert_eq!(
        iids(&list(
            "issues?order_by=updated_at&sort=asc&updated_after=2017-03-18T00:00:00Z"
        )),
        [2, 3, 4]
    );
    assert_eq!(
        iids(&list(
            "issues?updated_after=2017-03-18T18%3A36%3A39.764%2B00%3A00"
        ))
        .len(),
        3
    );
    assert_eq!(
        iids(&list("issues?updated_after=3019-03-18T00:00:00Z")).len(),
        0
    );
    assert_eq!(
        iids(&list("issues?updated_before=2017-01-01T00:00:00Z")),
        [1]
    );
    assert_eq!(iids(&list("issues?state=opened")).len(), 0);
    assert_eq!(iids(&list("issues?state=closed")).len(), 4);
    assert_eq!(iids(&list("issues?labels=CI/CD")), [4]);
    assert_eq!(iids(&list("merge_requests?state=merged")).len(), 3);
    assert_eq!(iids(&list("merge_requests?state=opened")).len(), 0);
    assert_eq!(iids(&list("merge_requests?labels=Deliverable")), [3]);
    assert_eq!(
        iids(&list("merge_requests?created_after=2014-04-04T00:00:00Z")),
        [3, 2]
    );

    // The full objects, unless view=simple asks for the recorded list items.
    let full = list("merge_requests?sort=asc").json();
    assert_eq!(field(&full, "id"), [1, 2, 3]);
    assert_eq!(
        full[0]["author"]["username"], "redfish64",
        "full objects have their author"
    );
    let simple = list("merge_requests?sort=asc&view=simple").json();
    assert_eq!(field(&simple, "id"), [11225, 11321, 11362]);
    assert!(simple[0].get("author").is_none());
    assert_eq!(field(&simple, "updated_at"), field(&full, "updated_at"));

    // Notes: newest created first by default, as recorded.
    let notes = list("issues/1/notes").json();
    assert_eq!(field(&notes, "id"), [1, 2]);
    let ascending = list("issues/1/notes?order_by=updated_at&sort=asc&per_page=100").json();
    assert_eq!(field(&ascending, "id"), [2, 1]);
    assert_eq!(field(&ascending, "system"), [false, true]);
}

#[test]
fn gitlab_sub_resources_answer_from_the_recordings() {
    let Some(data) = data() else { return };
    let forge = MockForge::start(Dataset::gitlab(&data));
    let api = format!("{}/api/v4/projects/{FDROID_ENCODED}", forge.url());
    let count = |path: &str| {
        let answer = get(&format!("{api}/{path}"), &[]);
        assert_eq!(answer.status, 200, "{path}");
        answer.json().as_array().expect("a list").len()
    };
    let missing = |path: &str| {
        let answer = get(&format!("{api}/{path}"), &[]);
        (answer.status, answer.json())
    };
    let project = get(&api, &[]).json();
    assert_eq!(
        (&project["id"], &project["path_with_namespace"]),
        (&Value::from(36528), &Value::from(FDROID))
    );
    // Recorded API URLs lead back to the mock; web URLs stay.
    let issues_url = project["_links"]["issues"].as_str().unwrap();
    assert_eq!(
        issues_url,
        format!("{}/api/v4/projects/36528/issues", forge.url())
    );
    assert_eq!(iids(&get(issues_url, &[])).len(), 4);
    assert_eq!(project["web_url"], "https://gitlab.com/fdroid/fdroiddata");

    assert_eq!(
        [1, 2, 3, 4].map(|i| count(&format!("issues/{i}/notes"))),
        [2, 1, 1, 1]
    );
    assert_eq!(
        [1, 2, 3].map(|i| count(&format!("merge_requests/{i}/notes"))),
        [2, 1, 1]
    );
    assert_eq!(
        [1, 2, 3, 4].map(|i| count(&format!("issues/{i}/award_emoji"))),
        [2, 0, 2, 0]
    );
    assert_eq!(
        [1, 2, 3].map(|i| count(&format!("merge_requests/{i}/award_emoji"))),
        [2, 0, 2]
    );
    assert_eq!(count("issues/1/notes/1/award_emoji"), 2);
    assert_eq!(count("issues/1/notes/2/award_emoji"), 0);
    assert_eq!(count("merge_requests/1/notes/1/award_emoji"), 2);
    assert_eq!(count("merge_requests/3/notes/1/award_emoji"), 0);
    let emoji = get(&format!("{api}/issues/3/award_emoji"), &[]).json();
    assert_eq!(field(&emoji, "name"), ["map", "thumbsup"]);
    assert_eq!(emoji[1]["user"]["username"], "YoeriNijs");
    assert_eq!(
        get(&format!("{api}/issues/2/notes/1"), &[]).json()["noteable_iid"],
        641
    );

    assert_eq!(count("merge_requests/1/versions"), 2);
    let version = get(&format!("{api}/merge_requests/2/versions/3"), &[]).json();
    assert_eq!(version["merge_request_id"], 9909637);
    assert_eq!(count("merge_requests/1/commits"), 2);
    let merge = get(&format!("{api}/merge_requests/3"), &[]).json();
    assert_eq!(
        (&merge["iid"], &merge["state"]),
        (&Value::from(3), &Value::from("merged"))
    );
    assert_eq!(
        get(&format!("{api}/issues/4"), &[]).json()["labels"][0],
        "CI/CD"
    );

    // No release was recorded: an empty list, still paged.
    let releases = get(&format!("{api}/releases?per_page=100"), &[]);
    assert_eq!(releases.json(), serde_json::json!([]));
    assert_eq!(releases.header("x-total"), Some("0"));
    assert_eq!(releases.header("x-total-pages"), Some("1"));

    for path in [
        "issues/5",
        "issues/5/notes",
        "merge_requests/4/notes",
        "issues/1/notes/3/award_emoji",
        "merge_requests/1/versions/3",
    ] {
        let (status, body) = missing(path);
        assert_eq!(
            (status, &body["message"]),
            (404, &Value::from("404 Not found")),
            "{path}"
        );
    }
    let (status, body) = missing("issues/1/versions");
    assert_eq!(
        (status, &body["error"]),
        (404, &Value::from("404 Not Found"))
    );
    let other = get(
        &format!("{}/api/v4/projects/fdroid%2Fnothing", forge.url()),
        &[],
    );
    assert_eq!(
        (other.status, other.json()["message"].as_str()),
        (404, Some("404 Project Not Found"))
    );

    // A group lists its projects, and with include_subgroups those below.
    let group = |group: &str, query: &str| {
        let url = format!("{}/api/v4/groups/{group}/projects?{query}", forge.url());
        get(&url, &[])
    };
    let fdroid = group("fdroid", "include_subgroups=true&per_page=100&page=1");
    assert_eq!(field(&fdroid.json(), "path_with_namespace"), [FDROID]);
    assert_eq!(fdroid.header("x-total"), Some("1"));
    assert!(fdroid.link("last").unwrap().starts_with(&format!(
        "{}/api/v4/groups/fdroid/projects?id=fdroid&include_subgroups=true&page=1",
        forge.url()
    )));
    assert_eq!(field(&group("28397", "").json(), "id"), [36528]);
    assert_eq!(
        group("fdroid", "archived=true").json(),
        serde_json::json!([])
    );
    let nobody = group("nobody", "include_subgroups=true");
    assert_eq!(
        (nobody.status, nobody.json()["message"].as_str()),
        (404, Some("404 Group Not Found"))
    );
    // Nor is GitHub served from GitLab's dataset, or GitLab under /api/v3.
    assert_eq!(
        get(&format!("{}/repos/{FDROID}", forge.url()), &[]).status,
        404
    );
    let v3 = get(&format!("{}/api/v3/projects/36528", forge.url()), &[]);
    assert_eq!(v3.status, 404);
}

#[test]
fn gitlab_tokens_rate_limits_etags_and_faults() {
    let Some(data) = data() else { return };
    let forge = MockForge::start(Dataset::gitlab(&data));
    let url = format!("{}/api/v4/projects/{FDROID_ENCODED}/issues", forge.url());
    let token = ("PRIVATE-TOKEN", "glpat-one");
    let first = get(&url, &[token]);
    assert_eq!(
        first.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    assert_eq!(first.header("ratelimit-limit"), Some("2000"));
    assert_eq!(first.header("ratelimit-remaining"), Some("1999"));
    assert_eq!(first.header("ratelimit-observed"), Some("1"));
    assert!(first
        .header("ratelimit-resettime")
        .unwrap()
        .ends_with(" GMT"));
    assert_eq!(first.header("x-ratelimit-limit"), None);
    let reset: u64 = first.header("ratelimit-reset").unwrap().parse().unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!(reset > now + 3500 && reset <= now + 3600);
    let etag = first.header("etag").unwrap().to_owned();
    let again = get(&url, &[token, ("If-None-Match", &etag)]);
    assert_eq!((again.status, again.body.len()), (304, 0));
    assert_eq!(again.header("ratelimit-remaining"), Some("1999"));
    // A token of its own: its own budget; OAuth's Bearer counts as well.
    let bearer = get(&url, &[("Authorization", "Bearer two")]);
    assert_eq!(bearer.header("ratelimit-remaining"), Some("1999"));
    get(&url, &[]);
    let had: Vec<(u16, bool)> = forge
        .log()
        .iter()
        .map(|l| (l.status, l.had_authorization))
        .collect();
    assert_eq!(had, [(200, true), (304, true), (200, true), (200, false)]);

    // Faults, in GitLab's shapes (synthetic).
    let contains = |s: &str| s.to_owned();
    forge.inject(Fault::Status {
        path_contains: contains("/issues"),
        times: 1,
        status: 502,
    });
    let bad = get(&url, &[token]);
    assert_eq!(
        (bad.status, bad.json()["message"].as_str()),
        (502, Some("502 Bad Gateway"))
    );
    assert_eq!(get(&url, &[token]).status, 200);
    forge.inject(Fault::RateLimitExhausted {
        path_contains: contains("/issues"),
        reset_in_secs: 30,
    });
    let spent = get(&url, &[token]);
    assert_eq!(spent.status, 429);
    assert_eq!(spent.body, b"Retry later\n");
    assert_eq!(spent.header("content-type"), Some("text/plain"));
    assert_eq!(spent.header("ratelimit-remaining"), Some("0"));
    assert_eq!(spent.header("retry-after"), Some("30"));
    let reset: u64 = spent.header("ratelimit-reset").unwrap().parse().unwrap();
    assert!((now + 29..=now + 31).contains(&reset));
    forge.inject(Fault::RetryAfter {
        path_contains: contains("/notes"),
        status: 429,
        seconds: 3,
    });
    let limited = get(&format!("{url}/1/notes"), &[]);
    assert_eq!(
        (limited.status, limited.header("retry-after")),
        (429, Some("3"))
    );
    forge.inject(Fault::Malformed {
        path_contains: contains("/merge_requests"),
    });
    let cut = get(&url.replace("/issues", "/merge_requests"), &[]);
    assert!(serde_json::from_slice::<Value>(&cut.body).is_err());
    forge.inject(Fault::Unauthorized {
        path_contains: contains("/api/v4/projects/36528"),
    });
    forge.inject(Fault::NotFound {
        path_contains: contains("/releases"),
    });
    for _ in 0..2 {
        let refused = get(&format!("{}/api/v4/projects/36528", forge.url()), &[token]);
        assert_eq!(
            (refused.status, refused.json()),
            (401, serde_json::json!({"message": "401 Unauthorized"}))
        );
        let gone = get(
            &format!("{}/api/v4/projects/{FDROID_ENCODED}/releases", forge.url()),
            &[],
        );
        assert_eq!(
            (gone.status, gone.json()),
            (404, serde_json::json!({"message": "404 Project Not Found"}))
        );
    }
    assert_eq!(get(&url, &[token]).status, 200);
}
