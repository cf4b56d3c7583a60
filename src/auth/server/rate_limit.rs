//! Sign-in limits that count failures, not attempts: a correct password never uses up a
//! budget, so five people signing in from one office address don't lock out the sixth.
//!
//! Three budgets of failed sign-ins, each over a one-minute window that starts at the
//! first failure:
//! - per client address (IPv6 by its /64, which one subscriber holds; behind trusted
//!   proxies, the address they forwarded), `per_minute` failures;
//! - per account, `per_minute` failures from anywhere, so one account cannot be guessed at
//!   from many addresses (its owner may have to wait out the minute);
//! - for the whole instance, `GLOBAL_FACTOR × per_minute` failures: once spent, only
//!   addresses and accounts with no failure in their window may try, so a flood from many
//!   addresses cannot keep everyone else out or spend both cores on hashing.
//!
//! The budgets live in this instance's memory; with several instances each keeps its own
//! (docs/SECURITY.md).

use std::{
    net::IpAddr,
    sync::{
        Arc, Mutex,
        atomic::{AtomicU32, Ordering},
    },
    time::{Duration, Instant},
};

use moka::future::Cache;

use crate::error::AppError;

const WINDOW: Duration = Duration::from_secs(60);
/// The instance-wide budget, as a multiple of the per-address one.
pub(crate) const GLOBAL_FACTOR: u32 = 200;
/// Addresses and accounts remembered at most (a few dozen bytes each).
const CAPACITY: u64 = 200_000;

/// Failures since the window opened.
struct Window {
    opened: Instant,
    failures: AtomicU32,
}

impl Window {
    fn new() -> Self {
        Self { opened: Instant::now(), failures: AtomicU32::new(0) }
    }

    fn failures(&self) -> u32 {
        if self.opened.elapsed() >= WINDOW { 0 } else { self.failures.load(Ordering::Relaxed) }
    }

    fn retry_after(&self) -> u64 {
        WINDOW.saturating_sub(self.opened.elapsed()).as_secs().max(1)
    }
}

#[derive(Clone)]
pub(crate) struct LoginLimiter {
    per_minute: u32,
    by_addr: Cache<IpAddr, Arc<Window>>,
    by_account: Cache<String, Arc<Window>>,
    global: Arc<Mutex<Window>>,
}

/// The key an address is counted under: IPv4 as it is, IPv6 by its /64.
pub(crate) fn address_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6((u128::from(v6) & !((1u128 << 64) - 1)).into()),
        },
        v4 => v4,
    }
}

fn window_cache<K: std::hash::Hash + Eq + Send + Sync + 'static>() -> Cache<K, Arc<Window>> {
    Cache::builder().max_capacity(CAPACITY).time_to_live(WINDOW).build()
}

impl LoginLimiter {
    pub(crate) fn new(per_minute: u32) -> Self {
        Self {
            per_minute: per_minute.max(1),
            by_addr: window_cache(),
            by_account: window_cache(),
            global: Arc::new(Mutex::new(Window::new())),
        }
    }

    fn global_failures(&self) -> u32 {
        self.global.lock().map(|w| w.failures()).unwrap_or(0)
    }

    /// Whether this address may try to sign in to this account now.
    pub(crate) async fn check(&self, ip: IpAddr, email: &str) -> Result<(), AppError> {
        let addr = self.by_addr.get(&address_key(ip)).await;
        let account = self.by_account.get(email).await;
        let spent =
            |w: &Option<Arc<Window>>, limit: u32| w.as_ref().filter(|w| w.failures() >= limit).map(|w| w.retry_after());
        let mut wait = spent(&addr, self.per_minute).into_iter().chain(spent(&account, self.per_minute)).max();
        if wait.is_none() && self.global_failures() >= self.per_minute.saturating_mul(GLOBAL_FACTOR) {
            // A flood: only those with a clean window go on.
            wait = spent(&addr, 1).into_iter().chain(spent(&account, 1)).max();
        }
        match wait {
            None => Ok(()),
            Some(secs) => {
                tracing::warn!(%ip, retry_after_secs = secs, "sign-in refused: too many failed attempts");
                Err(AppError::RateLimited {
                    message: format!("Too many failed sign-in attempts. Please wait {secs} seconds and try again."),
                    retry_after_secs: secs,
                })
            }
        }
    }

    /// Counts a failed sign-in against the address, the account and the instance.
    pub(crate) async fn failed(&self, ip: IpAddr, email: &str) {
        let addr = self.by_addr.get_with(address_key(ip), async { Arc::new(Window::new()) }).await;
        addr.failures.fetch_add(1, Ordering::Relaxed);
        let account = self.by_account.get_with(email.to_string(), async { Arc::new(Window::new()) }).await;
        account.failures.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut global) = self.global.lock() {
            if global.opened.elapsed() >= WINDOW {
                *global = Window::new();
            }
            global.failures.fetch_add(1, Ordering::Relaxed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[tokio::test]
    async fn the_sixth_failure_is_refused_but_correct_sign_ins_use_up_nothing() {
        let limiter = LoginLimiter::new(5);
        let office = ip("203.0.113.7");
        // Fifty people sign in correctly from one address: never refused.
        for n in 0..50 {
            limiter.check(office, &format!("person{n}@example.com")).await.unwrap();
        }
        for _ in 0..5 {
            limiter.check(office, "seller@example.com").await.unwrap();
            limiter.failed(office, "seller@example.com").await;
        }
        let err = limiter.check(office, "someone@example.com").await.unwrap_err();
        assert!(matches!(err, AppError::RateLimited { retry_after_secs, .. } if (1..=60).contains(&retry_after_secs)));
    }

    #[tokio::test]
    async fn an_account_is_protected_across_addresses_and_ipv6_counts_by_its_64() {
        let limiter = LoginLimiter::new(2);
        limiter.failed(ip("198.51.100.1"), "x@example.com").await;
        limiter.failed(ip("198.51.100.2"), "x@example.com").await;
        assert!(limiter.check(ip("198.51.100.3"), "x@example.com").await.is_err(), "the account's budget is spent");
        assert!(limiter.check(ip("198.51.100.3"), "y@example.com").await.is_ok(), "other accounts are not");
        // Rotating through one /64 is one address.
        limiter.failed(ip("2001:db8:1:2::1"), "a@example.com").await;
        limiter.failed(ip("2001:db8:1:2:ffff::9"), "b@example.com").await;
        assert!(limiter.check(ip("2001:db8:1:2:abcd::1"), "c@example.com").await.is_err());
        assert!(limiter.check(ip("2001:db8:1:3::1"), "c@example.com").await.is_ok(), "the next /64 is someone else");
    }

    #[tokio::test]
    async fn in_a_flood_only_clean_addresses_and_accounts_may_try() {
        let limiter = LoginLimiter::new(1);
        for n in 0..GLOBAL_FACTOR {
            limiter.failed(IpAddr::V4(std::net::Ipv4Addr::from(0x0A00_0000 + n)), &format!("bot{n}@example.com")).await;
        }
        let clean = ip("192.0.2.10");
        assert!(limiter.check(clean, "seller@example.com").await.is_ok(), "a clean address and account go on");
        assert!(limiter.check(clean, "bot3@example.com").await.is_err(), "an account under attack waits");
    }
}
