//! `vigie init`: writes a commented configuration file to start from, with
//! every section, its defaults and commented-out examples of each source
//! kind.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// The file `vigie init` writes.
pub const TEMPLATE: &str = include_str!("vigie.init.toml");

/// Writes the template to `path` (refusing to replace a file unless
/// `force`) and says what to do next.
pub fn run(path: &Path, force: bool) -> ExitCode {
    match write(path, force) {
        Ok(()) => {
            println!("{}", next_steps(path));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("vigie: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn write(path: &Path, force: bool) -> anyhow::Result<()> {
    use anyhow::Context;
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("cannot create the folder {}", folder.display()))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        // Fails if the file exists, even if it appeared a moment ago.
        options.create_new(true);
    }
    let mut file = match options.open(path) {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => anyhow::bail!(
            "{} already exists: edit it, or run `vigie init --force{}` to replace it \
             with a new commented file",
            path.display(),
            path_argument(path)
        ),
        opened => opened.with_context(|| format!("cannot create {}", path.display()))?,
    };
    file.write_all(TEMPLATE.as_bytes())
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write {}", path.display()))
}

/// ` PATH` when the commands need to be told the file, else nothing.
fn path_argument(path: &Path) -> String {
    if path == Path::new("vigie.toml") {
        String::new()
    } else {
        format!(" {}", path.display())
    }
}

fn next_steps(path: &Path) -> String {
    let config = match path_argument(path) {
        none if none.is_empty() => none,
        some => format!(" --config{some}"),
    };
    format!(
        "Wrote {file}: every setting, commented, with its default.\n\
         Next:\n  \
         1. Edit {file}: uncomment and adapt a [[sources]] entry (git repositories,\n     \
            git-log files, GitHub organisations or GitLab groups to follow).\n  \
         2. Add an administrator account (the password is read from VIGIE_PASSWORD\n     \
            or standard input):\n       \
              vigie{config} users add NAME --role admin\n  \
         3. Read the sources into the database:\n       \
              vigie{config} ingest\n  \
         4. Serve the dashboard:\n       \
              vigie{config} serve",
        file = path.display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{keys_allowed_at_end_of, Config};

    /// The keys a table of the configuration takes, as the types list them
    /// when given an unknown one (`document` ends in that table).
    fn keys(document: &str) -> Vec<String> {
        keys_allowed_at_end_of(document)
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn the_template_loads_and_keeps_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vigie.toml");
        write(&path, false).unwrap();
        let config = Config::load(&path).unwrap();
        let defaults = Config::load(&{
            let empty = dir.path().join("empty.toml");
            std::fs::write(&empty, "").unwrap();
            empty
        })
        .unwrap();
        assert!(config.sources.is_empty(), "sources are examples, commented");
        assert_eq!(config.store, defaults.store);
        assert_eq!(config.server.address, defaults.server.address);
        assert_eq!(config.schedule, defaults.schedule);
        assert_eq!(config.identities, defaults.identities);
        assert_eq!(config.thresholds, defaults.thresholds);
        assert_eq!(config.auth, defaults.auth);
        assert_eq!(config.privacy, defaults.privacy);
        assert_eq!(config.estate, defaults.estate);
    }

    #[test]
    fn the_template_documents_every_key() {
        // Uncommented, each example is valid and every default is the real one.
        let mut uncommented = String::from("\n");
        uncommented += &TEMPLATE
            .lines()
            .map(|line| line.strip_prefix("# ").unwrap_or(line))
            .filter(|line| line.starts_with('[') || line.contains(" = "))
            .map(|line| format!("{line}\n"))
            .collect::<String>();
        let config: Config = toml::from_str(&uncommented).unwrap();
        assert_eq!(
            config.thresholds,
            vigie_metrics::Thresholds::default(),
            "the commented thresholds are the defaults"
        );
        assert_eq!(config.sources.len(), 4);
        assert!(config.sources.iter().all(|s| s.every.is_some()));
        assert_eq!(config.affiliations.len(), 1);
        assert_eq!(config.groups.len(), 1);

        let top = keys("");
        assert!(top.len() >= 10, "{top:?}");
        for key in &top {
            assert!(
                uncommented.contains(&format!("\n[{key}]\n"))
                    || uncommented.contains(&format!("\n[[{key}]]\n")),
                "the template has no [{key}] section"
            );
        }
        let mut sections: Vec<(String, Vec<String>)> = top
            .iter()
            .filter(|key| !["sources", "affiliations", "groups"].contains(&key.as_str()))
            .map(|key| (format!("[{key}]"), keys(&format!("[{key}]"))))
            .collect();
        for kind in ["git", "git-log", "github", "gitlab"] {
            let mut kind_keys = keys(&format!("[[sources]]\nkind = \"{kind}\"\npath = \"x\"\n"));
            kind_keys.push("every".to_owned());
            sections.push((format!("kind = \"{kind}\""), kind_keys));
        }
        sections.push(("[[affiliations]]".to_owned(), keys("[[affiliations]]")));
        sections.push(("[[groups]]".to_owned(), keys("[[groups]]")));
        for (section, section_keys) in sections {
            let start = uncommented.find(&section).unwrap();
            let end = uncommented[start + 1..]
                .find("\n[")
                .map_or(uncommented.len(), |end| start + 1 + end);
            let body = &uncommented[start..end];
            for key in section_keys {
                assert!(
                    body.lines().any(|l| l.starts_with(&format!("{key} = "))),
                    "{section} does not show `{key}`:\n{body}"
                );
            }
        }
    }

    #[test]
    fn refuses_to_replace_a_file_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("conf/vigie.toml");
        write(&path, false).unwrap();
        std::fs::write(&path, "# mine\n").unwrap();
        let err = write(&path, false).unwrap_err().to_string();
        assert!(err.contains("already exists"), "{err}");
        assert!(err.contains("vigie init --force"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "# mine\n");
        write(&path, true).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), TEMPLATE);
    }

    #[test]
    fn next_steps_name_the_file() {
        let steps = next_steps(Path::new("vigie.toml"));
        assert!(
            steps.contains("vigie users add NAME --role admin"),
            "{steps}"
        );
        assert!(steps.contains("vigie ingest"), "{steps}");
        assert!(steps.contains("vigie serve"), "{steps}");
        let steps = next_steps(Path::new("/etc/vigie/vigie.toml"));
        assert!(
            steps.contains("vigie --config /etc/vigie/vigie.toml ingest"),
            "{steps}"
        );
    }
}
