//! Which files of a tree matter, and for what: the build (poms), the
//! community files an OSPO looks for, the catalogue's `publiccode.yml`,
//! continuous integration and dependency bots, translations, Java sources.
//! Decided from the path alone (docs/estate.md lists the names).

/// What a file is to the estate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// A Maven `pom.xml`, at the root or in a module.
    Pom,
    /// `README*` at the root.
    Readme,
    /// `LICENSE*`, `LICENCE*`, `COPYING*` at the root.
    Licence,
    /// `CONTRIBUTING*` at the root, in `.github/` or `docs/`.
    Contributing,
    /// `CODE_OF_CONDUCT*`, same places.
    CodeOfConduct,
    /// `SECURITY*`, same places.
    Security,
    /// `CHANGELOG*`, `CHANGES*`, `HISTORY*`, `NEWS*` at the root.
    Changelog,
    /// `AUTHORS*` at the root.
    Authors,
    /// An image named `logo*` (`.png`, `.svg`, `.jpg`, `.jpeg`, `.gif`,
    /// `.webp`) at the root or in `docs/`, `.github/`, `.gitlab/`,
    /// `assets/`, `images/`, `img/`: a guess from the name alone.
    Logo,
    /// `GOVERNANCE*`, same places as CONTRIBUTING.
    Governance,
    /// `ROADMAP*`, same places.
    Roadmap,
    /// `publiccode.yml` (or `.yaml`) at the root.
    Publiccode,
    /// A workflow or other file under `.github/`.
    Github,
    /// `.gitlab-ci.yml` at the root.
    GitlabCi,
    /// A Dependabot or Renovate configuration.
    DependencyBot,
    /// A translation: `…_messages_xx.properties` (`xx` a language code,
    /// optionally `_XX` a country).
    I18n,
    /// A Java source file (read for its `javax.*` and `jakarta.*` imports).
    Java,
}

impl Role {
    /// Every role, in the order pages list them.
    pub const ALL: [Role; 17] = [
        Role::Pom,
        Role::Readme,
        Role::Licence,
        Role::Contributing,
        Role::CodeOfConduct,
        Role::Security,
        Role::Changelog,
        Role::Authors,
        Role::Logo,
        Role::Governance,
        Role::Roadmap,
        Role::Publiccode,
        Role::Github,
        Role::GitlabCi,
        Role::DependencyBot,
        Role::I18n,
        Role::Java,
    ];

    /// The name stored and shown in downloads (`code-of-conduct`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Pom => "pom",
            Role::Readme => "readme",
            Role::Licence => "licence",
            Role::Contributing => "contributing",
            Role::CodeOfConduct => "code-of-conduct",
            Role::Security => "security",
            Role::Changelog => "changelog",
            Role::Authors => "authors",
            Role::Logo => "logo",
            Role::Governance => "governance",
            Role::Roadmap => "roadmap",
            Role::Publiccode => "publiccode",
            Role::Github => "github",
            Role::GitlabCi => "gitlab-ci",
            Role::DependencyBot => "dependency-bot",
            Role::I18n => "i18n",
            Role::Java => "java",
        }
    }

    /// The role stored as `name`.
    pub fn parse(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == name)
    }

    /// Whether the file's text is kept in the store (community files,
    /// poms, configurations), not only its presence.
    pub fn keeps_text(self) -> bool {
        !matches!(self, Role::Github | Role::I18n | Role::Java | Role::Logo)
    }
}

/// The role of the file at `path` (from the repository's root, with `/`),
/// if it has one.
pub fn role_of(path: &str) -> Option<Role> {
    let (folder, file) = path.rsplit_once('/').unwrap_or(("", path));
    let lower = file.to_ascii_lowercase();
    let stem = lower.split('.').next().unwrap_or_default();
    if file == "pom.xml" {
        return Some(Role::Pom);
    }
    if lower.ends_with(".java") {
        return Some(Role::Java);
    }
    if lower.ends_with(".properties") && language_of(&lower).is_some() {
        return Some(Role::I18n);
    }
    if folder.is_empty() && lower == ".gitlab-ci.yml" {
        return Some(Role::GitlabCi);
    }
    if is_dependency_bot(folder, &lower) {
        return Some(Role::DependencyBot);
    }
    if is_logo(folder, &lower) {
        return Some(Role::Logo);
    }
    let community_place = matches!(folder, "" | ".github" | "docs" | ".gitlab");
    let community = match stem {
        "contributing" => Some(Role::Contributing),
        "code_of_conduct" | "code-of-conduct" => Some(Role::CodeOfConduct),
        "security" => Some(Role::Security),
        "governance" => Some(Role::Governance),
        "roadmap" => Some(Role::Roadmap),
        _ => None,
    };
    if let (true, Some(role)) = (community_place, community) {
        return Some(role);
    }
    if folder.is_empty() {
        let root = match stem {
            "readme" => Some(Role::Readme),
            "license" | "licence" | "copying" => Some(Role::Licence),
            "changelog" | "changes" | "history" | "news" => Some(Role::Changelog),
            "authors" => Some(Role::Authors),
            "publiccode" if lower.ends_with(".yml") || lower.ends_with(".yaml") => {
                Some(Role::Publiccode)
            }
            _ => None,
        };
        if root.is_some() {
            return root;
        }
    }
    (folder == ".github" || folder.starts_with(".github/")).then_some(Role::Github)
}

