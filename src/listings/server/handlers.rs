//! The Amazon jobs: create a listing and wait for its ASIN, patch price and quantity, delist,
//! and bulk inventory sync through the Feeds API. Each is safe to run again after a crash:
//! its progress is saved in the job before anything that can't be repeated.

use std::{sync::Arc, time::Duration};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{
    repo::{self, Change},
    service::{BULK, DELIST, PATCH, SYNC},
};
use crate::validation::clip;
use crate::{
    integrations::amazon::{
        AmazonError,
        feed::{self, InventoryUpdate},
        listing,
    },
    jobs::{Handler, JobContext, JobError, Step},
    listings::model::ListingStatus,
    notifications::model::NotificationType,
    products::model::{Product, ProductStatus},
    state::AppState,
};

/// How often a new listing is checked for its ASIN, and for how long.
const ASIN_POLL: Duration = Duration::from_secs(2);
const ASIN_POLLS: i64 = 90;
/// How often a submitted feed is checked.
const FEED_POLL: Duration = Duration::from_secs(1);

pub fn all() -> Vec<Arc<dyn Handler>> {
    vec![Arc::new(SyncListing), Arc::new(PatchListing), Arc::new(Delist), Arc::new(BulkInventory)]
}

fn amazon(e: AmazonError) -> JobError {
    if e.is_transient() { JobError::transient(e.to_string()) } else { JobError::permanent(e.to_string()) }
}

async fn product(ctx: &JobContext) -> Result<Product, JobError> {
    let id = ctx.job.payload["product_id"].as_str().unwrap_or_default().to_string();
    crate::products::server::service::get_any(ctx.db(), &id)
        .await?
        .ok_or_else(|| JobError::permanent(format!("product {id} is gone")))
}

fn product_url(p: &Product) -> String {
    format!("/seller/products/{}", p.id)
}

async fn record(ctx: &JobContext, p: &Product, change: Change<'_>) -> Result<(), JobError> {
    repo::record(ctx.db(), &p.id, &p.seller_id, &p.amazon_sku, ctx.state.settings.amazon.marketplace.id, change)
        .await?;
    Ok(())
}

async fn tell(state: &AppState, user_id: &str, kind: NotificationType, title: &str, message: &str, url: &str) {
    if let Err(e) = state.notifier.notify(user_id, kind, title, message, Some(url)).await {
        tracing::warn!(error = %e, title, "could not notify about a listing");
    }
}

/// A failed sync, told once (when retries have run out, or Amazon said no).
async fn sync_failed(state: &AppState, p: &Product, first_issue: &str) {
    let message = format!("\"{}\" could not be listed on Amazon: {first_issue}", clip(&p.title, 80));
    tell(state, &p.seller_id, NotificationType::Error, "Amazon sync failed", &clip(&message, 900), &product_url(p))
        .await;
}

