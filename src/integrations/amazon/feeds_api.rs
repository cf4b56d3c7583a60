//! The Feeds API 2021-06-30: documents (upload and download), feeds and their status.

use reqwest::{Method, StatusCode};
use serde_json::Value;

use super::{AmazonError, Feed, FeedDocument, SpApi, client::url_segment, limits::Operation};

impl SpApi {
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
