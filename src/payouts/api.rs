//! Server functions for payouts, at stable URLs under `/fn/payouts/` (sellers) and
//! `/fn/admin/payouts` (admins). Each checks the caller and their role first.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::{BalanceView, PayoutDashboard, PayoutForm, PayoutView, StripeAccountView};
use crate::{auth::model::SellerRef, error::AppError};
#[cfg(feature = "ssr")]
use crate::{
    auth::server::{
        guard::{AdminUser, SellerUser},
        request::{guarded, service},
        service as accounts,
    },
    db::Db,
    payouts::server::{Payouts, parse_status},
};

/// Creates the seller's Stripe Connect account (once), then sends them to onboarding.
#[server(prefix = "/fn", endpoint = "payouts/connect")]
pub async fn create_connect_account() -> Result<StripeAccountView, AppError> {
    let (SellerUser(user), payouts) = guarded::<_, Payouts>().await?;
    let account = payouts.connect(&user).await?;
    leptos_axum::redirect("/seller/payouts/onboarding");
    Ok(account)
}

/// A fresh onboarding link's URL (a POST: each call creates a link at Stripe).
#[server(prefix = "/fn", endpoint = "payouts/onboarding-link")]
pub async fn create_account_link() -> Result<String, AppError> {
    let (SellerUser(user), payouts) = guarded::<_, Payouts>().await?;
    payouts.onboarding_url(&user).await
}

#[server(prefix = "/fn", endpoint = "payouts/request")]
pub async fn create_payout(form: PayoutForm) -> Result<PayoutView, AppError> {
    let (SellerUser(user), payouts) = guarded::<_, Payouts>().await?;
    let ask = form.check()?;
    payouts.request(&user, ask).await
}

/// The payout dashboard's data in one round trip. A read: coming back from onboarding
/// refreshes the account in `GET /seller/payouts/onboarding/return` first.
#[server(prefix = "/fn", endpoint = "payouts/dashboard", input = GetUrl)]
pub async fn get_payout_dashboard() -> Result<PayoutDashboard, AppError> {
    let (SellerUser(user), payouts) = guarded::<_, Payouts>().await?;
    payouts.dashboard(&user).await
}

/// The seller's balance for the dashboard, or `None` while not connected (or Stripe is away).
#[server(prefix = "/fn", endpoint = "payouts/balance-overview", input = GetUrl)]
pub async fn get_balance_overview() -> Result<Option<BalanceView>, AppError> {
    let (SellerUser(user), payouts) = guarded::<_, Payouts>().await?;
    match payouts.account_status(&user).await? {
        None => Ok(None),
        Some(account) => Ok(payouts.balance_for_display(&account).await.ok()),
    }
}

#[server(prefix = "/fn", endpoint = "admin/payouts", input = GetUrl)]
pub async fn admin_list_payouts(
    seller: Option<String>,
    status: Option<String>,
    page: Option<u32>,
) -> Result<(Vec<PayoutView>, Vec<SellerRef>), AppError> {
    let db = service::<Db>()?;
    let (AdminUser(_), payouts) = guarded::<_, Payouts>().await?;
    let status = parse_status(status.as_deref())?;
    let list = payouts.admin_list(seller.as_deref(), status, page).await?;
    Ok((list, accounts::sellers(&db).await?))
}
