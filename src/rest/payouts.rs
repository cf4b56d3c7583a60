//! `/api/payouts/*` (sellers), `/api/admin/payouts` (admins) and `/api/webhooks/stripe`.

use axum::{
    Json,
    body::Bytes,
    extract::State,
    http::{HeaderMap, StatusCode},
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{ApiJson, ApiQuery};
use crate::{
    auth::server::guard::{AdminUser, SellerUser},
    error::{AppError, ErrorEnvelope},
    payouts::{
        model::{BalanceView, PayoutRequestInput, PayoutStatus, PayoutView, StripeAccountView},
        server::{Payouts, parse_status, webhook},
    },
};

#[derive(Serialize, ToSchema)]
pub(crate) struct OnboardingLink {
    /// Single-use; expires after 5 minutes.
    pub url: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct PageQuery {
    page: Option<u32>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct AdminPayoutsQuery {
    seller: Option<String>,
    /// requested, pending, in_transit, paid, failed or canceled.
    status: Option<String>,
    page: Option<u32>,
}

#[derive(Serialize, ToSchema)]
pub(crate) struct WebhookReceipt {
    pub received: bool,
    /// `applied`, `duplicate` (seen before; nothing done) or `ignored`.
    pub outcome: &'static str,
}

/// Creates the seller's Stripe Connect (Express) account; returns the existing one if any.
#[utoipa::path(post, path = "/api/payouts/connect/account", tag = "payouts",
    responses((status = 200, body = StripeAccountView), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 502, body = ErrorEnvelope)),
    security(("session_cookie" = [])))]
pub(crate) async fn connect(
    SellerUser(user): SellerUser,
    State(payouts): State<Payouts>,
) -> Result<Json<StripeAccountView>, AppError> {
    payouts.connect(&user).await.map(Json)
}

/// A fresh, single-use onboarding link (a POST: each call creates one at Stripe).
#[utoipa::path(post, path = "/api/payouts/connect/onboarding-link", tag = "payouts",
    responses((status = 200, body = OnboardingLink), (status = 409, body = ErrorEnvelope, description = "No account yet")),
    security(("session_cookie" = [])))]
pub(crate) async fn onboarding_link(
    SellerUser(user): SellerUser,
    State(payouts): State<Payouts>,
) -> Result<Json<OnboardingLink>, AppError> {
    Ok(Json(OnboardingLink { url: payouts.onboarding_url(&user).await? }))
}

/// Available and pending balance, as Stripe reports it now.
#[utoipa::path(get, path = "/api/payouts/balance", tag = "payouts",
    responses((status = 200, body = BalanceView), (status = 409, body = ErrorEnvelope), (status = 502, body = ErrorEnvelope)),
    security(("session_cookie" = [])))]
pub(crate) async fn balance(
    SellerUser(user): SellerUser,
    State(payouts): State<Payouts>,
) -> Result<Json<BalanceView>, AppError> {
    payouts.balance(&user).await.map(Json)
}

/// Requests a payout to the seller's bank. Never more than the available balance; the
/// request is recorded first and sent to Stripe with an idempotency key, so it can't be
/// paid twice.
#[utoipa::path(post, path = "/api/payouts/request", tag = "payouts", request_body = PayoutRequestInput,
    responses((status = 201, body = PayoutView, description = "Stripe accepted the payout"),
              (status = 202, body = PayoutView, description = "Recorded, and sent to Stripe, whose answer is not known yet (status `requested`): it is being confirmed; don't ask again"),
              (status = 400, body = ErrorEnvelope, description = "Bad amount or currency, or more than available"),
              (status = 409, body = ErrorEnvelope, description = "Onboarding unfinished, another request in flight or still being confirmed, or refused by Stripe"),
              (status = 502, body = ErrorEnvelope)),
    security(("session_cookie" = [])))]
pub(crate) async fn request(
    SellerUser(user): SellerUser,
    State(payouts): State<Payouts>,
    ApiJson(input): ApiJson<PayoutRequestInput>,
) -> Result<(StatusCode, Json<PayoutView>), AppError> {
    let ask = input.check()?;
    let payout = payouts.request(&user, ask).await?;
    let status = if payout.status == PayoutStatus::Requested { StatusCode::ACCEPTED } else { StatusCode::CREATED };
    Ok((status, Json(payout)))
}

/// The seller's payouts, newest first, 20 a page.
#[utoipa::path(get, path = "/api/payouts/history", tag = "payouts", params(PageQuery),
    responses((status = 200, body = Vec<PayoutView>), (status = 400, body = ErrorEnvelope)),
    security(("session_cookie" = [])))]
pub(crate) async fn history(
    SellerUser(user): SellerUser,
    State(payouts): State<Payouts>,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> Result<Json<Vec<PayoutView>>, AppError> {
    payouts.history(&user, q.page).await.map(Json)
}

/// The seller's connected account as Hamro knows it.
#[utoipa::path(get, path = "/api/payouts/account/status", tag = "payouts",
    responses((status = 200, body = StripeAccountView), (status = 404, body = ErrorEnvelope, description = "Not connected yet")),
    security(("session_cookie" = [])))]
pub(crate) async fn account_status(
    SellerUser(user): SellerUser,
    State(payouts): State<Payouts>,
) -> Result<Json<StripeAccountView>, AppError> {
    payouts.account_status(&user).await?.map(Json).ok_or_else(|| AppError::not_found("Stripe account"))
}

/// Every seller's payouts (admins).
#[utoipa::path(get, path = "/api/admin/payouts", tag = "admin", params(AdminPayoutsQuery),
    responses((status = 200, body = Vec<PayoutView>), (status = 400, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)),
    security(("session_cookie" = [])))]
pub(crate) async fn admin_list(
    _admin: AdminUser,
    State(payouts): State<Payouts>,
    ApiQuery(q): ApiQuery<AdminPayoutsQuery>,
) -> Result<Json<Vec<PayoutView>>, AppError> {
    let status = parse_status(q.status.as_deref())?;
    payouts.admin_list(q.seller.as_deref(), status, q.page).await.map(Json)
}

/// Stripe's webhook endpoint: `Stripe-Signature` verified (300 s tolerance, any of the
/// configured secrets), each event applied once.
#[utoipa::path(post, path = "/api/webhooks/stripe", tag = "webhooks",
    request_body(content = String, content_type = "application/json", description = "A Stripe event, exactly as signed"),
    params(("Stripe-Signature" = String, Header)),
    responses((status = 200, body = WebhookReceipt), (status = 400, body = ErrorEnvelope, description = "Bad or missing signature, stale, or not an event")))]
pub(crate) async fn stripe_webhook(
    State(payouts): State<Payouts>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<WebhookReceipt>, AppError> {
    let signature = headers.get("stripe-signature").and_then(|v| v.to_str().ok());
    let outcome = match webhook::handle(&payouts, &body, signature).await? {
        webhook::Outcome::Applied => "applied",
        webhook::Outcome::Duplicate => "duplicate",
        webhook::Outcome::Ignored => "ignored",
    };
    Ok(Json(WebhookReceipt { received: true, outcome }))
}
