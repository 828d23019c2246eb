//! The refused file read again, as data: the model ([`super::super::model`])
//! deserialized once more over the same TOML tree, with an error type of its
//! own ([`Mistake`]) that keeps what serde's derived code reports — the
//! unknown key and the model's own list of known ones, the missing key, the
//! value found and what the model expected — and the keys the replay went
//! through. The explanation reads these, never the parser's message, so a
//! `toml` release that rewords its messages changes nothing.
//!
//! The replay walks the tree in the order the `toml` crate does (the same
//! parsed tree, the same derived code), so it meets the same first mistake.

use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, Expected, IntoDeserializer, MapAccess, SeqAccess,
    Unexpected, Visitor,
};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::config::file_map::{Span, Step};

/// The first mistake the model finds in a file, and where.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Mistake {
    /// What is wrong.
    pub kind: Kind,
    /// The keys and list entries from the top of the file to the mistake.
    pub path: Vec<Step>,
    /// Where the refused key or value is written.
    pub span: Option<Span>,
}

/// The kinds of mistake serde's derived code reports.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Kind {
    /// A key the table does not take; `known`: the ones it takes.
    UnknownField {
        /// The key as written.
        field: String,
        /// The keys the table takes (the model's `FIELDS`).
        known: &'static [&'static str],
    },
    /// A value of an enumeration (a source's `kind`) it does not have.
    UnknownVariant {
        /// The value as written.
        variant: String,
        /// The values the model has (its `VARIANTS`).
        known: &'static [&'static str],
    },
    /// A required key is not written.
    MissingField(&'static str),
    /// A value of the wrong type (`type_error`) or out of range.
    WrongValue {
        /// What the file has there.
        found: Found,
        /// What the model expected, in its own words (`u32`, `a sequence`).
        expected: String,
        /// The type is wrong (else the value is out of range).
        type_error: bool,
    },
    /// A value the model's own parsing refused, with its reason (the
    /// model's words, such as [`super::super::Every`]'s).
    Refused(String),
}

/// The value refused, as much as may be repeated (text is never kept: it
/// might be a secret).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Found {
    /// Text; its digits when it is only digits (a number in quotes).
    Text {
        /// The number written between quotes, if it is one.
        digits: Option<String>,
    },
    /// A number, as written.
    Number(String),
    /// `true` or `false`.
    Boolean(bool),
    /// A list.
    List,
    /// A table.
    Table,
    /// A TOML date (written without quotes).
    Date,
    /// Anything else, in serde's words.
    Other(String),
}

impl From<Unexpected<'_>> for Found {
    fn from(unexpected: Unexpected<'_>) -> Self {
        match unexpected {
            Unexpected::Str(text) => Self::Text {
                digits: (!text.is_empty() && text.chars().all(|c| c.is_ascii_digit()))
                    .then(|| text.to_owned()),
            },
            Unexpected::Signed(n) => Self::Number(n.to_string()),
            Unexpected::Unsigned(n) => Self::Number(n.to_string()),
            Unexpected::Float(n) => Self::Number(n.to_string()),
            Unexpected::Bool(b) => Self::Boolean(b),
            Unexpected::Seq => Self::List,
            Unexpected::Map => Self::Table,
            Unexpected::Other(DATE) => Self::Date,
            other => Self::Other(other.to_string()),
        }
    }
}

/// How the replay names a TOML date to serde.
const DATE: &str = "date";

impl Mistake {
    fn new(kind: Kind) -> Self {
        Self {
            kind,
            path: Vec::new(),
            span: None,
        }
    }

    /// The mistake as seen from one level up: `step` is where it lies.
    fn within(mut self, step: Step) -> Self {
        self.path.insert(0, step);
        self
    }

    /// The innermost position is the one that says where.
    fn at(mut self, span: Span) -> Self {
        self.span.get_or_insert(span);
        self
    }
}

impl fmt::Display for Mistake {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} at {:?}", self.kind, self.path)
    }
}

impl std::error::Error for Mistake {}

impl de::Error for Mistake {
    fn custom<T: fmt::Display>(reason: T) -> Self {
        Self::new(Kind::Refused(reason.to_string()))
    }

    fn invalid_type(found: Unexpected<'_>, expected: &dyn Expected) -> Self {
        Self::new(Kind::WrongValue {
            found: found.into(),
            expected: expected.to_string(),
            type_error: true,
        })
    }

    fn invalid_value(found: Unexpected<'_>, expected: &dyn Expected) -> Self {
        Self::new(Kind::WrongValue {
            found: found.into(),
            expected: expected.to_string(),
            type_error: false,
        })
    }

