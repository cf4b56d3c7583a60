//! Client-side rate limits: one token bucket per SP-API operation, following Amazon's usage
//! plan and adapting to the `x-amzn-RateLimit-Limit` header Amazon returns.

use std::{
    collections::HashMap,
    num::NonZeroU32,
    sync::{Arc, RwLock},
    time::{Duration, Instant},
};

use governor::{DefaultDirectRateLimiter, Quota};

/// The SP-API operations Hamro calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operation {
    GetListingsItem,
    PutListingsItem,
    PatchListingsItem,
    DeleteListingsItem,
    CreateFeedDocument,
    CreateFeed,
    GetFeed,
    GetFeeds,
    GetFeedDocument,
    SearchOrders,
    ListTransactions,
    /// `putListingsItem` with `mode=VALIDATION_PREVIEW`: its own, slower plan.
    PreviewListingsItem,
    SearchDefinitionsProductTypes,
    GetDefinitionsProductType,
    SearchCatalogItems,
    GetListingsRestrictions,
}

impl Operation {
    pub fn name(self) -> &'static str {
        match self {
            Self::GetListingsItem => "getListingsItem",
            Self::PutListingsItem => "putListingsItem",
            Self::PatchListingsItem => "patchListingsItem",
            Self::DeleteListingsItem => "deleteListingsItem",
            Self::CreateFeedDocument => "createFeedDocument",
            Self::CreateFeed => "createFeed",
            Self::GetFeed => "getFeed",
            Self::GetFeeds => "getFeeds",
            Self::GetFeedDocument => "getFeedDocument",
            Self::SearchOrders => "searchOrders",
            Self::ListTransactions => "listTransactions",
            Self::PreviewListingsItem => "putListingsItem (VALIDATION_PREVIEW)",
            Self::SearchDefinitionsProductTypes => "searchDefinitionsProductTypes",
            Self::GetDefinitionsProductType => "getDefinitionsProductType",
            Self::SearchCatalogItems => "searchCatalogItems",
            Self::GetListingsRestrictions => "getListingsRestrictions",
        }
    }

    /// Safe to send again when the first try's fate is unknown (a 5xx or a dropped
    /// connection). `createFeed` is not: a second one would send every SKU twice, so its
    /// caller (the bulk sync job) looks for the feed before trying again.
    pub fn repeatable(self) -> bool {
        self != Self::CreateFeed
    }

    /// The documented usage plan: (requests per second, burst).
    pub fn plan(self) -> (f64, u32) {
        match self {
            Self::GetListingsItem | Self::PutListingsItem | Self::PatchListingsItem | Self::DeleteListingsItem => {
                (5.0, 5)
            }
            Self::CreateFeedDocument => (0.5, 15),
            Self::CreateFeed => (0.0083, 15),
            Self::GetFeed => (2.0, 15),
            Self::GetFeeds => (0.0222, 10),
            Self::GetFeedDocument => (0.0222, 10),
            Self::SearchOrders => (0.0056, 20),
            Self::ListTransactions => (0.5, 10),
            Self::PreviewListingsItem => (1.0, 1),
            Self::SearchDefinitionsProductTypes | Self::GetDefinitionsProductType => (5.0, 10),
            Self::SearchCatalogItems => (2.0, 2),
            Self::GetListingsRestrictions => (5.0, 10),
        }
    }

    pub const ALL: [Operation; 16] = [
        Self::GetListingsItem,
        Self::PutListingsItem,
        Self::PatchListingsItem,
        Self::DeleteListingsItem,
        Self::CreateFeedDocument,
        Self::CreateFeed,
        Self::GetFeed,
        Self::GetFeeds,
        Self::GetFeedDocument,
        Self::SearchOrders,
        Self::ListTransactions,
        Self::PreviewListingsItem,
        Self::SearchDefinitionsProductTypes,
        Self::GetDefinitionsProductType,
        Self::SearchCatalogItems,
        Self::GetListingsRestrictions,
    ];
}

struct Bucket {
    rate: f64,
    burst: u32,
    limiter: Arc<DefaultDirectRateLimiter>,
}

/// The share of Amazon's rate the client uses. Requests leave evenly spaced but arrive with
/// network jitter; pacing at exactly the plan's rate would let two of them land closer than
/// Amazon's bucket allows and draw a 429.
const HEADROOM: f64 = 0.9;

fn limiter(rate: f64, burst: u32) -> Arc<DefaultDirectRateLimiter> {
    let period = Duration::from_secs_f64(1.0 / (rate * HEADROOM).max(0.0001));
    // One token of the burst is kept back too: a slow first request (a new connection)
    // lands late and shifts Amazon's bucket, which the spare token absorbs.
    let quota = Quota::with_period(period)
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        .allow_burst(NonZeroU32::new(burst.saturating_sub(1).max(1)).unwrap_or(NonZeroU32::MIN));
    Arc::new(DefaultDirectRateLimiter::direct(quota))
}

pub struct Limits {
    buckets: RwLock<HashMap<Operation, Bucket>>,
}

impl Default for Limits {
    fn default() -> Self {
        let buckets = Operation::ALL
            .into_iter()
            .map(|op| {
                let (rate, burst) = op.plan();
                (op, Bucket { rate, burst, limiter: limiter(rate, burst) })
            })
            .collect();
        Self { buckets: RwLock::new(buckets) }
    }
}

impl Limits {
    /// Waits until the operation may be called; returns how long that took.
    pub async fn acquire(&self, op: Operation) -> Duration {
        let started = Instant::now();
        let limiter = self.buckets.read().ok().and_then(|b| b.get(&op).map(|b| b.limiter.clone()));
        if let Some(limiter) = limiter {
            limiter.until_ready().await;
        }
        started.elapsed()
    }

    /// Follows the rate Amazon says applies (`x-amzn-RateLimit-Limit`), keeping the burst.
    pub fn observe(&self, op: Operation, header_rate: f64) {
        if !(header_rate.is_finite() && header_rate > 0.0) {
            return;
        }
        let Ok(mut buckets) = self.buckets.write() else { return };
        if let Some(bucket) = buckets.get_mut(&op)
            && (bucket.rate - header_rate).abs() / bucket.rate > 0.01
        {
            tracing::info!(
                operation = op.name(),
                from = bucket.rate,
                to = header_rate,
                "adapting to Amazon's rate limit"
            );
            bucket.rate = header_rate;
            bucket.limiter = limiter(header_rate, bucket.burst);
        }
    }

    pub fn rate(&self, op: Operation) -> f64 {
        self.buckets.read().ok().and_then(|b| b.get(&op).map(|b| b.rate)).unwrap_or(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_burst_passes_then_the_rate_applies() {
        let limits = Limits::default();
        for _ in 0..4 {
            assert!(limits.acquire(Operation::PutListingsItem).await < Duration::from_millis(20));
        }
        let waited = limits.acquire(Operation::PutListingsItem).await;
        assert!(waited >= Duration::from_millis(150), "the fifth waits about 220 ms: {waited:?}");
    }

    #[test]
    fn follows_the_header() {
        let limits = Limits::default();
        limits.observe(Operation::GetFeed, 10.0);
        assert_eq!(limits.rate(Operation::GetFeed), 10.0);
        limits.observe(Operation::GetFeed, f64::NAN);
        assert_eq!(limits.rate(Operation::GetFeed), 10.0);
    }
}
