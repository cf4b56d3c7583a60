//! Facts about this deployment that pages need: demo mode, the bell's poll interval.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicConfig {
    /// Demo mode: the sign-in page lists the demo accounts.
    pub demo: bool,
    /// How often the notification bell asks for the unread count.
    pub poll_seconds: u32,
}

/// Public by design: nothing here is secret.
#[server(prefix = "/fn", endpoint = "site/config", input = GetUrl)]
pub async fn get_public_config() -> Result<PublicConfig, AppError> {
    let settings = use_context::<std::sync::Arc<crate::config::Settings>>()
        .ok_or_else(|| AppError::internal("public_config", "Settings missing from context"))?;
    Ok(PublicConfig { demo: settings.demo, poll_seconds: settings.poll_seconds })
}

impl Default for PublicConfig {
    fn default() -> Self {
        Self { demo: false, poll_seconds: 30 }
    }
}

/// Makes this deployment's public facts known to every component of the page (the root
/// does this once, on the server; islands get what they need as props).
pub fn provide_public_config() {
    provide_context(current());
}

/// This deployment's public facts (see `provide_public_config`).
pub fn use_public_config() -> PublicConfig {
    use_context::<PublicConfig>().unwrap_or_default()
}

#[cfg(feature = "ssr")]
fn current() -> PublicConfig {
    use_context::<std::sync::Arc<crate::config::Settings>>()
        .map(|s| PublicConfig { demo: s.demo, poll_seconds: s.poll_seconds })
        .unwrap_or_default()
}

#[cfg(not(feature = "ssr"))]
fn current() -> PublicConfig {
    PublicConfig::default()
}
