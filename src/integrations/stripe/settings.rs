//! What the Stripe client needs: the API base, the platform's key, and the webhook secrets.

use std::fmt;

use secrecy::SecretString;

#[derive(Clone)]
pub struct StripeSettings {
    /// The API base, ending in `/` (the client appends `v1/...`).
    pub api_base: String,
    pub secret_key: SecretString,
    pub publishable_key: Option<String>,
    /// Every webhook signing secret accepted (several during a rotation).
    pub webhook_secrets: Vec<SecretString>,
    /// Country of new connected accounts.
    pub connect_country: String,
}

impl fmt::Debug for StripeSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StripeSettings")
            .field("api_base", &self.api_base)
            .field("secret_key", &"[redacted]")
            .field("publishable_key", &self.publishable_key)
            .field("webhook_secrets", &format!("[{} redacted]", self.webhook_secrets.len()))
            .field("connect_country", &self.connect_country)
            .finish()
    }
}
