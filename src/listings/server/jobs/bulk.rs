//! `amazon_bulk`: a bulk inventory sync of every live listing through the Feeds API. It
//! plans batches of `HAMRO_FEED_BATCH` SKUs and walks each through document -> upload ->
//! `createFeed` -> poll -> report, saving the phase after every step, so a restarted job
//! resumes without sending any SKU twice.

use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::context::{ListingJobs, amazon};
use crate::{
    integrations::amazon::{
        FeedStatus,
        feed::{self, InventoryUpdate},
    },
    jobs::{Handler, JobContext, JobError, JobPayload, Step},
    listings::server::repo,
    notifications::model::NotificationType,
    validation::clip,
};

/// How often a submitted feed is checked.
const FEED_POLL: Duration = Duration::from_secs(1);

/// The payload: who asked (they hear how it went).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct BulkSync {
    pub requested_by: String,
}

impl JobPayload for BulkSync {
    const KIND: &'static str = "amazon_bulk";
}

pub(super) struct Run(pub(super) ListingJobs);

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

/// Saves where every batch is, and the progress (SKUs done of all).
async fn save(ctx: &mut JobContext, state: &BulkState) -> Result<(), JobError> {
    let total: usize = state.batches.iter().map(|b| b.items.len()).sum();
    let done: usize = state.batches.iter().filter(|b| b.phase == Phase::Done).map(|b| b.items.len()).sum();
    ctx.save_progress(state, Some((done as i64, total as i64))).await
}

impl Run {
    /// One step on the first unfinished batch. `None` when every batch is done.
    async fn step(&self, ctx: &mut JobContext, state: &mut BulkState) -> Result<Option<Step>, JobError> {
        let (listings, api) = (&self.0, self.0.amazon.clone());
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
                save(ctx, state).await?;
                let batch = &mut state.batches[i];
                let feed_id = api.create_feed(batch.doc_id.as_deref().unwrap_or_default()).await.map_err(amazon)?;
                repo::remember_feed(&listings.db, &feed_id, &ctx.job.id).await?;
                batch.feed_id = Some(feed_id);
                batch.phase = Phase::Submitted;
            }
            Phase::Submitting => {
                // We may or may not have created this batch's feed before a crash. A feed
                // created since then that Hamro doesn't know is ours.
                let since = batch.since.unwrap_or_else(Utc::now).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
                let feeds = api.feeds_since(&since).await.map_err(amazon)?;
                let ids: Vec<String> = feeds.iter().map(|f| f.feed_id.clone()).collect();
                let known = repo::known_feeds(&listings.db, &ids).await?;
                let unknown: Vec<&String> = ids.iter().filter(|id| !known.contains(id)).collect();
                match unknown.as_slice() {
                    [] => batch.phase = Phase::Uploaded,
                    [one] => {
                        tracing::info!(feed_id = %one, "resumed bulk sync adopts the feed it created before stopping");
                        repo::remember_feed(&listings.db, one, &ctx.job.id).await?;
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
                match feed.processing_status {
                    FeedStatus::Done => {
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
                        repo::record_results(&listings.db, &ctx.job.id, &rows).await?;
                        batch.phase = Phase::Done;
                    }
                    FeedStatus::Cancelled | FeedStatus::Fatal => {
                        let rows: Vec<(String, String, bool, Option<String>)> = batch
                            .items
                            .iter()
                            .map(|(product, sku, _, _)| {
                                (
                                    product.clone(),
                                    sku.clone(),
                                    false,
                                    Some(format!("Amazon ended the feed: {}", feed.processing_status.as_str())),
                                )
                            })
                            .collect();
                        repo::record_results(&listings.db, &ctx.job.id, &rows).await?;
                        batch.phase = Phase::Done;
                    }
                    FeedStatus::InQueue | FeedStatus::InProgress => return Ok(Some(Step::Again(FEED_POLL))),
                }
            }
            Phase::Done => {}
        }
        save(ctx, state).await?;
        Ok(Some(Step::Again(Duration::ZERO)))
    }
}

#[async_trait]
impl Handler for Run {
    fn kind(&self) -> &'static str {
        BulkSync::KIND
    }

    async fn run(&self, ctx: &mut JobContext) -> Result<Step, JobError> {
        let listings = &self.0;
        let mut state: BulkState = ctx.progress()?;
        if !state.planned {
            let live = repo::live(&listings.db).await?;
            state.batches = live
                .chunks(listings.feed_batch)
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
            save(ctx, &state).await?;
        }
        // Work through the steps that don't wait; come back later for the ones that do.
        loop {
            match self.step(ctx, &mut state).await? {
                Some(Step::Again(d)) if d.is_zero() => continue,
                Some(step) => return Ok(step),
                None => break,
            }
        }
        let (succeeded, failed) = repo::result_counts(&listings.db, &ctx.job.id).await?;
        let BulkSync { requested_by } = ctx.payload()?;
        let message = format!("Inventory sync finished: {succeeded} SKUs updated, {failed} failed.");
        listings.tell(&requested_by, NotificationType::Info, "Bulk sync finished", &message, "/admin/listings").await;
        Ok(Step::Done(Some(json!({ "succeeded": succeeded, "failed": failed }))))
    }

    async fn failed(&self, ctx: &JobContext, error: &JobError) {
        if let Ok(BulkSync { requested_by }) = ctx.payload::<BulkSync>() {
            let message = format!("Inventory sync stopped: {}", clip(&error.message, 300));
            self.0.tell(&requested_by, NotificationType::Error, "Bulk sync failed", &message, "/admin/listings").await;
        }
    }
}
