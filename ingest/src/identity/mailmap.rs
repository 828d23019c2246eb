//! `.mailmap` files, as git reads them (`git help gitmailmap`):
//!
//! ```text
//! Proper Name <commit@email>
//! <proper@email> <commit@email>
//! Proper Name <proper@email> <commit@email>
//! Proper Name <proper@email> Commit Name <commit@email>
//! ```

/// One mapping line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailmapEntry {
    /// The name to show, if the line gives one.
    pub proper_name: Option<String>,
    /// The address to use, if the line gives one.
    pub proper_email: Option<String>,
    /// Only commits with this name are mapped, if given.
    pub commit_name: Option<String>,
    /// The address as written in commits.
    pub commit_email: String,
}

impl MailmapEntry {
    /// Whether a commit identity is mapped by this line (e-mail compared
    /// case-insensitively, name exactly, as git does).
    pub fn matches(&self, name: &str, email: &str) -> bool {
        self.commit_email.eq_ignore_ascii_case(email)
            && self.commit_name.as_deref().is_none_or(|n| n == name)
    }
}

/// Parses a `.mailmap`; lines that are not mappings (comments, blanks,
/// malformed) are skipped, as git skips them.
pub fn parse(text: &str) -> Vec<MailmapEntry> {
    text.lines().filter_map(parse_line).collect()
}

fn parse_line(line: &str) -> Option<MailmapEntry> {
    let line = line.split('#').next()?.trim();
    // Split into (name, email) pairs: `Name <email>` repeated once or twice.
    let mut pairs = Vec::new();
    let mut rest = line;
    while let Some(open) = rest.find('<') {
        let close = open + rest[open..].find('>')?;
        let name = rest[..open].trim();
        let email = rest[open + 1..close].trim();
        pairs.push((
            (!name.is_empty()).then(|| name.to_owned()),
            email.to_owned(),
        ));
        rest = &rest[close + 1..];
    }
    match pairs.as_slice() {
        [(Some(name), email)] => Some(MailmapEntry {
            proper_name: Some(name.clone()),
            proper_email: None,
            commit_name: None,
            commit_email: email.clone(),
        }),
        [(proper_name, proper_email), (commit_name, commit_email)] => Some(MailmapEntry {
            proper_name: proper_name.clone(),
            proper_email: (!proper_email.is_empty()).then(|| proper_email.clone()),
            commit_name: commit_name.clone(),
            commit_email: commit_email.clone(),
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_four_forms_and_skips_the_rest() {
        let entries = parse(
            "# comment\n\
             Pierre Lévy <pierre.levy@paris.fr>\n\
             <remi.zara@paris.fr> <rzara@users.noreply.github.com>\n\
             Ann <ann@x.org> <ann@old.org> # moved\n\
             Bob <bob@x.org> bobby <BOB@old.org>\n\
             not a mapping\n\n",
        );
        assert_eq!(entries.len(), 4);
        assert_eq!(entries[0].proper_name.as_deref(), Some("Pierre Lévy"));
        assert_eq!(entries[0].commit_email, "pierre.levy@paris.fr");
        assert_eq!(
            entries[1].proper_email.as_deref(),
            Some("remi.zara@paris.fr")
        );
        assert_eq!(entries[1].proper_name, None);
        assert!(entries[2].matches("anything", "ANN@old.org"));
        assert!(entries[3].matches("bobby", "bob@old.org"));
        assert!(!entries[3].matches("robert", "bob@old.org"));
    }
}
