//! Cache headers for the browser bundle (`/pkg/*`: wasm, JS, CSS).
//!
//! Release builds made with `LEPTOS_HASH_FILES=true` (the run command's) name each file after
//! its content, so a new build is a new URL: those files are cached for a year and never
//! revalidated. Without hashed names (debug and test builds), browsers revalidate on every
//! load (`Last-Modified` answers 304 when nothing changed). The files themselves, and their
//! precompressed `.br`/`.gz` copies when the build made them (`--precompress`), are served by
//! leptos_axum's file handler.

use axum::{
    body::Body,
    extract::Request,
    http::{HeaderValue, header},
    middleware::Next,
    response::Response,
};

pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
pub const REVALIDATE: &str = "no-cache";

/// Sets `Cache-Control` on successful answers under `/{pkg_dir}/`.
pub async fn cache_headers(pkg_prefix: std::sync::Arc<str>, hashed: bool, req: Request<Body>, next: Next) -> Response {
    let is_bundle = req.uri().path().starts_with(&*pkg_prefix);
    let mut res = next.run(req).await;
    if is_bundle && res.status().is_success() {
        let value = if hashed { IMMUTABLE } else { REVALIDATE };
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    res
}

#[cfg(test)]
mod tests {
    use axum::{Router, middleware, routing::get};
    use tower::ServiceExt;

    use super::*;

    async fn cache_control(hashed: bool, path: &str) -> Option<String> {
        let app = Router::new()
            .route("/pkg/hamro.0123abcd.wasm", get(|| async { "wasm" }))
            .route("/dashboard", get(|| async { "page" }))
            .layer(middleware::from_fn(move |req, next| cache_headers("/pkg/".into(), hashed, req, next)));
        let res = app.oneshot(Request::get(path).body(Body::empty()).unwrap()).await.unwrap();
        res.headers().get(header::CACHE_CONTROL).map(|v| v.to_str().unwrap().to_string())
    }

    #[tokio::test]
    async fn hashed_bundle_files_are_cached_for_a_year_and_plain_ones_revalidated() {
        assert_eq!(cache_control(true, "/pkg/hamro.0123abcd.wasm").await.as_deref(), Some(IMMUTABLE));
        assert_eq!(cache_control(false, "/pkg/hamro.0123abcd.wasm").await.as_deref(), Some(REVALIDATE));
    }

    #[tokio::test]
    async fn pages_and_missing_files_are_left_alone() {
        assert_eq!(cache_control(true, "/dashboard").await, None);
        assert_eq!(cache_control(true, "/pkg/missing.wasm").await, None);
    }
}
