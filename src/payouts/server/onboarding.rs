//! `GET /seller/payouts/onboarding`: makes a fresh Stripe account link and sends the seller
//! there (it is also the link's refresh URL, so an expired link just makes a new one).
//! A plain redirect: it works without JavaScript.

use axum::{
    extract::State,
    response::{IntoResponse, Redirect, Response},
};

use super::Payouts;
use crate::{
    auth::{model::Role, server::guard::MaybeUser},
    error::AppError,
};

pub(crate) async fn start(State(payouts): State<Payouts>, MaybeUser(user): MaybeUser) -> Response {
    let Some(user) = user else {
        return Redirect::to("/login?next=/seller/payouts/onboarding").into_response();
    };
    if user.role != Role::Seller {
        return AppError::Forbidden.into_response();
    }
    match payouts.onboarding_url(&user).await {
        Ok(url) => Redirect::to(&url).into_response(),
        Err(e) => {
            let notice: String = url_escape(&e.to_string());
            Redirect::to(&format!("/seller/payouts?notice={notice}")).into_response()
        }
    }
}

fn url_escape(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
