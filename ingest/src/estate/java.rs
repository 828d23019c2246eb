//! Which enterprise API a Java source file is written against: Java EE's
//! `javax.*` packages (Lutece before core 8) or Jakarta EE's `jakarta.*`
//! (core 8). Only the packages Jakarta EE renamed count: `javax.crypto`,
//! `javax.sql` and the other Java SE packages kept their names.

/// The `javax.` packages Jakarta EE 9 renamed to `jakarta.` (the Jakarta
/// EE 9 specifications' list; `javax.annotation.processing` is Java SE).
const RENAMED: [&str; 28] = [
    "activation",
    "annotation",
    "batch",
    "decorator",
    "ejb",
    "el",
    "enterprise",
    "faces",
    "inject",
    "interceptor",
    "jms",
    "json",
    "jws",
    "mail",
    "mvc",
    "persistence",
    "resource",
    "security.auth.message",
    "security.enterprise",
    "security.jacc",
    "servlet",
    "transaction",
    "validation",
    "websocket",
    "ws.rs",
    "xml.bind",
    "xml.soap",
    "xml.ws",
];

/// The enterprise API a file imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnterpriseApi {
    /// Java EE's `javax.*` only.
    Javax,
    /// Jakarta EE's `jakarta.*` only.
    Jakarta,
    /// Both (a file half-way through the move).
    Both,
}

impl EnterpriseApi {
    /// `javax`, `jakarta` or `both`, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Javax => "javax",
            Self::Jakarta => "jakarta",
            Self::Both => "both",
        }
    }

    /// The API stored as `name`.
    pub fn parse(name: &str) -> Option<Self> {
        [Self::Javax, Self::Jakarta, Self::Both]
            .into_iter()
            .find(|a| a.as_str() == name)
    }
}

/// The enterprise API `source` imports, if any. Reads `import` lines
/// (static ones too) up to the first type declaration.
pub fn enterprise_api(source: &str) -> Option<EnterpriseApi> {
    let (mut javax, mut jakarta) = (false, false);
    for line in source.lines() {
        let line = line.trim_start();
        let Some(rest) = line.strip_prefix("import ") else {
            if starts_a_type(line) {
                break;
            }
            continue;
        };
        let name = rest
            .trim_start()
            .strip_prefix("static ")
            .unwrap_or(rest)
            .trim_start();
        if name.starts_with("jakarta.") {
            jakarta = true;
        } else if let Some(package) = name.strip_prefix("javax.") {
            javax |= RENAMED.iter().any(|renamed| {
                package
                    .strip_prefix(renamed)
                    .is_some_and(|after| after.starts_with('.'))
            }) && !package.starts_with("annotation.processing.");
        }
    }
    match (javax, jakarta) {
        (true, true) => Some(EnterpriseApi::Both),
        (true, false) => Some(EnterpriseApi::Javax),
        (false, true) => Some(EnterpriseApi::Jakarta),
        (false, false) => None,
    }
}

/// Whether a line begins a class, interface, enum or record (imports come
/// before it).
fn starts_a_type(line: &str) -> bool {
    let words = line.split_whitespace();
    for word in words {
        match word {
            "public" | "final" | "abstract" | "sealed" | "non-sealed" | "strictfp" => continue,
            "class" | "interface" | "enum" | "record" | "@interface" => return true,
            _ => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn servlet_imports_are_javax_or_jakarta() {
        let old = "package a;\nimport javax.servlet.http.HttpServletRequest;\npublic class A {}";
        let new = "package a;\nimport jakarta.servlet.http.HttpServletRequest;\npublic class A {}";
        assert_eq!(enterprise_api(old), Some(EnterpriseApi::Javax));
        assert_eq!(enterprise_api(new), Some(EnterpriseApi::Jakarta));
    }

    #[test]
    fn java_se_packages_named_javax_do_not_count() {
        let se = "import javax.crypto.Cipher;\nimport javax.sql.DataSource;\n\
                  import javax.annotation.processing.Processor;\nclass A {}";
        assert_eq!(enterprise_api(se), None);
    }

    #[test]
    fn a_file_importing_both_is_half_way() {
        let both =
            "import static javax.persistence.Persistence.x;\nimport jakarta.inject.Inject;\n";
        assert_eq!(enterprise_api(both), Some(EnterpriseApi::Both));
    }

    #[test]
    fn text_after_the_type_declaration_is_not_read() {
        let late = "public final class A {\n  String s = \"\nimport javax.servlet.X;\";\n}";
        assert_eq!(enterprise_api(late), None);
    }

    #[test]
    fn a_package_that_merely_starts_like_a_renamed_one_does_not_count() {
        assert_eq!(enterprise_api("import javax.elementary.X;\n"), None);
        assert_eq!(
            enterprise_api("import javax.el.ELContext;\n"),
            Some(EnterpriseApi::Javax)
        );
    }
}
