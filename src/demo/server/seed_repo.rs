//! What `hamro seed` writes, in bulk: approved and listed products, sellers and their
//! notifications (with the counters the bell reads), and paid payouts. It writes the rows
//! the domains' own writes would leave, for benchmarks at scale.

use chrono::Utc;
use serde_json::json;

use crate::{
    auth::server::repo as users,
    db::{Db, new_key},
    error::AppError,
    products::server::amazon_sku,
    sandbox::amazon::SeedListing,
};

/// Creates `count` approved products for the seller, each listed on Amazon, in batches of
/// 500. Returns what Amazon must know of them (the seeder hands it to the SP-API sandbox).
pub(crate) async fn listings(db: &Db, seller_email: &str, count: usize) -> Result<Vec<SeedListing>, AppError> {
    let seller = users::find_by_email(db, seller_email).await?.ok_or_else(|| AppError::not_found("Seller"))?;
    let now = Utc::now();
    let run = &new_key()[..8];
    let mut created = Vec::with_capacity(count);
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
                     marketplace_id: 'ATVPDKIKX0DER', asin: $r.asin, status: 'active', issues: [], last_synced_at: $now, updated_at: $now,
                     rechecked_at: $now
                 };
             };
             COMMIT;",
        )
        .bind(("rows", rows.clone()))
        .bind(("seller", seller.id.clone()))
        .bind(("now", now))
        .await
        .and_then(|r| r.check())
        .map_err(|e| AppError::internal("seeding listings", e))?;
        created.extend(rows.iter().map(|r| SeedListing {
            sku: r["amazon_sku"].as_str().unwrap_or_default().to_string(),
            asin: r["asin"].as_str().unwrap_or_default().to_string(),
            quantity: r["qty"].as_i64().unwrap_or_default(),
            title: format!("Seeded product {}", r["sku"].as_str().unwrap_or_default()),
            price: 19.99,
            currency: "USD".into(),
        }));
    }
    Ok(created)
}

/// Demo mode's catalog: (seller SKU, title, price in cents, quantity, Amazon product type).
const DEMO_CATALOG: &[(&str, &str, i64, i64, &str)] = &[
    ("DEMO-MUG", "Hand-thrown stoneware mug, 350 ml", 2_499, 40, "KITCHEN"),
    ("DEMO-TOTE", "Organic cotton tote bag", 1_850, 60, "HOME"),
    ("DEMO-LAMP", "Walnut desk lamp with linen shade", 8_900, 12, "LIGHT_FIXTURE"),
];

/// Creates the demo seller's catalog, approved and live on Amazon, once: None when it is
/// there already (another start, or another instance, made it).
pub(crate) async fn demo_catalog(db: &Db, seller_id: &str) -> Result<Option<Vec<SeedListing>>, AppError> {
    let now = Utc::now();
    let rows: Vec<serde_json::Value> = DEMO_CATALOG
        .iter()
        .enumerate()
        .map(|(i, (sku, title, price, qty, product_type))| {
            json!({ "id": format!("demo_{}", sku.to_lowercase().replace('-', "_")), "sku": sku, "title": title, "price": price,
                    "product_type": product_type,
                    "qty": qty, "amazon_sku": amazon_sku(seller_id, sku), "asin": format!("B0DEMO{i:04}") })
        })
        .collect();
    let mut results = db
        .query(
            "BEGIN;
             FOR $r IN $rows {
                 CREATE type::record('product', $r.id) CONTENT {
                     seller: type::record('user', $seller), title: $r.title, description: 'A demo product, sold on Amazon by the demo buyers.',
                     seller_sku: $r.sku, amazon_sku: $r.amazon_sku, price_minor: $r.price, currency: 'usd', quantity: $r.qty,
                     brand: 'Hamro Demo', product_type: $r.product_type, condition: 'new', image_urls: [], status: 'approved',
                     identity: { kind: 'exempt' },
                     submitted_at: $now, reviewed_at: $now, version: 1, created_at: $now, updated_at: $now
                 } RETURN NONE;
                 CREATE type::record('listing', $r.id) CONTENT {
                     product: type::record('product', $r.id), seller: type::record('user', $seller), sku: $r.amazon_sku,
                     marketplace_id: 'ATVPDKIKX0DER', asin: $r.asin, status: 'active', issues: [], last_synced_at: $now, updated_at: $now,
                     rechecked_at: $now
                 } RETURN NONE;
             };
             COMMIT;",
        )
        .bind(("rows", rows.clone()))
        .bind(("seller", seller_id.to_string()))
        .bind(("now", now))
        .await
        .map_err(|e| AppError::internal("seeding the demo catalog", e))?;
    match crate::db::root_error(&mut results) {
        None => {}
        Some(crate::db::DbError::RecordExists(_) | crate::db::DbError::Conflict) => return Ok(None),
        Some(e) => return Err(e.into_app("seeding the demo catalog")),
    }
    Ok(Some(
        rows.iter()
            .map(|r| SeedListing {
                sku: r["amazon_sku"].as_str().unwrap_or_default().to_string(),
                asin: r["asin"].as_str().unwrap_or_default().to_string(),
                quantity: r["qty"].as_i64().unwrap_or_default(),
                title: r["title"].as_str().unwrap_or_default().to_string(),
                price: r["price"].as_f64().unwrap_or_default() / 100.0,
                currency: "USD".into(),
            })
            .collect(),
    ))
}