/// Amazon lists in the marketplace's currency only.
fn check_currency(p: &Product, m: &crate::integrations::amazon::regions::Marketplace) -> Result<(), JobError> {
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

// ---------- create / full update ----------

struct SyncListing;

#[async_trait]
impl Handler for SyncListing {
    fn kind(&self) -> &'static str {
        SYNC
    }

    async fn run(&self, ctx: &mut JobContext) -> Result<Step, JobError> {
        let p = product(ctx).await?;
        let api = ctx.state.amazon.clone();
        let polls = ctx.job.state["asin_polls"].as_i64();
        let Some(polls) = polls else {
            if p.status != ProductStatus::Approved {
                return Err(JobError::permanent("the product is no longer approved"));
            }
            let m = &ctx.state.settings.amazon.marketplace;
            check_currency(&p, m)?;
            let attributes = listing::attributes(&p, m.id, m.language_tag);
            let submission = api.put_listing(&p.amazon_sku, &p.product_type, attributes).await.map_err(amazon)?;
            let issues = repo::issues_json(&submission.issues);
            if submission.status == "INVALID" {
                let first = submission
                    .issues
                    .iter()
                    .find(|i| i.severity == "ERROR")
                    .map(|i| i.message.clone())
                    .unwrap_or_else(|| "Amazon refused the listing.".into());
                record(
                    ctx,
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
                sync_failed(&ctx.state, &p, &first).await;
                return Ok(Step::Done(Some(json!({ "status": "INVALID" }))));
            }
            record(
                ctx,
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
            ctx.save(json!({ "asin_polls": 0 }), None).await?;
            return Ok(Step::Again(ASIN_POLL));
        };
        let item = api.get_listing(&p.amazon_sku).await.map_err(amazon)?;
        match item.and_then(|i| i.asin.clone().map(|a| (a, i))) {
            Some((asin, item)) => {
                let issues = repo::issues_json(&item.issues);
                record(
                    ctx,
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
                tell(
                    &ctx.state,
                    &p.seller_id,
                    NotificationType::Success,
                    "Listed on Amazon",
                    &message,
                    &product_url(&p),
                )
                .await;
                Ok(Step::Done(Some(json!({ "asin": asin }))))
            }
            None if polls + 1 >= ASIN_POLLS => Ok(Step::Done(Some(json!({ "status": "pending" })))),
            None => {
                ctx.save(json!({ "asin_polls": polls + 1 }), None).await?;
                Ok(Step::Again(ASIN_POLL))
            }
        }
    }

    async fn failed(&self, ctx: &JobContext, error: &JobError) {
        if let Ok(p) = product(ctx).await {
            let _ = record(
                ctx,
                &p,
                Change {
                    status: ListingStatus::Error,
                    asin: None,
                    issues: None,
                    submission_id: None,
                    synced: false,
                    error: Some(&error.message),
                },
            )
            .await;
            sync_failed(&ctx.state, &p, &error.message).await;
        }
    }
}

// ---------- price and quantity ----------

struct PatchListing;

#[async_trait]
impl Handler for PatchListing {
    fn kind(&self) -> &'static str {
        PATCH
    }

    async fn run(&self, ctx: &mut JobContext) -> Result<Step, JobError> {
        let p = product(ctx).await?;
        let m = &ctx.state.settings.amazon.marketplace;
        check_currency(&p, m)?;
        let mut patches = listing::price_patch(&p, m.id);
        if let (Some(all), Some(more)) = (patches.as_array_mut(), listing::inventory_patch(p.quantity).as_array()) {
            all.extend(more.iter().cloned());
        }
        let submission =
            ctx.state.amazon.patch_listing(&p.amazon_sku, &p.product_type, patches).await.map_err(amazon)?;
        let issues = repo::issues_json(&submission.issues);
        if submission.status == "INVALID" {
            let first = submission
                .issues
                .first()
                .map(|i| i.message.clone())
                .unwrap_or_else(|| "Amazon refused the update.".into());
            record(
                ctx,
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
            sync_failed(&ctx.state, &p, &first).await;
        } else {
            let current = repo::get(ctx.db(), &p.id, m.code).await?.map_or(ListingStatus::Pending, |l| l.status);
            record(
                ctx,
                &p,
                Change {
                    status: current,
                    asin: None,
                    issues: Some(issues),
                    submission_id: Some(&submission.submission_id),
                    synced: true,
                    error: None,
                },
            )
            .await?;
        }
        Ok(Step::Done(None))
    }

    async fn failed(&self, ctx: &JobContext, error: &JobError) {
        if let Ok(p) = product(ctx).await {
            sync_failed(&ctx.state, &p, &error.message).await;
        }
    }
}

// ---------- delist ----------

struct Delist;

#[async_trait]
impl Handler for Delist {
    fn kind(&self) -> &'static str {
        DELIST
    }

    async fn run(&self, ctx: &mut JobContext) -> Result<Step, JobError> {
        let p = product(ctx).await?;
        match ctx.state.amazon.delete_listing(&p.amazon_sku).await {
            Ok(_) | Err(AmazonError::NotFound) => {}
            Err(e) => return Err(amazon(e)),
        }
        record(
            ctx,
            &p,
            Change {
                status: ListingStatus::Deleted,
                asin: None,
                issues: Some(json!([])),
                submission_id: None,
                synced: true,
                error: None,
            },
        )
        .await?;
        let message = format!("\"{}\" was removed from Amazon.", clip(&p.title, 80));
        tell(&ctx.state, &p.seller_id, NotificationType::Info, "Delisted from Amazon", &message, &product_url(&p))
            .await;
        Ok(Step::Done(None))
    }
}

// ---------- bulk inventory through the Feeds API ----------

/// Where one feed is. Saved before each step that can't be repeated, so a restarted job
/// resumes without sending any SKU twice.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Phase {
    #[default]
    Pending,
    Document,
    Uploaded,
    /// `createFeed` may have been sent: on resume, find the feed before sending again.
    Submitting,
    Submitted,
    Done,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Batch {
    items: Vec<(String, String, String, u32)>, // (product id, sku, product type, quantity)
    phase: Phase,
    doc_id: Option<String>,
    url: Option<String>,
    since: Option<DateTime<Utc>>,
    feed_id: Option<String>,
}

impl Batch {
    fn updates(&self) -> Vec<InventoryUpdate> {
        self.items
            .iter()
            .map(|(_, sku, pt, q)| InventoryUpdate { sku: sku.clone(), product_type: pt.clone(), quantity: *q })
            .collect()
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct BulkState {
    batches: Vec<Batch>,
    planned: bool,
}

struct BulkInventory;

impl BulkInventory {
    async fn save(ctx: &mut JobContext, state: &BulkState) -> Result<(), JobError> {
        let total: usize = state.batches.iter().map(|b| b.items.len()).sum();
        let done: usize = state.batches.iter().filter(|b| b.phase == Phase::Done).map(|b| b.items.len()).sum();
        let value = serde_json::to_value(state).map_err(|e| JobError::permanent(e.to_string()))?;
        ctx.save(value, Some((done as i64, total as i64))).await
    }

    /// One step on the first unfinished batch. `None` when every batch is done.
    async fn step(ctx: &mut JobContext, state: &mut BulkState) -> Result<Option<Step>, JobError> {
        let api = ctx.state.amazon.clone();
        let Some(i) = state.batches.iter().position(|b| b.phase != Phase::Done) else { return Ok(None) };
        let batch = &mut state.batches[i];
        match batch.phase {
            Phase::Pending => {
                let doc = api.create_feed_document(feed::CONTENT_TYPE).await.map_err(amazon)?;
                batch.doc_id = Some(doc.feed_document_id);
                batch.url = Some(doc.url);
                batch.phase = Phase::Document;
            }
            Phase::Document => {
                let body = feed::inventory_feed(&api.seller_id, &batch.updates());
                let bytes = serde_json::to_vec(&body).map_err(|e| JobError::permanent(e.to_string()))?;
                api.upload(batch.url.as_deref().unwrap_or_default(), feed::CONTENT_TYPE, bytes)
                    .await
                    .map_err(amazon)?;
                batch.phase = Phase::Uploaded;
            }
            Phase::Uploaded => {
                // Saved before sending: if we die right after createFeed, the resume finds the feed.
                batch.phase = Phase::Submitting;
                batch.since = Some(Utc::now() - chrono::Duration::seconds(5));
                Self::save(ctx, state).await?;
                let batch = &mut state.batches[i];
                let feed_id = api.create_feed(batch.doc_id.as_deref().unwrap_or_default()).await.map_err(amazon)?;
                repo::remember_feed(ctx.db(), &feed_id, &ctx.job.id).await?;
                batch.feed_id = Some(feed_id);
                batch.phase = Phase::Submitted;
            }
            Phase::Submitting => {
                // We may or may not have created this batch's feed before a crash. A feed
                // created since then that Hamro doesn't know is ours.
                let since = batch.since.unwrap_or_else(Utc::now).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
                let feeds = api.feeds_since(&since).await.map_err(amazon)?;
                let ids: Vec<String> = feeds.iter().map(|f| f.feed_id.clone()).collect();
                let known = repo::known_feeds(ctx.db(), &ids).await?;
                let unknown: Vec<&String> = ids.iter().filter(|id| !known.contains(id)).collect();
                match unknown.as_slice() {
                    [] => batch.phase = Phase::Uploaded,
                    [one] => {
                        tracing::info!(feed_id = %one, "resumed bulk sync adopts the feed it created before stopping");
                        repo::remember_feed(ctx.db(), one, &ctx.job.id).await?;
                        batch.feed_id = Some((*one).clone());
                        batch.phase = Phase::Submitted;
                    }
                    _ => {
                        return Err(JobError::permanent(
                            "can't tell which of several new feeds is this job's; stopping rather than sending SKUs twice",
                        ));
                    }
                }
            }
            Phase::Submitted => {
                let feed_id = batch.feed_id.clone().unwrap_or_default();
                let feed = api.get_feed(&feed_id).await.map_err(amazon)?;
                match feed.processing_status.as_str() {
                    "DONE" => {
                        let report_id = feed
                            .result_feed_document_id
                            .clone()
                            .ok_or_else(|| JobError::transient("DONE without a report yet"))?;
                        let report = api.download_document(&report_id).await.map_err(amazon)?;
                        let results = feed::read_report(&report, &batch.updates()).map_err(amazon)?;
                        let rows: Vec<(String, String, bool, Option<String>)> = batch
                            .items
                            .iter()
                            .zip(&results)
                            .map(|((product, sku, _, _), r)| {
                                (product.clone(), sku.clone(), r.accepted, r.issues.first().map(|i| i.message.clone()))
                            })
                            .collect();
                        repo::record_results(ctx.db(), &ctx.job.id, &rows).await?;
                        batch.phase = Phase::Done;
                    }
                    "CANCELLED" | "FATAL" => {
                        let rows: Vec<(String, String, bool, Option<String>)> = batch
                            .items
                            .iter()
                            .map(|(product, sku, _, _)| {
                                (
                                    product.clone(),
                                    sku.clone(),
                                    false,
                                    Some(format!("Amazon ended the feed: {}", feed.processing_status)),
                                )
                            })
                            .collect();
                        repo::record_results(ctx.db(), &ctx.job.id, &rows).await?;
                        batch.phase = Phase::Done;
                    }
                    _ => return Ok(Some(Step::Again(FEED_POLL))),
                }
            }
            Phase::Done => {}
        }
        Self::save(ctx, state).await?;
        Ok(Some(Step::Again(Duration::ZERO)))
    }
}

#[async_trait]
impl Handler for BulkInventory {
    fn kind(&self) -> &'static str {
        BULK
    }

    async fn run(&self, ctx: &mut JobContext) -> Result<Step, JobError> {
        let mut state: BulkState = serde_json::from_value(ctx.job.state.clone()).unwrap_or_default();
        if !state.planned {
            let live = repo::live(ctx.db()).await?;
            state.batches = live
                .chunks(ctx.state.settings.amazon.feed_batch)
                .map(|chunk| Batch {
                    items: chunk
                        .iter()
                        .map(|l| {
                            (l.product_id.clone(), l.sku.clone(), l.product_type.clone(), l.quantity.max(0) as u32)
                        })
                        .collect(),
                    phase: Phase::Pending,
                    doc_id: None,
                    url: None,
                    since: None,
                    feed_id: None,
                })
                .collect();
            state.planned = true;
            Self::save(ctx, &state).await?;
        }
        // Work through the steps that don't wait; come back later for the ones that do.
        loop {
            match Self::step(ctx, &mut state).await? {
                Some(Step::Again(d)) if d.is_zero() => continue,
                Some(step) => return Ok(step),
                None => break,
            }
        }
        let (succeeded, failed) = repo::result_counts(ctx.db(), &ctx.job.id).await?;
        if let Some(admin) = ctx.job.payload["requested_by"].as_str() {
            let message = format!("Inventory sync finished: {succeeded} SKUs updated, {failed} failed.");
            tell(&ctx.state, admin, NotificationType::Info, "Bulk sync finished", &message, "/admin/listings").await;
        }
        Ok(Step::Done(Some(json!({ "succeeded": succeeded, "failed": failed }))))
    }

    async fn failed(&self, ctx: &JobContext, error: &JobError) {
        if let Some(admin) = ctx.job.payload["requested_by"].as_str() {
            let message = format!("Inventory sync stopped: {}", clip(&error.message, 300));
            tell(&ctx.state, admin, NotificationType::Error, "Bulk sync failed", &message, "/admin/listings").await;
        }
    }
}
