//! The standard's keys as tables, one per section of `schema.core.rst`,
//! and the walk that checks a document against them. Rules that tie keys
//! together are in [`super::rules`]; what changed between versions is in
//! the tables (`since`, `Need::Before`) and in [`Version`]'s methods.

use super::check::{get, join, Checker};
use super::terms::{DevelopmentStatus, MaintenanceType, SoftwareType};
use super::values::{self, bad, Bad};
use super::yaml::{Entry, Node, Value};
use super::{rules, vocab, Position, Version};

/// What a key holds.
#[derive(Clone, Copy)]
enum Ty {
    Text,
    /// A text with a length limit.
    Sized(Limit),
    Url,
    /// An `http(s)` URL.
    WebUrl,
    Uri,
    Date,
    Email,
    Bool,
    Licence,
    Language,
    Country,
    Category,
    Scope,
    Platform,
    Media,
    Logo,
    Image,
    Support,
    SoftwareType,
    Choice(&'static [&'static str]),
    List(&'static Ty),
    /// A list of at least one item.
    Some(&'static Ty),
    /// One value, or a list of at least one.
    OneOrMore(&'static Ty),
    Map(&'static [Field]),
    /// A mapping from language tags to mappings of these fields.
    Languages(&'static [Field]),
}

/// The texts whose length is limited.
#[derive(Clone, Copy)]
enum Limit {
    Generic,
    Short,
    Long,
    Feature,
}

/// Whether a key must be there.
#[derive(Clone, Copy)]
enum Need {
    Optional,
    Required,
    /// Mandatory before this version, optional from it.
    Before(Version),
}

/// A key of a section.
#[derive(Clone, Copy)]
struct Field {
    name: &'static str,
    need: Need,
    ty: Ty,
    /// The version that brought it.
    since: Version,
}

const fn field(name: &'static str, need: Need, ty: Ty) -> Field {
    let since = Version::V0_2;
    Field {
        name,
        need,
        ty,
        since,
    }
}

const fn opt(name: &'static str, ty: Ty) -> Field {
    field(name, Need::Optional, ty)
}

const fn req(name: &'static str, ty: Ty) -> Field {
    field(name, Need::Required, ty)
}

const fn since(version: Version, field: Field) -> Field {
    Field {
        since: version,
        ..field
    }
}

use Version::{V0_3, V0_5, V0_7};

const TOP_LEVEL: &[Field] = &[
    req("publiccodeYmlVersion", Ty::Text),
    req("name", Ty::Text),
    opt("applicationSuite", Ty::Text),
    req("url", Ty::Url),
    opt("landingURL", Ty::WebUrl),
    opt("isBasedOn", Ty::OneOrMore(&Ty::Url)),
    opt("softwareVersion", Ty::Text),
    opt("releaseDate", Ty::Date),
    opt("logo", Ty::Logo),
    opt("monochromeLogo", Ty::Logo),
    opt("inputTypes", Ty::List(&Ty::Media)),
    opt("outputTypes", Ty::List(&Ty::Media)),
    req("platforms", Ty::OneOrMore(&Ty::Platform)),
    field("categories", Need::Before(V0_5), Ty::Some(&Ty::Category)),
    opt("usedBy", Ty::List(&Ty::Text)),
    since(V0_5, opt("fundedBy", Ty::List(&Ty::Map(FUNDER)))),
    opt("roadmap", Ty::WebUrl),
    req("developmentStatus", Ty::Choice(DevelopmentStatus::NAMES)),
    req("softwareType", Ty::SoftwareType),
    since(V0_7, opt("supports", Ty::List(&Ty::Map(SUPPORT)))),
    since(V0_5, opt("organisation", Ty::Map(ORGANISATION))),
    opt("intendedAudience", Ty::Map(AUDIENCE)),
    req("description", Ty::Languages(DESCRIPTION)),
    req("legal", Ty::Map(LEGAL)),
    req("maintenance", Ty::Map(MAINTENANCE)),
    req("localisation", Ty::Map(LOCALISATION)),
    opt("dependsOn", Ty::Map(DEPENDS_ON)),
];

const FUNDER: &[Field] = &[req("name", Ty::Text), opt("uri", Ty::Uri)];
const SUPPORT: &[Field] = &[req("id", Ty::Support)];
const ORGANISATION: &[Field] = &[req("uri", Ty::Uri), opt("name", Ty::Text)];

const AUDIENCE: &[Field] = &[
    opt("scope", Ty::List(&Ty::Scope)),
    opt("countries", Ty::List(&Ty::Country)),
    opt("unsupportedCountries", Ty::List(&Ty::Country)),
];

/// `description.<lang>`; `longDescription` and `features` are mandatory in
/// at least one language ([`rules`]), not in each.
const DESCRIPTION: &[Field] = &[
    opt("localisedName", Ty::Text),
    field("genericName", Need::Before(V0_3), Ty::Sized(Limit::Generic)),
    req("shortDescription", Ty::Sized(Limit::Short)),
    opt("longDescription", Ty::Sized(Limit::Long)),
    opt("documentation", Ty::WebUrl),
    opt("apiDocumentation", Ty::WebUrl),
    opt("features", Ty::Some(&Ty::Sized(Limit::Feature))),
    opt("screenshots", Ty::List(&Ty::Image)),
    opt("videos", Ty::List(&Ty::WebUrl)),
    opt("awards", Ty::List(&Ty::Text)),
];

const LEGAL: &[Field] = &[
    req("license", Ty::Licence),
    opt("mainCopyrightOwner", Ty::Text),
    opt("repoOwner", Ty::Text),
    opt("authorsFile", Ty::Text),
];

/// `maintenance`; which of contractors and contacts the type asks for is
/// in [`rules`].
const MAINTENANCE: &[Field] = &[
    req("type", Ty::Choice(MaintenanceType::NAMES)),
    opt("contractors", Ty::List(&Ty::Map(CONTRACTOR))),
    opt("contacts", Ty::List(&Ty::Map(CONTACT))),
];

const CONTRACTOR: &[Field] = &[
    req("name", Ty::Text),
    req("until", Ty::Date),
    opt("email", Ty::Email),
    opt("website", Ty::WebUrl),
];

const CONTACT: &[Field] = &[
    req("name", Ty::Text),
    opt("email", Ty::Email),
    opt("phone", Ty::Text),
    opt("affiliation", Ty::Text),
];

const LOCALISATION: &[Field] = &[
    req("localisationReady", Ty::Bool),
    req("availableLanguages", Ty::Some(&Ty::Language)),
];

const DEPENDS_ON: &[Field] = &[
    opt("open", Ty::List(&Ty::Map(DEPENDENCY))),
    opt("proprietary", Ty::List(&Ty::Map(DEPENDENCY))),
    opt("hardware", Ty::List(&Ty::Map(DEPENDENCY))),
];

const DEPENDENCY: &[Field] = &[
    req("name", Ty::Text),
    opt("versionMin", Ty::Text),
    opt("versionMax", Ty::Text),
    opt("version", Ty::Text),
    opt("optional", Ty::Bool),
];

/// The predefined `platforms`; others are allowed.
const PLATFORMS: &[&str] = &["web", "windows", "mac", "linux", "ios", "android"];

/// Checks a document whose root is a mapping.
pub(super) fn document(c: &mut Checker, root: &Node) {
    if let Some(entries) = c.fields(root, "") {
        mapping(c, entries, root.at, "", TOP_LEVEL);
        rules::check(c, entries, root.at);
    }
}

/// The keys of a mapping at `key`, whose key starts at `at`.
fn mapping(c: &mut Checker, entries: &[Entry], at: Position, key: &str, fields: &[Field]) {
    keys(c, entries, key, fields);
    for field in fields {
        let path = join(key, field.name);
        let required = match field.need {
            Need::Optional => false,
            Need::Required => true,
            Need::Before(version) => c.version < version,
        };
        match get(entries, field.name) {
            Some(entry) => value(c, &entry.value, entry.at, &path, field.ty),
            None if required => c.missing(at, key, field.name, &field.ty.hint()),
            None => {}
        }
    }
}

/// Warns of keys the version does not define (misspelt, brought by a later
/// version, or extensions catalogues ignore) and of deprecated ones.
fn keys(c: &mut Checker, entries: &[Entry], key: &str, fields: &[Field]) {
    let version = c.version;
    for entry in entries {
        let name = entry.key.as_str();
        let field = fields.iter().find(|f| f.name.eq_ignore_ascii_case(name));
        let warning = match field {
            Some(f) if f.name != name => bad(
                format!("`{name}` is not a key; keys are case-sensitive"),
                format!("write `{}`", f.name),
            ),
            Some(f) if f.since > version => bad(
                format!(
                    "`{name}` came with version {}; this file declares {version}",
                    f.since
                ),
                format!(
                    "declare version \"{}\" or later, or remove the key",
                    f.since
                ),
            ),
            Some(_) => match deprecated(name, version) {
                Some(warning) => warning,
                None => continue,
            },
            None => match rules::country_section(key, name, version) {
                Some(Some(warning)) => warning,
                Some(None) => continue,
                None => bad(
                    format!("`{name}` is not a key of publiccode.yml {version}"),
                    "check its spelling: catalogues ignore keys the standard does not define",
                ),
            },
        };
        c.warn(entry.at, &join(key, name), warning);
    }
}

/// The warning for a key deprecated in `version`, if it is.
fn deprecated(name: &str, version: Version) -> Option<Bad> {
    let (since, fix) = match name {
        "monochromeLogo" => (V0_3, "remove it: `logo` is enough"),
        "inputTypes" | "outputTypes" | "genericName" => (V0_3, "remove it"),
        "authorsFile" => (Version::V0_4, "remove it"),
        "repoOwner" => (V0_5, "give the publisher as `organisation.name` instead"),
        _ => return None,
    };
    let message = format!("`{name}` is deprecated since {since}");
    (version >= since).then(|| bad(message, fix))
}

/// Checks a value against its type; `at` is where its key starts.
fn value(c: &mut Checker, node: &Node, at: Position, key: &str, ty: Ty) {
    // A mapping where one or more values go reads best as "not a list".
    let is_list = matches!(node.value, Value::List(_) | Value::Map(_));
    match ty {
        Ty::Map(fields) => {
            if let Some(entries) = c.fields(node, key) {
                mapping(c, entries, at, key, fields);
            }
        }
        Ty::Languages(fields) => languages(c, node, key, fields),
        Ty::List(item) => list(c, node, key, *item, false),
        Ty::Some(item) => list(c, node, key, *item, true),
        Ty::OneOrMore(item) if is_list => list(c, node, key, *item, true),
        Ty::OneOrMore(item) => value(c, node, at, key, *item),
        Ty::Bool => c.boolean(node, key),
        _ => {
            let Some(text) = c.text(node, key) else {
                return;
            };
            match scalar(c.version, ty, text) {
                Ok(warnings) => warnings.into_iter().for_each(|w| c.warn(node.at, key, w)),
                Err(error) => c.error(node.at, key, error),
            }
        }
    }
}

fn list(c: &mut Checker, node: &Node, key: &str, item: Ty, at_least_one: bool) {
    let Some(items) = c.list(node, key) else {
        return;
    };
    if at_least_one && items.is_empty() {
        let fix = format!("add {}, or remove the key if it is optional", item.hint());
        c.error(node.at, key, bad("the list is empty", fix));
    }
    for (i, node) in items.iter().enumerate() {
        value(c, node, node.at, &format!("{key}[{i}]"), item);
    }
}

/// `description`: a section per BCP 47 language tag.
fn languages(c: &mut Checker, node: &Node, key: &str, fields: &[Field]) {
    let Some(entries) = c.fields(node, key) else {
        return;
    };
    for entry in entries {
        let path = join(key, &entry.key);
        if let Err(error) = values::language(&entry.key) {
            c.error(entry.at, &path, error);
        }
        if let Some(inner) = c.fields(&entry.value, &path) {
            mapping(c, inner, entry.at, &path, fields);
        }
    }
}

/// A text's verdict under its type: warnings, or an error.
fn scalar(version: Version, ty: Ty, text: &str) -> Result<Vec<Bad>, Bad> {
    let verdict = match ty {
        Ty::Sized(limit) => {
            let (min, max) = match limit {
                Limit::Generic => (0, Some(35)),
                Limit::Short => (0, Some(150)),
                Limit::Long => (version.long_description_min(), Some(10_000)),
                Limit::Feature => (0, version.feature_max()),
            };
            values::length(text, min, max)
        }
        Ty::Url => values::url(text, false),
        Ty::WebUrl => values::url(text, true),
        Ty::Uri => values::uri(text),
        Ty::Date => values::date(text),
        Ty::Email => values::email(text),
        Ty::Language => values::language(text),
        Ty::Media => values::media_type(text),
        Ty::Logo => values::file_type(text, &["svg", "svgz", "png"], "an SVG, SVGZ or PNG"),
        Ty::Image => values::file_type(text, &["png", "jpg", "jpeg"], "a PNG or JPEG"),
        Ty::Licence => return values::licence(text),
        Ty::Country => return values::country(text, version).map(Vec::from_iter),
        Ty::Platform => return Ok(Vec::from_iter(platform(text))),
        Ty::Category => category(version, text),
        Ty::Scope if !vocab::is_scope(text) => Err(bad(
            format!("`{text}` is not in the list of scopes"),
            "pick scopes from https://yml.publiccode.tools/scope-list.html",
        )),
        Ty::Support => support(text),
        Ty::SoftwareType => software_type(text),
        Ty::Choice(allowed) => choice(text, allowed),
        _ => Ok(()),
    };
    verdict.map(|()| Vec::new())
}

/// A value from a closed list, compared case-sensitively.
fn choice(text: &str, allowed: &[&str]) -> Result<(), Bad> {
    if allowed.contains(&text) {
        return Ok(());
    }
    let fix = match allowed.iter().find(|a| a.eq_ignore_ascii_case(text)) {
        Some(right) => format!("write `{right}`: values are case-sensitive"),
        None => format!("write one of: {}", allowed.join(", ")),
    };
    Err(bad(format!("`{text}` is not an allowed value"), fix))
}

fn software_type(text: &str) -> Result<(), Bad> {
    let fix = match text {
        "standalone" => {
            "say which kind: standalone/mobile, standalone/iot, standalone/desktop, \
                         standalone/web, standalone/backend or standalone/other"
        }
        // The schema's prose said `softwareAddon` until 0.5; its list, `addon`.
        "softwareAddon" => "write `addon`",
        _ => return choice(text, SoftwareType::NAMES),
    };
    Err(bad(format!("`{text}` is not an allowed value"), fix))
}

/// A predefined platform written in another case is warned of; any other
/// name is allowed.
fn platform(text: &str) -> Option<Bad> {
    let right = PLATFORMS
        .iter()
        .find(|p| p.eq_ignore_ascii_case(text) && **p != text)?;
    let message = format!("`{text}` is the predefined platform `{right}` written differently");
    Some(bad(message, format!("write `{right}`")))
}

fn category(version: Version, text: &str) -> Result<(), Bad> {
    if vocab::is_category(version, text) {
        return Ok(());
    }
    Err(match vocab::category_since(text) {
        Some(since) => bad(
            format!("`{text}` is a category only since version {since}"),
            format!("declare version \"{since}\" or later, or pick another category"),
        ),
        None => bad(
            format!("`{text}` is not in the list of categories"),
            "pick categories from https://yml.publiccode.tools/categories-list.html",
        ),
    })
}

/// A `supports` id: `alias:<name>` from the list of aliases, or a URI.
fn support(text: &str) -> Result<(), Bad> {
    match text.strip_prefix("alias:") {
        Some(alias) if !vocab::is_alias(alias) => Err(bad(
            format!("`{alias}` is not in the list of aliases"),
            "use an alias from https://yml.publiccode.tools/aliases-list.html, or a URL",
        )),
        Some(_) => Ok(()),
        None => values::uri(text),
    }
}

impl Ty {
    /// What a missing key of this type should be given, for its fix.
    fn hint(self) -> String {
        let text = match self {
            Ty::Sized(Limit::Generic) => "the kind of software, such as \"Text Editor\"",
            Ty::Sized(Limit::Short) => "one sentence of up to 150 characters",
            Ty::Url | Ty::WebUrl => "a URL",
            Ty::Date => "a date written YYYY-MM-DD",
            Ty::Bool => "true or false",
            Ty::Licence => "an SPDX expression, such as EUPL-1.2",
            Ty::Language => "a language tag, such as en",
            Ty::Platform => "a platform: web, windows, mac, linux, ios or android",
            Ty::Category => "a category from https://yml.publiccode.tools/categories-list.html",
            Ty::Uri => "a URI (https://… or urn:…)",
            Ty::Support => "alias:<name> or a URL",
            Ty::Languages(_) => "a section per language, such as `en:`",
            Ty::SoftwareType => return format!("one of: {}", SoftwareType::NAMES.join(", ")),
            Ty::Choice(allowed) => return format!("one of: {}", allowed.join(", ")),
            Ty::List(item) | Ty::Some(item) | Ty::OneOrMore(item) => {
                return format!("a list of one or more items, each {}", item.hint())
            }
            Ty::Map(fields) => {
                let required = fields.iter().filter(|f| matches!(f.need, Need::Required));
                let names: Vec<_> = required.map(|f| format!("`{}:`", f.name)).collect();
                return format!("its keys {}", names.join(" and "));
            }
            _ => "its value",
        };
        text.to_owned()
    }
}
