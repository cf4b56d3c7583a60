//! The SP-API's answers as Hamro reads them. Amazon's enumerations are enums here, with an
//! `Unknown` for values added after this was written, so no caller compares strings.

use serde::{Deserialize, Serialize};

/// `Issue.severity` (Listings Items 2021-08-01).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// `Issue` (errors, warnings, info) from a submission or an item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Issue {
    pub code: String,
    pub message: String,
    pub severity: Severity,
    #[serde(default)]
    pub attribute_names: Vec<String>,
}

impl Issue {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// `ListingsItemSubmissionResponse.status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SubmissionStatus {
    /// Accepted for processing.
    Accepted,
    /// Not valid; nothing was accepted (Amazon answers it with HTTP 200).
    Invalid,
    /// Valid (a `VALIDATION_PREVIEW` only).
    Valid,
}

/// `ListingsItemSubmissionResponse`.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Submission {
    pub sku: String,
    pub status: SubmissionStatus,
    pub submission_id: String,
    #[serde(default)]
    pub issues: Vec<Issue>,
}

impl Submission {
    pub fn is_invalid(&self) -> bool {
        self.status == SubmissionStatus::Invalid
    }

    /// The first ERROR's message (the one to tell the seller), if any.
    pub fn first_error(&self) -> Option<&Issue> {
        self.issues.iter().find(|i| i.is_error())
    }
}

/// `ItemSummaryByMarketplace.status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ItemState {
    Buyable,
    Discoverable,
    #[serde(other)]
    Unknown,
}

/// The parts of `Item` Hamro reads: status and ASIN per marketplace, and issues.
#[derive(Clone, Debug, Default)]
pub struct ItemStatus {
    pub asin: Option<String>,
    /// Empty: not live yet.
    pub status: Vec<ItemState>,
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

/// `Feed.processingStatus` (Feeds 2021-06-30).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FeedStatus {
    Cancelled,
    Done,
    Fatal,
    InProgress,
    InQueue,
}

impl FeedStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cancelled => "CANCELLED",
            Self::Done => "DONE",
            Self::Fatal => "FATAL",
            Self::InProgress => "IN_PROGRESS",
            Self::InQueue => "IN_QUEUE",
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Feed {
    pub feed_id: String,
    pub processing_status: FeedStatus,
    #[serde(default)]
    pub result_feed_document_id: Option<String>,
    #[serde(default)]
    pub created_time: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amazons_enumerations_read_as_enums() {
        let s: Submission = serde_json::from_value(serde_json::json!({
            "sku": "X", "status": "INVALID", "submissionId": "1",
            "issues": [{ "code": "90220", "message": "m", "severity": "WARNING" },
                       { "code": "90221", "message": "first error", "severity": "ERROR", "attributeNames": ["brand"] }]
        }))
        .unwrap();
        assert!(s.is_invalid());
        assert_eq!(s.first_error().map(|i| i.message.as_str()), Some("first error"));
        let f: Feed =
            serde_json::from_value(serde_json::json!({ "feedId": "1", "processingStatus": "IN_QUEUE" })).unwrap();
        assert_eq!(f.processing_status, FeedStatus::InQueue);
        let unknown: Result<Feed, _> =
            serde_json::from_value(serde_json::json!({ "feedId": "1", "processingStatus": "PAUSED" }));
        assert!(unknown.is_err(), "an unknown feed status is a protocol error, not a guess");
    }
}
