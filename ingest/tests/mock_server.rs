//! The mock forge itself: the dataset it assembles from the recordings in
//! `../shared/data/api-fixtures/`, its pages, filters, conditional requests,
//! injected faults and request log, spoken to over plain HTTP/1.1.

mod support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::time::Duration;

use serde_json::Value;
use support::fixtures::is_pull_request;
use support::mock::{Dataset, Fault, Logged, MockForge};
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
    let rest = url.strip_prefix("http://").expect("an http URL");
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let path = if path.is_empty() { "/" } else { path };
    let mut stream = TcpStream::connect(host).expect("the mock forge");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    stream
        .write_all(format!("{request}\r\n").as_bytes())
        .unwrap();
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
