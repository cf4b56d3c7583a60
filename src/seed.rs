//! `hamro seed`: fills a demo database with data in bulk (for load tests, benchmarks and
//! trying Hamro at scale). Demo mode only; it refuses to touch a production database.

use chrono::Utc;
use serde_json::json;

use crate::{
    auth::server::repo as users,
    db::{Db, new_key},
    error::AppError,
    products::server::amazon_sku,
};

/// Creates `count` approved products for the seller, each listed on Amazon (the sandbox
/// knows them too, with an ASIN), in batches of 500.
pub async fn listings(db: &Db, seller_email: &str, count: usize, sandbox_seller: &str) -> Result<usize, AppError> {
    let seller = users::find_by_email(db, seller_email).await?.ok_or_else(|| AppError::not_found("Seller"))?;
    let now = Utc::now();
    let run = &new_key()[..8];
    let mut created = 0;
    for chunk in (0..count).collect::<Vec<_>>().chunks(500) {
        let rows: Vec<serde_json::Value> = chunk
            .iter()
            .map(|i| {
                let sku = format!("SEED-{run}-{i:06}");
                json!({ "id": new_key(), "sku": sku, "amazon_sku": amazon_sku(&seller.id, &sku), "asin": format!("B0SEED{:04}", i % 10_000), "qty": (i % 50) as i64 })
            })
            .collect();
        db.query(
            "BEGIN;
             FOR $r IN $rows {
                 CREATE type::record('product', $r.id) CONTENT {
                     seller: type::record('user', $seller), title: 'Seeded product ' + $r.sku, description: 'Created by hamro seed.',
                     seller_sku: $r.sku, amazon_sku: $r.amazon_sku, price_minor: 1999, currency: 'usd', quantity: $r.qty,
                     brand: 'Hamro Seed', product_type: 'PRODUCT', condition: 'new', image_urls: [], status: 'approved',
                     submitted_at: $now, reviewed_at: $now, version: 1, created_at: $now, updated_at: $now
                 };
                 CREATE type::record('listing', $r.id) CONTENT {
                     product: type::record('product', $r.id), seller: type::record('user', $seller), sku: $r.amazon_sku,
                     marketplace_id: 'ATVPDKIKX0DER', asin: $r.asin, status: 'active', issues: [], last_synced_at: $now, updated_at: $now
                 };
                 CREATE type::record('sandbox_amazon_listing', $r.amazon_sku) CONTENT {
                     sku: $r.amazon_sku, product_type: 'PRODUCT', asin: $r.asin, asin_at: $now, created: $now, updated: $now,
                     feed_updates: 0, seller: $sandbox_seller,
                     attributes: { fulfillment_availability: [{ fulfillment_channel_code: 'DEFAULT', quantity: $r.qty }] }
                 };
             };
             COMMIT;",
        )
        .bind(("rows", rows))
        .bind(("seller", seller.id.clone()))
        .bind(("sandbox_seller", sandbox_seller.to_string()))
        .bind(("now", now))
        .await
        .and_then(|r| r.check())
        .map_err(|e| AppError::internal("seeding listings", e))?;
        created += chunk.len();
    }
    Ok(created)
}
