//! French and English: the page texts come from Fluent resources
//! (`app/locales/*.ftl`, Project Fluent's `fluent-bundle`), numbers and dates
//! are formatted for the language here.
//!
//! The language is the URL's `lang` parameter when present (so a shared link
//! keeps it), else the browser's `Accept-Language`, else English. The server
//! writes it into `<html lang>`, where the browser reads it back on
//! hydration, so both render the same text.

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

/// A language of the dashboard.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    /// English (the default).
    #[default]
    En,
    /// French.
    Fr,
}

const EN: &str = include_str!("../locales/en.ftl");
const FR: &str = include_str!("../locales/fr.ftl");

/// An argument of a translated message.
pub enum Arg {
    /// Text, shown as is (numbers already formatted go here).
    Text(String),
    /// A number that selects a plural form (`[one]`, `*[other]`) and is
    /// shown formatted for the language.
    Count(i64),
}

impl Lang {
    /// Every language, in the order of the switch.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Fr];

    /// The BCP 47 code (`en`, `fr`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// The language's own name, for the switch.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Français",
        }
    }

    /// Reads a language tag (`fr`, `fr-FR`, `EN_gb`); `None` for others.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "fr" => Some(Lang::Fr),
            _ => None,
        }
    }

    /// The language a URL's query asks for (`lang=fr`), if any.
    pub fn of_query(query: &leptos_router::params::ParamsMap) -> Option<Lang> {
        query.get_str("lang").and_then(Lang::parse)
    }

    /// The preferred language of an `Accept-Language` header (highest
    /// quality first, ties in order), English when none is offered.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut offered: Vec<(f32, usize, Lang)> = header
            .split(',')
            .enumerate()
            .filter_map(|(i, part)| {
                let mut pieces = part.split(';');
                let lang = Lang::parse(pieces.next()?)?;
                let q = pieces
                    .filter_map(|p| p.trim().strip_prefix("q="))
                    .find_map(|q| q.trim().parse::<f32>().ok())
                    .unwrap_or(1.0);
                (q > 0.0).then_some((q, i, lang))
            })
            .collect();
        offered.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        offered.first().map_or(Lang::En, |(_, _, lang)| *lang)
    }

    fn bundle(self) -> &'static FluentBundle<FluentResource> {
        static BUNDLES: [OnceLock<FluentBundle<FluentResource>>; 2] =
            [OnceLock::new(), OnceLock::new()];
        let (slot, source) = match self {
            Lang::En => (&BUNDLES[0], EN),
            Lang::Fr => (&BUNDLES[1], FR),
        };
        slot.get_or_init(|| {
            let source = match self {
                Lang::En => source.to_owned(),
                Lang::Fr => french_spacing(source),
            };
            let resource = FluentResource::try_new(source)
                .unwrap_or_else(|(_, errors)| panic!("{}.ftl: {errors:?}", self.code()));
            let tag = self.code().parse().expect("a valid language tag");
            let mut bundle = FluentBundle::new_concurrent(vec![tag]);
            // No Unicode isolation marks around arguments: both languages
            // are left to right, and the marks would end up in CSV files.
            bundle.set_use_isolating(false);
            bundle
                .add_resource(resource)
                .unwrap_or_else(|errors| panic!("{}.ftl: {errors:?}", self.code()));
            bundle
        })
    }

    /// The message `id`, without arguments.
    pub fn t(self, id: &str) -> String {
        self.t_args(id, &[])
    }

    /// The message `id` with its arguments. A message missing in French
    /// falls back to English, and a missing one to its id (a test checks
    /// that every id used exists in both).
    pub fn t_args(self, id: &str, args: &[(&str, Arg)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::Text(text) => fluent_args.set(*name, FluentValue::from(text.as_str())),
                Arg::Count(n) => {
                    fluent_args.set(*name, FluentValue::from(*n));
                    fluent_args.set(format!("{name}_text"), FluentValue::from(self.int(*n)));
                }
            }
        }
        for lang in [self, Lang::En] {
            let bundle = lang.bundle();
            if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                let text = bundle
                    .format_pattern(pattern, Some(&fluent_args), &mut errors)
                    .into_owned();
                // An argument the message expects and the code did not give.
                debug_assert!(errors.is_empty(), "{id}: {errors:?}");
                #[cfg(feature = "ssr")]
                if !errors.is_empty() {
                    tracing::warn!(message = id, ?errors, "a message was formatted with errors");
                }
                return text;
            }
        }
        id.to_owned()
    }

    /// An integer with the language's digit grouping (`12,345`; `12 345`
    /// with a narrow no-break space in French).
    pub fn int(self, n: i64) -> String {
        let digits = n.unsigned_abs().to_string();
        let mut out = String::with_capacity(digits.len() + 8);
        if n < 0 {
            out.push('-');
        }
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push_str(self.group_separator());
            }
            out.push(c);
        }
        out
    }

    /// A number with `decimals` digits after the decimal mark (`1.5`,
    /// `1,5`), grouped like [`Lang::int`].
    pub fn decimal(self, x: f64, decimals: usize) -> String {
        if !x.is_finite() {
            return "–".to_owned();
        }
        let text = format!("{:.*}", decimals, x.abs());
        let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
        let whole: i64 = whole.parse().unwrap_or(0);
        let sign = if x < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
            "-"
        } else {
            ""
        };
        let mut out = format!("{sign}{}", self.int(whole));
        if !fraction.is_empty() {
            out.push(self.decimal_mark());
            out.push_str(fraction);
        }
        out
    }

    /// What separates a label from its value: `": "`, and in French a
    /// no-break space before the colon (`Vert : 12`).
    pub fn colon(self) -> &'static str {
        match self {
            Lang::En => ": ",
            Lang::Fr => "\u{a0}: ",
        }
    }

    /// A share (0 to 1) as a whole percentage (`42%`, `42 %`).
    pub fn percent(self, share: f64) -> String {
        let n = self.decimal(share * 100.0, 0);
        match self {
            Lang::En => format!("{n}%"),
            Lang::Fr => format!("{n}\u{202f}%"),
        }
    }

    fn group_separator(self) -> &'static str {
        match self {
            Lang::En => ",",
            Lang::Fr => "\u{202f}",
        }
    }

    fn decimal_mark(self) -> char {
        match self {
            Lang::En => '.',
            Lang::Fr => ',',
        }
    }

    /// A month and year (`March 2024`, `mars 2024`).
    pub fn month(self, year: i32, month: u32) -> String {
        format!("{} {year}", self.month_name(month))
    }

    /// A short month and year, for chart axes (`Mar 2024`, `mars 2024`).
    pub fn month_short(self, year: i32, month: u32) -> String {
        let name = self.month_name(month);
        match self {
            Lang::En => format!("{} {year}", &name[..3]),
            Lang::Fr => format!("{} {year}", short_fr(month, name)),
        }
    }

    /// A day (`12 March 2024`, `12 mars 2024`; the 1st is `1er` in French).
    pub fn date(self, day: NaiveDate) -> String {
        let d = day.day();
        let number = match (self, d) {
            (Lang::Fr, 1) => "1er".to_owned(),
            _ => d.to_string(),
        };
        format!("{number} {}", self.month(day.year(), day.month()))
    }

    fn month_name(self, month: u32) -> &'static str {
        const EN_MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        const FR_MONTHS: [&str; 12] = [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ];
        let i = (month.clamp(1, 12) - 1) as usize;
        match self {
            Lang::En => EN_MONTHS[i],
            Lang::Fr => FR_MONTHS[i],
        }
    }
}

