//! Repository groups: named sets of repositories from the configuration
//! (`[[groups]]`), so a scope can be "the plugins" or "the City's own
//! repositories" rather than a list of names.
//!
//! ```toml
//! [[groups]]
//! name = "Plugins"
//! repositories = ["lutece-platform/lutece-plugin-*", "lutece-secteur-public/*"]
//! ```

use serde::Deserialize;

/// A named set of repositories, by name or `*` pattern.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepositoryGroup {
    /// The name shown in the dashboard's scope filter.
    pub name: String,
    /// Repository names (`owner/name`), where `*` stands for any text.
    pub repositories: Vec<String>,
}

impl RepositoryGroup {
    /// The ids of the stored repositories (`(id, name)`) in this group,
    /// sorted, for [`crate::Params::repositories`].
    pub fn ids(&self, stored: &[(i32, String)]) -> Vec<i32> {
        let mut ids: Vec<i32> = stored
            .iter()
            .filter(|(_, name)| self.repositories.iter().any(|p| matches(p, name)))
            .map(|(id, _)| *id)
            .collect();
        ids.sort_unstable();
        ids
    }

    /// Patterns that match no stored repository: likely typos to report.
    pub fn unmatched<'a>(&'a self, stored: &[(i32, String)]) -> Vec<&'a str> {
        self.repositories
            .iter()
            .filter(|p| !stored.iter().any(|(_, name)| matches(p, name)))
            .map(String::as_str)
            .collect()
    }
}

/// Whether `name` matches `pattern`, where `*` is any text (names compare
/// case-insensitively, as forges treat them).
fn matches(pattern: &str, name: &str) -> bool {
    let pattern = pattern.to_lowercase();
    let name = name.to_lowercase();
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = name.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_patterns() {
        assert!(matches("o/r", "o/r"));
        assert!(matches("O/R", "o/r"));
        assert!(!matches("o/r", "o/rr"));
        assert!(matches("o/plugin-*", "o/plugin-x"));
        assert!(matches("o/plugin-*", "o/plugin-"));
        assert!(!matches("o/plugin-*", "o/module-x"));
        assert!(matches("*/core", "lutece-platform/core"));
        assert!(matches("a*b*c", "a-b-c"));
        assert!(!matches("a*b*c", "a-c-b"));
        assert!(matches("*", "anything"));
        assert!(!matches("ab*ba", "aba"), "the two ends may not overlap");
    }

    #[test]
    fn a_group_resolves_to_sorted_ids_and_reports_patterns_matching_nothing() {
        let stored = vec![
            (3, "lutece-platform/lutece-plugin-a".to_string()),
            (1, "lutece-platform/lutece-core".to_string()),
            (2, "lutece-platform/lutece-plugin-b".to_string()),
        ];
        let group = RepositoryGroup {
            name: "Plugins".into(),
            repositories: vec!["lutece-platform/lutece-plugin-*".into(), "other/x".into()],
        };
        assert_eq!(group.ids(&stored), [2, 3]);
        assert_eq!(group.unmatched(&stored), ["other/x"]);
    }
}
