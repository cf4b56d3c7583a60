//! Listing operations: who may sync what, and the jobs that do the work. Every change to
//! Amazon goes through the job queue (durable, retried, one active job per product and kind).

use serde_json::json;

use super::repo::{self, Change};
use crate::{
    auth::model::{CurrentUser, Role},
    error::AppError,
    jobs::{self, Job},
    listings::model::{BulkSyncView, ListingStatus, ListingView},
    products::{
        model::{Product, ProductStatus},
        server::service as products,
    },
    state::AppState,
};

pub const SYNC: &str = "amazon_sync";
pub const PATCH: &str = "amazon_patch";
pub const DELIST: &str = "amazon_delist";
pub const BULK: &str = "amazon_bulk";

pub fn key(kind: &str, product_id: &str) -> String {
    format!("{kind}:{product_id}")
}

/// A product's Amazon jobs run one at a time, in order (a delist never overtakes a sync).
fn lane(product_id: &str) -> String {
    format!("amazon:{product_id}")
}

async fn enqueue(state: &AppState, kind: &str, product_id: &str) -> Result<Job, AppError> {
    jobs::enqueue(&state.db, kind, &key(kind, product_id), Some(&lane(product_id)), json!({ "product_id": product_id }))
        .await
}

fn marketplace(state: &AppState) -> &'static str {
    state.settings.amazon.marketplace.code
}

/// The listing as its page shows it (`not_listed` when there is none yet).
pub async fn view(state: &AppState, product: &Product) -> Result<ListingView, AppError> {
    let listing = repo::get(&state.db, &product.id, marketplace(state)).await?;
    let keys = [SYNC, PATCH, DELIST].map(|k| key(k, &product.id));
    let busy = repo::any_active(&state.db, &keys).await?;
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
            marketplace_id: state.settings.amazon.marketplace.id.to_string(),
            marketplace: marketplace(state).to_string(),
            issues: Vec::new(),
            last_synced_at: None,
            last_error: None,
            busy,
        },
    })
}

/// GET: the product's listing (the seller's own product, or any for admins).
pub async fn status(state: &AppState, user: &CurrentUser, product_id: &str) -> Result<ListingView, AppError> {
    let product = products::get_for(&state.db, user, product_id).await?;
    view(state, &product).await
}

/// "Sync to Amazon": queues the listing (create or full update). Approved products only.
pub async fn sync(state: &AppState, user: &CurrentUser, product_id: &str) -> Result<ListingView, AppError> {
    let product = products::get_for(&state.db, user, product_id).await?;
    if product.status != ProductStatus::Approved {
        return Err(AppError::conflict("Only approved products can be listed on Amazon."));
    }
    let marketplace = &state.settings.amazon.marketplace;
    if product.price.currency.label() != marketplace.currency {
        return Err(AppError::conflict(format!(
            "Amazon {} sells in {}; this product is priced in {}. Change its currency to list it.",
            marketplace.code,
            marketplace.currency,
            product.price.currency.label()
        )));
    }
    // Queued first: if recording the status fails, the job still runs and records it.
    enqueue(state, SYNC, &product.id).await?;
    repo::record(
        &state.db,
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
    view(state, &product).await
}

/// "Delist from Amazon".
pub async fn delist(state: &AppState, user: &CurrentUser, product_id: &str) -> Result<ListingView, AppError> {
    let product = products::get_for(&state.db, user, product_id).await?;
    let current = view(state, &product).await?;
    if !current.status.is_live() && current.status != ListingStatus::Error {
        return Err(AppError::conflict("This product is not listed on Amazon."));
    }
    enqueue(state, DELIST, &product.id).await?;
    view(state, &product).await
}

/// After a price or quantity edit: a listing that may be on Amazon gets a PATCH of its own.
/// The edit itself is already saved: a failure here is logged, not reported as the edit's.
pub async fn follow_offer_change(state: &AppState, product: &Product) {
    if let Err(e) = follow(state, product, PATCH).await {
        tracing::error!(product_id = %product.id, error = %e, "could not queue the Amazon price/quantity update");
    }
}

/// After archiving: a product that may be on Amazon comes off it (logged on failure, like
/// `follow_offer_change`).
pub async fn follow_archive(state: &AppState, product: &Product) {
    if let Err(e) = follow(state, product, DELIST).await {
        tracing::error!(product_id = %product.id, error = %e, "could not queue the Amazon delisting");
    }
}

async fn follow(state: &AppState, product: &Product, kind: &str) -> Result<(), AppError> {
    if repo::get(&state.db, &product.id, marketplace(state)).await?.is_some_and(|l| l.may_be_on_amazon()) {
        enqueue(state, kind, &product.id).await?;
    }
    Ok(())
}

/// "Sync all inventory" (admins): one bulk job at a time.
pub async fn bulk_sync(state: &AppState, admin: &CurrentUser) -> Result<BulkSyncView, AppError> {
    let job = jobs::enqueue(&state.db, BULK, BULK, None, json!({ "requested_by": admin.id })).await?;
    bulk_view(state, job).await
}

pub async fn bulk_view(state: &AppState, job: Job) -> Result<BulkSyncView, AppError> {
    let (succeeded, failed) = repo::result_counts(&state.db, &job.id).await?;
    let results = repo::results(&state.db, &job.id, 50).await?;
    Ok(BulkSyncView {
        status: format!("{:?}", job.status).to_lowercase(),
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

pub async fn job(state: &AppState, job_id: &str) -> Result<BulkSyncView, AppError> {
    if !crate::db::is_key(job_id) {
        return Err(AppError::bad_request("That is not a valid job id."));
    }
    let job =
        jobs::get(&state.db, job_id).await?.filter(|j| j.kind == BULK).ok_or_else(|| AppError::not_found("Job"))?;
    bulk_view(state, job).await
}

/// The most recent bulk sync, if any.
pub async fn latest_bulk(state: &AppState) -> Result<Option<BulkSyncView>, AppError> {
    match crate::jobs::latest(&state.db, BULK, 1).await?.into_iter().next() {
        Some(job) => bulk_view(state, job).await.map(Some),
        None => Ok(None),
    }
}

pub async fn list(
    state: &AppState,
    status: Option<ListingStatus>,
    page: Option<u32>,
) -> Result<Vec<ListingView>, AppError> {
    let page = page.unwrap_or(1);
    if page == 0 {
        return Err(AppError::bad_request("page starts at 1."));
    }
    repo::list(&state.db, status, 50, (page - 1) * 50, marketplace(state)).await
}

pub fn parse_status(s: Option<&str>) -> Result<Option<ListingStatus>, AppError> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => ListingStatus::parse(s)
            .map(Some)
            .ok_or_else(|| AppError::bad_request(format!("Unknown listing status '{s}'."))),
    }
}

/// Admins may sync and delist any product; sellers their own.
pub fn may_manage(user: &CurrentUser, product: &Product) -> bool {
    user.role == Role::Admin || user.id == product.seller_id
}
