//! Refuses forged cross-site requests. A browser says where a request comes from, in
//! `Sec-Fetch-Site` (every current browser) or, failing that, in `Origin`. A request with an
//! unsafe method (anything but GET, HEAD and OPTIONS) that another origin made is refused
//! with 403 before any handler runs: another site, and also a sibling subdomain, which is
//! "same-site" (so the SameSite=Lax cookie goes with it) but not this origin. That covers
//! sign-in too, so no one can sign a victim into the attacker's account.
//!
//! A request with neither header comes from a program (curl, an API client, Hamro's own
//! client calling its sandboxes), which a victim's browser cannot be made to send. Stripe's
//! signed webhook and the sandboxes (stand-ins for outside services) are exempt.

use std::sync::Arc;

use axum::{
    Json,
    extract::Request,
    http::{HeaderMap, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::error::{ErrorBody, ErrorEnvelope, FieldErrors};

/// Paths other programs post to: Stripe's webhook (signed) and the sandboxes.
const EXEMPT: &[&str] = &["/api/webhooks/", "/sandbox/"];

pub const REFUSED_MESSAGE: &str =
    "This request came from another site, so Hamro refused it. If you were using Hamro, reload the page and try again.";

/// This deployment's own origin (`HAMRO_PUBLIC_URL`), besides the `Host` the request names.
#[derive(Clone, Debug)]
pub struct CrossSitePolicy {
    origin: Arc<str>,
}

impl CrossSitePolicy {
    pub fn new(public_url: &str) -> Self {
        Self { origin: origin_of(public_url).into() }
    }

    /// Whether the request may go on: `Err` names where it came from, for the log.
    pub fn check(&self, method: &Method, path: &str, headers: &HeaderMap) -> Result<(), String> {
        if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) || EXEMPT.iter().any(|p| path.starts_with(p))
        {
            return Ok(());
        }
        let text = |name| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
        if let Some(site) = text("sec-fetch-site") {
            // "none": the person typed or bookmarked the address, no page made the request.
            return match site.to_ascii_lowercase().as_str() {
                "same-origin" | "none" => Ok(()),
                other => Err(format!("Sec-Fetch-Site: {other}")),
            };
        }
        match text(header::ORIGIN.as_str()) {
            None => Ok(()),
            Some(origin) if self.is_ours(origin, headers) => Ok(()),
            Some(origin) => Err(format!("Origin: {origin}")),
        }
    }

    /// The public origin, or the origin of the host the request was sent to.
    fn is_ours(&self, origin: &str, headers: &HeaderMap) -> bool {
        let origin = origin_of(origin);
        if origin == "null" {
            return false;
        }
        if origin == *self.origin {
            return true;
        }
        let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).map(str::to_ascii_lowercase);
        host.is_some_and(|host| origin.split_once("://").is_some_and(|(_, authority)| authority == host))
    }
}

/// `scheme://host[:port]` of a URL, lower-cased, without the scheme's default port.
fn origin_of(url: &str) -> String {
    let url = url.trim().to_ascii_lowercase();
    let Some((scheme, rest)) = url.split_once("://") else { return url };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let authority = match (scheme, authority.rsplit_once(':')) {
        ("http", Some((host, "80"))) | ("https", Some((host, "443"))) => host,
        _ => authority,
    };
    format!("{scheme}://{authority}")
}

/// The layer: 403 with a clear message for a forged request, the cause logged.
pub async fn refuse_cross_site(policy: Arc<CrossSitePolicy>, req: Request, next: Next) -> Response {
    match policy.check(req.method(), req.uri().path(), req.headers()) {
        Ok(()) => next.run(req).await,
        Err(from) => {
            tracing::warn!(method = %req.method(), path = %req.uri().path(), from, "refused a cross-site request");
            let body =
                ErrorBody { code: "cross_site_request", message: REFUSED_MESSAGE.into(), fields: FieldErrors::new() };
            (StatusCode::FORBIDDEN, Json(ErrorEnvelope { error: body })).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use axum::http::{HeaderMap, HeaderValue, Method};

    use super::CrossSitePolicy;

    fn check(method: Method, path: &str, headers: &[(&'static str, &str)]) -> Result<(), String> {
        let mut map = HeaderMap::new();
        map.insert("host", HeaderValue::from_static("127.0.0.1:3000"));
        for (k, v) in headers {
            map.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        CrossSitePolicy::new("https://hamro.example.com").check(&method, path, &map)
    }

    #[test]
    fn posts_from_this_origin_pass_and_from_other_sites_or_sibling_subdomains_do_not() {
        assert!(check(Method::POST, "/fn/auth/login", &[("sec-fetch-site", "same-origin")]).is_ok());
        assert!(check(Method::POST, "/fn/auth/login", &[("sec-fetch-site", "none")]).is_ok());
        assert!(check(Method::POST, "/fn/auth/login", &[("sec-fetch-site", "cross-site")]).is_err());
        assert!(check(Method::POST, "/fn/auth/login", &[("sec-fetch-site", "same-site")]).is_err());
        assert!(
            check(
                Method::POST,
                "/api/products",
                &[("sec-fetch-site", "same-site"), ("origin", "https://evil.example.com")]
            )
            .is_err()
        );
        // Without Sec-Fetch-Site (older browsers), Origin decides.
        assert!(check(Method::POST, "/fn/auth/login", &[("origin", "https://hamro.example.com")]).is_ok());
        assert!(check(Method::POST, "/fn/auth/login", &[("origin", "https://hamro.example.com:443")]).is_ok());
        assert!(check(Method::POST, "/fn/auth/login", &[("origin", "http://127.0.0.1:3000")]).is_ok());
        assert!(check(Method::POST, "/fn/auth/login", &[("origin", "https://shop.hamro.example.com")]).is_err());
        assert!(check(Method::POST, "/fn/auth/login", &[("origin", "null")]).is_err());
        assert!(check(Method::DELETE, "/api/notifications/x", &[("origin", "http://127.0.0.1:3001")]).is_err());
    }

    #[test]
    fn reads_programs_and_the_exempt_paths_pass() {
        assert!(check(Method::GET, "/seller/products", &[("sec-fetch-site", "cross-site")]).is_ok());
        assert!(check(Method::POST, "/api/products", &[]).is_ok(), "no browser headers: a program, not a forged page");
        assert!(check(Method::POST, "/api/webhooks/stripe", &[("sec-fetch-site", "cross-site")]).is_ok());
        assert!(check(Method::POST, "/sandbox/stripe/v1/accounts", &[("origin", "https://other.example")]).is_ok());
    }
}
