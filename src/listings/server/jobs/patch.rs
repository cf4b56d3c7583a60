//! `amazon_patch`: sends a listed product's price and quantity with `patchListingsItem`.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::context::{ListingJobs, ProductJob, amazon, check_currency};
use crate::{
    jobs::{Handler, JobContext, JobError, JobPayload, Step},
    listings::{
        model::ListingStatus,
        server::repo::{self, Change},
    },
    products::server::amazon_document,
};

/// The payload: which product's offer to send.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct PatchListing {
    pub product_id: String,
}

impl JobPayload for PatchListing {
    const KIND: &'static str = "amazon_patch";
}

impl ProductJob for PatchListing {
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
        PatchListing::KIND
    }

    async fn run(&self, ctx: &mut JobContext) -> Result<Step, JobError> {
        let listings = &self.0;
        let p = listings.job_product::<PatchListing>(ctx).await?;
        let m = &listings.marketplace;
        check_currency(&p, m)?;
        let mut patches = amazon_document::price_patch(p.price, m.id);
        if let (Some(all), Some(more)) =
            (patches.as_array_mut(), amazon_document::inventory_patch(p.quantity).as_array())
        {
            all.extend(more.iter().cloned());
        }
        let submission =
            listings.amazon.patch_listing(&p.amazon_sku, &p.product_type, patches).await.map_err(amazon)?;
        let issues = repo::issues_json(&submission.issues);
        if submission.is_invalid() {
            let first = submission
                .issues
                .first()
                .map(|i| i.message.clone())
                .unwrap_or_else(|| "Amazon refused the update.".into());
            let change = Change {
                status: ListingStatus::Error,
                asin: None,
                issues: Some(issues),
                submission_id: Some(&submission.submission_id),
                synced: true,
                error: Some(&first),
            };
            listings.record(&p, change).await?;
            listings.sync_failed(&p, &first).await;
        } else {
            let current = repo::get(&listings.db, &p.id, m.code).await?.map_or(ListingStatus::Pending, |l| l.status);
            let change = Change {
                status: current,
                asin: None,
                issues: Some(issues),
                submission_id: Some(&submission.submission_id),
                synced: true,
                error: None,
            };
            listings.record(&p, change).await?;
        }
        Ok(Step::Done(None))
    }

    async fn failed(&self, ctx: &JobContext, error: &JobError) {
        let listings = &self.0;
        if let Ok(p) = listings.job_product::<PatchListing>(ctx).await {
            listings.sync_failed(&p, &error.message).await;
        }
    }
}
