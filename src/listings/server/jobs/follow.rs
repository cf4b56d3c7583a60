//! `listing_follow`: after a submission, reads `getListingsItem` on a backoff schedule
//! (the first look, then twice as long each time, at most an hour apart) until the
//! listing has an ASIN and is buyable. It never gives up silently: ERROR issues from
//! Amazon, or no ASIN within the give-up time, mark the listing "Needs attention" and tell
//! the seller. It runs outside the product's job lane, so price and quantity updates
//! don't wait behind it.

use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::context::{ListingJobs, ProductJob, amazon, product_url};
use crate::{
    integrations::amazon::ItemState,
    jobs::{Handler, JobContext, JobError, JobPayload, Step},
    listings::{
        model::ListingStatus,
        server::{
            recheck_repo,
            repo::{self, Change},
        },
    },
    notifications::model::NotificationType,
    validation::clip,
};

/// The longest wait between two looks.
const MAX_GAP: Duration = Duration::from_secs(3600);

/// How long to wait before look number `looks` (0: the first).
pub(crate) fn next_look(first: Duration, looks: u32) -> Duration {
    first.saturating_mul(2u32.saturating_pow(looks.min(20))).min(MAX_GAP.max(first))
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct FollowListing {
    pub product_id: String,
}

impl JobPayload for FollowListing {
    const KIND: &'static str = "listing_follow";
}

impl ProductJob for FollowListing {
    fn for_product(product_id: &str) -> Self {
        Self { product_id: product_id.to_string() }
    }
    fn product_id(&self) -> &str {
        &self.product_id
    }
}

#[derive(Default, Serialize, Deserialize)]
struct Progress {
    started: Option<DateTime<Utc>>,
    looks: u32,
}

pub(super) struct Run(pub(super) ListingJobs);

#[async_trait]
impl Handler for Run {
    fn kind(&self) -> &'static str {
        FollowListing::KIND
    }

    async fn run(&self, ctx: &mut JobContext) -> Result<Step, JobError> {
        let listings = &self.0;
        let follow = listings.follow;
        let mut progress: Progress = ctx.progress()?;
        let Some(started) = progress.started else {
            ctx.save_progress(&Progress { started: Some(Utc::now()), looks: 0 }, None).await?;
            return Ok(Step::Again(next_look(follow.first_look, 0)));
        };
        let p = listings.job_product::<FollowListing>(ctx).await?;
        let current = repo::get(&listings.db, &p.id, listings.marketplace.code).await?;
        if current.as_ref().is_none_or(|l| !matches!(l.status, ListingStatus::Pending | ListingStatus::Submitted)) {
            // Delisted, refused or already live: nothing left to follow.
            return Ok(Step::Done(Some(json!({ "status": "not_pending" }))));
        }
        let item = listings.amazon.get_listing(&p.amazon_sku).await.map_err(amazon)?.unwrap_or_default();
        let issues = repo::issues_json(&item.issues);
        let errors: Vec<_> = item.issues.iter().filter(|i| i.is_error()).collect();
        let buyable = item.status.contains(&ItemState::Buyable);
        let change = |status, error| Change {
            status,
            asin: item.asin.as_deref(),
            issues: Some(issues.clone()),
            submission_id: None,
            synced: true,
            error,
        };
        if let (Some(asin), true, true) = (&item.asin, buyable, errors.is_empty()) {
            listings.record(&p, change(ListingStatus::Active, None)).await?;
            // Just read back: the recheck's clock starts now.
            recheck_repo::mark(&listings.db, &p.id, Utc::now()).await?;
            let message = format!("\"{}\" is live on Amazon (ASIN {asin}).", clip(&p.title, 80));
            listings
                .tell(&p.seller_id, NotificationType::Success, "Listed on Amazon", &message, &product_url(&p))
                .await;
            return Ok(Step::Done(Some(json!({ "asin": asin }))));
        }
        let waited = (Utc::now() - started).to_std().unwrap_or_default();
        let reason = match errors.first() {
            Some(first) => Some(format!("Amazon reports: {} ({})", first.message, first.code)),
            None if waited >= follow.give_up => Some(format!(
                "Amazon has not made it buyable after {} hours. Check it with Amazon, fix what it reports, and sync again.",
                follow.give_up.as_secs() / 3600
            )),
            None => None,
        };
        if let Some(reason) = reason {
            listings.record(&p, change(ListingStatus::NeedsAttention, Some(&reason))).await?;
            listings.tell_needs_attention(&p, &reason).await;
            return Ok(Step::Done(Some(json!({ "status": "needs_attention" }))));
        }
        listings.record(&p, change(ListingStatus::Pending, None)).await?;
        progress.looks += 1;
        ctx.save_progress(&progress, None).await?;
        Ok(Step::Again(next_look(follow.first_look, progress.looks)))
    }

    async fn failed(&self, _ctx: &JobContext, error: &JobError) {
        tracing::warn!(error = %error.message, "following a listing failed");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn looks_back_off_from_minutes_to_hours_and_stay_hourly() {
        let first = Duration::from_secs(30);
        let schedule: Vec<u64> = (0..10).map(|n| next_look(first, n).as_secs()).collect();
        assert_eq!(schedule, vec![30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
        // A day of looks is a few dozen calls, not thousands.
        let mut elapsed = Duration::ZERO;
        let mut looks = 0;
        while elapsed < Duration::from_secs(24 * 3600) {
            elapsed += next_look(first, looks);
            looks += 1;
        }
        assert!(looks < 40, "{looks} looks in a day");
        assert_eq!(next_look(Duration::from_secs(1), 100), Duration::from_secs(3600), "no overflow");
    }
}
