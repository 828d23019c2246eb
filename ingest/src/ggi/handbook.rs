//! The GGI handbook's activities, read from `ggi_activities_full.json` as
//! my-ggi-board ships it (`conf/`): the handbook's version and, for each
//! activity, its id (`GGI-A-23`), name, goal, roles and full Markdown text.
//! Every activity must have a description and at least one verification
//! point: a file without them is not one Vigie can show a scorecard from.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::Deserialize;

use super::markdown::{self, VerificationPoint};

/// The sections every activity must have.
const DESCRIPTION: &str = "Description";
const PROGRESS_ASSESSMENT: &str = "Progress Assessment";

/// Why the handbook could not be read: each names the file, and the
/// activity when one is at fault.
#[derive(Debug, thiserror::Error)]
pub enum HandbookError {
    /// The file could not be read.
    #[error("cannot read the GGI handbook {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not the handbook's JSON (a field missing, an unknown goal
    /// or role: serde's message gives the line and column).
    #[error("{} is not a GGI handbook (ggi_activities_full.json): {source}", path.display())]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong, and where.
        source: serde_json::Error,
    },
    /// An activity's id is not of the form `GGI-A-23`.
    #[error("{}: activity {position} has the id {id:?}, not one like \"GGI-A-23\"", path.display())]
    Id {
        /// The file.
        path: PathBuf,
        /// The activity's place in the file (from 1).
        position: usize,
        /// The id as written.
        id: String,
    },
    /// Two activities have the same id.
    #[error("{}: {id} appears twice", path.display())]
    Duplicate {
        /// The file.
        path: PathBuf,
        /// The id.
        id: ActivityId,
    },
    /// An activity's text has no section that every activity must have, or
    /// it has nothing Vigie reads in it.
    #[error("{}: {id} has no {what}", path.display())]
    Incomplete {
        /// The file.
        path: PathBuf,
        /// The activity.
        id: ActivityId,
        /// What is missing (`"### Description section"`, …).
        what: &'static str,
    },
}

/// An activity's id: `GGI-A-` and its number in the handbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ActivityId(u16);

impl ActivityId {
    /// The activity numbered `number` (`GGI-A-{number}`).
    pub fn new(number: u16) -> Self {
        ActivityId(number)
    }

    /// Its number in the handbook (23 for `GGI-A-23`).
    pub fn number(self) -> u16 {
        self.0
    }
}

impl fmt::Display for ActivityId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "GGI-A-{:02}", self.0)
    }
}

/// A string that is not an activity id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an activity id like \"GGI-A-23\"")]
pub struct NotAnActivityId(pub String);

impl FromStr for ActivityId {
    type Err = NotAnActivityId;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        text.strip_prefix("GGI-A-")
            .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|n| n.parse().ok())
            .map(ActivityId)
            .ok_or_else(|| NotAnActivityId(text.to_owned()))
    }
}

/// The five goals the handbook groups its activities under, in its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
pub enum Goal {
    /// Using open source well.
    #[serde(rename = "Usage Goal")]
    Usage,
    /// Using it safely: compliance, vulnerabilities, dependencies.
    #[serde(rename = "Trust Goal")]
    Trust,
    /// Working the open source way.
    #[serde(rename = "Culture Goal")]
    Culture,
    /// Taking part in the ecosystem.
    #[serde(rename = "Engagement Goal")]
    Engagement,
    /// Open source in the organisation's strategy.
    #[serde(rename = "Strategy Goal")]
    Strategy,
}

impl Goal {
    /// Its name in the handbook and its label on my-ggi-board (`Trust Goal`).
    pub fn label(self) -> &'static str {
        match self {
            Goal::Usage => "Usage Goal",
            Goal::Trust => "Trust Goal",
            Goal::Culture => "Culture Goal",
            Goal::Engagement => "Engagement Goal",
            Goal::Strategy => "Strategy Goal",
        }
    }
}

/// Who in the organisation carries out an activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
pub enum Role {
    /// Sets the strategy and the means.
    #[serde(rename = "Decision Maker")]
    DecisionMaker,
    /// Leads a team's practice.
    #[serde(rename = "Team Leader")]
    TeamLeader,
    /// Writes and reviews code.
    Developer,
}

impl Role {
    /// Its name in the handbook and its label on my-ggi-board.
    pub fn label(self) -> &'static str {
        match self {
            Role::DecisionMaker => "Decision Maker",
            Role::TeamLeader => "Team Leader",
            Role::Developer => "Developer",
        }
    }
}

