//! The users file (`[auth] users`, written by `vigie users`): each
//! account's name, role and argon2id password hash.

use std::path::Path;

use serde::{Deserialize, Serialize};
use vigie_app::auth::Role;

/// The users file.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsersFile {
    /// The accounts.
    #[serde(default)]
    pub users: Vec<User>,
}

/// One account.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct User {
    /// The name to sign in with.
    pub name: String,
    /// `manager` or `admin`.
    pub role: Role,
    /// The password's argon2id hash (PHC string).
    pub password: String,
}

impl UsersFile {
    /// Reads the users file; a missing file has no accounts.
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        match std::fs::read_to_string(path) {
            Ok(text) => toml::from_str(&text)
                .map_err(|e| anyhow::anyhow!("invalid users file {}: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(anyhow::anyhow!(
                "cannot read the users file {}: {e}",
                path.display()
            )),
        }
    }

    /// Writes the file whole, readable by its owner only.
    pub fn save(&self, path: &Path) -> anyhow::Result<()> {
        let text = format!(
            "# Vigie's accounts, written by `vigie users`. Passwords are argon2id hashes.\n\n{}",
            toml::to_string(self)?
        );
        let partial = path.with_extension("toml.partial");
        {
            use std::io::Write;
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create(true).truncate(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut file = options
                .open(&partial)
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", partial.display()))?;
            file.write_all(text.as_bytes())?;
            file.sync_all()?;
        }
        std::fs::rename(&partial, path)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))
    }
}
