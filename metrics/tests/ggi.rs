//! The GGI handbook 1.3 as my-ggi-board ships it (`../shared/data/ggi`):
//! its 25 activities read with their verification points and summaries,
//! the board's progress labels, and the scorecard's Markdown export:
//! GGI-A-23's against a file written by hand, and the tasks of all 25.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use vigie_ingest::ggi::{ActivityId, Decision, Goal, Handbook, Status};
use vigie_ingest::testdata::shared_data;
use vigie_metrics::governance::ggi::{board, scorecard, Evidence, Measure, MeasureKind};

/// The handbook data's folder, or `None` in a clone without the shared
/// data (a folder without the handbook fails to load, naming it).
fn ggi_data() -> Option<PathBuf> {
    Some(shared_data()?.join("ggi"))
}

fn handbook() -> Option<Handbook> {
    let path = ggi_data()?.join("ggi_activities_full.json");
    Some(Handbook::load(&path).expect("the handbook reads"))
}

/// The raw text of an activity, straight from the JSON, to check the
/// reader against.
fn raw_content(id: &str) -> Option<String> {
    let path = ggi_data()?.join("ggi_activities_full.json");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("the file")).expect("JSON");
    let activities = json["activities"].as_array().expect("activities");
    let activity = activities
        .iter()
        .find(|a| a["id"] == id)
        .expect("the activity");
    Some(
        activity["content"]
            .as_str()
            .expect("its content")
            .to_owned(),
    )
}

fn at(day: u32, hour: u32, minute: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, day)
        .and_then(|d| d.and_hms_opt(hour, minute, 0))
        .expect("a date")
}

fn a(number: u16) -> ActivityId {
    ActivityId::new(number)
}

#[test]
fn the_handbook_has_its_25_activities_under_five_goals() {
    let Some(handbook) = handbook() else { return };
    assert_eq!(handbook.version, "1.3");
    let mut numbers: Vec<u16> = handbook.activities.iter().map(|a| a.number()).collect();
    numbers.sort_unstable();
    assert_eq!(
        numbers,
        [
            16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 33, 34, 35, 36, 37, 39,
            42, 43, 44
        ]
    );
    let a23 = handbook.activity(a(23)).expect("GGI-A-23");
    assert_eq!(a23.name, "Manage software dependencies");
    assert_eq!(a23.goal, Goal::Trust);
    let per_goal = |goal| {
        handbook
            .activities
            .iter()
            .filter(|a| a.goal == goal)
            .count()
    };
    assert_eq!(
        [
            Goal::Usage,
            Goal::Trust,
            Goal::Culture,
            Goal::Engagement,
            Goal::Strategy
        ]
        .map(per_goal),
        [5, 5, 5, 5, 5]
    );
}

#[test]
fn every_checklist_item_of_a_progress_assessment_is_a_verification_point() {
    let Some(handbook) = handbook() else { return };
    // Counted by hand in the handbook's text.
    let expected = [
        (16, 2),
        (17, 5),
        (18, 4),
        (19, 7),
        (20, 4),
        (21, 9),
        (22, 4),
        (23, 4),
        (24, 3),
        (25, 4),
        (26, 4),
        (27, 4),
        (28, 5),
        (29, 8),
        (30, 6),
        (31, 4),
        (33, 3),
        (34, 5),
        (35, 3),
        (36, 3),
        (37, 3),
        (39, 2),
        (42, 5),
        (43, 4),
        (44, 4),
    ];
    for (number, count) in expected {
        let activity = handbook.activity(a(number)).expect("the activity");
        assert_eq!(activity.verification_points.len(), count, "{}", activity.id);
    }
    let a21 = &handbook
        .activity(a(21))
        .expect("GGI-A-21")
        .verification_points;
    assert_eq!(
        a21[4].statement, "There is an easy-to-access legal/IP team.",
        "the alternative set is kept, after the first"
    );
    let a16 = &handbook
        .activity(a(16))
        .expect("GGI-A-16")
        .verification_points;
    let charter = a16[0].details.as_deref().expect("the charter's contents");
    assert!(
        charter.starts_with("The charter should contain:\n - what to achieve,"),
        "{charter}"
    );
    let a37 = &handbook
        .activity(a(37))
        .expect("GGI-A-37")
        .verification_points;
    assert_eq!(a37[2].statement, "Level 3: Generalisation");
    let level3 = a37[2].details.as_deref().expect("its paragraph");
    assert!(
        !level3.contains("KPI"),
        "the KPIs after the levels are not a point's: {level3}"
    );
}

#[test]
fn each_summary_is_its_description_s_first_paragraph_of_prose() {
    let Some(handbook) = handbook() else { return };
    let summary = |n| {
        handbook
            .activity(a(n))
            .expect("the activity")
            .summary
            .as_str()
    };
    assert!(summary(23).starts_with("The great benefits of open source (code sharing, re-use)"));
    assert!(summary(23).ends_with("secure software project."));
    assert!(
        summary(36).starts_with("Open source can be a key factor for innovation"),
        "the opening quotation is passed over"
    );
    assert!(
        summary(35).starts_with("Digital sovereignty can be defined as the “Ability and"),
        "a sentence cut by its quotation goes on into it: {}",
        summary(35)
    );
    for activity in &handbook.activities {
        assert!(
            activity.summary.len() > 40,
            "{}: {}",
            activity.id,
            activity.summary
        );
        assert!(
            !activity.summary.starts_with(['>', '-', '#']),
            "{}",
            activity.id
        );
    }
}