/// One activity of the handbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    /// Its id (`GGI-A-23`).
    pub id: ActivityId,
    /// Its name (`Manage software dependencies`).
    pub name: String,
    /// The goal it serves.
    pub goal: Goal,
    /// Who carries it out, in the handbook's order.
    pub roles: Vec<Role>,
    /// The handbook's full text of it, Markdown: its title, the link to its
    /// source, then its sections (Description, Opportunity Assessment,
    /// Progress Assessment, Tools, Recommendations, Resources, …).
    pub text: String,
    /// Its description's first paragraph, on one line (see [`markdown`]).
    pub summary: String,
    /// The verification points of its Progress Assessment (see [`markdown`]).
    pub verification_points: Vec<VerificationPoint>,
}

impl Activity {
    /// Its number in the handbook (23 for `GGI-A-23`).
    pub fn number(&self) -> u16 {
        self.id.number()
    }

    /// What its text says before its first section, without its title: the
    /// handbook's `Activity ID: [GGI-A-23 (EN)](…).` line.
    pub fn preamble(&self) -> &str {
        let start = self.sections_start();
        let head = &self.text[..start];
        head.split_inclusive('\n')
            .filter(|l| markdown::heading_level(l) != Some(2))
            .find(|l| !l.trim().is_empty())
            .map_or("", str::trim)
    }

    /// Its sections, from the first `###` heading to the end, as written.
    pub fn sections(&self) -> &str {
        self.text[self.sections_start()..].trim_end()
    }

    /// Where its first section's heading starts in its text.
    fn sections_start(&self) -> usize {
        let mut offset = 0;
        for line in self.text.split_inclusive('\n') {
            if markdown::heading_level(line).is_some_and(|l| l >= 3) {
                return offset;
            }
            offset += line.len();
        }
        self.text.len()
    }
}

/// The handbook: its version and its activities, in its order (by goal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handbook {
    /// The handbook's version (`1.3`).
    pub version: String,
    /// Its activities, in the file's order.
    pub activities: Vec<Activity>,
}

/// The file as my-ggi-board writes it; fields Vigie does not use (label
/// colours, the source's download time) are passed over.
#[derive(Deserialize)]
struct HandbookFile {
    handbook_version: String,
    activities: Vec<ActivityEntry>,
}

#[derive(Deserialize)]
struct ActivityEntry {
    id: String,
    name: String,
    goal: Goal,
    roles: Vec<Role>,
    content: String,
}

impl Handbook {
    /// Reads the handbook from `path` (`ggi_activities_full.json`).
    pub fn load(path: &Path) -> Result<Handbook, HandbookError> {
        let json = std::fs::read_to_string(path).map_err(|source| HandbookError::Read {
            path: path.to_owned(),
            source,
        })?;
        Handbook::parse(&json, path)
    }

    /// Reads the handbook from its JSON text; `path` names it in errors.
    pub fn parse(json: &str, path: &Path) -> Result<Handbook, HandbookError> {
        let file: HandbookFile =
            serde_json::from_str(json).map_err(|source| HandbookError::Format {
                path: path.to_owned(),
                source,
            })?;
        let mut seen = HashSet::new();
        let mut activities = Vec::with_capacity(file.activities.len());
        for (i, entry) in file.activities.into_iter().enumerate() {
            let activity = activity(entry, i + 1, path)?;
            if !seen.insert(activity.id) {
                return Err(HandbookError::Duplicate {
                    path: path.to_owned(),
                    id: activity.id,
                });
            }
            activities.push(activity);
        }
        Ok(Handbook {
            version: file.handbook_version,
            activities,
        })
    }

    /// The activity with this id.
    pub fn activity(&self, id: ActivityId) -> Option<&Activity> {
        self.activities.iter().find(|a| a.id == id)
    }
}

