//! `SpApi`: Hamro's SP-API client, and the one call every operation goes through
//! (`listings_api.rs` and `feeds_api.rs` hold the operations).
//!
//! Every call waits for its operation's token bucket, carries a fresh LWA token in
//! `x-amz-access-token`, is retried on 429 and 5xx with exponential backoff and jitter
//! (honoring `Retry-After`), refreshes the token once after a 401/403, and is logged as one
//! tracing event with the operation, SKU, status, latency and rate-limit wait.

use std::time::{Duration, Instant};

use backon::{BackoffBuilder, ExponentialBuilder};
use reqwest::{Method, StatusCode, header::HeaderMap};
use secrecy::ExposeSecret;
use serde_json::Value;

use super::{
    AmazonError, AmazonSettings,
    limits::{Limits, Operation},
    lwa::Lwa,
};

/// Tries per call (the first and the retries).
const ATTEMPTS: usize = 6;
const USER_AGENT: &str = concat!("Hamro/", env!("CARGO_PKG_VERSION"), " (Language=Rust; Platform=Linux)");

pub struct SpApi {
    pub(super) http: reqwest::Client,
    endpoint: String,
    pub seller_id: String,
    pub marketplace_id: String,
    lwa: Lwa,
    limits: Limits,
    max_backoff: Duration,
}

/// What a call returned.
pub struct Reply {
    pub status: StatusCode,
    pub body: Value,
    /// How many 429s the call met before it got through.
    pub throttled: u32,
}

/// `Retry-After` in seconds, when it is a sane number (at most `cap`).
fn retry_after(headers: &HeaderMap, cap: Duration) -> Option<Duration> {
    let secs = headers.get("retry-after").and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<f64>().ok())?;
    Duration::try_from_secs_f64(secs).ok().map(|d| d.min(cap))
}

fn rate_limit(headers: &HeaderMap) -> Option<f64> {
    headers.get("x-amzn-ratelimit-limit").and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse().ok())
}

/// The message of an SP-API `ErrorList`, for error reports.
fn error_message(body: &Value) -> String {
    body["errors"][0]["message"]
        .as_str()
        .or_else(|| body["errors"][0]["code"].as_str())
        .unwrap_or("no details")
        .to_string()
}

impl SpApi {
    pub fn new(settings: &AmazonSettings) -> Result<Self, AmazonError> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .user_agent(USER_AGENT)
            .build()
            .map_err(|e| AmazonError::Protocol(e.to_string()))?;
        let lwa = Lwa::new(
            http.clone(),
            settings.lwa_url.clone(),
            settings.client_id.clone(),
            settings.client_secret.clone(),
            settings.refresh_token.clone(),
        );
        Ok(Self {
            http,
            endpoint: settings.endpoint.trim_end_matches('/').to_string(),
            seller_id: settings.seller_id.clone(),
            marketplace_id: settings.marketplace.id.to_string(),
            lwa,
            limits: Limits::default(),
            max_backoff: settings.max_backoff,
        })
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// One SP-API call with rate limiting, token handling, retries and a log line.
    pub async fn call(
        &self,
        op: Operation,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
        sku: Option<&str>,
    ) -> Result<Reply, AmazonError> {
        let mut backoff = ExponentialBuilder::default()
            .with_min_delay(Duration::from_millis(250))
            .with_max_delay(self.max_backoff)
            .with_jitter()
            .with_max_times(ATTEMPTS)
            .build();
        let mut refreshed = false;
        let mut throttled = 0;
        loop {
            // The token first, so fetching it never sits between the rate limiter's
            // go-ahead and the request it paced.
            let token = self.lwa.token().await?;
            let wait = self.limits.acquire(op).await;
            let started = Instant::now();
            let mut request = self
                .http
                .request(method.clone(), format!("{}{path}", self.endpoint))
                .query(query)
                .header("x-amz-access-token", token.expose_secret())
                .header("x-amz-date", chrono::Utc::now().format("%Y%m%dT%H%M%SZ").to_string());
            if let Some(body) = body {
                request = request.json(body);
            }
            let sent = request.send().await;
            let latency_ms = started.elapsed().as_millis() as u64;
            let wait_ms = wait.as_millis() as u64;
            let response = match sent {
                Ok(r) => r,
                Err(e) => {
                    tracing::warn!(operation = op.name(), sku, latency_ms, rate_wait_ms = wait_ms, error = %e, "SP-API call failed");
                    if !op.repeatable() {
                        return Err(AmazonError::Unavailable(format!("{}: {e}", op.name())));
                    }
                    match backoff.next() {
                        Some(delay) => {
                            tokio::time::sleep(delay).await;
                            continue;
                        }
                        None => return Err(AmazonError::Unavailable(format!("{}: {e}", op.name()))),
                    }
                }
            };
            let status = response.status();
            let headers = response.headers().clone();
            if let Some(rate) = rate_limit(&headers) {
                self.limits.observe(op, rate);
            }
            let text = response.text().await.unwrap_or_default();
            let body: Value =
                if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::Null) };
            tracing::info!(
                operation = op.name(),
                sku,
                status = status.as_u16(),
                latency_ms,
                rate_wait_ms = wait_ms,
                "SP-API call"
            );
            if matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) && !refreshed {
                refreshed = true;
                self.lwa.invalidate().await;
                continue;
            }
            if status.is_server_error() && !op.repeatable() {
                return Err(AmazonError::Unavailable(format!("{} answered {status}", op.name())));
            }
            if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
                if status == StatusCode::TOO_MANY_REQUESTS {
                    throttled += 1;
                }
                match backoff.next() {
                    Some(delay) => {
                        tokio::time::sleep(retry_after(&headers, self.max_backoff).map_or(delay, |r| r.max(delay)))
                            .await;
                        continue;
                    }
                    None if status == StatusCode::TOO_MANY_REQUESTS => {
                        return Err(AmazonError::Throttled(format!(
                            "{} still throttled after {ATTEMPTS} tries",
                            op.name()
                        )));
                    }
                    None => return Err(AmazonError::Unavailable(format!("{} answered {status}", op.name()))),
                }
            }
            if matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) {
                return Err(AmazonError::Credentials(format!(
                    "{} answered {status}: {}",
                    op.name(),
                    error_message(&body)
                )));
            }
            if status.is_client_error() && status != StatusCode::NOT_FOUND {
                return Err(AmazonError::Rejected { status: status.as_u16(), message: error_message(&body) });
            }
            return Ok(Reply { status, body, throttled });
        }
    }
}

/// Percent-encodes one path segment (SKUs may hold '.', '/', spaces...).
pub(super) fn url_segment(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
