//! How a server function learns who is calling and reaches its domain's service: the same
//! guard types the REST handlers take as axum extractors (`SignedIn`, `SellerUser`,
//! `AdminUser`, `MaybeUser`), read from the request the function runs in. The service and
//! the request parts are taken from the context first, before anything awaits.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::ConnectInfo;
use http::request::Parts;
use leptos::prelude::{use_context, with_context};
use tower_sessions::Session;

use super::guard::{Guard, RequestUser, resolved_user};
use crate::{auth::model::CurrentUser, error::AppError};

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
/// request; `None` when the request did not pass through the middleware.
fn resolved() -> Option<Option<CurrentUser>> {
    with_context::<Parts, _>(|p| p.extensions.get::<RequestUser>().map(|RequestUser(u)| u.clone())).flatten()
}

/// The caller, checked by guard `G` (401 for no one, 403 for the wrong role).
pub(crate) async fn caller<G: Guard>() -> Result<G, AppError> {
    let user = match resolved() {
        Some(user) => user,
        None => resolved_user(&parts()?).await?,
    };
    G::check(user)
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

/// The peer address (the load balancer's when behind one).
pub(crate) fn client_ip() -> IpAddr {
    parts()
        .ok()
        .and_then(|p| p.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip()))
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}
