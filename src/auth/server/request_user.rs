//! Who is signed in, resolved once per request. The session layer loads the session; this
//! middleware, just inside it, reads the user from it (which also pushes the idle expiry
//! back), checks that the session still stands (`sessions`), and leaves the answer in the
//! request's extensions. The guards read it from there,
//! for REST handlers, for server functions and for the page being rendered alike, so a page
//! that calls five server functions reads and deserialises the session once, not five times.

use std::sync::Arc;

use axum::{extract::Request, middleware::Next, response::Response};
use tower_sessions::Session;

use super::{Auth, guard::RequestUser};

/// Resolves the request's user before any handler runs. When the session cannot be read,
/// the request goes on unresolved, and every guard answers 500 (the cause is logged here).
/// Requests for static files under
/// `static_prefix` (the bundle, styles) and the favicon skip it: they need no user, and
/// reading the session for them would load it and push its idle expiry back for nothing.
pub(crate) async fn resolve(auth: Auth, static_prefix: Arc<str>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let is_static = path.starts_with(&*static_prefix) || path == "/favicon.svg" || path == "/favicon.ico";
    if is_static {
        return next.run(req).await;
    }
    if let Some(session) = req.extensions().get::<Session>().cloned() {
        match auth.current(&session).await {
            Ok(user) => {
                req.extensions_mut().insert(RequestUser(user));
            }
            Err(e) => tracing::error!(error = %e, "could not resolve the signed-in user"),
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use axum::{Router, body::Body, extract::Request, middleware, routing::get};
    use tower::ServiceExt;
    use tower_sessions::{MemoryStore, SessionManagerLayer};

    use super::super::guard::RequestUser;

    async fn resolved(req: Request) -> &'static str {
        if req.extensions().get::<RequestUser>().is_some() { "resolved" } else { "skipped" }
    }

    async fn get_path(path: &str) -> String {
        let auth = super::super::Auth::new(crate::db::memory().await, 5, std::time::Duration::from_secs(3600));
        let app = Router::new()
            .route("/pkg/hamro.js", get(resolved))
            .route("/favicon.svg", get(resolved))
            .route("/seller/products", get(resolved))
            .layer(middleware::from_fn(move |req, next| super::resolve(auth.clone(), Arc::from("/pkg/"), req, next)))
            .layer(SessionManagerLayer::new(MemoryStore::default()));
        let res = app.oneshot(Request::get(path).body(Body::empty()).unwrap()).await.unwrap();
        let body = axum::body::to_bytes(res.into_body(), 64).await.unwrap();
        String::from_utf8(body.to_vec()).unwrap()
    }

    #[tokio::test]
    async fn static_files_skip_the_session_and_pages_read_it() {
        assert_eq!(get_path("/pkg/hamro.js").await, "skipped");
        assert_eq!(get_path("/favicon.svg").await, "skipped");
        assert_eq!(get_path("/seller/products").await, "resolved");
    }
}
