//! A wire-compatible subset of the Selling Partner API: an LWA token endpoint, Listings
//! Items 2021-08-01 (PUT, PATCH, GET, DELETE) and Feeds 2021-06-30 (documents with upload
//! and download URLs on the sandbox itself, feeds moving IN_QUEUE -> IN_PROGRESS -> DONE,
//! processing reports). It checks `x-amz-access-token`, enforces the documented rate limits
//! (429 with `x-amzn-RateLimit-Limit`), and can be told to inject 429s or 5xx (`POST
//! /sandbox/amazon/_faults`). Its state lives in the sandbox database, never Hamro's.
//!
//! Orders 2026-01-01 (`searchOrders`, `getOrder`) and Finances 2024-06-19
//! (`listTransactions`) serve the orders its buyers place (`buyers.rs`: test triggers at
//! `/_orders`, and in demo mode a worker).
//!
//! Product Type Definitions 2020-09-01 for the 17 product types in
//! `contracts/amazon/product-types/` (schemas generated from those facts, served from
//! `/_schemas/...`), Catalog Items 2022-04-01 search over a small catalog, and Listings
//! Restrictions with one gated brand. `putListingsItem` holds a listing to the definition
//! it serves (`listing_rules.rs`), VALIDATION_PREVIEW included.
//!
//! Test triggers: a listing whose `item_name` contains "[invalid]" is INVALID with an ERROR
//! issue on `item_name`; `POST /_listings/{sku}/issues` raises an issue on a live listing.

mod auth;
mod buyer_triggers;
mod buyers;
mod catalog;
mod definitions;
mod faults;
mod feeds;
mod finances;
mod listing_rules;
mod listing_triggers;
mod listings;
mod orders;
mod orders_repo;
mod page_token;
mod repo;
mod runtime;
mod stats;
pub(crate) mod type_facts;
pub(crate) mod type_schema;
mod usage_plan;

use std::sync::Arc;

use axum::{
    Router,
    routing::{get, post, put},
};

pub(crate) use buyers::spawn_buyers;
pub(crate) use repo::SeedListing;
use runtime::Runtime;

use crate::{config::AmazonSandboxSettings, db::Db};

/// The SP-API sandbox's state: its own database and settings, and (in memory, per instance,
/// like Amazon's limits per caller) its rate limiters and injected faults.
#[derive(Clone)]
pub struct Sandbox {
    db: Db,
    settings: Arc<AmazonSandboxSettings>,
    runtime: Arc<Runtime>,
}

impl Sandbox {
    /// The sandbox's own database (for tests that look at what it holds).
    pub fn db(&self) -> &Db {
        &self.db
    }

    pub(crate) fn new(db: Db, settings: AmazonSandboxSettings) -> Self {
        let runtime = Arc::new(Runtime::new(settings.orders_rate));
        Self { db, settings: Arc::new(settings), runtime }
    }

    /// A sale that happened `days_ago`: ordered then, shipped an hour later (demo mode's
    /// first start seeds a few, so the ledger has released earnings).
    pub(crate) async fn seed_sale(&self, sku: &str, quantity: i64, days_ago: i64) -> Result<String, String> {
        let placed = chrono::Utc::now() - chrono::Duration::days(days_ago);
        let order = self.place_order(sku, quantity, None, placed).await.map_err(|e| e.to_string())?;
        self.ship_order(&order.order_id, placed + chrono::Duration::hours(1)).await.map_err(|e| e.to_string())?;
        Ok(order.order_id)
    }

    /// Adds listings that Amazon already has, each with an ASIN (for `hamro seed`).
    pub(crate) async fn seed_listings(&self, listings: &[SeedListing]) -> Result<(), crate::db::DbError> {
        repo::seed_listings(&self.db, &self.settings.seller_id, listings).await
    }
}

/// The sandbox's tables, applied to its own database when it is mounted.
pub(crate) const MIGRATIONS: &[crate::db::migrate::Migration] = &[
    crate::db::migrate::Migration::new(1, "amazon_sandbox", include_str!("migrations/0001_amazon_sandbox.surql")),
    crate::db::migrate::Migration::new(
        2,
        "orders_and_finances",
        include_str!("migrations/0002_orders_and_finances.surql"),
    ),
];

/// Mounted at `/sandbox/amazon`.
pub(crate) fn router<S: Clone + Send + Sync + 'static>(sandbox: Sandbox) -> Router<S> {
    Router::new()
        .route("/auth/o2/token", post(auth::token))
        .route(
            "/listings/2021-08-01/items/{seller_id}/{sku}",
            put(listings::put_item).patch(listings::patch_item).get(listings::get_item).delete(listings::delete_item),
        )
        .route("/listings/2021-08-01/restrictions", get(catalog::restrictions))
        .route("/definitions/2020-09-01/productTypes", get(definitions::search))
        .route("/definitions/2020-09-01/productTypes/{product_type}", get(definitions::get))
        .route("/catalog/2022-04-01/items", get(catalog::search_items))
        .route("/_schemas/{product_type}/{requirements}/{enforced}/{file}", get(definitions::schema_document))
        .route("/_listings/{sku}/issues", post(listing_triggers::raise_issue))
        .route("/feeds/2021-06-30/documents", post(feeds::create_document))
        .route("/feeds/2021-06-30/documents/{id}", get(feeds::get_document))
        .route("/feeds/2021-06-30/feeds", post(feeds::create_feed).get(feeds::list_feeds))
        .route("/feeds/2021-06-30/feeds/{id}", get(feeds::get_feed))
        .route("/orders/2026-01-01/orders", get(orders::search_orders))
        .route("/orders/2026-01-01/orders/{order_id}", get(orders::get_order))
        .route("/finances/2024-06-19/transactions", get(finances::list_transactions))
        .route("/uploads/{id}/{token}", put(feeds::upload))
        .route("/downloads/{id}/{token}", get(feeds::download))
        .route("/_faults", post(faults::set_faults).get(faults::get_faults))
        .route("/_orders", post(buyer_triggers::place))
        .route("/_orders/{order_id}/ship", post(buyer_triggers::ship))
        .route("/_orders/{order_id}/refund", post(buyer_triggers::refund))
        .route("/_stats", get(stats::get_stats))
        .fallback(faults::not_found)
        .with_state(sandbox)
}