/// One activity from its entry, the `position`th in the file at `path`.
fn activity(entry: ActivityEntry, position: usize, path: &Path) -> Result<Activity, HandbookError> {
    let id: ActivityId = entry.id.parse().map_err(|_| HandbookError::Id {
        path: path.to_owned(),
        position,
        id: entry.id.clone(),
    })?;
    let incomplete = |what| HandbookError::Incomplete {
        path: path.to_owned(),
        id,
        what,
    };
    let description = markdown::section(&entry.content, DESCRIPTION)
        .ok_or(incomplete("### Description section"))?;
    let summary = markdown::first_paragraph(description)
        .ok_or(incomplete("paragraph of prose in its description"))?;
    let progress = markdown::section(&entry.content, PROGRESS_ASSESSMENT)
        .ok_or(incomplete("### Progress Assessment section"))?;
    let verification_points = markdown::verification_points(progress);
    if verification_points.is_empty() {
        return Err(incomplete(
            "verification point (a `- [ ]` item) in its Progress Assessment",
        ));
    }
    Ok(Activity {
        id,
        name: entry.name,
        goal: entry.goal,
        roles: entry.roles,
        text: entry.content,
        summary,
        verification_points,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A handbook of one activity, in the file's form (invented text).
    fn file(id: &str, goal: &str, content: &str) -> String {
        serde_json::json!({
            "handbook_version": "9.9",
            "roles": {"Developer": "#000000"},
            "activities": [{
                "id": id, "name": "Do a thing", "path": "x.md",
                "roles": ["Developer", "Team Leader"], "goal": goal, "content": content
            }]
        })
        .to_string()
    }

    const CONTENT: &str =
        "## Do a thing\n\nActivity ID: [GGI-A-07 (EN)](https://example.org/7).\n\n\
                           ### Description\n\nWhy it matters.\n\n### Progress Assessment\n\n\
                           - [ ] It is done.\n\n### Resources\n\n- a link\n";

    fn parse(json: &str) -> Result<Handbook, HandbookError> {
        Handbook::parse(json, Path::new("conf/ggi.json"))
    }

    #[test]
    fn an_activity_is_read_with_its_summary_and_verification_points() {
        let handbook = parse(&file("GGI-A-07", "Trust Goal", CONTENT)).expect("a handbook");
        assert_eq!(handbook.version, "9.9");
        let activity = handbook.activity(ActivityId::new(7)).expect("GGI-A-07");
        assert_eq!(activity.id.to_string(), "GGI-A-07");
        assert_eq!(activity.number(), 7);
        assert_eq!(activity.goal, Goal::Trust);
        assert_eq!(activity.roles, [Role::Developer, Role::TeamLeader]);
        assert_eq!(activity.summary, "Why it matters.");
        assert_eq!(activity.verification_points[0].statement, "It is done.");
        assert_eq!(
            activity.preamble(),
            "Activity ID: [GGI-A-07 (EN)](https://example.org/7)."
        );
        assert!(activity.sections().starts_with("### Description\n"));
        assert!(activity.sections().ends_with("- a link"));
    }

    #[test]
    fn ids_are_read_and_written_with_their_prefix() {
        assert_eq!("GGI-A-44".parse(), Ok(ActivityId::new(44)));
        for bad in ["GGI-A-", "GGI-A-+4", "ggi-a-4", "A-4", "GGI-A-99999"] {
            assert!(bad.parse::<ActivityId>().is_err(), "{bad}");
        }
    }

    #[test]
    fn errors_name_the_file_and_what_is_wrong() {
        let message = |json: &str| parse(json).expect_err("an error").to_string();
        let unknown_goal = message(&file("GGI-A-07", "Fun Goal", CONTENT));
        assert!(
            unknown_goal.starts_with("conf/ggi.json is not a GGI handbook"),
            "{unknown_goal}"
        );
        assert!(
            unknown_goal.contains("unknown variant `Fun Goal`"),
            "{unknown_goal}"
        );
        assert_eq!(
            message(&file("A-7", "Trust Goal", CONTENT)),
            "conf/ggi.json: activity 1 has the id \"A-7\", not one like \"GGI-A-23\""
        );
        let no_points = CONTENT.replace("- [ ] It is done.", "Nothing to check.");
        assert_eq!(
            message(&file("GGI-A-07", "Trust Goal", &no_points)),
            "conf/ggi.json: GGI-A-07 has no verification point (a `- [ ]` item) in its \
             Progress Assessment"
        );
        let missing = Handbook::load(Path::new("/nowhere/ggi.json")).expect_err("no file");
        assert!(missing
            .to_string()
            .starts_with("cannot read the GGI handbook /nowhere/ggi.json: "));
    }

    #[test]
    fn an_id_given_twice_is_refused() {
        let mut json: serde_json::Value =
            serde_json::from_str(&file("GGI-A-07", "Trust Goal", CONTENT)).expect("json");
        let again = json["activities"][0].clone();
        json["activities"]
            .as_array_mut()
            .expect("a list")
            .push(again);
        let error = parse(&json.to_string()).expect_err("a duplicate");
        assert_eq!(error.to_string(), "conf/ggi.json: GGI-A-07 appears twice");
    }
}
