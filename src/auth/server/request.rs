//! What a server function needs from the request it runs in: the app state, the session,
//! the client's address and the signed-in user. REST handlers get the same through axum
//! extractors (see `guard`).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::ConnectInfo;
use leptos::prelude::use_context;
use tower_sessions::Session;

use super::guard;
use crate::{
    auth::model::{CurrentUser, Role},
    error::AppError,
    state::AppState,
};

pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| AppError::internal("server function", "AppState missing from context"))
}

pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|e| AppError::internal("reading the session", e))
}

/// The peer address (the load balancer's when behind one).
pub async fn client_ip() -> IpAddr {
    leptos_axum::extract::<ConnectInfo<SocketAddr>>()
        .await
        .map(|ConnectInfo(addr)| addr.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}

pub async fn optional_user() -> Result<Option<CurrentUser>, AppError> {
    guard::user_in(&session().await?).await
}

/// Someone is signed in (401 otherwise).
pub async fn require_user() -> Result<CurrentUser, AppError> {
    guard::require(optional_user().await?, None)
}

/// The signed-in user (401 otherwise) and the app state: what most server functions start with.
pub async fn signed_in() -> Result<(CurrentUser, AppState), AppError> {
    // Context first, before anything awaits.
    let state = state()?;
    Ok((require_user().await?, state))
}

/// Someone with this role is signed in, and the app state.
pub async fn with_role(role: Role) -> Result<(CurrentUser, AppState), AppError> {
    let state = state()?;
    Ok((require_role(role).await?, state))
}

/// Someone with this role is signed in (401 if no one, 403 for another role).
pub async fn require_role(role: Role) -> Result<CurrentUser, AppError> {
    guard::require(optional_user().await?, Some(role))
}