/// Dependabot (`.github/dependabot.yml`) or Renovate (`renovate.json`,
/// `.renovaterc`, in the root, `.github/` or `.gitlab/`).
fn is_dependency_bot(folder: &str, lower: &str) -> bool {
    let places = matches!(folder, "" | ".github" | ".gitlab");
    (folder == ".github" && (lower == "dependabot.yml" || lower == "dependabot.yaml"))
        || (places
            && (lower == "renovate.json"
                || lower == "renovate.json5"
                || lower.starts_with(".renovaterc")))
}

/// An image whose name starts with `logo`, where projects keep theirs.
fn is_logo(folder: &str, lower: &str) -> bool {
    const IMAGES: [&str; 6] = [".png", ".svg", ".jpg", ".jpeg", ".gif", ".webp"];
    let places = matches!(
        folder,
        "" | "docs" | ".github" | ".gitlab" | "assets" | "images" | "img"
    );
    places && lower.starts_with("logo") && IMAGES.iter().any(|ext| lower.ends_with(ext))
}

/// The language of a translation file: `x_messages_fr.properties` → `fr`,
/// `x_messages_pt_BR.properties` → `pt-BR` (lower-cased name given).
pub fn language_of(lower_file: &str) -> Option<String> {
    let stem = lower_file.strip_suffix(".properties")?;
    let (_, after) = stem.rsplit_once("_messages_")?;
    let mut parts = after.split('_');
    let language = parts.next()?;
    let country = parts.next();
    if parts.next().is_some()
        || !(2..=3).contains(&language.len())
        || !language.bytes().all(|b| b.is_ascii_lowercase())
    {
        return None;
    }
    match country {
        None => Some(language.to_owned()),
        Some(c) if c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic()) => {
            Some(format!("{language}-{}", c.to_ascii_uppercase()))
        }
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn community_files_count_at_the_root_and_in_github_or_docs_only() {
        assert_eq!(role_of("README.md"), Some(Role::Readme));
        assert_eq!(role_of("LICENSE.txt"), Some(Role::Licence));
        assert_eq!(role_of("COPYING"), Some(Role::Licence));
        assert_eq!(role_of(".github/CONTRIBUTING.md"), Some(Role::Contributing));
        assert_eq!(
            role_of("docs/CODE_OF_CONDUCT.md"),
            Some(Role::CodeOfConduct)
        );
        assert_eq!(role_of("src/README.md"), None);
        assert_eq!(role_of("webapp/LICENSE.txt"), None);
    }

    #[test]
    fn authors_and_logos_count_where_catalogues_look_for_them() {
        assert_eq!(role_of("AUTHORS.md"), Some(Role::Authors));
        assert_eq!(role_of("AUTHORS"), Some(Role::Authors));
        assert_eq!(role_of("docs/AUTHORS.md"), None);
        assert_eq!(role_of("NEWS"), Some(Role::Changelog));
        assert_eq!(role_of("logo.svg"), Some(Role::Logo));
        assert_eq!(role_of("docs/logo-dark.png"), Some(Role::Logo));
        assert_eq!(role_of(".github/Logo.PNG"), Some(Role::Logo));
        assert_eq!(role_of("logo.txt"), None);
        // A plugin's own images are not the project's logo.
        assert_eq!(role_of("webapp/images/admin/logo.png"), None);
    }

    #[test]
    fn poms_count_in_every_module() {
        assert_eq!(role_of("pom.xml"), Some(Role::Pom));
        assert_eq!(role_of("module-a/pom.xml"), Some(Role::Pom));
        assert_eq!(role_of("src/test/resources/pom.xml.template"), None);
    }

    #[test]
    fn ci_bots_and_the_catalogue_file_are_found() {
        assert_eq!(role_of(".gitlab-ci.yml"), Some(Role::GitlabCi));
        assert_eq!(role_of("publiccode.yml"), Some(Role::Publiccode));
        assert_eq!(role_of(".github/dependabot.yml"), Some(Role::DependencyBot));
        assert_eq!(role_of("renovate.json"), Some(Role::DependencyBot));
        assert_eq!(role_of(".github/workflows/build.yml"), Some(Role::Github));
    }

    #[test]
    fn translations_give_their_language() {
        let path = "src/java/fr/paris/lutece/plugins/blog/resources/blog_messages_fr.properties";
        assert_eq!(role_of(path), Some(Role::I18n));
        assert_eq!(
            language_of("blog_messages_fr.properties").as_deref(),
            Some("fr")
        );
        assert_eq!(
            language_of("blog_messages_pt_br.properties").as_deref(),
            Some("pt-BR")
        );
        assert_eq!(language_of("blog_messages.properties"), None);
        assert_eq!(role_of("src/conf/config.properties"), None);
    }

    #[test]
    fn every_role_is_stored_under_a_name_it_is_read_back_from() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
    }
}