/// Creates `count` notifications spread evenly over `ids` (users' keys), half of them
/// unread, with the unread counters that the bell reads.
pub(crate) async fn notifications(db: &Db, ids: &[String], count: usize) -> Result<usize, AppError> {
    if ids.is_empty() {
        return Ok(0);
    }
    let now = Utc::now();
    let mut created = 0;
    for chunk in (0..count).collect::<Vec<_>>().chunks(2000) {
        let rows: Vec<serde_json::Value> = chunk
            .iter()
            .map(|i| {
                json!({
                    "user": ids[i % ids.len()],
                    "read": (i / ids.len()) % 2 == 1,
                    "at": now - chrono::Duration::seconds((count - i) as i64),
                    "n": i,
                })
            })
            .collect();
        db.query(
            "FOR $r IN $rows {
                 CREATE notification CONTENT {
                     user: type::record('user', $r.user), kind: 'info', title: 'Seeded notification ' + <string> $r.n,
                     message: 'Created by hamro seed for load tests.', action_url: '/notifications', is_read: $r.read,
                     created_at: <datetime> $r.at
                 };
             };",
        )
        .bind(("rows", rows))
        .await
        .and_then(|r| r.check())
        .map_err(|e| AppError::internal("seeding notifications", e))?;
        created += chunk.len();
    }
    // The counters the bell reads, recomputed per user from what was just written.
    db.query(
        "FOR $u IN $ids {
             LET $unread = count(SELECT id FROM notification WHERE user = type::record('user', $u) AND is_read = false);
             UPSERT type::record('notification_state', $u) SET unread = $unread, version = (version ?? 0) + 1;
         };",
    )
    .bind(("ids", ids.to_vec()))
    .await
    .and_then(|r| r.check())
    .map_err(|e| AppError::internal("seeding notification counters", e))?;
    Ok(created)
}

/// Creates `count` paid payouts for the seller, on their connected Stripe account.
pub(crate) async fn payouts(db: &Db, seller_email: &str, count: usize) -> Result<usize, AppError> {
    let seller = users::find_by_email(db, seller_email).await?.ok_or_else(|| AppError::not_found("Seller"))?;
    let now = Utc::now();
    let rows: Vec<serde_json::Value> = (0..count)
        .map(|i| json!({ "id": new_key(), "amount": 1000 + (i as i64 % 50) * 100, "at": now - chrono::Duration::hours(i as i64) }))
        .collect();
    db.query(
        "LET $account = (SELECT VALUE stripe_account_id FROM ONLY type::record('stripe_account', $seller));
         IF $account = NONE { THROW 'connect the seller to Stripe first' };
         FOR $r IN $rows {
             CREATE type::record('payout', $r.id) CONTENT {
                 user: type::record('user', $seller), stripe_account_id: $account, stripe_payout_id: 'po_seed_' + $r.id,
                 amount_minor: $r.amount, currency: 'usd', status: 'paid', status_rank: 3, idempotency_key: 'hamro-payout-' + $r.id,
                 arrival_date: <datetime> $r.at, paid_at: <datetime> $r.at, created_at: <datetime> $r.at,
                 updated_at: <datetime> $r.at
             };
         };",
    )
    .bind(("rows", rows))
    .bind(("seller", seller.id.clone()))
    .await
    .and_then(|r| r.check())
    .map_err(|e| AppError::internal("seeding payouts", e))?;
    Ok(count)
}
