//! Reading `vigie.toml`: the file, the types ([`super::model`]), the checks
//! the types cannot make (one function per table), and paths made relative
//! to the file. Every refusal names the line, the key and the fix; a file
//! the types refuse is explained by [`super::explain`].

use std::path::{Path, PathBuf};

use vigie_ingest::{ConfigError, SourceConfig};
use vigie_metrics::Thresholds;

use super::explain::explain;
use super::file_map::{FileMap, Step};
use super::model::Config;

impl Config {
    /// Reads and checks a configuration file; relative paths in it become
    /// relative to its folder. An error names the line, the key and the fix.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source: if source.kind() == std::io::ErrorKind::NotFound {
                std::io::Error::new(
                    source.kind(),
                    "there is no such file: run `vigie init` to write one, \
                     or name another with --config FILE",
                )
            } else {
                source
            },
        })?;
        let invalid = |message: String| ConfigError::Invalid {
            path: path.to_owned(),
            message,
        };
        let mut config: Config = toml::from_str(&text).map_err(|e| invalid(explain(&text, &e)))?;
        config.check(&FileMap::new(&text)).map_err(invalid)?;
        let base = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_owned)
            .unwrap_or_else(|| PathBuf::from("."));
        config.store.resolve_paths(&base);
        config.identities.resolve_paths(&base);
        config.estate.resolve_paths(&base);
        config.governance.resolve_paths(&base);
        config.auth.users = base.join(&config.auth.users);
        for source in &mut config.sources {
            source.source.resolve_paths(&base);
        }
        if let Some(handbook) = &config.governance.ggi_handbook {
            // Read once here, so that a wrong path stops `vigie serve` at
            // once instead of showing on the GGI page only.
            vigie_ingest::ggi::Handbook::load(handbook).map_err(|e| {
                invalid(format!(
                    "[governance] ggi_handbook: {e}. The file is \
                     conf/ggi_activities_full.json in the OSPO Alliance's my-ggi-board repository"
                ))
            })?;
        }
        Ok(config)
    }

    /// The checks the types cannot make, each naming its key and line.
    fn check(&self, file: &FileMap) -> Result<(), String> {
        self.check_groups(file)?;
        self.check_bot_patterns(file)?;
        self.check_thresholds(file)?;
        self.check_auth(file)?;
        self.check_estate(file)?;
        self.check_governance(file)?;
        self.check_archive_hours(file)
    }

    /// A GH Archive source reads a folder or downloads hours, not both nor
    /// neither, and its last hour is not before its first.
    fn check_archive_hours(&self, file: &FileMap) -> Result<(), String> {
        for (i, source) in self.sources.iter().enumerate() {
            let SourceConfig::Gharchive(g) = &source.source else {
                continue;
            };
            let key = |name: &str| vec![Step::from("sources"), Step::Index(i), Step::from(name)];
            let fix = "give `path = \"FOLDER\"` (hour files already there), or `from = \
                       \"2024-01-01T00\"` and optionally `to` (hours to download)";
            match (&g.path, g.from, g.to) {
                (Some(_), Some(_), _) | (Some(_), None, Some(_)) => {
                    return Err(file.problem(
                        &key("path"),
                        "a gharchive source has `path` and `from` or `to`: one or the other",
                        fix,
                    ))
                }
                (None, None, _) => {
                    return Err(file.problem(
                        &key("kind"),
                        "a gharchive source needs `path` or `from`",
                        fix,
                    ))
                }
                (None, Some(from), Some(to)) if to < from => {
                    return Err(file.problem(
                        &key("to"),
                        "`to` is before `from`",
                        "write the last hour to read, at or after `from`",
                    ))
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// The organisation is one the affiliation rules name, and each
    /// upstream entry is a repository or an owner's repositories.
    fn check_governance(&self, file: &FileMap) -> Result<(), String> {
        let governance = |name: &str| vec![Step::from("governance"), Step::from(name)];
        if let Some(organisation) = &self.governance.organisation {
            let known = self
                .affiliations
                .iter()
                .any(|r| r.organisation.eq_ignore_ascii_case(organisation));
            if !known {
                return Err(file.problem(
                    &governance("organisation"),
                    &format!("no [[affiliations]] rule names the organisation {organisation:?}"),
                    "write the organisation as an affiliation rule names it, such as \
                     `organisation = \"Ville de Paris\"`, or add the rule for its e-mail domain",
                ));
            }
        }
        for (i, pattern) in self.governance.upstream.iter().enumerate() {
            if let Err(message) = vigie_ingest::config::GovernanceConfig::check_upstream(pattern) {
                let mut key = governance("upstream");
                key.push(Step::Index(i));
                return Err(file.problem(
                    &key,
                    &message,
                    "write `owner/name`, or `owner/*` for all of an owner's repositories",
                ));
            }
        }
        Ok(())
    }

    /// Every `[[groups]]` entry has a name of its own and repositories.
    fn check_groups(&self, file: &FileMap) -> Result<(), String> {
        let mut names = std::collections::HashMap::new();
        for (i, group) in self.groups.iter().enumerate() {
            let key = |name: &str| vec![Step::from("groups"), Step::Index(i), Step::from(name)];
            if group.name.trim().is_empty() {
                return Err(file.problem(
                    &key("name"),
                    "a [[groups]] entry has an empty `name`",
                    "give the group the name the dashboard's filter shows, \
                     such as `name = \"Plugins\"`",
                ));
            }
            if let Some(first) = names.insert(group.name.as_str(), i) {
                let first = file
                    .line_of(&[Step::from("groups"), Step::Index(first), Step::from("name")])
                    .map(|line| format!(" (the first on line {line})"))
                    .unwrap_or_default();
                return Err(file.problem(
                    &key("name"),
                    &format!("two [[groups]] are named “{}”{first}", group.name),
                    "give each group its own name",
                ));
            }
            if group.repositories.is_empty() {
                return Err(file.problem(
                    &key("repositories"),
                    &format!("the group “{}” lists no `repositories`", group.name),
                    "list repository names or patterns, where * stands for any text, \
                     such as `repositories = [\"owner/plugin-*\"]`",
                ));
            }
        }
        Ok(())
    }

    /// Every `[identities] bot_patterns` item is a regular expression.
    fn check_bot_patterns(&self, file: &FileMap) -> Result<(), String> {
        for (i, pattern) in self.identities.bot_patterns.iter().enumerate() {
            if let Err(e) = vigie_ingest::identity::BotRules::new(std::slice::from_ref(pattern)) {
                // The regex crate's last line says what is wrong.
                let reason = e.lines().last().unwrap_or(&e).trim();
                let reason = reason.strip_prefix("error: ").unwrap_or(reason);
                return Err(file.problem(
                    &[
                        Step::from("identities"),
                        Step::from("bot_patterns"),
                        Step::Index(i),
                    ],
                    &format!("`{pattern}` is not a regular expression: {reason}"),
                    "correct the pattern: write \\\\ before a literal . ( ) [ ] { } + * ? | ^ $, \
                     and start it with (?i) to ignore case",
                ));
            }
        }
        Ok(())
    }

    /// `[thresholds]`: drifting before away, percentages from 1 to 100.
    fn check_thresholds(&self, file: &FileMap) -> Result<(), String> {
        let t = &self.thresholds;
        let threshold = |name: &str| vec![Step::from("thresholds"), Step::from(name)];
        if t.drifting_after_months > t.away_after_months {
            // Name the key the file sets: the other one is a default.
            let drifting = threshold("drifting_after_months");
            let key = if file.line_of(&drifting).is_some() {
                drifting
            } else {
                threshold("away_after_months")
            };
            return Err(file.problem(
                &key,
                &format!(
                    "`drifting_after_months` ({}) must not exceed `away_after_months` ({})",
                    t.drifting_after_months, t.away_after_months
                ),
                "a contributor drifts before going away: make `drifting_after_months` \
                 at most `away_after_months`",
            ));
        }
        let defaults = Thresholds::default();
        for (name, value, default) in [
            (
                "absence_percent",
                t.absence_percent,
                defaults.absence_percent,
            ),
            ("core_percent", t.core_percent, defaults.core_percent),
            (
                "regular_percent",
                t.regular_percent,
                defaults.regular_percent,
            ),
        ] {
            if !(1..=100).contains(&value) {
                return Err(file.problem(
                    &threshold(name),
                    &format!("`{name}` is a percentage from 1 to 100, not {value}"),
                    &format!("write a whole number from 1 to 100, such as `{name} = {default}`"),
                ));
            }
        }
        Ok(())
    }

    /// `[auth]`: sessions from an hour to 30 days, at least one attempt.
    fn check_auth(&self, file: &FileMap) -> Result<(), String> {
        let auth = |name: &str| vec![Step::from("auth"), Step::from(name)];
        if !(1..=24 * 30).contains(&self.auth.session_hours) {
            return Err(file.problem(
                &auth("session_hours"),
                &format!(
                    "`session_hours` is from 1 to 720, not {}",
                    self.auth.session_hours
                ),
                "write a number of hours from 1 to 720 (30 days), such as `session_hours = 12`",
            ));
        }
        if self.auth.login_attempts == 0 {
            return Err(file.problem(
                &auth("login_attempts"),
                "`login_attempts` must be at least 1",
                "write 1 or more, such as `login_attempts = 5`",
            ));
        }
        Ok(())
    }

    /// The Maven repository is an http(s) address (its password is not
    /// repeated), and answers are kept for some time.
    fn check_estate(&self, file: &FileMap) -> Result<(), String> {
        let estate = |name: &str| vec![Step::from("estate"), Step::from(name)];
        let address = &self.estate.maven_repository;
        if let Err(e) = vigie_ingest::estate::maven::metadata::check_address(address) {
            return Err(file.problem(
                &estate("maven_repository"),
                &e.to_string(),
                "write the repository's root, such as \
                 `maven_repository = \"https://repo.maven.apache.org/maven2/\"`",
            ));
        }
        if self.estate.maven_cache_hours == 0 {
            return Err(file.problem(
                &estate("maven_cache_hours"),
                "`maven_cache_hours` must be at least 1",
                "write a number of hours, such as `maven_cache_hours = 24`",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::config::model::default_every;
    use crate::config::testing::{check, error, write};
    use crate::config::Every;
    use vigie_ingest::SourceConfig;

    #[test]
    fn defaults_and_relative_paths() {
        let (dir, path) = write("[[sources]]\nkind = \"git-log\"\npath = \"logs\"\n");
        let config = Config::load(&path).unwrap();
        assert_eq!(config.store.database, dir.path().join("data/vigie.duckdb"));
        assert_eq!(config.server.address.to_string(), "127.0.0.1:3000");
        assert_eq!(config.identities.file, dir.path().join("identities.toml"));
        assert!(config.rules().unwrap().file.people.is_empty());
        assert_eq!(
            config.source_configs(),
            [SourceConfig::git_log(dir.path().join("logs"))]
        );
        assert_eq!(config.sources[0].every, None);
        assert_eq!(config.schedule.every, default_every());
        assert_eq!(config.auth.users, dir.path().join("users.toml"));
        assert!(config.auth.secure_cookies);
        assert!(!config.privacy.pseudonymise);
    }

    #[test]
    fn errors_name_the_file_and_the_key() {
        let (_dir, path) = write("[server]\nadress = \"x\"\n");
        let err = Config::load(&path).unwrap_err().to_string();
        assert!(err.contains("vigie.toml"), "{err}");
        assert!(err.contains("unknown field `adress`"), "{err}");

        let err = Config::load(Path::new("/nonexistent/vigie.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("cannot read the configuration file /nonexistent/vigie.toml"),
            "{err}"
        );
        assert!(err.contains("run `vigie init`"), "{err}");
    }

    #[test]
    fn checks_name_the_line() {
        let err = error(
            "[[groups]]\nname = \"A\"\nrepositories = [\"x\"]\n\n\
             [[groups]]\nname = \"A\"\nrepositories = [\"y\"]\n",
        );
        check(&err, 6, "groups[1].name", "give each group its own name");
        assert!(err.contains("(the first on line 2)"), "{err}");
        let err = error("[[groups]]\nname = \"A\"\nrepositories = []\n");
        check(&err, 3, "groups[0].repositories", "list repository names");
        let err = error("[thresholds]\naway_after_months = 3\n");
        check(
            &err,
            2,
            "thresholds.away_after_months",
            "a contributor drifts",
        );
        let err = error("[identities]\nbot_patterns = [\n  \"^ci@\",\n  \"(jenkins\",\n]\n");
        check(&err, 4, "identities.bot_patterns[1]", "correct the pattern");
        assert!(
            err.contains("`(jenkins` is not a regular expression: unclosed group"),
            "{err}"
        );
        let err = error("\n[auth]\nlogin_attempts = 0\n");
        check(&err, 3, "auth.login_attempts", "write 1 or more");
    }

    #[test]
    fn schedules() {
        let (_dir, path) = write(
            "[schedule]\nevery = \"1d\"\n\n[[sources]]\nkind = \"git-log\"\npath = \"a\"\nevery = \"30m\"\n\n\
             [[sources]]\nkind = \"git-log\"\npath = \"b\"\nevery = \"off\"\n",
        );
        let config = Config::load(&path).unwrap();
        assert_eq!(config.schedule.every.0.unwrap().as_secs(), 86_400);
        assert_eq!(config.sources[0].every.unwrap().0.unwrap().as_secs(), 1800);
        assert_eq!(config.sources[1].every, Some(Every(None)));

        for (text, expected) in [
            ("[schedule]\nevery = \"6 hours\"\n", "not an interval"),
            ("[schedule]\nevery = \"0h\"\n", "write \"off\""),
            (
                "[schedule]\nevery = \"213503982334601d\"\n",
                "longer than a year",
            ),
            (
                "[[sources]]\nkind = \"git-log\"\npath = \"a\"\nevery = \"soon\"\n",
                "“soon” is not an interval",
            ),
            (
                "[[sources]]\nkind = \"git-log\"\npath = \"a\"\nevrey = \"1h\"\n",
                "evrey",
            ),
            (
                "[auth]\nsession_hours = 0\n",
                "`session_hours` is from 1 to 720",
            ),
            ("[privacy]\npseudonymize = true\n", "pseudonymize"),
            (
                "[estate]\nmaven_repository = \"ftp://me:s3cret@mirror.example/m2/\"\n",
                "is not an http:// or https:// URL",
            ),
            ("[estate]\nmaven_cache_hours = 0\n", "must be at least 1"),
            (
                "[[sources]]\nkind = \"gharchive\"\norganisations = [\"o\"]\n",
                "a gharchive source needs `path` or `from`",
            ),
            (
                "[[sources]]\nkind = \"gharchive\"\npath = \"h\"\nfrom = \"2024-01-01T00\"\n",
                "`path` and `from` or `to`: one or the other",
            ),
            (
                "[[sources]]\nkind = \"gharchive\"\nfrom = \"2024-01-02T00\"\nto = \"2024-01-01T05\"\n",
                "`to` is before `from`",
            ),
        ] {
            let (_dir, path) = write(text);
            let err = Config::load(&path).unwrap_err().to_string();
            assert!(err.contains(expected), "{text}: {err}");
            assert!(
                !err.contains("s3cret"),
                "a password is never repeated: {err}"
            );
        }
    }

    #[test]
    fn groups_and_thresholds() {
        let (_dir, path) = write(
            "[[groups]]\nname = \"Plugins\"\nrepositories = [\"o/plugin-*\"]\n\n\
             [thresholds]\naway_after_months = 18\n",
        );
        let config = Config::load(&path).unwrap();
        assert_eq!(config.groups[0].name, "Plugins");
        assert_eq!(config.thresholds.away_after_months, 18);
        assert_eq!(
            config.thresholds.drifting_after_months, 6,
            "the others keep their defaults"
        );

        for (text, expected) in [
            ("[[groups]]\nname = \"A\"\nrepositories = []\n", "lists no `repositories`"),
            (
                "[[groups]]\nname = \"A\"\nrepositories = [\"x\"]\n[[groups]]\nname = \"A\"\nrepositories = [\"y\"]\n",
                "two [[groups]] are named “A”",
            ),
            ("[thresholds]\ncore_percent = 180\n", "`core_percent` is a percentage"),
            ("[thresholds]\ndrifting_after_months = 24\n", "must not exceed"),
            ("[thresholds]\nwhatever = 1\n", "unknown field `whatever`"),
        ] {
            let (_dir, path) = write(text);
            let err = Config::load(&path).unwrap_err().to_string();
            assert!(err.contains(expected) && err.contains("vigie.toml"), "{text}: {err}");
        }
    }

    #[test]
    fn governance_names_a_readable_handbook_a_known_organisation_and_repositories() {
        let (dir, path) = write(
            "[[affiliations]]\ndomain = \"paris.fr\"\norganisation = \"Ville de Paris\"\n\n\
             [governance]\nggi_handbook = \"ggi.json\"\norganisation = \"ville de paris\"\n\
             upstream = [\"apache/*\", \"spring-projects/spring-framework\"]\n",
        );
        let missing = Config::load(&path).unwrap_err().to_string();
        assert!(
            missing.contains("[governance] ggi_handbook: cannot read the GGI handbook")
                && missing.contains(&dir.path().join("ggi.json").display().to_string()),
            "{missing}"
        );
        if let Some(data) = vigie_ingest::testdata::shared_data() {
            let handbook = data.join("ggi/ggi_activities_full.json");
            std::fs::copy(&handbook, dir.path().join("ggi.json")).unwrap();
            let config = Config::load(&path).unwrap();
            assert!(config.governance.is_upstream("Apache/commons-lang"));
            assert!(!config.governance.is_upstream("apache-x/y"));
            assert!(config
                .governance
                .is_upstream("spring-projects/spring-framework"));
        }
        for (text, expected) in [
            (
                "[governance]\norganisation = \"Ville de Paris\"\n",
                "no [[affiliations]] rule names the organisation \"Ville de Paris\"",
            ),
            (
                "[governance]\nupstream = [\"apache\"]\n",
                "\"apache\" is not a repository",
            ),
            (
                "[governance]\nupstream = [\"*/x\"]\n",
                "is not a repository",
            ),
        ] {
            let (_dir, path) = write(text);
            let err = Config::load(&path).unwrap_err().to_string();
            assert!(err.contains(expected), "{text}: {err}");
        }
    }

    #[test]
    fn the_shipped_configurations_are_valid() {
        let root = std::env::var_os("CARGO_MANIFEST_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into())
            .join("..");
        for file in [
            "vigie.toml",
            "end2end/vigie.e2e.toml",
            "end2end/vigie.empty.toml",
            "examples/offline.toml",
        ] {
            Config::load(&root.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        }
    }
}
