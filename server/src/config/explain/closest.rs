//! The allowed word a mistyped one stands for (`adress` for `address`).

/// Edits (insertions, deletions, substitutions) between two words.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(previous + 1).min(row[j] + 1);
        }
    }
    row[b.len()]
}

/// The allowed word closest to `word`, if a slip of at most two letters.
pub(super) fn closest<'w>(word: &str, allowed: &'w [String]) -> Option<&'w str> {
    let word = word.to_lowercase();
    allowed
        .iter()
        .map(|a| (edit_distance(&word, a), a))
        .filter(|(d, _)| *d <= 2 && *d < word.chars().count())
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("adress", "address"), 1);
        assert_eq!(edit_distance("evrey", "every"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
        let keys = ["address".to_owned(), "users".to_owned()];
        assert_eq!(closest("Adress", &keys), Some("address"));
        assert_eq!(closest("x", &keys), None);
    }
}
