//! How a server function learns who is calling and reaches its domain's service: the same
//! guard types the REST handlers take as axum extractors (`SignedIn`, `SellerUser`,
//! `AdminUser`, `MaybeUser`), read from the request the function runs in. The service and
//! the request parts are taken from the context first, before anything awaits.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::ConnectInfo;
use http::request::Parts;
use leptos::prelude::{use_context, with_context};
use tower_sessions::Session;

use super::guard::{Guard, RequestUser};
use crate::{auth::model::CurrentUser, error::AppError, security::ClientAddr};

/// A service (a domain's, or the settings) that start-up provides to every request.
pub(crate) fn service<T: Clone + Send + Sync + 'static>() -> Result<T, AppError> {
    use_context::<T>().ok_or_else(|| {
        AppError::internal("server function", format!("{} missing from context", std::any::type_name::<T>()))
    })
}

fn parts() -> Result<Parts, AppError> {
    use_context::<Parts>().ok_or_else(|| AppError::internal("server function", "request parts missing from context"))
}

/// The user the session middleware resolved for this request, read without cloning the
/// request; an error when the request did not pass through the middleware.
fn resolved() -> Result<Option<CurrentUser>, AppError> {
    with_context::<Parts, _>(|p| p.extensions.get::<RequestUser>().map(|RequestUser(u)| u.clone()))
        .flatten()
        .ok_or_else(|| AppError::internal("server function", "the request's user was not resolved"))
}

/// The caller, checked by guard `G` (401 for no one, 403 for the wrong role).
pub(crate) async fn caller<G: Guard>() -> Result<G, AppError> {
    G::check(resolved()?)
}

/// What most server functions start with: the caller, checked by `G`, and service `T`.
pub(crate) async fn guarded<G, T>() -> Result<(G, T), AppError>
where
    G: Guard,
    T: Clone + Send + Sync + 'static,
{
    let service = service::<T>()?;
    Ok((caller::<G>().await?, service))
}

pub(crate) async fn session() -> Result<Session, AppError> {
    parts()?
        .extensions
        .get::<Session>()
        .cloned()
        .ok_or_else(|| AppError::internal("server function", "session layer missing"))
}

/// The client's address: what `security::resolve_client_addr` read through the trusted
/// proxies, else the TCP peer.
pub(crate) fn client_ip() -> IpAddr {
    parts().ok().map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |p| client_ip_in(&p.extensions))
}

/// The same, from a request's extensions (for REST handlers).
fn client_ip_in(extensions: &http::Extensions) -> IpAddr {
    extensions
        .get::<ClientAddr>()
        .map(|ClientAddr(ip)| *ip)
        .or_else(|| extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip()))
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}
