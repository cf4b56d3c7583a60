//! `listing_recheck`: a recurring job that reads live listings back from Amazon
//! (`getListingsItem`) every `HAMRO_LISTING_RECHECK_SECONDS`. An ERROR issue Amazon raised,
//! or an offer taken down (not buyable), marks the listing "Needs attention" and tells the
//! seller Amazon's message and what to change; a listing that is healthy again goes back to
//! Active. At most `BATCH` listings per run, oldest check first, with a pause between runs,
//! so a large catalog is read back gently rather than in one burst that would hold a job
//! worker and Amazon's quota for minutes.

use std::time::Duration;

use async_trait::async_trait;
use chrono::Utc;
use serde::{Deserialize, Serialize};

use super::context::{ListingJobs, amazon, product_url};
use crate::{
    integrations::amazon::ItemState,
    jobs::{Handler, JobContext, JobError, JobPayload, Step},
    listings::{
        model::{ListingIssue, ListingStatus},
        server::{
            recheck_repo,
            repo::{self, Change},
        },
    },
    notifications::model::NotificationType,
    validation::clip,
};

/// Listings read back per run (`getListingsItem` allows 5 a second).
const BATCH: u32 = 20;
/// The pause before the next run when more listings are due.
const BETWEEN_BATCHES: Duration = Duration::from_secs(10);

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct RecheckListings {}

impl JobPayload for RecheckListings {
    const KIND: &'static str = "listing_recheck";
}

pub(super) struct Run(pub(super) ListingJobs);

#[async_trait]
impl Handler for Run {
    fn kind(&self) -> &'static str {
        RecheckListings::KIND
    }

    async fn run(&self, _ctx: &mut JobContext) -> Result<Step, JobError> {
        let listings = &self.0;
        let every = listings.follow.recheck_every;
        let before = Utc::now() - chrono::Duration::from_std(every).unwrap_or_default();
        let due = recheck_repo::due(&listings.db, before, BATCH).await?;
        for listing in &due {
            let Some(p) = listings.products.get_any(&listing.product_id).await? else { continue };
            let Some(item) = listings.amazon.get_listing(&p.amazon_sku).await.map_err(amazon)? else {
                tracing::warn!(product_id = %p.id, "a live listing is gone from Amazon");
                recheck_repo::mark(&listings.db, &p.id, Utc::now()).await?;
                continue;
            };
            let known: Vec<ListingIssue> = serde_json::from_value(listing.issues.clone()).unwrap_or_default();
            let errors: Vec<_> = item.issues.iter().filter(|i| i.is_error()).collect();
            let new_errors: Vec<_> = errors.iter().filter(|i| !known.iter().any(|k| k.code == i.code)).collect();
            let buyable = item.status.contains(&ItemState::Buyable);
            let was = ListingStatus::parse(&listing.status).unwrap_or(ListingStatus::Active);
            let now = if errors.is_empty() && buyable { ListingStatus::Active } else { ListingStatus::NeedsAttention };
            let reason = match errors.first() {
                Some(first) => format!("Amazon reports: {} ({}).", first.message, first.code),
                None if !buyable => "Amazon took the offer down: it is not buyable.".to_string(),
                None => String::new(),
            };
            let change = Change {
                status: now,
                asin: item.asin.as_deref(),
                issues: Some(repo::issues_json(&item.issues)),
                submission_id: None,
                synced: false,
                error: (!reason.is_empty()).then_some(reason.as_str()),
            };
            listings.record(&p, change).await?;
            recheck_repo::mark(&listings.db, &p.id, Utc::now()).await?;
            let title = clip(&p.title, 80);
            if now == ListingStatus::NeedsAttention && (was != now || !new_errors.is_empty()) {
                let what = errors
                    .first()
                    .and_then(|i| i.attribute_names.first())
                    .map(|a| format!(" Change '{a}' on the product, then sync again."))
                    .unwrap_or_else(|| " Open the product to see what Amazon says.".into());
                listings.tell_needs_attention(&p, &format!("{reason}{what}")).await;
            } else if now == ListingStatus::Active && was == ListingStatus::NeedsAttention {
                let message = format!("\"{title}\" is buyable on Amazon again.");
                listings
                    .tell(&p.seller_id, NotificationType::Success, "Back on sale", &message, &product_url(&p))
                    .await;
            }
        }
        tracing::debug!(rechecked = due.len(), "live listings read back");
        // A full batch may mean more are due: come back soon rather than in an hour.
        let next =
            if due.len() as u32 >= BATCH { BETWEEN_BATCHES.min(every) } else { every.min(Duration::from_secs(60)) };
        Ok(Step::Again(next))
    }

    async fn failed(&self, _ctx: &JobContext, error: &JobError) {
        tracing::warn!(error = %error.message, "rechecking live listings failed");
    }
}
