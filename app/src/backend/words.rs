//! Calendar periods in words, in the reader's language.

use vigie_metrics::{Bucket, Period};

use crate::i18n::{Arg, Lang};

/// A period as a chart or table label: `Mar 2024`, `Q1 2024` (`T1 2024`
/// in French), `2024`.
pub fn bucket_label(bucket: Bucket, lang: Lang) -> String {
    let first = bucket.first_day();
    use chrono::Datelike;
    match bucket.period {
        Period::Month => lang.month_short(first.year(), first.month()),
        Period::Quarter => lang.t_args(
            "quarter-label",
            &[
                (
                    "quarter",
                    Arg::Text(((first.month() - 1) / 3 + 1).to_string()),
                ),
                ("year", Arg::Text(first.year().to_string())),
            ],
        ),
        Period::Year => first.year().to_string(),
    }
}

/// A period in a sentence: `March 2024`, `Q1 2024`, `2024`.
pub fn bucket_name(bucket: Bucket, lang: Lang) -> String {
    let first = bucket.first_day();
    use chrono::Datelike;
    match bucket.period {
        Period::Month => lang.month(first.year(), first.month()),
        _ => bucket_label(bucket, lang),
    }
}
