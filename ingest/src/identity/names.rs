//! Names as people write them, compared as a careful reader would: case,
//! accents, separators and word order aside ("Rémi ZARA", "remi-zara",
//! "RemiZara", "Zara Rémi").

/// Names that say nothing about who someone is.
const GENERIC_NAMES: &[&str] = &[
    "unknown",
    "root",
    "admin",
    "user",
    "nobody",
    "anonymous",
    "none",
    "default",
    "test",
    "dev",
];

/// Lower case, accents removed, only letters and digits kept:
/// "Rémi ZARA", "remi-zara" and "RemiZara" all give `remizara`.
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .filter_map(unaccent)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// A letter without its accent; `None` for marks on their own.
fn unaccent(c: char) -> Option<char> {
    Some(match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ğ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => 'i',
        'ł' | 'ľ' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' => 'r',
        'ś' | 'š' | 'ş' | 'ș' => 's',
        'ť' | 'ţ' | 'ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        '\u{300}'..='\u{36f}' => return None,
        other => other,
    })
}

/// The words of a name or handle, folded: split at spaces, punctuation and
/// camel case (`FrancoisEricMerlin` → francois eric merlin), digits dropped.
pub fn tokens(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut previous_lower = false;
    for c in text.chars() {
        if c.is_alphabetic() {
            if c.is_uppercase() && previous_lower && !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            word.push(c);
            previous_lower = c.is_lowercase();
        } else {
            if !word.is_empty() && !c.is_ascii_digit() {
                words.push(std::mem::take(&mut word));
            }
            previous_lower = false;
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
        .iter()
        .map(|w| fold(w))
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether a name says nothing about who someone is ("unknown", "root",
/// "=", an e-mail address written as the name).
pub fn is_generic_name(name: &str) -> bool {
    let folded = fold(name);
    folded.chars().filter(|c| c.is_alphabetic()).count() < 2
        || name.contains('@')
        || GENERIC_NAMES.contains(&folded.as_str())
}

/// A full name's words in a fixed order (word order aside: "yahiaoui rafik"
/// and "Rafik YAHIAOUI" agree), when the name has two words or more of two
/// letters or more, written apart (a space, or camel case).
pub fn full_name(name: &str) -> Option<Vec<String>> {
    if is_generic_name(name) {
        return None;
    }
    let mut words = tokens(name);
    let real = words.iter().filter(|w| w.chars().count() >= 2).count();
    if real < 2 || words.len() > 5 {
        return None;
    }
    words.sort();
    Some(words)
}

/// Whether a name is written as one word (`oughdi`, `NLG85`, `timothee-hx`):
/// how people write a login.
pub fn is_handle_like(name: &str) -> bool {
    !name.trim().contains(char::is_whitespace) && !is_generic_name(name)
}

/// Whether a handle or mailbox (its folded form) carries one of the words
/// of a name: `mustapha.oughdi` carries "oughdi", `sebleridon` carries
/// "leridon", `bass.seck` carries "basseck"'s "seck". Words of fewer than
/// four letters do not count, except as the whole handle.
pub fn carries(folded: &str, words: &[String]) -> bool {
    words
        .iter()
        .any(|w| (w.chars().count() >= 4 && folded.contains(w.as_str())) || folded == w)
}

/// The handles a full name is commonly written as: initials then surname
/// (`pbareille`, `jbvanhems`, `nlegarrec`, `maamor`), surname then initial
/// (`vanhemsj`, `hohll`, `poirierje`). `words` in the order written.
pub fn handles_of(words: &[String]) -> Vec<String> {
    let Some((first, _)) = words.split_first() else {
        return Vec::new();
    };
    let Some((last, given)) = words.split_last() else {
        return Vec::new();
    };
    let initial = |w: &String| w.chars().next().map(String::from).unwrap_or_default();
    let initials: String = given.iter().map(initial).collect();
    let rest: String = words[1..].concat();
    let mut out = vec![
        format!("{}{rest}", initial(first)),
        format!("{initials}{last}"),
        format!("{last}{}", initial(first)),
        format!("{last}{initials}"),
        format!("{last}{}", first.chars().take(2).collect::<String>()),
        format!("{}{rest}", first.chars().take(2).collect::<String>()),
    ];
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn folds_case_accents_and_separators() {
        assert_eq!(fold("Rémi ZARA"), "remizara");
        assert_eq!(fold("remi-zara"), "remizara");
        assert_eq!(fold("Horváth Tamás András"), "horvathtamasandras");
        assert_eq!(fold("Łukasz Øster"), "lukaszoster");
        assert_eq!(fold("e\u{301}"), "e");
        assert_eq!(fold("  "), "");
    }

    #[test]
    fn splits_words_at_spaces_punctuation_and_camel_case() {
        assert_eq!(tokens("FrancoisEricMerlin"), ["francois", "eric", "merlin"]);
        assert_eq!(tokens("Jean-Baptiste V"), ["jean", "baptiste", "v"]);
        assert_eq!(tokens("NLG85"), ["nlg"]);
        assert_eq!(tokens("tomcat_app"), ["tomcat", "app"]);
        assert_eq!(tokens("Cédric Marneux"), ["cedric", "marneux"]);
    }

    #[test]
    fn full_names_ignore_word_order_and_need_two_words() {
        assert_eq!(full_name("yahiaoui rafik"), full_name("Rafik YAHIAOUI"));
        assert_eq!(
            full_name("Horváth Tamás András"),
            full_name("Tamás András Horváth")
        );
        assert_eq!(full_name("DiogoSobral"), full_name("Diogo Sobral"));
        assert_eq!(full_name("dave"), None);
        assert_eq!(full_name("Unknown"), None);
        assert_eq!(full_name("a.b@paris.fr"), None);
        assert_eq!(full_name("="), None);
    }

    #[test]
    fn handles_and_what_carries_a_name() {
        let jb = handles_of(&words(&["jean", "baptiste", "vanhems"]));
        assert!(jb.contains(&"jbvanhems".to_string()), "{jb:?}");
        assert!(jb.contains(&"vanhemsj".to_string()), "{jb:?}");
        let nlg = handles_of(&words(&["norbert", "le", "garrec"]));
        assert!(nlg.contains(&"nlegarrec".to_string()), "{nlg:?}");
        let je = handles_of(&words(&["jerome", "poirier"]));
        assert!(je.contains(&"poirierje".to_string()), "{je:?}");
        assert!(carries("mustaphaoughdi", &words(&["oughdi"])));
        assert!(carries("basseck", &words(&["bass", "seck"])));
        assert!(!carries("norbertlegarrec", &words(&["nlg"])));
        assert!(!carries("xlex", &words(&["le"])));
        assert!(is_handle_like("timothee-hx"));
        assert!(!is_handle_like("Timothee Hx"));
        assert!(!is_handle_like("unknown"));
    }
}
