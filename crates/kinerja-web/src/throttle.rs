//! Sign-in throttling per login and per address: after too many failures within a window, further
//! attempts are refused until the oldest failure leaves the window. In memory, per server.
//!
//! Not `tower_governor`: it keys on request parts, and the per-user limit needs the login from the
//! form body; one limiter keyed by both covers both.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct Throttle {
    window: Duration,
    per_login: usize,
    per_address: usize,
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl Throttle {
    /// 5 failures per login and 20 per address within 15 minutes.
    pub fn standard() -> Self {
        Throttle {
            window: Duration::from_secs(15 * 60),
            per_login: 5,
            per_address: 20,
            failures: Mutex::new(HashMap::new()),
        }
    }

    fn keys(login: &str, address: &str) -> [(String, bool); 2] {
        [
            (format!("login:{}", login.trim().to_lowercase()), true),
            (format!("address:{address}"), false),
        ]
    }

    /// `Some(wait)` when an attempt must be refused now.
    pub fn refused(&self, login: &str, address: &str) -> Option<Duration> {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let mut wait = None;
        for (key, is_login) in Self::keys(login, address) {
            let limit = if is_login { self.per_login } else { self.per_address };
            if let Some(list) = map.get_mut(&key) {
                while list.front().is_some_and(|t| now.duration_since(*t) >= self.window) {
                    list.pop_front();
                }
                if list.len() >= limit {
                    let until = list
                        .front()
                        .map(|t| self.window.saturating_sub(now.duration_since(*t)))
                        .unwrap_or_default();
                    wait = Some(wait.map_or(until, |w: Duration| w.max(until)));
                }
            }
        }
        wait
    }

    pub fn failed(&self, login: &str, address: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        for (key, _) in Self::keys(login, address) {
            map.entry(key).or_default().push_back(Instant::now());
        }
    }

    /// A successful sign-in clears the login's failures (not the address's).
    pub fn succeeded(&self, login: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(&format!("login:{}", login.trim().to_lowercase()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_login_and_per_address() {
        let t = Throttle::standard();
        for _ in 0..5 {
            assert!(t.refused("Operator", "10.0.0.1").is_none());
            t.failed("operator", "10.0.0.1");
        }
        assert!(
            t.refused("operator", "10.0.0.2").is_some(),
            "the login is limited from any address"
        );
        assert!(t.refused("lain", "10.0.0.1").is_none(), "the address has room");
        for n in 0..15 {
            t.failed(&format!("orang{n}"), "10.0.0.1");
        }
        assert!(t.refused("baru", "10.0.0.1").is_some(), "20 failures from one address");
        assert!(t.refused("baru", "10.0.0.3").is_none());
        t.succeeded("OPERATOR");
        assert!(t.refused("operator", "10.0.0.9").is_none());
    }
}
