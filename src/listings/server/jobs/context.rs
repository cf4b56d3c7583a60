//! What the Amazon jobs work with (`ListingJobs`), and what they share: reading the product
//! a job is about, recording what Amazon said, telling the seller.

use std::sync::Arc;

use crate::{
    config::ListingFollow,
    db::Db,
    integrations::amazon::{AmazonError, SpApi, regions::Marketplace},
    jobs::{JobContext, JobError, JobPayload},
    listings::server::repo::{self, Change},
    notifications::{model::NotificationType, server::Notifier},
    products::{model::Product, server::Products},
    validation::clip,
};

/// The listings service's parts the jobs need.
#[derive(Clone)]
pub(crate) struct ListingJobs {
    pub(crate) db: Db,
    pub(crate) amazon: Arc<SpApi>,
    pub(crate) notifier: Notifier,
    pub(crate) products: Products,
    pub(crate) marketplace: Marketplace,
    /// SKUs per feed in a bulk inventory sync.
    pub(crate) feed_batch: usize,
    /// How new listings are followed and live ones rechecked.
    pub(crate) follow: ListingFollow,
}

/// A job about one product (its payload names the product).
pub(crate) trait ProductJob: JobPayload {
    fn for_product(product_id: &str) -> Self;
    fn product_id(&self) -> &str;
}

pub(super) fn amazon(e: AmazonError) -> JobError {
    if e.is_transient() { JobError::transient(e.to_string()) } else { JobError::permanent(e.to_string()) }
}

pub(super) fn product_url(p: &Product) -> String {
    format!("/seller/products/{}", p.id)
}

/// Amazon lists in the marketplace's currency only.
pub(super) fn check_currency(p: &Product, m: &Marketplace) -> Result<(), JobError> {
    if p.price.currency.label() == m.currency {
        return Ok(());
    }
    Err(JobError::permanent(format!(
        "Amazon {} sells in {}, and the product is priced in {}.",
        m.code,
        m.currency,
        p.price.currency.label()
    )))
}

impl ListingJobs {
    /// The product a job of kind `P` is about.
    pub(super) async fn job_product<P: ProductJob>(&self, ctx: &JobContext) -> Result<Product, JobError> {
        let payload: P = ctx.payload()?;
        let id = payload.product_id();
        self.products.get_any(id).await?.ok_or_else(|| JobError::permanent(format!("product {id} is gone")))
    }

    pub(super) async fn record(&self, p: &Product, change: Change<'_>) -> Result<(), JobError> {
        repo::record(&self.db, &p.id, &p.seller_id, &p.amazon_sku, self.marketplace.id, change).await?;
        Ok(())
    }

    pub(super) async fn tell(&self, user_id: &str, kind: NotificationType, title: &str, message: &str, url: &str) {
        if let Err(e) = self.notifier.notify(user_id, kind, title, message, Some(url)).await {
            tracing::warn!(error = %e, title, "could not notify about a listing");
        }
    }

    /// The seller's "Listing needs attention" notice, with Amazon's reason and what to do.
    pub(super) async fn tell_needs_attention(&self, p: &Product, reason: &str) {
        let message = format!("\"{}\" needs your attention on Amazon. {reason}", clip(&p.title, 80));
        self.tell(
            &p.seller_id,
            NotificationType::Warning,
            "Listing needs attention",
            &clip(&message, 900),
            &product_url(p),
        )
        .await;
    }

    /// A failed sync, told once (when retries have run out, or Amazon said no).
    pub(super) async fn sync_failed(&self, p: &Product, first_issue: &str) {
        let message = format!("\"{}\" could not be listed on Amazon: {first_issue}", clip(&p.title, 80));
        self.tell(&p.seller_id, NotificationType::Error, "Amazon sync failed", &clip(&message, 900), &product_url(p))
            .await;
    }
}
