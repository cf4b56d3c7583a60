//! `SpApi`: Hamro's SP-API client for Listings Items (2021-08-01) and Feeds (2021-06-30).
//!
//! Every call waits for its operation's token bucket, carries a fresh LWA token in
//! `x-amz-access-token`, is retried on 429 and 5xx with exponential backoff and jitter
//! (honoring `Retry-After`), refreshes the token once after a 401/403, and is logged as one
//! tracing event with the operation, SKU, status, latency and rate-limit wait.

use std::time::{Duration, Instant};

use backon::{BackoffBuilder, ExponentialBuilder};
use reqwest::{Method, StatusCode, header::HeaderMap};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
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
    http: reqwest::Client,
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

/// `Issue` (errors, warnings, info) from a submission or an item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Issue {
    pub code: String,
    pub message: String,
    pub severity: String,
    #[serde(default)]
    pub attribute_names: Vec<String>,
}

/// `ListingsItemSubmissionResponse`.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Submission {
    pub sku: String,
    /// ACCEPTED, INVALID or VALID.
    pub status: String,
    pub submission_id: String,
    #[serde(default)]
    pub issues: Vec<Issue>,
}

/// The parts of `Item` Hamro reads: status and ASIN per marketplace, and issues.
#[derive(Clone, Debug, Default)]
pub struct ItemStatus {
    pub asin: Option<String>,
    /// BUYABLE, DISCOVERABLE (empty: not live yet).
    pub status: Vec<String>,
    pub issues: Vec<Issue>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FeedDocument {
    pub feed_document_id: String,
    pub url: String,
    #[serde(default)]
    pub compression_algorithm: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Feed {
    pub feed_id: String,
    pub processing_status: String,
    #[serde(default)]
    pub result_feed_document_id: Option<String>,
    #[serde(default)]
    pub created_time: Option<String>,
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

    fn item_path(&self, sku: &str) -> String {
        format!("/listings/2021-08-01/items/{}/{}", url_segment(&self.seller_id), url_segment(sku))
    }

    fn marketplace_query(&self) -> (&'static str, String) {
        ("marketplaceIds", self.marketplace_id.clone())
    }

    fn submission(reply: Reply) -> Result<Submission, AmazonError> {
        if reply.status == StatusCode::NOT_FOUND {
            return Err(AmazonError::NotFound);
        }
        serde_json::from_value(reply.body).map_err(|e| AmazonError::Protocol(format!("submission response: {e}")))
    }

    /// `putListingsItem`: creates or fully replaces the listing.
    pub async fn put_listing(
        &self,
        sku: &str,
        product_type: &str,
        attributes: Value,
    ) -> Result<Submission, AmazonError> {
        let body =
            serde_json::json!({ "productType": product_type, "requirements": "LISTING", "attributes": attributes });
        let query = [self.marketplace_query(), ("issueLocale", "en_US".into())];
        Self::submission(
            self.call(Operation::PutListingsItem, Method::PUT, &self.item_path(sku), &query, Some(&body), Some(sku))
                .await?,
        )
    }

    /// `patchListingsItem` with JSON-Patch-style operations.
    pub async fn patch_listing(
        &self,
        sku: &str,
        product_type: &str,
        patches: Value,
    ) -> Result<Submission, AmazonError> {
        let body = serde_json::json!({ "productType": product_type, "patches": patches });
        let query = [self.marketplace_query(), ("issueLocale", "en_US".into())];
        Self::submission(
            self.call(
                Operation::PatchListingsItem,
                Method::PATCH,
                &self.item_path(sku),
                &query,
                Some(&body),
                Some(sku),
            )
            .await?,
        )
    }

    /// `getListingsItem` with summaries, issues, offers and fulfillment availability.
    pub async fn get_listing(&self, sku: &str) -> Result<Option<ItemStatus>, AmazonError> {
        let query = [
            self.marketplace_query(),
            ("includedData", "summaries,issues,offers,fulfillmentAvailability".into()),
            ("issueLocale", "en_US".into()),
        ];
        let reply =
            self.call(Operation::GetListingsItem, Method::GET, &self.item_path(sku), &query, None, Some(sku)).await?;
        if reply.status == StatusCode::NOT_FOUND {
            return Ok(None);
        }
        let summary = reply.body["summaries"]
            .as_array()
            .and_then(|s| s.iter().find(|s| s["marketplaceId"] == self.marketplace_id.as_str()))
            .cloned()
            .unwrap_or(Value::Null);
        let issues = serde_json::from_value(reply.body["issues"].clone()).unwrap_or_default();
        Ok(Some(ItemStatus {
            asin: summary["asin"].as_str().map(str::to_string),
            status: summary["status"]
                .as_array()
                .map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect())
                .unwrap_or_default(),
            issues,
        }))
    }

    /// `deleteListingsItem`.
    pub async fn delete_listing(&self, sku: &str) -> Result<Submission, AmazonError> {
        let query = [self.marketplace_query(), ("issueLocale", "en_US".into())];
        Self::submission(
            self.call(Operation::DeleteListingsItem, Method::DELETE, &self.item_path(sku), &query, None, Some(sku))
                .await?,
        )
    }

    /// `createFeedDocument`: where to upload a feed.
    pub async fn create_feed_document(&self, content_type: &str) -> Result<FeedDocument, AmazonError> {
        let body = serde_json::json!({ "contentType": content_type });
        let reply = self
            .call(Operation::CreateFeedDocument, Method::POST, "/feeds/2021-06-30/documents", &[], Some(&body), None)
            .await?;
        serde_json::from_value(reply.body)
            .map_err(|e| AmazonError::Protocol(format!("createFeedDocument response: {e}")))
    }

    /// Uploads the feed to the document's (pre-signed) URL. No SP-API token: the URL is the credential.
    pub async fn upload(&self, url: &str, content_type: &str, content: Vec<u8>) -> Result<(), AmazonError> {
        let response = self
            .http
            .put(url)
            .header("content-type", content_type)
            .body(content)
            .send()
            .await
            .map_err(|e| AmazonError::Unavailable(format!("feed upload: {e}")))?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(AmazonError::Unavailable(format!("feed upload answered {}", response.status())))
        }
    }

