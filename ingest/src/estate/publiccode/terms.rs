//! The standard's enumerated values that a [`super::Draft`] can carry; the
//! checks take their allowed values from here too.

macro_rules! terms {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $text:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
        }

        impl $name {
            /// Every value, in the standard's order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The value as written in publiccode.yml.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            /// The values as written, for the checks.
            pub(super) const NAMES: &'static [&'static str] = &[$($text,)+];
        }
    };
}

terms! {
    /// `developmentStatus`: how far the software has come.
    DevelopmentStatus {
        /// Just a concept; the repository may be a placeholder.
        Concept => "concept",
        /// Under development, not ready for end users.
        Development => "development",
        /// Being tested (alpha or beta).
        Beta => "beta",
        /// Released and ready for production.
        Stable => "stable",
        /// No longer maintained; kept for history.
        Obsolete => "obsolete",
    }
}

terms! {
    /// `softwareType`: what kind of software it is.
    SoftwareType {
        /// A native mobile application.
        StandaloneMobile => "standalone/mobile",
        /// Software for an IoT context.
        StandaloneIot => "standalone/iot",
        /// A desktop application.
        StandaloneDesktop => "standalone/desktop",
        /// A web application used through a browser.
        StandaloneWeb => "standalone/web",
        /// A backend application offering interfaces (APIs) to other services.
        StandaloneBackend => "standalone/backend",
        /// A standalone application of another kind.
        StandaloneOther => "standalone/other",
        /// A plugin, theme or other add-on to a larger software.
        Addon => "addon",
        /// A library or SDK for developers.
        Library => "library",
        /// Configuration files, scripts or playbooks rather than a program.
        ConfigurationFiles => "configurationFiles",
    }
}

terms! {
    /// `maintenance.type`: who keeps the software up.
    MaintenanceType {
        /// Maintained by the repository's owner.
        Internal => "internal",
        /// Maintained under a commercial contract.
        Contract => "contract",
        /// Maintained by people who give their time.
        Community => "community",
        /// Not actively maintained.
        None => "none",
    }
}
