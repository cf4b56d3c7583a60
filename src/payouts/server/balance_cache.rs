//! The balance pages show, kept for a few seconds per connected account.
//!
//! Rendering the payouts page asked Stripe for the balance every time, and that round trip
//! was most of the page's cost. Pages now reuse an answer up to `FRESH_FOR` old; Stripe's own
//! balance lags the money moving by far more than that. A payout request always asks Stripe
//! afresh (it checks the amount against it) and then clears the account's entry, so the page
//! after a request shows the new balance.

use std::time::Duration;

use moka::future::Cache;

use crate::payouts::model::BalanceView;

pub(crate) const FRESH_FOR: Duration = Duration::from_secs(5);
const CAPACITY: u64 = 20_000;

#[derive(Clone)]
pub(crate) struct BalanceCache(Cache<String, BalanceView>);

impl Default for BalanceCache {
    fn default() -> Self {
        Self(Cache::builder().max_capacity(CAPACITY).time_to_live(FRESH_FOR).build())
    }
}

impl BalanceCache {
    pub(crate) async fn get(&self, account_id: &str) -> Option<BalanceView> {
        self.0.get(account_id).await
    }

    pub(crate) async fn put(&self, account_id: &str, balance: BalanceView) {
        self.0.insert(account_id.to_string(), balance).await;
    }

    pub(crate) async fn forget(&self, account_id: &str) {
        self.0.invalidate(account_id).await;
    }
}
