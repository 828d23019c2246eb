//! Sign-in limits: failed sign-ins are counted per account and per client
//! address (an IPv6 one by its /64 network); past `[auth] login_attempts`
//! in 15 minutes further attempts are refused. An attempt counts while it
//! is checked, and only a failure stays counted.

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

/// How long failed sign-ins are remembered.
const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);

/// The sign-in attempts of one account or one address.
#[derive(Debug, Default)]
pub(super) struct Attempts {
    /// When each failed, within [`FAILURE_WINDOW`], oldest first.
    pub(super) failed: Vec<Instant>,
    /// How many are being checked now.
    pub(super) checking: u32,
}

/// The key an account's attempts are counted under, whatever the case
/// and spaces it is typed with.
pub(super) fn account_key(name: &str) -> String {
    format!("account {}", name.trim().to_lowercase())
}

/// The key a client address's attempts are counted under: an IPv4
/// address as it is (also when a dual-stack listener sees it as
/// `::ffff:a.b.c.d`), an IPv6 address by its /64 network, the block one
/// household or server is given: counted address by address, one client
/// could try 2^64 times as often.
pub(super) fn address_key(from: IpAddr) -> String {
    match from.to_canonical() {
        IpAddr::V4(v4) => format!("address {v4}"),
        IpAddr::V6(v6) => {
            let [a, b, c, d, ..] = v6.segments();
            let network = std::net::Ipv6Addr::new(a, b, c, d, 0, 0, 0, 0);
            format!("address {network}/64")
        }
    }
}

/// How long until one of `keys` may try again, if its failures and the
/// attempts being checked reach its limit (forgetting failures older than
/// the window).
pub(super) fn limited(
    attempts: &mut HashMap<String, Attempts>,
    keys: &[(String, u32)],
) -> Option<Duration> {
    let now = Instant::now();
    attempts.retain(|_, counted| {
        counted
            .failed
            .retain(|t| now.duration_since(*t) < FAILURE_WINDOW);
        !counted.failed.is_empty() || counted.checking > 0
    });
    keys.iter()
        .filter_map(|(key, limit)| Some((attempts.get(key)?, *limit)))
        .filter(|(counted, limit)| {
            counted.failed.len() + counted.checking as usize >= *limit as usize
        })
        .map(|(counted, _)| match counted.failed.first() {
            Some(first) => FAILURE_WINDOW.saturating_sub(now.duration_since(*first)),
            // Only attempts being checked fill the limit: in a moment.
            None => Duration::from_secs(1),
        })
        .max()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use vigie_app::auth::Role;

    use super::*;
    use crate::auth::sessions::Refused;
    use crate::auth::test_support::{auth_with, auth_with_defaults, HOME};

    #[test]
    fn attempts_sent_together_cannot_pass_the_limit() {
        let (_dir, auth) = auth_with(&[("ana", Role::Admin, "s3cret-pass")]);
        let auth = Arc::new(auth);
        let refused: usize = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..8)
                .map(|i| {
                    let auth = Arc::clone(&auth);
                    scope.spawn(move || auth.sign_in("ana", &format!("guess {i}"), HOME))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap())
                .filter(|r| matches!(r, Err(Refused::Limited(_))))
                .count()
        });
        // Three may be checked (the limit); the other five are refused
        // before any check.
        assert_eq!(refused, 5);
    }

    #[test]
    fn failures_are_limited_per_account_and_address() {
        let (_dir, auth) = auth_with(&[("ana", Role::Admin, "s3cret-pass")]);
        for _ in 0..3 {
            assert_eq!(
                auth.sign_in("ana", "guess", HOME).unwrap_err(),
                Refused::Wrong
            );
        }
        // Even the right password is refused now, from anywhere.
        let elsewhere = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 9));
        assert!(matches!(
            auth.sign_in("ana", "s3cret-pass", elsewhere),
            Err(Refused::Limited(wait)) if wait > Duration::from_secs(800)
        ));
        // Unknown accounts count too, and are refused like wrong passwords.
        assert_eq!(
            auth.sign_in("nobody", "x", elsewhere).unwrap_err(),
            Refused::Wrong
        );
        // An address may try other accounts, but only four times the limit.
        assert!(
            auth.sign_in("ana", "s3cret-pass", HOME).is_err(),
            "ana is still limited"
        );
        // 3 failures so far from HOME; the address limit is 12.
        for i in 0..9 {
            assert_eq!(
                auth.sign_in(&format!("user{i}"), "x", HOME).unwrap_err(),
                Refused::Wrong
            );
        }
        assert!(matches!(
            auth.sign_in("someone", "x", HOME),
            Err(Refused::Limited(_))
        ));
    }

    #[test]
    fn successful_sign_ins_are_never_counted_as_failures() {
        let (_dir, auth) = auth_with_defaults(&[("ana", Role::Manager, "s3cret-pass")]);
        // Many more than `login_attempts` (5) and than the address's limit
        // (20), from one address, as a reader signing in all day would.
        for i in 0..25 {
            assert!(
                auth.sign_in("ana", "s3cret-pass", HOME).is_ok(),
                "sign-in {} was refused",
                i + 1
            );
        }
        // A mistake or two between them are not enough to lock out either.
        for _ in 0..4 {
            assert_eq!(
                auth.sign_in("ana", "typo", HOME).unwrap_err(),
                Refused::Wrong
            );
            assert!(auth.sign_in("ana", "s3cret-pass", HOME).is_ok());
        }
        assert!(matches!(
            auth.sign_in("ana", "typo", HOME),
            Err(Refused::Wrong)
        ));
        // The fifth failure in the window is the last one checked.
        assert!(matches!(
            auth.sign_in("ana", "s3cret-pass", HOME),
            Err(Refused::Limited(_))
        ));
    }

    #[test]
    fn an_address_is_counted_as_the_client_it_stands_for() {
        let key = |a: &str| address_key(a.parse().unwrap());
        assert_eq!(key("192.0.2.7"), "address 192.0.2.7");
        // An IPv4 client of a dual-stack listener.
        assert_eq!(key("::ffff:192.0.2.7"), "address 192.0.2.7");
        // One IPv6 client has a whole /64 to choose its addresses from.
        assert_eq!(key("2001:db8:1:2:aaaa::1"), "address 2001:db8:1:2::/64");
        assert_eq!(key("2001:db8:1:2:bbbb:4:3:9"), "address 2001:db8:1:2::/64");
        assert_ne!(key("2001:db8:1:3::1"), key("2001:db8:1:2::1"));
        assert_eq!(account_key("  Ana "), account_key("ana"));
    }

    #[test]
    fn a_client_changing_its_ipv6_address_is_still_limited() {
        let (_dir, auth) = auth_with(&[]);
        // The address limit is four times `login_attempts` (3): 12.
        for i in 0..12 {
            let from: IpAddr = format!("2001:db8:7:7::{:x}", i + 1).parse().unwrap();
            assert_eq!(
                auth.sign_in(&format!("user{i}"), "x", from).unwrap_err(),
                Refused::Wrong
            );
        }
        let another: IpAddr = "2001:db8:7:7:ffff::1".parse().unwrap();
        assert!(matches!(
            auth.sign_in("someone", "x", another),
            Err(Refused::Limited(_))
        ));
        let elsewhere: IpAddr = "2001:db8:7:8::1".parse().unwrap();
        assert_eq!(
            auth.sign_in("someone", "x", elsewhere).unwrap_err(),
            Refused::Wrong
        );
    }
}
