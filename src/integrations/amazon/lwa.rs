//! Login with Amazon: exchanges the refresh token for an access token, caches it until 60 s
//! before it expires, and refreshes it on demand (after a 401). Tokens never reach a log.

use std::time::{Duration, Instant};

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use tokio::sync::Mutex;

use super::AmazonError;

/// Refresh this long before the token's own expiry.
const EARLY: Duration = Duration::from_secs(60);

pub struct Lwa {
    http: reqwest::Client,
    token_url: String,
    client_id: String,
    client_secret: SecretString,
    refresh_token: SecretString,
    cached: Mutex<Option<Cached>>,
}

struct Cached {
    token: SecretString,
    refresh_at: Instant,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    expires_in: u64,
}

#[derive(Deserialize)]
struct TokenError {
    error: String,
    error_description: Option<String>,
}

impl Lwa {
    pub fn new(
        http: reqwest::Client,
        token_url: String,
        client_id: String,
        client_secret: SecretString,
        refresh_token: SecretString,
    ) -> Self {
        Self { http, token_url, client_id, client_secret, refresh_token, cached: Mutex::new(None) }
    }

    /// A valid access token, from the cache or a fresh exchange.
    pub async fn token(&self) -> Result<SecretString, AmazonError> {
        let mut cached = self.cached.lock().await;
        if let Some(c) = cached.as_ref()
            && Instant::now() < c.refresh_at
        {
            return Ok(c.token.clone());
        }
        let fresh = self.exchange().await?;
        let token = fresh.0.clone();
        *cached = Some(Cached { token: fresh.0, refresh_at: Instant::now() + fresh.1.saturating_sub(EARLY) });
        Ok(token)
    }

    /// Forgets the cached token (the API said 401): the next call exchanges again.
    pub async fn invalidate(&self) {
        *self.cached.lock().await = None;
    }

    async fn exchange(&self) -> Result<(SecretString, Duration), AmazonError> {
        let form = [
            ("grant_type", "refresh_token"),
            ("refresh_token", self.refresh_token.expose_secret()),
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.client_secret.expose_secret()),
        ];
        let response = self
            .http
            .post(&self.token_url)
            .form(&form)
            .send()
            .await
            .map_err(|e| AmazonError::Unavailable(format!("LWA: {e}")))?;
        let status = response.status();
        if status.is_success() {
            let body: TokenResponse =
                response.json().await.map_err(|e| AmazonError::Protocol(format!("LWA token response: {e}")))?;
            tracing::debug!(expires_in = body.expires_in, "LWA access token refreshed");
            return Ok((SecretString::from(body.access_token), Duration::from_secs(body.expires_in)));
        }
        let text = response.text().await.unwrap_or_default();
        match serde_json::from_str::<TokenError>(&text) {
            Ok(e) if status.is_client_error() => {
                Err(AmazonError::Credentials(format!("{}: {}", e.error, e.error_description.unwrap_or_default())))
            }
            _ if status.is_server_error() => Err(AmazonError::Unavailable(format!("LWA answered {status}"))),
            _ => Err(AmazonError::Protocol(format!("LWA answered {status}"))),
        }
    }
}
