//! `amazon_sync`: checks a product with Amazon first (`preflight.rs`: Hamro's own check,
//! Listings Restrictions, VALIDATION_PREVIEW); anything wrong stops here and tells the
//! seller what to fix. Otherwise creates (or fully replaces) the listing with
//! `putListingsItem` and hands it to `listing_follow`, which waits for the ASIN.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{
    context::{ListingJobs, ProductJob, amazon, check_currency},
    follow::FollowListing,
};
use crate::{
    error::AppError,
    jobs::{self, Handler, JobContext, JobError, JobPayload, Step},
    listings::{
        model::{CheckOutcome, ListingStatus},
        server::{
            check_repo,
            repo::{self, Change},
        },
    },
    notifications::model::NotificationType,
    products::{model::ProductStatus, server::amazon_document},
    validation::clip,
};

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

fn job_error(e: AppError) -> JobError {
    match e {
        AppError::Upstream { message } | AppError::Conflict { message } => JobError::transient(message),
        other => JobError::permanent(other.to_string()),
    }
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
        if p.status != ProductStatus::Approved {
            return Err(JobError::permanent("the product is no longer approved"));
        }
        let m = &listings.marketplace;
        check_currency(&p, m)?;
        let report = listings.preflight(&p).await.map_err(job_error)?;
        check_repo::save(&listings.db, &p.id, &report).await?;
        if report.outcome != CheckOutcome::Valid {
            let first = report
                .issues
                .iter()
                .find(|i| i.severity == crate::listings::model::IssueSeverity::Error)
                .map(|i| i.message.clone())
                .unwrap_or_else(|| report.outcome.summary().to_string());
            let issues = json!(
                report
                    .issues
                    .iter()
                    .map(|i| json!({
                        "code": i.code, "message": i.message, "severity": i.severity,
                        "attribute_names": i.attribute.iter().collect::<Vec<_>>(),
                    }))
                    .collect::<Vec<_>>()
            );
            let change = Change {
                status: ListingStatus::Error,
                asin: None,
                issues: Some(issues),
                submission_id: None,
                synced: false,
                error: Some(&first),
            };
            listings.record(&p, change).await?;
            let message = format!(
                "\"{}\" was not sent to Amazon: {} Open the product, fix it and sync again.",
                clip(&p.title, 80),
                clip(&first, 600)
            );
            listings
                .tell(
                    &p.seller_id,
                    NotificationType::Error,
                    "Fix before listing",
                    &message,
                    &super::context::product_url(&p),
                )
                .await;
            return Ok(Step::Done(Some(json!({ "status": report.outcome.as_str() }))));
        }
        let types = listings.products.types();
        let fields = p.fields();
        let requirements = amazon_document::requirements_for(fields.identity.as_ref());
        let loaded = types.load(&p.product_type, requirements).await.map_err(job_error)?;
        let attributes = amazon_document::attributes(&fields, m, &loaded.spec);
        let submission = listings
            .amazon
            .put_listing(&p.amazon_sku, &p.product_type, requirements, attributes)
            .await
            .map_err(amazon)?;
        let issues = repo::issues_json(&submission.issues);
        if submission.is_invalid() {
            let first = submission
                .first_error()
                .map(|i| i.message.clone())
                .unwrap_or_else(|| "Amazon refused the listing.".into());
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
            return Ok(Step::Done(Some(json!({ "status": "INVALID" }))));
        }
        let change = Change {
            status: ListingStatus::Pending,
            asin: None,
            issues: Some(issues),
            submission_id: Some(&submission.submission_id),
            synced: true,
            error: None,
        };
        listings.record(&p, change).await?;
        jobs::enqueue(
            &listings.db,
            &FollowListing::for_product(&p.id),
            &format!("{}:{}", FollowListing::KIND, p.id),
            None,
        )
        .await?;
        Ok(Step::Done(Some(json!({ "status": "ACCEPTED" }))))
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
