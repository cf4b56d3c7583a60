//! What every request and response goes through: the client's address, read through
//! trusted proxies (`client_addr`); forged cross-site requests, refused before any handler
//! runs (`cross_site`); the security headers, with pages' Content-Security-Policy
//! (`headers`); and per-user limits on calls that spend the platform's quotas (`user_quota`).

mod client_addr;
mod cross_site;
mod headers;
mod user_quota;

pub use client_addr::{ClientAddr, TrustedProxies, resolve_client_addr};
pub use cross_site::{CrossSitePolicy, refuse_cross_site};
pub use headers::{HeaderPolicy, content_security_policy, security_headers};
pub use user_quota::{DEFAULT_CALLS_PER_MINUTE, UserQuota};