    fn unknown_variant(variant: &str, known: &'static [&'static str]) -> Self {
        Self::new(Kind::UnknownVariant {
            variant: variant.to_owned(),
            known,
        })
    }

    fn unknown_field(field: &str, known: &'static [&'static str]) -> Self {
        Self::new(Kind::UnknownField {
            field: field.to_owned(),
            known,
        })
    }

    fn missing_field(field: &'static str) -> Self {
        Self::new(Kind::MissingField(field))
    }
}

/// Deserializes `T` from a parsed TOML table: `Some` of the first mistake,
/// or `None` when `T` takes the table as it is.
pub(super) fn replay<'de, T: serde::Deserialize<'de>>(
    table: &DeTable<'_>,
    span: Span,
) -> Option<Mistake> {
    let root = DeValue::Table(table.clone());
    T::deserialize(Node { value: &root, span }).err()
}

/// One value of the tree, as a serde deserializer.
struct Node<'a, 'i> {
    value: &'a DeValue<'i>,
    span: Span,
}

impl<'a, 'i> Node<'a, 'i> {
    fn of(spanned: &'a Spanned<DeValue<'i>>) -> Self {
        Self {
            value: spanned.get_ref(),
            span: spanned.span(),
        }
    }
}

impl<'de> Deserializer<'de> for Node<'_, '_> {
    type Error = Mistake;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mistake> {
        let number = |text: &str, radix| i64::from_str_radix(text, radix).ok();
        match self.value {
            DeValue::String(text) => visitor.visit_str(text),
            DeValue::Integer(n) => match number(n.as_str(), n.radix()) {
                Some(n) => visitor.visit_i64(n),
                None => match u64::from_str_radix(n.as_str(), n.radix()) {
                    Ok(n) => visitor.visit_u64(n),
                    Err(_) => Err(de::Error::invalid_value(
                        Unexpected::Other("a number too large"),
                        &visitor,
                    )),
                },
            },
            DeValue::Float(n) => match n.as_str().parse() {
                Ok(n) => visitor.visit_f64(n),
                Err(_) => Err(de::Error::invalid_value(
                    Unexpected::Other("a number too large"),
                    &visitor,
                )),
            },
            DeValue::Boolean(b) => visitor.visit_bool(*b),
            // No type of the model takes a TOML date: dates are text.
            DeValue::Datetime(_) => Err(de::Error::invalid_type(Unexpected::Other(DATE), &visitor)),
            DeValue::Array(items) => visitor.visit_seq(Items {
                items: items.iter().enumerate(),
            }),
            DeValue::Table(table) => visitor.visit_map(Entries {
                entries: table.iter(),
                value: None,
            }),
        }
        .map_err(|e: Mistake| e.at(self.span))
    }

    // A key that is written is `Some`; a missing one never gets here.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mistake> {
        let span = self.span.clone();
        visitor.visit_some(self).map_err(|e| e.at(span))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Mistake> {
        let span = self.span.clone();
        visitor.visit_newtype_struct(self).map_err(|e| e.at(span))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Mistake> {
        match self.value {
            DeValue::String(text) => visitor.visit_enum(text.as_ref().into_deserializer()),
            _ => Err(de::Error::invalid_type(Unexpected::Map, &visitor)),
        }
        .map_err(|e: Mistake| e.at(self.span))
    }

    serde::forward_to_deserialize_any! {
        bool u8 u16 u32 u64 u128 i8 i16 i32 i64 i128 f32 f64 char str string seq
        bytes byte_buf map unit struct ignored_any unit_struct tuple_struct tuple
        identifier
    }
}

/// The items of a list, each known by its place.
struct Items<'a, 'i> {
    items: std::iter::Enumerate<std::slice::Iter<'a, Spanned<DeValue<'i>>>>,
}

impl<'de> SeqAccess<'de> for Items<'_, '_> {
    type Error = Mistake;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Mistake> {
        let Some((i, item)) = self.items.next() else {
            return Ok(None);
        };
        seed.deserialize(Node::of(item))
            .map(Some)
            .map_err(|e| e.within(Step::Index(i)))
    }
}

/// The keys of a table, in the order the `toml` crate gives them.
struct Entries<'a, 'i> {
    entries: toml::map::Iter<'a, Spanned<toml::de::DeString<'i>>, Spanned<DeValue<'i>>>,
    /// The key just read and its value.
    value: Option<(&'a str, &'a Spanned<DeValue<'i>>)>,
}

impl<'de> MapAccess<'de> for Entries<'_, '_> {
    type Error = Mistake;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Mistake> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        let name: &str = key.get_ref();
        self.value = Some((name, value));
        seed.deserialize(name.into_deserializer())
            .map(Some)
            .map_err(|e: Mistake| e.at(key.span()).within(Step::from(name)))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Mistake> {
        let (name, value) = self
            .value
            .take()
            .ok_or_else(|| de::Error::custom("a value asked for before its key"))?;
        seed.deserialize(Node::of(value))
            .map_err(|e| e.within(Step::from(name)))
    }
}
