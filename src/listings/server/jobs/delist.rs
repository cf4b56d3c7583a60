//! `amazon_delist`: takes a product off Amazon with `deleteListingsItem`.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::context::{ListingJobs, ProductJob, amazon, product_url};
use crate::{
    integrations::amazon::AmazonError,
    jobs::{Handler, JobContext, JobError, JobPayload, Step},
    listings::{model::ListingStatus, server::repo::Change},
    notifications::model::NotificationType,
    validation::clip,
};

/// The payload: which product to take off Amazon.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct DelistListing {
    pub product_id: String,
}

impl JobPayload for DelistListing {
    const KIND: &'static str = "amazon_delist";
}

impl ProductJob for DelistListing {
    fn for_product(product_id: &str) -> Self {
        Self { product_id: product_id.to_string() }
    }
    fn product_id(&self) -> &str {
        &self.product_id
    }
}

pub(super) struct Run(pub(super) ListingJobs);

#[async_trait]
impl Handler for Run {
    fn kind(&self) -> &'static str {
        DelistListing::KIND
    }

    async fn run(&self, ctx: &mut JobContext) -> Result<Step, JobError> {
        let listings = &self.0;
        let p = listings.job_product::<DelistListing>(ctx).await?;
        match listings.amazon.delete_listing(&p.amazon_sku).await {
            Ok(_) | Err(AmazonError::NotFound) => {}
            Err(e) => return Err(amazon(e)),
        }
        let change = Change {
            status: ListingStatus::Deleted,
            asin: None,
            issues: Some(json!([])),
            submission_id: None,
            synced: true,
            error: None,
        };
        listings.record(&p, change).await?;
        let message = format!("\"{}\" was removed from Amazon.", clip(&p.title, 80));
        listings.tell(&p.seller_id, NotificationType::Info, "Delisted from Amazon", &message, &product_url(&p)).await;
        Ok(Step::Done(None))
    }
}
