//! `vigie users`: the accounts of community managers and administrators,
//! in the users file (`[auth] users`). Passwords are read from the
//! `VIGIE_PASSWORD` environment variable or standard input, never from the
//! command line (where other users of the machine could see them), and
//! stored as argon2id hashes.

use std::io::BufRead;
use std::process::ExitCode;

use clap::Subcommand;
use vigie_app::auth::Role;

use crate::auth::{hash_password, User, UsersFile};
use crate::config::Config;

/// The shortest password accepted.
const MIN_PASSWORD: usize = 10;

/// What to do with the accounts.
#[derive(Debug, Subcommand)]
pub enum Action {
    /// List the accounts and their roles.
    List,
    /// Add an account, or set its role and password.
    Add {
        /// The name to sign in with.
        name: String,
        /// `manager` (sees contributors) or `admin` (also manages the
        /// service).
        #[arg(long, value_parser = parse_role)]
        role: Role,
    },
    /// Remove an account.
    Remove {
        /// The account's name.
        name: String,
    },
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text).ok_or_else(|| format!("“{text}” is not a role: manager or admin"))
}

/// The password: `VIGIE_PASSWORD`, else the first line of standard input.
fn read_password() -> anyhow::Result<String> {
    if let Ok(password) = std::env::var("VIGIE_PASSWORD") {
        return Ok(password);
    }
    if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        eprintln!("Password (at least {MIN_PASSWORD} characters; it will be shown as typed):");
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

/// Lists, adds, changes or removes an account in the users file.
pub fn run(config: &Config, action: Action) -> anyhow::Result<ExitCode> {
    let path = &config.auth.users;
    let mut file = UsersFile::load(path)?;
    match action {
        Action::List => {
            if file.users.is_empty() {
                println!(
                    "No accounts in {}: add one with `vigie users add NAME --role admin`.",
                    path.display()
                );
            }
            for user in &file.users {
                println!("{}\t{}", user.name, user.role.key());
            }
        }
        Action::Add { name, role } => {
            let name = name.trim().to_owned();
            if name.is_empty() || name.chars().any(char::is_control) || name.len() > 64 {
                anyhow::bail!("an account name is 1 to 64 printable characters");
            }
            let password = read_password()?;
            if password.chars().count() < MIN_PASSWORD {
                anyhow::bail!(
                    "the password is too short: at least {MIN_PASSWORD} characters \
                     (set VIGIE_PASSWORD or type it on standard input)"
                );
            }
            let user = User {
                name: name.clone(),
                role,
                password: hash_password(&password)?,
            };
            let verb = match file.users.iter_mut().find(|u| u.name == name) {
                Some(existing) => {
                    *existing = user;
                    "Updated"
                }
                None => {
                    file.users.push(user);
                    "Added"
                }
            };
            file.save(path)?;
            println!(
                "{verb} {name} ({}) in {}. A running `vigie serve` takes it at the next sign-in.",
                role.key(),
                path.display()
            );
        }
        Action::Remove { name } => {
            let name = name.trim();
            let before = file.users.len();
            file.users.retain(|u| u.name != name);
            if file.users.len() == before {
                anyhow::bail!("there is no account named “{name}” in {}", path.display());
            }
            file.save(path)?;
            println!("Removed {name}; their sessions end at once.");
        }
    }
    Ok(ExitCode::SUCCESS)
}
