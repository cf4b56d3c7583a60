//! Server functions for Amazon listings: sellers act on their own approved products, admins
//! on any, and bulk inventory sync is admins only.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::{BulkSyncView, CheckReport, ListingView};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::{
    auth::server::{
        guard::{AdminUser, SignedIn},
        request::guarded,
    },
    listings::server::{Listings, parse_status},
};

#[server(prefix = "/fn", endpoint = "amazon/listing", input = GetUrl)]
pub async fn get_listing(product_id: String) -> Result<ListingView, AppError> {
    let (SignedIn(user), listings) = guarded::<_, Listings>().await?;
    listings.status(&user, &product_id).await
}

/// "Sync to Amazon".
#[server(prefix = "/fn", endpoint = "amazon/sync")]
pub async fn sync_to_amazon(product_id: String) -> Result<ListingView, AppError> {
    let (SignedIn(user), listings) = guarded::<_, Listings>().await?;
    listings.sync(&user, &product_id).await
}

/// "Delist from Amazon" (after the page asked for confirmation).
#[server(prefix = "/fn", endpoint = "amazon/delist")]
pub async fn delist_from_amazon(product_id: String) -> Result<ListingView, AppError> {
    let (SignedIn(user), listings) = guarded::<_, Listings>().await?;
    listings.delist(&user, &product_id).await
}

#[server(prefix = "/fn", endpoint = "admin/amazon/listings", input = GetUrl)]
pub async fn admin_listings(status: Option<String>) -> Result<(Vec<ListingView>, Option<BulkSyncView>), AppError> {
    let (AdminUser(_), listings) = guarded::<_, Listings>().await?;
    let status = parse_status(status.as_deref())?;
    Ok((listings.list(status, None).await?, listings.latest_bulk().await?))
}

/// "Sync all inventory" (admins).
#[server(prefix = "/fn", endpoint = "admin/amazon/bulk-sync")]
pub async fn start_bulk_sync() -> Result<BulkSyncView, AppError> {
    let (AdminUser(admin), listings) = guarded::<_, Listings>().await?;
    listings.bulk_sync(&admin).await
}

/// "Check with Amazon": nothing is created; the report is kept for the product's page.
#[server(prefix = "/fn", endpoint = "amazon/check")]
pub async fn check_with_amazon(product_id: String) -> Result<CheckReport, AppError> {
    let (SignedIn(user), listings) = guarded::<_, Listings>().await?;
    listings.check(&user, &product_id).await
}

/// The product's latest check with Amazon.
#[server(prefix = "/fn", endpoint = "amazon/check/latest", input = GetUrl)]
pub async fn latest_check(product_id: String) -> Result<Option<CheckReport>, AppError> {
    let (SignedIn(user), listings) = guarded::<_, Listings>().await?;
    listings.latest_check(&user, &product_id).await
}

/// How many of the signed-in seller's listings need them (every seller's, for admins).
#[server(prefix = "/fn", endpoint = "amazon/needs-attention", input = GetUrl)]
pub async fn needs_attention_count() -> Result<u64, AppError> {
    let (SignedIn(user), listings) = guarded::<_, Listings>().await?;
    let scope = (user.role != crate::auth::model::Role::Admin).then_some(user.id.as_str());
    listings.needs_attention(scope).await
}
