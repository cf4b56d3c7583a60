//! Sign-in rate limiting with `governor`: one keyed limiter per client IP and one per
//! e-mail address, so neither one address nor one account can be hammered.
//!
//! The limits live in this instance's memory. With several instances behind a load balancer
//! each one enforces them separately; see docs/ARCHITECTURE.md.

use std::{net::IpAddr, num::NonZeroU32, sync::Arc, time::Duration};

use governor::{DefaultKeyedRateLimiter, Quota, clock::Clock};

use crate::error::AppError;

#[derive(Clone)]
pub(crate) struct LoginLimiter {
    by_ip: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    by_email: Arc<DefaultKeyedRateLimiter<String>>,
}

impl LoginLimiter {
    /// `per_minute` attempts in a burst, refilled evenly over a minute.
    pub(crate) fn new(per_minute: u32) -> Self {
        let n = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        let quota = Quota::per_minute(n).allow_burst(n);
        Self {
            by_ip: Arc::new(DefaultKeyedRateLimiter::keyed(quota)),
            by_email: Arc::new(DefaultKeyedRateLimiter::keyed(quota)),
        }
    }

    /// Counts one attempt for this IP and e-mail; `RateLimited` once either is over its quota.
    pub(crate) fn check(&self, ip: IpAddr, email: &str) -> Result<(), AppError> {
        let clock = governor::clock::DefaultClock::default();
        let ip_check = self.by_ip.check_key(&ip);
        let email_check = self.by_email.check_key(&email.to_string());
        let wait = [ip_check.err(), email_check.err()]
            .into_iter()
            .flatten()
            .map(|not_until| not_until.wait_time_from(clock.now()))
            .max();
        match wait {
            None => Ok(()),
            Some(wait) => {
                let secs = wait.as_secs().max(1);
                tracing::warn!(%ip, retry_after_secs = secs, "sign-in rate limit reached");
                Err(AppError::RateLimited {
                    message: format!("Too many sign-in attempts. Please wait {secs} seconds and try again."),
                    retry_after_secs: secs,
                })
            }
        }
    }

    /// Forgets keys that are back to a full quota, so the maps don't grow without bound.
    pub(crate) fn spawn_cleanup(&self) {
        let this = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                this.by_ip.retain_recent();
                this.by_email.retain_recent();
                this.by_ip.shrink_to_fit();
                this.by_email.shrink_to_fit();
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixth_rapid_attempt_is_refused() {
        let limiter = LoginLimiter::new(5);
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        for _ in 0..5 {
            limiter.check(ip, "seller@example.com").unwrap();
        }
        let err = limiter.check(ip, "seller@example.com").unwrap_err();
        assert!(matches!(err, AppError::RateLimited { retry_after_secs, .. } if retry_after_secs >= 1));
    }

    #[test]
    fn one_address_cannot_lock_everyone_and_one_account_is_protected_across_ips() {
        let limiter = LoginLimiter::new(2);
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        limiter.check(a, "x@example.com").unwrap();
        limiter.check(a, "y@example.com").unwrap();
        assert!(limiter.check(a, "z@example.com").is_err(), "the IP is over its quota");
        limiter.check(b, "z@example.com").unwrap();
        // x@ had one attempt from a; one more from b is allowed, a third from anywhere is not.
        limiter.check(b, "x@example.com").unwrap();
        let c: IpAddr = "10.0.0.3".parse().unwrap();
        assert!(limiter.check(c, "x@example.com").is_err(), "the account is over its quota");
    }
}
