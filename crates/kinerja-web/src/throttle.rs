//! Throttling of password guesses (sign-in, and the current password on `/sandi`): in memory,
//! per server, bounded.
//!
//! - **The pair (login, address)**: after [`FREE`] failures, each further attempt of that login
//!   from that address waits; the wait doubles with every failure (10 s, 20 s, 40 s …) up to
//!   [`MAX_WAIT`]. Nothing is ever locked: the wait only grows, and a success clears it.
//! - **The address alone**: an address that fails [`ADDRESS_FREE`] times on any logins waits
//!   the same way — except for logins that signed in from it before ([`KNOWN_FOR`]), so one
//!   guesser behind an office's shared address does not keep the office's people out.
//! - A correct password from another address is never refused because of these guesses.
//! - Failures are forgotten [`FORGET`] after the last one. An admin sees the waits of their
//!   office's logins and clears them.
//!
//! Not `tower_governor`: it keys on request parts, and the pair needs the login from the body.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures of a pair before the first wait.
pub const FREE: u32 = 3;
/// Failures from one address, on any logins, before that address waits.
pub const ADDRESS_FREE: u32 = 30;
/// The first wait; each further failure doubles it.
pub const FIRST_WAIT: Duration = Duration::from_secs(10);
/// The longest wait.
pub const MAX_WAIT: Duration = Duration::from_secs(15 * 60);
/// Failures are forgotten this long after the last one.
pub const FORGET: Duration = Duration::from_secs(60 * 60);
/// A login that signed in from an address is not held by that address's waits for this long.
pub const KNOWN_FOR: Duration = Duration::from_secs(30 * 24 * 60 * 60);
/// The most entries of each kind kept (older ones are dropped first): memory stays bounded
/// however many logins and addresses a flood invents.
pub const MAX_ENTRIES: usize = 100_000;

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last: Instant,
}

impl Failures {
    /// When the next attempt may be made.
    fn until(&self, free: u32) -> Option<Instant> {
        if self.count < free {
            return None;
        }
        let doublings = (self.count - free).min(16);
        let wait = FIRST_WAIT.saturating_mul(1 << doublings).min(MAX_WAIT);
        Some(self.last + wait)
    }

    fn forgotten(&self, now: Instant) -> bool {
        now.saturating_duration_since(self.last) >= FORGET
    }
}

type Pair = (String, IpAddr);

#[derive(Default)]
struct Inner {
    pairs: HashMap<Pair, Failures>,
    addresses: HashMap<IpAddr, Failures>,
    known: HashMap<Pair, Instant>,
}

/// A pair that is waiting, as an admin sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    pub login: String,
    pub address: IpAddr,
    pub failures: u32,
    /// How long until the next attempt is accepted (zero: accepted now, failures still counted).
    pub wait: Duration,
}

#[derive(Default)]
pub struct Throttle {
    inner: Mutex<Inner>,
}

fn key(login: &str) -> String {
    login.trim().to_lowercase().chars().take(64).collect()
}

/// Keeps a map under [`MAX_ENTRIES`]: forgotten entries first, then the older half.
fn bound<K: Clone + Eq + std::hash::Hash>(map: &mut HashMap<K, Failures>, now: Instant) {
    if map.len() < MAX_ENTRIES {
        return;
    }
    map.retain(|_, f| !f.forgotten(now));
    if map.len() >= MAX_ENTRIES {
        let mut lasts: Vec<Instant> = map.values().map(|f| f.last).collect();
        lasts.sort_unstable();
        let cut = lasts[lasts.len() / 2];
        map.retain(|_, f| f.last > cut);
    }
}

impl Throttle {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// `Some(wait)` when an attempt of `login` from `address` must be refused now.
    pub fn refused(&self, login: &str, address: IpAddr) -> Option<Duration> {
        self.refused_at(login, address, Instant::now())
    }

    pub(crate) fn refused_at(&self, login: &str, address: IpAddr, now: Instant) -> Option<Duration> {
        let inner = self.lock();
        let pair = (key(login), address);
        let mut until = inner
            .pairs
            .get(&pair)
            .filter(|f| !f.forgotten(now))
            .and_then(|f| f.until(FREE));
        let known = inner
            .known
            .get(&pair)
            .is_some_and(|at| now.saturating_duration_since(*at) < KNOWN_FOR);
        if !known
            && let Some(a) = inner
                .addresses
                .get(&address)
                .filter(|f| !f.forgotten(now))
                .and_then(|f| f.until(ADDRESS_FREE))
        {
            until = Some(until.map_or(a, |u| u.max(a)));
        }
        until.map(|u| u.saturating_duration_since(now)).filter(|w| !w.is_zero())
    }

    /// Counts a failed attempt.
    pub fn failed(&self, login: &str, address: IpAddr) {
        self.failed_at(login, address, Instant::now());
    }

    pub(crate) fn failed_at(&self, login: &str, address: IpAddr, now: Instant) {
        let mut guard = self.lock();
        let inner = &mut *guard;
        let fresh = Failures { count: 0, last: now };
        for count in [
            inner.pairs.entry((key(login), address)).or_insert(fresh),
            inner.addresses.entry(address).or_insert(fresh),
        ] {
            if count.forgotten(now) {
                count.count = 0;
            }
            count.count = count.count.saturating_add(1);
            count.last = now;
        }
        bound(&mut inner.pairs, now);
        bound(&mut inner.addresses, now);
    }

