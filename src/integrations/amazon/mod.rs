//! Amazon's Selling Partner API: LWA tokens, per-operation rate limits, the Listings Items,
//! Feeds, Product Type Definitions, Catalog Items and Listings Restrictions clients, product
//! type schema validation, and the feed documents and reports. It knows nothing of Hamro's
//! products: the listings domain turns those into Amazon's attributes.

mod catalog_api;
mod client;
mod definitions_api;
pub mod feed;
mod feeds_api;
pub mod limits;
mod listings_api;
mod lwa;
pub mod meta_schema;
mod orders_api;
pub mod orders_types;
pub mod regions;
mod settings;
mod types;

pub use catalog_api::{CatalogItem, CatalogQuery, Restriction};
pub use client::{Reply, SpApi};
pub use definitions_api::{Definition, ProductTypeMatch, PropertyGroup, Requirements};
pub use types::{Feed, FeedDocument, FeedStatus, Issue, ItemState, ItemStatus, Severity, Submission, SubmissionStatus};

pub use settings::AmazonSettings;

/// What went wrong talking to Amazon, sorted by what the caller can do about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmazonError {
    /// LWA refused the credentials (invalid_client, invalid_grant) or the token.
    #[error("Amazon refused Hamro's credentials: {0}")]
    Credentials(String),
    /// Still 429 after every retry.
    #[error("Amazon kept throttling: {0}")]
    Throttled(String),
    /// Network trouble or 5xx after every retry.
    #[error("Amazon is not answering right now: {0}")]
    Unavailable(String),
    /// A 4xx about the request itself.
    #[error("Amazon rejected the request ({status}): {message}")]
    Rejected { status: u16, message: String },
    #[error("not found on Amazon")]
    NotFound,
    /// An answer we could not read.
    #[error("unexpected answer from Amazon: {0}")]
    Protocol(String),
}

impl AmazonError {
    /// Worth trying again later (the job queue retries these with backoff).
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::Throttled(_) | Self::Unavailable(_))
    }
}
