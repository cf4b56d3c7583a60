//! Server functions for payouts, at stable URLs under `/fn/payouts/` (sellers) and
//! `/fn/admin/payouts` (admins). Each checks the caller and their role first.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::{BalanceView, PayoutDashboard, PayoutForm, PayoutView, StripeAccountView};
use crate::error::AppError;

/// Creates the seller's Stripe Connect account (once), then sends them to onboarding.
#[server(prefix = "/fn", endpoint = "payouts/connect")]
pub async fn create_connect_account() -> Result<StripeAccountView, AppError> {
    let (user, state) = crate::auth::server::request::with_role(crate::auth::model::Role::Seller).await?;
    let account = super::server::service::connect(&state, &user).await?;
    leptos_axum::redirect("/seller/payouts/onboarding");
    Ok(account)
}

/// A fresh onboarding link's URL.
#[server(prefix = "/fn", endpoint = "payouts/onboarding-link", input = GetUrl)]
pub async fn create_account_link() -> Result<String, AppError> {
    let (user, state) = crate::auth::server::request::with_role(crate::auth::model::Role::Seller).await?;
    super::server::service::onboarding_url(&state, &user).await
}

#[server(prefix = "/fn", endpoint = "payouts/balance", input = GetUrl)]
pub async fn get_account_balance() -> Result<BalanceView, AppError> {
    let (user, state) = crate::auth::server::request::with_role(crate::auth::model::Role::Seller).await?;
    super::server::service::balance(&state, &user).await
}

#[server(prefix = "/fn", endpoint = "payouts/account", input = GetUrl)]
pub async fn get_account_status() -> Result<Option<StripeAccountView>, AppError> {
    let (user, state) = crate::auth::server::request::with_role(crate::auth::model::Role::Seller).await?;
    super::server::service::account_status(&state, &user).await
}

/// Asks Stripe for the account's latest state (after onboarding) and returns it.
#[server(prefix = "/fn", endpoint = "payouts/account/refresh")]
pub async fn refresh_account_status() -> Result<Option<StripeAccountView>, AppError> {
    let (user, state) = crate::auth::server::request::with_role(crate::auth::model::Role::Seller).await?;
    super::server::service::refresh_account(&state, &user).await
}

#[server(prefix = "/fn", endpoint = "payouts/request")]
pub async fn create_payout(form: PayoutForm) -> Result<PayoutView, AppError> {
    let (user, state) = crate::auth::server::request::with_role(crate::auth::model::Role::Seller).await?;
    let ask = form.check()?;
    super::server::service::request(&state, &user, ask).await
}

#[server(prefix = "/fn", endpoint = "payouts/history", input = GetUrl)]
pub async fn get_payout_history(page: Option<u32>) -> Result<Vec<PayoutView>, AppError> {
    let (user, state) = crate::auth::server::request::with_role(crate::auth::model::Role::Seller).await?;
    super::server::service::history(&state, &user, page).await
}

/// The payout dashboard's data in one round trip. `refresh` first asks Stripe for the
/// account's latest state (when the seller comes back from onboarding).
#[server(prefix = "/fn", endpoint = "payouts/dashboard", input = GetUrl)]
pub async fn get_payout_dashboard(refresh: Option<bool>) -> Result<PayoutDashboard, AppError> {
    let (user, state) = crate::auth::server::request::with_role(crate::auth::model::Role::Seller).await?;
    if refresh == Some(true)
        && let Err(e) = super::server::service::refresh_account(&state, &user).await
    {
        tracing::warn!(error = %e, "refreshing the Stripe account after onboarding");
    }
    super::server::service::dashboard(&state, &user).await
}

/// The seller's balance for the dashboard, or `None` while not connected (or Stripe is away).
#[server(prefix = "/fn", endpoint = "payouts/balance-overview", input = GetUrl)]
pub async fn get_balance_overview() -> Result<Option<BalanceView>, AppError> {
    let (user, state) = crate::auth::server::request::with_role(crate::auth::model::Role::Seller).await?;
    match super::server::service::account_status(&state, &user).await? {
        None => Ok(None),
        Some(account) => Ok(super::server::service::balance_for_display(&state, &account).await.ok()),
    }
}

#[server(prefix = "/fn", endpoint = "admin/payouts", input = GetUrl)]
pub async fn admin_list_payouts(
    seller: Option<String>,
    status: Option<String>,
    page: Option<u32>,
) -> Result<(Vec<PayoutView>, Vec<crate::products::model::SellerRef>), AppError> {
    use crate::{
        auth::{model::Role, server::request},
        payouts::server::service,
        products::server::service as products,
    };
    request::require_role(Role::Admin).await?;
    let state = request::state()?;
    let status = service::parse_status(status.as_deref())?;
    let payouts = service::admin_list(&state, seller.as_deref(), status, page).await?;
    Ok((payouts, products::sellers(&state.db).await?))
}
