//! Listing types shared by the server and the browser.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ListingStatus {
    NotListed,
    /// Sent to Amazon; waiting for its answer.
    Submitted,
    /// Accepted by Amazon; waiting for the ASIN.
    Pending,
    Active,
    Inactive,
    Error,
    Deleted,
    /// Amazon raised issues on the live listing, took the offer down, or gave no ASIN
    /// within a day: the seller has something to do.
    NeedsAttention,
}

impl ListingStatus {
    pub const ALL: [ListingStatus; 8] = [
        Self::NotListed,
        Self::Submitted,
        Self::Pending,
        Self::Active,
        Self::Inactive,
        Self::Error,
        Self::Deleted,
        Self::NeedsAttention,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotListed => "not_listed",
            Self::Submitted => "submitted",
            Self::Pending => "pending",
            Self::Active => "active",
            Self::Inactive => "inactive",
            Self::Error => "error",
            Self::Deleted => "deleted",
            Self::NeedsAttention => "needs_attention",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::NotListed => "Not listed",
            Self::Submitted => "Submitted",
            Self::Pending => "Pending",
            Self::Active => "Active",
            Self::Inactive => "Inactive",
            Self::Error => "Error",
            Self::Deleted => "Delisted",
            Self::NeedsAttention => "Needs attention",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// On Amazon (or on its way there): price and quantity edits follow it.
    pub fn is_live(self) -> bool {
        matches!(self, Self::Submitted | Self::Pending | Self::Active | Self::Inactive | Self::NeedsAttention)
    }
}

impl ListingView {
    /// Possibly for sale on Amazon: live, or in error after it had an ASIN (a refused update
    /// leaves the last accepted offer up). Price, quantity and archiving follow these.
    pub fn may_be_on_amazon(&self) -> bool {
        self.status.is_live() || (self.status == ListingStatus::Error && self.asin.is_some())
    }
}

/// How bad an issue Amazon reported is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum IssueSeverity {
    Error,
    Warning,
    Info,
}

impl IssueSeverity {
    /// As Amazon writes it: ERROR, WARNING, INFO.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "ERROR",
            Self::Warning => "WARNING",
            Self::Info => "INFO",
        }
    }
}

/// An issue Amazon reported about a listing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ListingIssue {
    pub code: String,
    pub message: String,
    pub severity: IssueSeverity,
    pub attribute_names: Vec<String>,
}

impl ListingIssue {
    /// What the seller can do about it.
    pub fn next_step(&self) -> String {
        match self.attribute_names.first().map(String::as_str) {
            Some("item_name") => "Change the product's title, then sync again.".into(),
            Some("brand") => "Fill in the brand, then sync again.".into(),
            Some("main_product_image_locator") => "Add an image URL, then sync again.".into(),
            Some("purchasable_offer") => "Check the price, then sync again.".into(),
            Some(other) => format!("Check '{other}' on the product, then sync again."),
            None if self.severity == IssueSeverity::Error => "Edit the product to fix this, then sync again.".into(),
            None => "No action needed.".into(),
        }
    }
}

/// A product's listing, as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ListingView {
    pub product_id: String,
    pub product_title: String,
    pub seller_name: String,
    pub status: ListingStatus,
    pub sku: String,
    pub asin: Option<String>,
    pub marketplace_id: String,
    pub marketplace: String,
    pub issues: Vec<ListingIssue>,
    pub last_synced_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    /// A sync, patch or delist is queued or running.
    pub busy: bool,
}

/// Where a bulk inventory sync is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum BulkSyncStatus {
    Queued,
    Running,
    Done,
    Failed,
}

impl BulkSyncStatus {
    pub fn is_finished(self) -> bool {
        matches!(self, Self::Done | Self::Failed)
    }
}

/// A bulk inventory sync's progress and outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BulkSyncView {
    pub job_id: String,
    pub status: BulkSyncStatus,
    pub done: i64,
    pub total: i64,
    pub succeeded: i64,
    pub failed: i64,
    pub error: Option<String>,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    /// The latest per-SKU outcomes (failures first).
    pub results: Vec<BulkSyncItem>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BulkSyncItem {
    pub sku: String,
    pub ok: bool,
    pub message: Option<String>,
}

/// What "Check with Amazon" found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CheckOutcome {
    /// Amazon's preview says VALID: it would accept the listing.
    Valid,
    /// Amazon's preview says INVALID.
    Invalid,
    /// Amazon restricts the brand or item for this seller (approval needed).
    Restricted,
    /// Hamro's own check against the type's schema found gaps: Amazon was not asked.
    Incomplete,
}

impl CheckOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Valid => "valid",
            Self::Invalid => "invalid",
            Self::Restricted => "restricted",
            Self::Incomplete => "incomplete",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Valid, Self::Invalid, Self::Restricted, Self::Incomplete].into_iter().find(|o| o.as_str() == s)
    }

    pub fn summary(self) -> &'static str {
        match self {
            Self::Valid => "Amazon would accept this listing.",
            Self::Invalid => "Amazon would refuse this listing. Fix the issues below.",
            Self::Restricted => "Amazon restricts this listing for Hamro's account.",
            Self::Incomplete => "The product is missing what its product type requires.",
        }
    }
}

/// One thing a check found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CheckIssue {
    /// Amazon's issue code (90220, ...), or HAMRO for Hamro's own check.
    pub code: String,
    pub message: String,
    pub severity: IssueSeverity,
    /// Amazon's attribute name.
    pub attribute: Option<String>,
    /// The product form's field to change.
    pub field: Option<String>,
}

/// The latest "Check with Amazon" of a product.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CheckReport {
    pub outcome: CheckOutcome,
    pub issues: Vec<CheckIssue>,
    pub checked_at: DateTime<Utc>,
}
