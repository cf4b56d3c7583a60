//! Listing operations: who may sync what, and the jobs that do the work. Every change to
//! Amazon goes through the job queue (durable, retried, one active job per product and kind).

use std::sync::Arc;

use async_trait::async_trait;

use super::{
    check_repo,
    jobs::{self as listing_jobs, BulkSync, CreateListing, DelistListing, ListingJobs, PatchListing, ProductJob},
    repo::{self, Change},
};
use crate::{
    auth::model::CurrentUser,
    config::ListingFollow,
    db::{Db, is_key},
    error::AppError,
    integrations::amazon::{SpApi, regions::Marketplace},
    jobs::{self, Handler, Job, JobPayload, JobStatus},
    listings::model::{BulkSyncStatus, BulkSyncView, CheckReport, ListingStatus, ListingView},
    notifications::server::Notifier,
    products::{
        model::{Product, ProductStatus},
        server::{ProductChange, ProductListener, Products},
    },
    security::{DEFAULT_CALLS_PER_MINUTE, UserQuota},
};

/// Amazon listings under the platform's seller account, in one marketplace.
#[derive(Clone)]
pub struct Listings {
    db: Db,
    products: Products,
    marketplace: Marketplace,
    /// What the jobs that do the work are given.
    jobs: ListingJobs,
    /// Per-user limit on "Sync to Amazon" (each one spends the platform's SP-API quota).
    syncs: UserQuota,
}

/// A product's Amazon jobs run one at a time, in order (a delist never overtakes a sync).
fn lane(product_id: &str) -> String {
    format!("amazon:{product_id}")
}

/// The key that allows one active job of a kind per product.
fn key(kind: &str, product_id: &str) -> String {
    format!("{kind}:{product_id}")
}

impl Listings {
    pub(crate) fn new(
        db: Db,
        amazon: Arc<SpApi>,
        notifier: Notifier,
        products: Products,
        marketplace: Marketplace,
        feed_batch: usize,
        follow: ListingFollow,
    ) -> Self {
        let jobs = ListingJobs {
            db: db.clone(),
            amazon,
            notifier,
            products: products.clone(),
            marketplace,
            feed_batch,
            follow,
        };
        Self { db, products, marketplace, jobs, syncs: UserQuota::per_minute("Amazon syncs", DEFAULT_CALLS_PER_MINUTE) }
    }

    /// Each user may ask for `per_minute` syncs a minute.
    pub(crate) fn with_calls_per_minute(mut self, per_minute: u32) -> Self {
        self.syncs = UserQuota::per_minute("Amazon syncs", per_minute);
        self
    }

    /// The Amazon jobs' handlers, for the job workers.
    pub(crate) fn job_handlers(&self) -> Vec<Arc<dyn Handler>> {
        listing_jobs::handlers(&self.jobs)
    }

    async fn enqueue<P: ProductJob>(&self, product_id: &str) -> Result<Job, AppError> {
        let payload = P::for_product(product_id);
        jobs::enqueue(&self.db, &payload, &key(P::KIND, product_id), Some(&lane(product_id))).await
    }

    /// The listing as its page shows it (`not_listed` when there is none yet).
    pub(crate) async fn view(&self, product: &Product) -> Result<ListingView, AppError> {
        let listing = repo::get(&self.db, &product.id, self.marketplace.code).await?;
        let keys = [CreateListing::KIND, PatchListing::KIND, DelistListing::KIND].map(|k| key(k, &product.id));
        let busy = repo::any_active(&self.db, &keys).await?;
        Ok(match listing {
            Some(mut l) => {
                l.busy = busy;
                l
            }
            None => ListingView {
                product_id: product.id.clone(),
                product_title: product.title.clone(),
                seller_name: product.seller_name.clone(),
                status: ListingStatus::NotListed,
                sku: product.amazon_sku.clone(),
                asin: None,
                marketplace_id: self.marketplace.id.to_string(),
                marketplace: self.marketplace.code.to_string(),
                issues: Vec::new(),
                last_synced_at: None,
                last_error: None,
                busy,
            },
        })
    }

