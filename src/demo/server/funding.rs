//! Demo mode: each new connected account gets $1,250.00 available and $310.00 pending,
//! through Stripe transfers from the platform (the path a real platform pays sellers by;
//! the pending part is tied to a charge that hasn't settled). Keyed per seller, so it
//! happens once.

use async_trait::async_trait;

use crate::{integrations::stripe::StripeGateway, money::Currency, payouts::server::AccountListener};

const DEMO_AVAILABLE: i64 = 125_000;
const DEMO_PENDING: i64 = 31_000;

pub(crate) struct FundNewAccounts(pub StripeGateway);

#[async_trait]
impl AccountListener for FundNewAccounts {
    async fn account_connected(&self, user_id: &str, account: &str) {
        let stripe = &self.0;
        let (available_key, pending_key) =
            (format!("hamro-demo-available-{user_id}"), format!("hamro-demo-pending-{user_id}"));
        if let Err(e) = stripe.create_transfer(account, DEMO_AVAILABLE, Currency::Usd, None, &available_key).await {
            tracing::warn!(error = %e, "demo funding (available) failed");
        }
        let pending = stripe
            .create_transfer(account, DEMO_PENDING, Currency::Usd, Some("ch_demo_unsettled_sales"), &pending_key)
            .await;
        if let Err(e) = pending {
            tracing::warn!(error = %e, "demo funding (pending) failed");
        }
    }
}
