//! How a server function learns who is calling and reaches its domain's service: the same
//! guard types the REST handlers take as axum extractors (`SignedIn`, `SellerUser`,
//! `AdminUser`, `MaybeUser`), read from the request the function runs in. The service and
//! the request parts are taken from the context first, before anything awaits.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use http::request::Parts;
use leptos::prelude::use_context;
use tower_sessions::Session;

use crate::error::AppError;

/// A service (a domain's, or the settings) that start-up provides to every request.
pub(crate) fn service<T: Clone + Send + Sync + 'static>() -> Result<T, AppError> {
    use_context::<T>().ok_or_else(|| {
        AppError::internal("server function", format!("{} missing from context", std::any::type_name::<T>()))
    })
}

fn parts() -> Result<Parts, AppError> {
    use_context::<Parts>().ok_or_else(|| AppError::internal("server function", "request parts missing from context"))
}

/// The caller, checked by guard `G` (401 for no one, 403 for the wrong role).
pub(crate) async fn caller<G>() -> Result<G, AppError>
where
    G: FromRequestParts<(), Rejection = AppError>,
{
    let mut parts = parts()?;
    G::from_request_parts(&mut parts, &()).await
}

/// What most server functions start with: the caller, checked by `G`, and service `T`.
pub(crate) async fn guarded<G, T>() -> Result<(G, T), AppError>
where
    G: FromRequestParts<(), Rejection = AppError>,
    T: Clone + Send + Sync + 'static,
{
    let service = service::<T>()?;
    let mut parts = parts()?;
    Ok((G::from_request_parts(&mut parts, &()).await?, service))
}

pub(crate) async fn session() -> Result<Session, AppError> {
    parts()?
        .extensions
        .get::<Session>()
        .cloned()
        .ok_or_else(|| AppError::internal("server function", "session layer missing"))
}

/// The peer address (the load balancer's when behind one).
pub(crate) fn client_ip() -> IpAddr {
    parts()
        .ok()
        .and_then(|p| p.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip()))
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}