    /// A correct password: the pair's failures end, and the login is known at the address.
    pub fn succeeded(&self, login: &str, address: IpAddr) {
        let now = Instant::now();
        let mut inner = self.lock();
        let pair = (key(login), address);
        inner.pairs.remove(&pair);
        if inner.known.len() >= MAX_ENTRIES {
            inner
                .known
                .retain(|_, at| now.saturating_duration_since(*at) < KNOWN_FOR);
            if inner.known.len() >= MAX_ENTRIES {
                inner.known.clear();
            }
        }
        inner.known.insert(pair, now);
    }

    /// The pairs of `logins` with failures not yet forgotten.
    pub fn waiting(&self, logins: &[&str]) -> Vec<Waiting> {
        let now = Instant::now();
        let wanted: Vec<String> = logins.iter().map(|l| key(l)).collect();
        let inner = self.lock();
        let mut out: Vec<Waiting> = inner
            .pairs
            .iter()
            .filter(|((login, _), f)| !f.forgotten(now) && wanted.contains(login))
            .map(|((login, address), f)| Waiting {
                login: login.clone(),
                address: *address,
                failures: f.count,
                wait: f
                    .until(FREE)
                    .map(|u| u.saturating_duration_since(now))
                    .unwrap_or_default(),
            })
            .collect();
        out.sort_by(|a, b| (&a.login, a.address).cmp(&(&b.login, b.address)));
        out
    }

    /// Ends the waits of `login` (an admin's decision): its pairs' failures are dropped and the
    /// login is known at those addresses, so their addresses' waits no longer hold it either.
    /// Returns how many pairs were cleared.
    pub fn clear(&self, login: &str) -> usize {
        let now = Instant::now();
        let wanted = key(login);
        let mut inner = self.lock();
        let cleared: Vec<Pair> = inner.pairs.keys().filter(|(l, _)| *l == wanted).cloned().collect();
        for pair in &cleared {
            inner.pairs.remove(pair);
            inner.known.insert(pair.clone(), now);
        }
        cleared.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn a_pair_waits_longer_after_each_failure_and_is_never_locked() {
        let t = Throttle::default();
        let start = Instant::now();
        let (a, b) = (ip("10.0.0.1"), ip("10.0.0.2"));
        for n in 0..FREE {
            assert_eq!(t.refused_at("Operator", a, start), None, "failure {n} is free");
            t.failed_at("operator", a, start);
        }
        // Third failure: 10 s; then 20 s, 40 s … up to 15 minutes.
        assert_eq!(t.refused_at("operator", a, start), Some(Duration::from_secs(10)));
        assert_eq!(t.refused_at("operator", a, start + Duration::from_secs(10)), None);
        t.failed_at("operator", a, start + Duration::from_secs(10));
        assert_eq!(
            t.refused_at("operator", a, start + Duration::from_secs(10)),
            Some(Duration::from_secs(20))
        );
        for n in 0..20u64 {
            t.failed_at("operator", a, start + Duration::from_secs(20 + n));
        }
        assert_eq!(
            t.refused_at("operator", a, start + Duration::from_secs(39)),
            Some(MAX_WAIT),
            "capped"
        );
        // The right user from another address is not held by someone else's guesses.
        assert_eq!(t.refused_at("operator", b, start + Duration::from_secs(39)), None);
        // Forgotten an hour after the last failure.
        assert_eq!(
            t.refused_at("operator", a, start + Duration::from_secs(39) + FORGET),
            None
        );
        // A success ends the pair's wait.
        t.succeeded("operator", a);
        assert_eq!(t.refused("operator", a), None);
    }

    #[test]
    fn an_address_guessing_many_logins_waits_but_people_known_there_do_not() {
        let t = Throttle::default();
        let now = Instant::now();
        let office = ip("192.0.2.1");
        t.succeeded("kasubbag", office);
        for n in 0..ADDRESS_FREE {
            t.failed_at(&format!("tebakan{n}"), office, now);
        }
        assert_eq!(t.refused_at("orang.baru", office, now), Some(FIRST_WAIT));
        assert_eq!(t.refused_at("kasubbag", office, now), None, "signed in here before");
        assert_eq!(t.refused_at("orang.baru", ip("192.0.2.2"), now), None);
    }

    #[test]
    fn admins_see_and_clear_the_waits_of_their_logins() {
        let t = Throttle::default();
        let now = Instant::now();
        for _ in 0..5 {
            t.failed_at("operator", ip("10.0.0.1"), now);
            t.failed_at("lain", ip("10.0.0.1"), now);
        }
        let w = t.waiting(&["OPERATOR"]);
        assert_eq!(w.len(), 1);
        assert_eq!((w[0].login.as_str(), w[0].failures), ("operator", 5));
        assert!(w[0].wait > Duration::from_secs(30));
        assert_eq!(t.clear("operator"), 1);
        assert_eq!(t.refused("operator", ip("10.0.0.1")), None);
        assert!(t.refused("lain", ip("10.0.0.1")).is_some());
    }

    #[test]
    fn memory_stays_bounded_under_a_flood_of_invented_logins() {
        let t = Throttle::default();
        let now = Instant::now();
        for n in 0..(MAX_ENTRIES + 10) as u32 {
            t.failed_at(
                &format!("x{n}"),
                IpAddr::from(n.to_be_bytes()),
                now + Duration::from_millis(n.into()),
            );
        }
        let inner = t.lock();
        assert!(inner.pairs.len() <= MAX_ENTRIES, "{}", inner.pairs.len());
        assert!(inner.addresses.len() <= MAX_ENTRIES);
    }
}
