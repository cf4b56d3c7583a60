//! `amazon_sync`: creates (or fully replaces) a product's listing with `putListingsItem`,
//! then checks `getListingsItem` until Amazon has given it an ASIN.

use std::time::Duration;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::context::{ListingJobs, ProductJob, amazon, check_currency, product_url};
use crate::{
    jobs::{Handler, JobContext, JobError, JobPayload, Step},
    listings::{
        model::ListingStatus,
        server::{
            attributes,
            repo::{self, Change},
        },
    },
    notifications::model::NotificationType,
    products::model::ProductStatus,
    validation::clip,
};

/// How often a new listing is checked for its ASIN, and for how long.
const ASIN_POLL: Duration = Duration::from_secs(2);
const ASIN_POLLS: i64 = 90;

/// The payload: which product to list.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct CreateListing {
    pub product_id: String,
}

impl JobPayload for CreateListing {
    const KIND: &'static str = "amazon_sync";
}

impl ProductJob for CreateListing {
    fn for_product(product_id: &str) -> Self {
        Self { product_id: product_id.to_string() }
    }
    fn product_id(&self) -> &str {
        &self.product_id
    }
}

/// What the job keeps between its steps: how many times it has looked for the ASIN (none
/// yet: the listing hasn't been sent).
#[derive(Default, Serialize, Deserialize)]
struct Progress {
    asin_polls: Option<i64>,
}

pub(super) struct Run(pub(super) ListingJobs);

#[async_trait]
impl Handler for Run {
    fn kind(&self) -> &'static str {
        CreateListing::KIND
    }

    async fn run(&self, ctx: &mut JobContext) -> Result<Step, JobError> {
        let listings = &self.0;
        let p = listings.job_product::<CreateListing>(ctx).await?;
        let api = listings.amazon.clone();
        let Some(polls) = ctx.progress::<Progress>()?.asin_polls else {
            if p.status != ProductStatus::Approved {
                return Err(JobError::permanent("the product is no longer approved"));
            }
            let m = &listings.marketplace;
            check_currency(&p, m)?;
            let attributes = attributes::attributes(&p, m.id, m.language_tag);
            let submission = api.put_listing(&p.amazon_sku, &p.product_type, attributes).await.map_err(amazon)?;
            let issues = repo::issues_json(&submission.issues);
            if submission.is_invalid() {
                let first = submission
                    .first_error()
                    .map(|i| i.message.clone())
                    .unwrap_or_else(|| "Amazon refused the listing.".into());
                listings
                    .record(
                        &p,
                        Change {
                            status: ListingStatus::Error,
                            asin: None,
                            issues: Some(issues),
                            submission_id: Some(&submission.submission_id),
                            synced: true,
                            error: Some(&first),
                        },
                    )
                    .await?;
                listings.sync_failed(&p, &first).await;
                return Ok(Step::Done(Some(json!({ "status": "INVALID" }))));
            }
            listings
                .record(
                    &p,
                    Change {
                        status: ListingStatus::Pending,
                        asin: None,
                        issues: Some(issues),
                        submission_id: Some(&submission.submission_id),
                        synced: true,
                        error: None,
                    },
                )
                .await?;
            ctx.save_progress(&Progress { asin_polls: Some(0) }, None).await?;
            return Ok(Step::Again(ASIN_POLL));
        };
        let item = api.get_listing(&p.amazon_sku).await.map_err(amazon)?;
        match item.and_then(|i| i.asin.clone().map(|a| (a, i))) {
            Some((asin, item)) => {
                let issues = repo::issues_json(&item.issues);
                listings
                    .record(
                        &p,
                        Change {
                            status: ListingStatus::Active,
                            asin: Some(&asin),
                            issues: Some(issues),
                            submission_id: None,
                            synced: true,
                            error: None,
                        },
                    )
                    .await?;
                let message = format!("\"{}\" is live on Amazon (ASIN {asin}).", clip(&p.title, 80));
                listings
                    .tell(&p.seller_id, NotificationType::Success, "Listed on Amazon", &message, &product_url(&p))
                    .await;
                Ok(Step::Done(Some(json!({ "asin": asin }))))
            }
            None if polls + 1 >= ASIN_POLLS => Ok(Step::Done(Some(json!({ "status": "pending" })))),
            None => {
                ctx.save_progress(&Progress { asin_polls: Some(polls + 1) }, None).await?;
                Ok(Step::Again(ASIN_POLL))
            }
        }
    }

    async fn failed(&self, ctx: &JobContext, error: &JobError) {
        let listings = &self.0;
        if let Ok(p) = listings.job_product::<CreateListing>(ctx).await {
            let change = Change {
                status: ListingStatus::Error,
                asin: None,
                issues: None,
                submission_id: None,
                synced: false,
                error: Some(&error.message),
            };
            if let Err(e) = listings.record(&p, change).await {
                tracing::warn!(product_id = %p.id, error = %e.message, "could not record a failed listing");
            }
            listings.sync_failed(&p, &error.message).await;
        }
    }
}
