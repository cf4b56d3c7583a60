//! Server functions for Amazon listings: sellers act on their own approved products, admins
//! on any, and bulk inventory sync is admins only.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::{BulkSyncView, ListingView};
use crate::error::AppError;

#[server(prefix = "/fn", endpoint = "amazon/listing", input = GetUrl)]
pub async fn get_listing(product_id: String) -> Result<ListingView, AppError> {
    let (user, state) = crate::auth::server::request::signed_in().await?;
    super::server::service::status(&state, &user, &product_id).await
}

/// "Sync to Amazon".
#[server(prefix = "/fn", endpoint = "amazon/sync")]
pub async fn sync_to_amazon(product_id: String) -> Result<ListingView, AppError> {
    let (user, state) = crate::auth::server::request::signed_in().await?;
    super::server::service::sync(&state, &user, &product_id).await
}

/// "Delist from Amazon" (after the page asked for confirmation).
#[server(prefix = "/fn", endpoint = "amazon/delist")]
pub async fn delist_from_amazon(product_id: String) -> Result<ListingView, AppError> {
    let (user, state) = crate::auth::server::request::signed_in().await?;
    super::server::service::delist(&state, &user, &product_id).await
}

#[server(prefix = "/fn", endpoint = "admin/amazon/listings", input = GetUrl)]
pub async fn admin_listings(status: Option<String>) -> Result<(Vec<ListingView>, Option<BulkSyncView>), AppError> {
    use super::server::service;
    use crate::auth::{model::Role, server::request};
    let (_, state) = request::with_role(Role::Admin).await?;
    let status = service::parse_status(status.as_deref())?;
    Ok((service::list(&state, status, None).await?, service::latest_bulk(&state).await?))
}

/// "Sync all inventory" (admins).
#[server(prefix = "/fn", endpoint = "admin/amazon/bulk-sync")]
pub async fn start_bulk_sync() -> Result<BulkSyncView, AppError> {
    use crate::auth::{model::Role, server::request};
    let (admin, state) = request::with_role(Role::Admin).await?;
    super::server::service::bulk_sync(&state, &admin).await
}

#[server(prefix = "/fn", endpoint = "admin/amazon/job", input = GetUrl)]
pub async fn get_bulk_job(job_id: String) -> Result<BulkSyncView, AppError> {
    use crate::auth::{model::Role, server::request};
    let (_, state) = request::with_role(Role::Admin).await?;
    super::server::service::job(&state, &job_id).await
}