    /// `createFeed` for a JSON_LISTINGS_FEED document.
    pub async fn create_feed(&self, feed_document_id: &str) -> Result<String, AmazonError> {
        let body = serde_json::json!({
            "feedType": "JSON_LISTINGS_FEED",
            "marketplaceIds": [self.marketplace_id],
            "inputFeedDocumentId": feed_document_id,
        });
        let reply =
            self.call(Operation::CreateFeed, Method::POST, "/feeds/2021-06-30/feeds", &[], Some(&body), None).await?;
        reply.body["feedId"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| AmazonError::Protocol("createFeed: no feedId".into()))
    }

    pub async fn get_feed(&self, feed_id: &str) -> Result<Feed, AmazonError> {
        let reply = self
            .call(
                Operation::GetFeed,
                Method::GET,
                &format!("/feeds/2021-06-30/feeds/{}", url_segment(feed_id)),
                &[],
                None,
                None,
            )
            .await?;
        if reply.status == StatusCode::NOT_FOUND {
            return Err(AmazonError::NotFound);
        }
        serde_json::from_value(reply.body).map_err(|e| AmazonError::Protocol(format!("getFeed response: {e}")))
    }

    /// `getFeeds`: this seller's JSON_LISTINGS_FEED feeds created since `since` (RFC 3339).
    pub async fn feeds_since(&self, since: &str) -> Result<Vec<Feed>, AmazonError> {
        let query = [
            ("feedTypes", "JSON_LISTINGS_FEED".to_string()),
            ("createdSince", since.to_string()),
            ("pageSize", "100".to_string()),
        ];
        let reply = self.call(Operation::GetFeeds, Method::GET, "/feeds/2021-06-30/feeds", &query, None, None).await?;
        serde_json::from_value(reply.body["feeds"].clone())
            .map_err(|e| AmazonError::Protocol(format!("getFeeds response: {e}")))
    }

    /// `getFeedDocument`, then the document itself (a processing report).
    pub async fn download_document(&self, feed_document_id: &str) -> Result<Value, AmazonError> {
        let path = format!("/feeds/2021-06-30/documents/{}", url_segment(feed_document_id));
        let reply = self.call(Operation::GetFeedDocument, Method::GET, &path, &[], None, None).await?;
        let doc: FeedDocument =
            serde_json::from_value(reply.body).map_err(|e| AmazonError::Protocol(format!("getFeedDocument: {e}")))?;
        let bytes = self
            .http
            .get(&doc.url)
            .send()
            .await
            .map_err(|e| AmazonError::Unavailable(format!("report download: {e}")))?
            .bytes()
            .await
            .map_err(|e| AmazonError::Unavailable(format!("report download: {e}")))?;
        let bytes = if doc.compression_algorithm.as_deref() == Some("GZIP") {
            use std::io::Read;
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_end(&mut out)
                .map_err(|e| AmazonError::Protocol(format!("report gzip: {e}")))?;
            out
        } else {
            bytes.to_vec()
        };
        serde_json::from_slice(&bytes).map_err(|e| AmazonError::Protocol(format!("report JSON: {e}")))
    }
}

/// Percent-encodes one path segment (SKUs may hold '.', '/', spaces...).
fn url_segment(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
