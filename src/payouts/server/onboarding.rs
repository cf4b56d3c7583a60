//! Stripe onboarding's two plain redirects, which work without JavaScript.
//!
//! `GET /seller/payouts/onboarding` makes a fresh Stripe account link and sends the seller
//! there (it is also the link's refresh URL, so an expired link just makes a new one).
//! `GET /seller/payouts/onboarding/return` is where Stripe sends the seller back: it reads
//! the account's state from Stripe (a read that brings Hamro's copy up to date, before the
//! webhook may have arrived; it changes nothing anyone chose) and shows the payouts page.
//! Failures reach the page as a notice code, never as text from the URL.

use axum::{
    extract::State,
    response::{IntoResponse, Redirect, Response},
};

use super::Payouts;
use crate::{
    auth::{
        model::{CurrentUser, Role},
        server::guard::MaybeUser,
    },
    error::AppError,
    payouts::model::PayoutNotice,
};

/// The signed-in seller, or the answer for anyone else (sign in first, or 403).
fn seller(user: Option<CurrentUser>, here: &str) -> Result<CurrentUser, Box<Response>> {
    match user {
        None => Err(Box::new(Redirect::to(&format!("/login?next={here}")).into_response())),
        Some(user) if user.role != Role::Seller => Err(Box::new(AppError::Forbidden.into_response())),
        Some(user) => Ok(user),
    }
}

fn to_payouts(notice: PayoutNotice) -> Response {
    Redirect::to(&format!("/seller/payouts?notice={}", notice.code())).into_response()
}

pub(crate) async fn start(State(payouts): State<Payouts>, MaybeUser(user): MaybeUser) -> Response {
    let user = match seller(user, "/seller/payouts/onboarding") {
        Ok(user) => user,
        Err(answer) => return *answer,
    };
    match payouts.onboarding_url(&user).await {
        Ok(url) => Redirect::to(&url).into_response(),
        Err(AppError::Conflict { .. }) => to_payouts(PayoutNotice::ConnectFirst),
        Err(e) => {
            tracing::warn!(error = %e, "opening Stripe onboarding");
            to_payouts(PayoutNotice::OnboardingUnavailable)
        }
    }
}

pub(crate) async fn finish(State(payouts): State<Payouts>, MaybeUser(user): MaybeUser) -> Response {
    let user = match seller(user, "/seller/payouts/onboarding/return") {
        Ok(user) => user,
        Err(answer) => return *answer,
    };
    if let Err(e) = payouts.refresh_account(&user).await {
        // The webhook brings the same news a little later.
        tracing::warn!(error = %e, "refreshing the Stripe account after onboarding");
    }
    Redirect::to("/seller/payouts?onboarding=done").into_response()
}
