//! A wire-compatible subset of the Selling Partner API: an LWA token endpoint, Listings
//! Items 2021-08-01 (PUT, PATCH, GET, DELETE) and Feeds 2021-06-30 (documents with upload
//! and download URLs on the sandbox itself, feeds moving IN_QUEUE -> IN_PROGRESS -> DONE,
//! processing reports). It checks `x-amz-access-token`, enforces the documented rate limits
//! (429 with `x-amzn-RateLimit-Limit`), and can be told to inject 429s or 5xx (`POST
//! /sandbox/amazon/_faults`).
//!
//! Test trigger: a listing whose `item_name` contains "[invalid]" is INVALID with an ERROR
//! issue on `item_name`; one missing a required attribute (brand, ...) is INVALID too.

mod auth;
mod feeds;
mod listings;
mod runtime;
mod stats;
mod store;

use std::sync::Arc;

use axum::{
    Extension, Router,
    routing::{get, post, put},
};

pub use runtime::Runtime;

use crate::state::AppState;

/// Mounted at `/sandbox/amazon`.
pub fn router(runtime: Arc<Runtime>) -> Router<AppState> {
    Router::new()
        .route("/auth/o2/token", post(auth::token))
        .route(
            "/listings/2021-08-01/items/{seller_id}/{sku}",
            put(listings::put_item).patch(listings::patch_item).get(listings::get_item).delete(listings::delete_item),
        )
        .route("/feeds/2021-06-30/documents", post(feeds::create_document))
        .route("/feeds/2021-06-30/documents/{id}", get(feeds::get_document))
        .route("/feeds/2021-06-30/feeds", post(feeds::create_feed).get(feeds::list_feeds))
        .route("/feeds/2021-06-30/feeds/{id}", get(feeds::get_feed))
        .route("/uploads/{id}/{token}", put(feeds::upload))
        .route("/downloads/{id}/{token}", get(feeds::download))
        .route("/_faults", post(runtime::set_faults).get(runtime::get_faults))
        .route("/_stats", get(stats::get_stats))
        .fallback(runtime::not_found)
        .layer(Extension(runtime))
}