/// The French abbreviations in common use (Imprimerie nationale).
fn short_fr(month: u32, full: &'static str) -> &'static str {
    match month {
        1 => "janv.",
        2 => "févr.",
        4 => "avr.",
        7 => "juil.",
        9 => "sept.",
        10 => "oct.",
        11 => "nov.",
        12 => "déc.",
        _ => full,
    }
}

/// French typography for the French messages: a no-break space before
/// `:` and inside `« »`, a narrow one before `;`, `!`, `?` and `%`, so
/// that a line never begins with the sign. Applied to the messages as
/// loaded, so `fr.ftl` is written with plain spaces and none is missed.
fn french_spacing(source: &str) -> String {
    source
        .replace(" :", "\u{a0}:")
        .replace("« ", "«\u{a0}")
        .replace(" »", "\u{a0}»")
        .replace(" ;", "\u{202f};")
        .replace(" !", "\u{202f}!")
        .replace(" ?", "\u{202f}?")
        .replace(" %", "\u{202f}%")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(Lang::En.int(1_234_567), "1,234,567");
        assert_eq!(Lang::Fr.int(1_234_567), "1\u{202f}234\u{202f}567");
        assert_eq!(Lang::En.int(-999), "-999");
        assert_eq!(Lang::Fr.decimal(1234.56, 1), "1\u{202f}234,6");
        assert_eq!(Lang::En.decimal(-0.04, 1), "0.0");
        assert_eq!(Lang::En.decimal(-2.5, 1), "-2.5");
        assert_eq!(Lang::En.percent(0.421), "42%");
        assert_eq!(Lang::Fr.percent(0.421), "42\u{202f}%");
        assert_eq!(Lang::En.decimal(f64::NAN, 1), "–");
    }

    #[test]
    fn french_messages_keep_their_signs_with_the_word_before() {
        assert_eq!(
            french_spacing("« x » : a ; b ? c ! 5 %"),
            "«\u{a0}x\u{a0}»\u{a0}: a\u{202f}; b\u{202f}? c\u{202f}! 5\u{202f}%"
        );
        let notice = Lang::Fr.t_args("notice-not-a-month", &[("value", Arg::Text("x".into()))]);
        assert!(!notice.contains(" :") && !notice.contains(" ;"), "{notice}");
        assert!(notice.starts_with("«\u{a0}x\u{a0}»"), "{notice}");
        assert_eq!(Lang::Fr.t("scope-label"), "Affichage\u{a0}:");
        assert_eq!(format!("Vert{}12", Lang::Fr.colon()), "Vert\u{a0}: 12");
        assert_eq!(format!("Green{}12", Lang::En.colon()), "Green: 12");
    }

    #[test]
    fn dates_follow_the_language() {
        let day = NaiveDate::from_ymd_opt(2024, 2, 1).unwrap();
        assert_eq!(Lang::En.date(day), "1 February 2024");
        assert_eq!(Lang::Fr.date(day), "1er février 2024");
        assert_eq!(Lang::Fr.month_short(2024, 7), "juil. 2024");
        assert_eq!(Lang::En.month_short(2024, 7), "Jul 2024");
        assert_eq!(Lang::Fr.month(2024, 8), "août 2024");
    }

    #[test]
    fn the_browser_language_is_negotiated() {
        assert_eq!(
            Lang::from_accept_language("fr-FR,fr;q=0.9,en;q=0.8"),
            Lang::Fr
        );
        assert_eq!(
            Lang::from_accept_language("de-DE,en;q=0.5,fr;q=0.7"),
            Lang::Fr
        );
        assert_eq!(Lang::from_accept_language("de, it"), Lang::En);
        assert_eq!(Lang::from_accept_language(""), Lang::En);
        assert_eq!(Lang::from_accept_language("fr;q=0, en"), Lang::En);
        assert_eq!(Lang::parse("FR_ca"), Some(Lang::Fr));
        assert_eq!(Lang::parse("<script>"), None);
    }

    #[test]
    fn plurals_and_arguments() {
        let n =
            |lang: Lang, count| lang.t_args("repositories-shown", &[("count", Arg::Count(count))]);
        assert_eq!(n(Lang::En, 1), "1 repository shown");
        assert_eq!(n(Lang::En, 1200), "1,200 repositories shown");
        assert_eq!(n(Lang::Fr, 1), "1 dépôt affiché");
        assert_eq!(n(Lang::Fr, 0), "0 dépôt affiché");
        assert_eq!(n(Lang::Fr, 2), "2 dépôts affichés");
    }

    /// The message ids of a Fluent resource.
    fn ids(source: &str) -> std::collections::BTreeSet<String> {
        source
            .lines()
            .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
            .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim().to_owned()))
            .collect()
    }

    #[test]
    fn both_languages_have_the_same_messages_and_parse() {
        let (en, fr) = (ids(EN), ids(FR));
        assert!(en.len() > 20, "{en:?}");
        let only_en: Vec<_> = en.difference(&fr).collect();
        let only_fr: Vec<_> = fr.difference(&en).collect();
        assert!(
            only_en.is_empty() && only_fr.is_empty(),
            "English only: {only_en:?}; French only: {only_fr:?}"
        );
        for lang in Lang::ALL {
            for id in &en {
                let bundle = lang.bundle();
                let message = bundle.get_message(id).unwrap_or_else(|| panic!("{id}"));
                assert!(
                    message.value().is_some(),
                    "{}: {id} has no value",
                    lang.code()
                );
            }
        }
    }

    /// The source files that use the messages, and their text: this
    /// crate's, and the server's (the administration page's tables are
    /// made there, where the configuration is).
    fn sources() -> Vec<(std::path::PathBuf, String)> {
        let mut files = Vec::new();
        // At run time: a test binary built in another checkout of the
        // same target folder would read that checkout's files.
        let root = std::env::var_os("CARGO_MANIFEST_DIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into());
        let mut stack = vec![root.join("src"), root.join("../server/src")];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let text = std::fs::read_to_string(&path).unwrap();
                    files.push((path, text));
                }
            }
        }
        files
    }

    /// Every message id the code passes to `t` or `t_args` exists.
    #[test]
    fn every_message_the_code_uses_exists() {
        let known = ids(EN);
        let mut missing = Vec::new();
        let mut used = 0;
        for (path, text) in sources() {
            for call in [".t(\"", ".t_args(\""] {
                for (at, _) in text.match_indices(call) {
                    let rest = &text[at + call.len()..];
                    let id = &rest[..rest.find('"').unwrap()];
                    used += 1;
                    if !known.contains(id) {
                        missing.push(format!("{}: {id}", path.display()));
                    }
                }
            }
        }
        assert!(used > 10, "the scan found the calls");
        assert!(missing.is_empty(), "{missing:#?}");
    }

    /// Every message is used: its id appears quoted in the code (ids built
    /// with `format!("sentence-{id}")` are the headline sentences).
    #[test]
    fn every_message_is_used() {
        let code: String = sources()
            .into_iter()
            .filter(|(path, _)| !path.ends_with("i18n.rs"))
            .map(|(_, text)| text)
            .collect();
        let unused: Vec<String> = ids(EN)
            .into_iter()
            .filter(|id| !id.starts_with("sentence-") && !code.contains(&format!("\"{id}\"")))
            .collect();
        assert!(unused.is_empty(), "messages no code uses: {unused:?}");
    }
}
