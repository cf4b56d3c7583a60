//! Per-user limits on calls that spend the platform's shared quota at Stripe or Amazon: a
//! balance read, an onboarding link, an account refresh, a payout request, an Amazon sync.
//! One person clicking (or scripting) fast must not use up what every seller shares, so
//! each kind of call allows `HAMRO_PLATFORM_CALLS_PER_MINUTE` per user (default 20), in a
//! burst and refilled over the minute, then answers 429 with `Retry-After`. Per instance.

use std::{num::NonZeroU32, sync::Arc};

use governor::{
    DefaultKeyedRateLimiter, Quota,
    clock::{Clock, DefaultClock},
};

use crate::error::AppError;

/// Remembered users at most before idle ones are forgotten.
const FORGET_ABOVE: usize = 10_000;

pub const DEFAULT_CALLS_PER_MINUTE: u32 = 20;

#[derive(Clone)]
pub struct UserQuota {
    /// The calls, as the message names them ("balance checks").
    what: &'static str,
    limiter: Arc<DefaultKeyedRateLimiter<String>>,
}

impl UserQuota {
    pub fn per_minute(what: &'static str, per_minute: u32) -> Self {
        let n = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
        Self { what, limiter: Arc::new(DefaultKeyedRateLimiter::keyed(Quota::per_minute(n))) }
    }

    /// Counts one call for the user; `RateLimited` once their minute's calls are spent.
    pub fn check(&self, user_id: &str) -> Result<(), AppError> {
        if self.limiter.len() > FORGET_ABOVE {
            self.limiter.retain_recent();
        }
        let Err(not_until) = self.limiter.check_key(&user_id.to_string()) else { return Ok(()) };
        let secs = not_until.wait_time_from(DefaultClock::default().now()).as_secs().max(1);
        tracing::info!(user_id, what = self.what, retry_after_secs = secs, "per-user limit reached");
        Err(AppError::RateLimited {
            message: format!("Too many {} in a minute. Please wait {secs} seconds and try again.", self.what),
            retry_after_secs: secs,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::UserQuota;
    use crate::error::AppError;

    #[test]
    fn each_user_has_their_own_minute() {
        let quota = UserQuota::per_minute("payout requests", 2);
        quota.check("a").unwrap();
        quota.check("a").unwrap();
        let err = quota.check("a").unwrap_err();
        assert!(matches!(&err, AppError::RateLimited { retry_after_secs, .. } if *retry_after_secs >= 1), "{err:?}");
        assert!(err.to_string().starts_with("Too many payout requests in a minute."));
        quota.check("b").unwrap();
    }
}
