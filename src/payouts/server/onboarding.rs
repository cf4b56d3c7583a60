//! `GET /seller/payouts/onboarding`: makes a fresh Stripe account link and sends the seller
//! there (it is also the link's refresh URL, so an expired link just makes a new one).
//! A plain redirect: it works without JavaScript.

use axum::{
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use tower_sessions::Session;

use super::service;
use crate::{
    auth::{model::Role, server::guard},
    error::AppError,
    state::AppState,
};

pub async fn start(State(state): State<AppState>, session: Session) -> Response {
    let user = match guard::user_in(&session).await {
        Ok(Some(user)) => user,
        Ok(None) => return Redirect::to("/login?next=/seller/payouts/onboarding").into_response(),
        Err(e) => return e.into_response(),
    };
    if user.role != Role::Seller {
        return AppError::Forbidden.into_response();
    }
    match service::onboarding_url(&state, &user).await {
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
