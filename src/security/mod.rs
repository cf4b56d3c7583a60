//! What every request and response goes through: the client's address, read through
//! trusted proxies (`client_addr`); forged cross-site requests, refused before any handler
//! runs (`cross_site`); and the security headers, with pages' Content-Security-Policy
//! (`headers`).

mod client_addr;
mod cross_site;
mod headers;

pub use client_addr::{ClientAddr, TrustedProxies, resolve_client_addr};
pub use cross_site::{CrossSitePolicy, refuse_cross_site};
pub use headers::{HeaderPolicy, content_security_policy, security_headers};