    /// GET: the product's listing (the seller's own product, or any for admins).
    pub(crate) async fn status(&self, user: &CurrentUser, product_id: &str) -> Result<ListingView, AppError> {
        let product = self.products.get_for(user, product_id).await?;
        self.view(&product).await
    }

    /// Each product's listing status (products never synced are absent).
    pub(crate) async fn statuses(&self, product_ids: &[String]) -> Result<Vec<(String, ListingStatus)>, AppError> {
        repo::statuses(&self.db, product_ids).await
    }

    /// "Sync to Amazon": queues the listing (create or full update). Approved products only.
    pub(crate) async fn sync(&self, user: &CurrentUser, product_id: &str) -> Result<ListingView, AppError> {
        let product = self.products.get_for(user, product_id).await?;
        self.syncs.check(&user.id)?;
        if product.status != ProductStatus::Approved {
            return Err(AppError::conflict("Only approved products can be listed on Amazon."));
        }
        let marketplace = &self.marketplace;
        if product.price.currency.label() != marketplace.currency {
            return Err(AppError::conflict(format!(
                "Amazon {} sells in {}; this product is priced in {}. Change its currency to list it.",
                marketplace.code,
                marketplace.currency,
                product.price.currency.label()
            )));
        }
        // Queued first: if recording the status fails, the job still runs and records it.
        self.enqueue::<CreateListing>(&product.id).await?;
        repo::record(
            &self.db,
            &product.id,
            &product.seller_id,
            &product.amazon_sku,
            marketplace.id,
            Change {
                status: ListingStatus::Submitted,
                asin: None,
                issues: None,
                submission_id: None,
                synced: false,
                error: None,
            },
        )
        .await
        .map_err(|e| e.into_app("recording a listing"))?;
        tracing::info!(product_id = %product.id, by = %user.id, "Amazon sync queued");
        self.view(&product).await
    }

    /// "Check with Amazon": Hamro's own check, Listings Restrictions and Amazon's
    /// VALIDATION_PREVIEW. Nothing is created; the report is kept for the product's page.
    pub(crate) async fn check(&self, user: &CurrentUser, product_id: &str) -> Result<CheckReport, AppError> {
        let product = self.products.get_for(user, product_id).await?;
        if product.status == ProductStatus::Archived {
            return Err(AppError::conflict("Archived products are not listed."));
        }
        let report = self.jobs.preflight(&product).await?;
        check_repo::save(&self.db, &product.id, &report).await?;
        tracing::info!(product_id = %product.id, outcome = report.outcome.as_str(), "listing checked with Amazon");
        Ok(report)
    }

    /// The product's latest check, if it had one.
    pub(crate) async fn latest_check(
        &self,
        user: &CurrentUser,
        product_id: &str,
    ) -> Result<Option<CheckReport>, AppError> {
        let product = self.products.get_for(user, product_id).await?;
        check_repo::latest(&self.db, &product.id).await
    }

    /// The seller's products whose listing needs attention (at most 100, latest first).
    pub(crate) async fn needing_attention(&self, seller_id: &str) -> Result<Vec<String>, AppError> {
        repo::products_with_status(&self.db, seller_id, ListingStatus::NeedsAttention, 100).await
    }

    /// How many of a seller's listings need them (all sellers' for `None`).
    pub(crate) async fn needs_attention(&self, seller_id: Option<&str>) -> Result<u64, AppError> {
        repo::count_with_status(&self.db, seller_id, ListingStatus::NeedsAttention).await
    }

    /// "Delist from Amazon".
    pub(crate) async fn delist(&self, user: &CurrentUser, product_id: &str) -> Result<ListingView, AppError> {
        let product = self.products.get_for(user, product_id).await?;
        let current = self.view(&product).await?;
        if !current.status.is_live() && current.status != ListingStatus::Error {
            return Err(AppError::conflict("This product is not listed on Amazon."));
        }
        self.enqueue::<DelistListing>(&product.id).await?;
        self.view(&product).await
    }

