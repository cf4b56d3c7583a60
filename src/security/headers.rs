//! The headers every answer carries, and the Content-Security-Policy of pages.
//!
//! Every answer: `nosniff`, no framing (`X-Frame-Options: DENY`, and `frame-ancestors 'none'`
//! in the pages' policy), no referrer sent to other sites, and in production HSTS. Pages
//! (HTML) are never stored by browsers or proxies (`Cache-Control: no-store`): they show the
//! signed-in person's data. The sandboxes' own pages are left alone.
//!
//! The policy allows only scripts that carry the page's nonce (Leptos puts it on the
//! hydration script and on every inline script it writes) and what they load
//! (`'strict-dynamic'`), wasm compilation (`'wasm-unsafe-eval'`), styles from this origin,
//! images from anywhere over HTTPS (sellers' product images), and form posts to this origin
//! and to Stripe's onboarding (the connect form's redirect ends there).

use std::sync::Arc;

use axum::{
    extract::Request,
    http::{HeaderMap, HeaderName, HeaderValue, header},
    middleware::Next,
    response::Response,
};

/// What the headers depend on.
#[derive(Clone, Debug)]
pub struct HeaderPolicy {
    pub production: bool,
}

/// The page's Content-Security-Policy for `nonce`. `dev_reload` adds the websocket that
/// `cargo leptos watch` reloads the page through.
pub fn content_security_policy(nonce: &str, dev_reload: Option<&str>) -> String {
    let connect = match dev_reload {
        Some(socket) => format!("'self' {socket}"),
        None => "'self'".to_string(),
    };
    format!(
        "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' https: data:; font-src 'self'; connect-src {connect}; object-src 'none'; base-uri 'none'; \
         form-action 'self' https://connect.stripe.com; frame-ancestors 'none'"
    )
}

fn set_default(headers: &mut HeaderMap, name: HeaderName, value: &'static str) {
    headers.entry(name).or_insert(HeaderValue::from_static(value));
}

/// The layer.
pub async fn security_headers(policy: Arc<HeaderPolicy>, req: Request, next: Next) -> Response {
    let sandbox = req.uri().path().starts_with("/sandbox/");
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    set_default(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set_default(headers, header::X_FRAME_OPTIONS, "DENY");
    set_default(headers, header::REFERRER_POLICY, "same-origin");
    if policy.production {
        set_default(headers, header::STRICT_TRANSPORT_SECURITY, "max-age=31536000; includeSubDomains");
    }
    let html =
        headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
    if html && !sandbox {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use axum::{
        Router,
        body::Body,
        extract::Request,
        http::header,
        middleware,
        response::{Html, Response},
        routing::get,
    };
    use tower::ServiceExt;

    use super::{HeaderPolicy, content_security_policy, security_headers};

    async fn get_path(production: bool, path: &str) -> Response {
        let policy = Arc::new(HeaderPolicy { production });
        let app = Router::new()
            .route("/seller/products", get(|| async { Html("<p>page</p>") }))
            .route("/api/products", get(|| async { "[]" }))
            .layer(middleware::from_fn(move |req, next| security_headers(policy.clone(), req, next)));
        app.oneshot(Request::get(path).body(Body::empty()).unwrap()).await.unwrap()
    }

    fn value(res: &Response, name: header::HeaderName) -> Option<&str> {
        res.headers().get(name).map(|v| v.to_str().unwrap())
    }

    #[tokio::test]
    async fn every_answer_is_unframeable_and_unsniffable_and_pages_are_never_stored() {
        let page = get_path(false, "/seller/products").await;
        assert_eq!(value(&page, header::X_CONTENT_TYPE_OPTIONS), Some("nosniff"));
        assert_eq!(value(&page, header::X_FRAME_OPTIONS), Some("DENY"));
        assert_eq!(value(&page, header::REFERRER_POLICY), Some("same-origin"));
        assert_eq!(value(&page, header::CACHE_CONTROL), Some("no-store"));
        assert_eq!(value(&page, header::STRICT_TRANSPORT_SECURITY), None, "HSTS only in production");
        let api = get_path(true, "/api/products").await;
        assert_eq!(value(&api, header::X_FRAME_OPTIONS), Some("DENY"));
        assert_eq!(value(&api, header::CACHE_CONTROL), None);
        assert!(value(&api, header::STRICT_TRANSPORT_SECURITY).is_some_and(|v| v.contains("max-age=31536000")));
    }

    #[test]
    fn the_policy_allows_only_nonced_scripts_and_no_framing() {
        let csp = content_security_policy("abc123", None);
        assert!(csp.contains("script-src 'nonce-abc123' 'strict-dynamic' 'wasm-unsafe-eval'"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert!(
            content_security_policy("n", Some("ws://127.0.0.1:3001"))
                .contains("connect-src 'self' ws://127.0.0.1:3001")
        );
    }
}
