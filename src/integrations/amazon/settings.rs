//! What the SP-API client needs: where Amazon is, and the platform's LWA credentials.

use std::{fmt, time::Duration};

use secrecy::SecretString;

use super::regions::Marketplace;

#[derive(Clone)]
pub struct AmazonSettings {
    /// The SP-API host (no trailing slash).
    pub endpoint: String,
    /// The LWA token endpoint.
    pub lwa_url: String,
    pub client_id: String,
    pub client_secret: SecretString,
    pub refresh_token: SecretString,
    /// The platform's seller id: Amazon sees one seller, Hamro.
    pub seller_id: String,
    pub marketplace: Marketplace,
    /// The longest pause between retries of a throttled or failing call.
    pub max_backoff: Duration,
}

impl fmt::Debug for AmazonSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AmazonSettings")
            .field("endpoint", &self.endpoint)
            .field("lwa_url", &self.lwa_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("refresh_token", &"[redacted]")
            .field("seller_id", &self.seller_id)
            .field("marketplace", &self.marketplace.code)
            .field("max_backoff", &self.max_backoff)
            .finish()
    }
}