    /// A product that may be on Amazon gets a job of kind `P` (a patch, a delist).
    async fn follow<P: ProductJob>(&self, product: &Product) -> Result<(), AppError> {
        if repo::get(&self.db, &product.id, self.marketplace.code).await?.is_some_and(|l| l.may_be_on_amazon()) {
            self.enqueue::<P>(&product.id).await?;
        }
        Ok(())
    }

    /// "Sync all inventory" (admins): one bulk job at a time.
    pub(crate) async fn bulk_sync(&self, admin: &CurrentUser) -> Result<BulkSyncView, AppError> {
        let job = jobs::enqueue(&self.db, &BulkSync { requested_by: admin.id.clone() }, BulkSync::KIND, None).await?;
        self.bulk_view(job).await
    }

    async fn bulk_view(&self, job: Job) -> Result<BulkSyncView, AppError> {
        let (succeeded, failed) = repo::result_counts(&self.db, &job.id).await?;
        let results = repo::results(&self.db, &job.id, 50).await?;
        Ok(BulkSyncView {
            status: job.status.into(),
            job_id: job.id,
            done: job.progress_done,
            total: job.progress_total,
            succeeded,
            failed,
            error: job.last_error,
            started_at: job.created_at,
            finished_at: job.finished_at,
            results,
        })
    }

    /// A bulk sync's progress.
    pub(crate) async fn job(&self, job_id: &str) -> Result<BulkSyncView, AppError> {
        if !is_key(job_id) {
            return Err(AppError::bad_request("That is not a valid job id."));
        }
        let job = jobs::get(&self.db, job_id)
            .await?
            .filter(|j| j.kind == BulkSync::KIND)
            .ok_or_else(|| AppError::not_found("Job"))?;
        self.bulk_view(job).await
    }

    /// The most recent bulk sync, if any.
    pub(crate) async fn latest_bulk(&self) -> Result<Option<BulkSyncView>, AppError> {
        match jobs::latest(&self.db, BulkSync::KIND, 1).await?.into_iter().next() {
            Some(job) => self.bulk_view(job).await.map(Some),
            None => Ok(None),
        }
    }

    /// Every listing, most recently changed first, 50 a page.
    pub(crate) async fn list(
        &self,
        status: Option<ListingStatus>,
        page: Option<u32>,
    ) -> Result<Vec<ListingView>, AppError> {
        let page = page.unwrap_or(1);
        if page == 0 {
            return Err(AppError::bad_request("page starts at 1."));
        }
        repo::list(&self.db, status, 50, (page - 1) * 50, self.marketplace.code).await
    }
}

/// Price and quantity edits and archiving follow a listing that may be on Amazon. The edit
/// itself is already saved: a failure to queue the follow-up is logged, not reported as
/// the edit's.
#[async_trait]
impl ProductListener for Listings {
    async fn product_changed(&self, change: &ProductChange) {
        let (product, queued) = match change {
            ProductChange::OfferChanged(p) => (p, self.follow::<PatchListing>(p).await),
            ProductChange::Archived(p) => (p, self.follow::<DelistListing>(p).await),
        };
        if let Err(e) = queued {
            tracing::error!(product_id = %product.id, error = %e, "could not queue the Amazon follow-up");
        }
    }
}

impl From<JobStatus> for BulkSyncStatus {
    fn from(status: JobStatus) -> Self {
        match status {
            JobStatus::Queued => Self::Queued,
            JobStatus::Running => Self::Running,
            JobStatus::Done => Self::Done,
            JobStatus::Failed => Self::Failed,
        }
    }
}

/// `?status=` for listings.
pub(crate) fn parse_status(s: Option<&str>) -> Result<Option<ListingStatus>, AppError> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => ListingStatus::parse(s)
            .map(Some)
            .ok_or_else(|| AppError::bad_request(format!("Unknown listing status '{s}'."))),
    }
}