#[test]
fn the_statuses_carry_the_board_s_progress_labels() {
    let Some(dir) = ggi_data() else { return };
    let text = std::fs::read_to_string(dir.join("ggi_deployment.json")).expect("the file");
    let deployment: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let labels = deployment["progress_labels"]
        .as_object()
        .expect("progress labels");
    assert_eq!(labels.len(), Status::ALL.len());
    for status in Status::ALL {
        assert_eq!(labels[status.key()], status.label(), "{status:?}");
    }
}

/// Two decisions on GGI-A-23 (the later one counts) and one on GGI-A-44.
fn decisions() -> Vec<Decision> {
    let decision = |number, status, notes: &str, at| Decision {
        activity: a(number),
        status,
        notes: notes.into(),
        by: "ospo-paris".into(),
        at,
    };
    vec![
        decision(
            23,
            Status::InProgress,
            "Every Lutece repository's dependencies are read from its poms.\n\
             Next: a dependency check in each project's CI, as <the handbook> asks.\n",
            at(20, 9, 30),
        ),
        decision(23, Status::NotSelected, "", at(2, 8, 0)),
        decision(
            44,
            Status::Done,
            "=HYPERLINK(\"http://x\",\"reviews\")",
            at(21, 10, 0),
        ),
    ]
}

/// The hand-written file with the handbook's text put in for its markers.
fn expected_markdown(file: &Path, raw: &str) -> String {
    let expected = std::fs::read_to_string(file).expect("the expected file");
    let sections = &raw[raw.find("### Description").expect("a description")..];
    let progress = &raw[raw
        .find("### Progress Assessment")
        .expect("a progress assessment")..];
    let points = progress.lines().filter_map(|l| l.strip_prefix("- [ ] "));
    let mut expected = expected.replace("<!-- handbook: sections -->", sections.trim_end());
    for (i, point) in points.enumerate() {
        expected = expected.replace(&format!("<!-- handbook: point {} -->", i + 1), point);
    }
    assert!(
        !expected.contains("<!-- handbook:"),
        "every marker is filled"
    );
    expected
}

#[test]
fn ggi_a_23_is_written_in_the_board_s_layout() {
    let (Some(handbook), Some(raw)) = (handbook(), raw_content("GGI-A-23")) else {
        return;
    };
    let decisions = decisions();
    let evidence = BTreeMap::from([(
        a(23),
        Evidence::Measured(vec![Measure {
            kind: MeasureKind::RepositoriesWithBuild,
            value: 31.0,
        }]),
    )]);
    let entries = scorecard(&handbook, &decisions, &evidence);
    assert_eq!(
        entries[7].evidence,
        evidence.get(&a(23)),
        "the evidence is GGI-A-23's"
    );
    let a23 = entries
        .iter()
        .find(|e| e.activity.id == a(23))
        .expect("GGI-A-23");
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ggi/GGI-A-23.md");
    // The page's words for the evidence, in English.
    let lines = [
        "Dependencies read from build files (docs/estate.md): 31 repositories with \
                  their poms read; 100% of the repositories in scope"
            .to_owned(),
    ];
    let written = board::to_markdown(a23, &handbook.version, &lines);
    let expected = expected_markdown(&file, &raw);
    if written != expected {
        let differs = written
            .lines()
            .zip(expected.lines())
            .position(|(w, e)| w != e)
            .map(|i| i + 1);
        panic!(
            "GGI-A-23's Markdown differs from {} at line {differs:?}:\n{written}",
            file.display()
        );
    }
    assert_eq!(board::file_name(a23.activity), "activity_GGI-A-23.md");
}

#[test]
fn every_file_gives_the_board_its_verification_points_as_tasks() {
    let Some(handbook) = handbook() else { return };
    let no_evidence = BTreeMap::new();
    let entries = scorecard(&handbook, &[], &no_evidence);
    let files = board::files(&handbook, &entries, |_| Vec::new());
    assert_eq!(files.len(), 25);
    for ((name, text), entry) in files.iter().zip(&entries) {
        // The board counts as tasks the checklist lines of the Scorecard
        // section, up to the handbook's first section.
        let scorecard = &text[text.find("### Scorecard").expect(name)..];
        let scorecard = &scorecard[..scorecard.find("\n### ").expect(name)];
        let tasks = scorecard
            .lines()
            .filter(|l| l.trim_start().starts_with("- [ ] "))
            .count();
        assert_eq!(tasks, entry.activity.verification_points.len(), "{name}");
        assert!(
            text.contains("labels: [") && text.contains("\"Not Selected\"]"),
            "{name}"
        );
        assert!(
            text.contains("_Not Selected: no decision recorded._"),
            "{name}"
        );
        assert_eq!(text.matches("</details>").count(), 1, "{name}");
    }
}
