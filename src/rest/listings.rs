//! `/api/products/{id}/amazon` and `/api/admin/amazon/*`.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};

use crate::{
    auth::server::guard::{AdminUser, SignedIn},
    error::{AppError, ErrorEnvelope},
    listings::{
        model::{BulkSyncView, CheckReport, ListingView},
        server::Listings,
    },
};

/// Queues a sync of an approved product to Amazon (create or full update).
#[utoipa::path(post, path = "/api/products/{id}/amazon/sync", tag = "amazon", params(("id" = String, Path)),
    responses((status = 202, body = ListingView), (status = 404, body = ErrorEnvelope),
              (status = 409, body = ErrorEnvelope, description = "The product is not approved")),
    security(("session_cookie" = [])))]
pub(crate) async fn sync(
    SignedIn(user): SignedIn,
    State(listings): State<Listings>,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<ListingView>), AppError> {
    Ok((StatusCode::ACCEPTED, Json(listings.sync(&user, &id).await?)))
}

/// The product's listing: status, ASIN, SKU, marketplace, issues.
#[utoipa::path(get, path = "/api/products/{id}/amazon", tag = "amazon", params(("id" = String, Path)),
    responses((status = 200, body = ListingView), (status = 404, body = ErrorEnvelope)),
    security(("session_cookie" = [])))]
pub(crate) async fn status(
    SignedIn(user): SignedIn,
    State(listings): State<Listings>,
    Path(id): Path<String>,
) -> Result<Json<ListingView>, AppError> {
    listings.status(&user, &id).await.map(Json)
}

/// "Check with Amazon": Hamro's check against the product type's schema, Listings
/// Restrictions, and Amazon's VALIDATION_PREVIEW. Nothing is created on Amazon.
#[utoipa::path(post, path = "/api/products/{id}/amazon/check", tag = "amazon", params(("id" = String, Path)),
    responses((status = 200, body = CheckReport), (status = 404, body = ErrorEnvelope),
              (status = 502, body = ErrorEnvelope, description = "Amazon could not be reached")),
    security(("session_cookie" = [])))]
pub(crate) async fn check(
    SignedIn(user): SignedIn,
    State(listings): State<Listings>,
    Path(id): Path<String>,
) -> Result<Json<CheckReport>, AppError> {
    listings.check(&user, &id).await.map(Json)
}

/// The product's latest check with Amazon (404 when it has none).
#[utoipa::path(get, path = "/api/products/{id}/amazon/check", tag = "amazon", params(("id" = String, Path)),
    responses((status = 200, body = CheckReport), (status = 404, body = ErrorEnvelope)),
    security(("session_cookie" = [])))]
pub(crate) async fn latest_check(
    SignedIn(user): SignedIn,
    State(listings): State<Listings>,
    Path(id): Path<String>,
) -> Result<Json<CheckReport>, AppError> {
    listings.latest_check(&user, &id).await?.map(Json).ok_or_else(|| AppError::not_found("Check"))
}

/// Queues the delisting of a product from Amazon.
#[utoipa::path(delete, path = "/api/products/{id}/amazon", tag = "amazon", params(("id" = String, Path)),
    responses((status = 202, body = ListingView), (status = 404, body = ErrorEnvelope),
              (status = 409, body = ErrorEnvelope, description = "Not listed")),
    security(("session_cookie" = [])))]
pub(crate) async fn delist(
    SignedIn(user): SignedIn,
    State(listings): State<Listings>,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<ListingView>), AppError> {
    Ok((StatusCode::ACCEPTED, Json(listings.delist(&user, &id).await?)))
}

/// Starts a bulk inventory sync of every live listing through the Feeds API (one at a time).
#[utoipa::path(post, path = "/api/admin/amazon/bulk-sync", tag = "amazon",
    responses((status = 202, body = BulkSyncView), (status = 403, body = ErrorEnvelope)),
    security(("session_cookie" = [])))]
pub(crate) async fn bulk_sync(
    AdminUser(admin): AdminUser,
    State(listings): State<Listings>,
) -> Result<(StatusCode, Json<BulkSyncView>), AppError> {
    Ok((StatusCode::ACCEPTED, Json(listings.bulk_sync(&admin).await?)))
}

/// A bulk sync's progress and per-SKU results.
#[utoipa::path(get, path = "/api/admin/amazon/jobs/{id}", tag = "amazon", params(("id" = String, Path)),
    responses((status = 200, body = BulkSyncView), (status = 400, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)),
    security(("session_cookie" = [])))]
pub(crate) async fn job(
    _admin: AdminUser,
    State(listings): State<Listings>,
    Path(id): Path<String>,
) -> Result<Json<BulkSyncView>, AppError> {
    listings.job(&id).await.map(Json)
}
