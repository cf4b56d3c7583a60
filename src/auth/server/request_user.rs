//! Who is signed in, resolved once per request. The session layer loads the session; this
//! middleware, just inside it, reads the user from it (which also pushes the idle expiry
//! back) and leaves the answer in the request's extensions. The guards read it from there,
//! for REST handlers, for server functions and for the page being rendered alike, so a page
//! that calls five server functions reads and deserialises the session once, not five times.

use axum::{extract::Request, middleware::Next, response::Response};
use tower_sessions::Session;

use super::guard::{RequestUser, user_in};

/// Resolves the request's user before any handler runs. When the session cannot be read,
/// the request goes on unresolved and the guards read the session themselves (and answer
/// 500 with the cause logged if it still fails).
pub(crate) async fn resolve(mut req: Request, next: Next) -> Response {
    if let Some(session) = req.extensions().get::<Session>().cloned() {
        match user_in(&session).await {
            Ok(user) => {
                req.extensions_mut().insert(RequestUser(user));
            }
            Err(e) => tracing::warn!(error = %e, "could not resolve the signed-in user"),
        }
    }
    next.run(req).await
}
