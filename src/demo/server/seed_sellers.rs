//! The sellers `hamro seed` adds for load tests: `users - 1` extra sellers who sign in with
//! the given seller's password, and a catalog for each, so a benchmark can sign in as many
//! distinct people as it needs and none of them is served from another's cache.

use chrono::Utc;
use serde_json::json;

use crate::{
    auth::server::repo as users,
    db::{Db, new_key},
    error::AppError,
    products::server::amazon_sku,
};

/// Who was seeded: the given seller's key first, then the new sellers', whose emails are
/// `bench-{run}-{n}@example.com` for n in 1..users.
pub(crate) struct BenchSellers {
    pub(crate) run: String,
    pub(crate) ids: Vec<String>,
}

impl BenchSellers {
    /// The new sellers' addresses, as a pattern to print.
    pub(crate) fn email_pattern(&self) -> String {
        format!("bench-{}-{{1..{}}}@example.com", self.run, self.ids.len().saturating_sub(1))
    }
}

/// Creates `users - 1` sellers beside the given one, in batches of 1,000.
pub(crate) async fn sellers(db: &Db, seller_email: &str, users: usize) -> Result<BenchSellers, AppError> {
    let seller = users::find_by_email(db, seller_email).await?.ok_or_else(|| AppError::not_found("Seller"))?;
    let run = new_key()[..8].to_string();
    let mut ids = vec![seller.id.clone()];
    for chunk in (1..users.max(1)).collect::<Vec<_>>().chunks(1000) {
        let rows: Vec<serde_json::Value> =
            chunk.iter().map(|i| json!({ "id": new_key(), "email": format!("bench-{run}-{i}@example.com") })).collect();
        ids.extend(rows.iter().map(|r| r["id"].as_str().unwrap_or_default().to_string()));
        db.query(
            "LET $hash = (SELECT VALUE password_hash FROM ONLY type::record('user', $seller));
             FOR $r IN $rows {
                 CREATE type::record('user', $r.id) CONTENT { email: $r.email, password_hash: $hash, role: 'seller', name: 'Bench seller' };
             };",
        )
        .bind(("rows", rows))
        .bind(("seller", seller.id.clone()))
        .await
        .and_then(|r| r.check())
        .map_err(|e| AppError::internal("seeding users", e))?;
    }
    Ok(BenchSellers { run, ids })
}

/// Gives each of `ids` `per_seller` products, in the mix a real catalog has: most approved,
/// some drafts, some waiting for review, some rejected. Batches of 1,000 rows.
pub(crate) async fn products(db: &Db, ids: &[String], per_seller: usize) -> Result<usize, AppError> {
    let now = Utc::now();
    let pairs: Vec<(usize, usize)> = (0..ids.len()).flat_map(|s| (0..per_seller).map(move |n| (s, n))).collect();
    let mut created = 0;
    for chunk in pairs.chunks(1000) {
        let rows: Vec<serde_json::Value> = chunk
            .iter()
            .map(|&(s, n)| {
                let sku = format!("BENCH-{n:05}");
                let status = match n % 10 {
                    0 => "draft",
                    1 => "pending_review",
                    2 => "rejected",
                    _ => "approved",
                };
                json!({ "id": new_key(), "seller": ids[s], "sku": sku, "amazon_sku": amazon_sku(&ids[s], &sku),
                        "status": status, "price": 500 + (n as i64 % 50) * 100, "qty": (n % 40) as i64 })
            })
            .collect();
        db.query(
            "BEGIN;
             FOR $r IN $rows {
                 CREATE type::record('product', $r.id) CONTENT {
                     seller: type::record('user', $r.seller), title: 'Bench product ' + $r.sku, description: 'Created by hamro seed.',
                     seller_sku: $r.sku, amazon_sku: $r.amazon_sku, price_minor: $r.price, currency: 'usd', quantity: $r.qty,
                     brand: 'Hamro Seed', product_type: 'PRODUCT', condition: 'new', image_urls: [], status: $r.status,
                     rejection_reason: IF $r.status = 'rejected' { 'The photos do not show the product.' } ELSE { NONE },
                     submitted_at: IF $r.status = 'draft' { NONE } ELSE { $now },
                     reviewed_at: IF $r.status IN ['approved', 'rejected'] { $now } ELSE { NONE },
                     version: 1, created_at: $now, updated_at: $now
                 } RETURN NONE;
             };
             COMMIT;",
        )
        .bind(("rows", rows))
        .bind(("now", now))
        .await
        .and_then(|r| r.check())
        .map_err(|e| AppError::internal("seeding products", e))?;
        created += chunk.len();
    }
    Ok(created)
}

#[cfg(test)]
mod tests {
    use crate::{
        auth::{model::Role, server::repo as users, server::service as accounts},
        db,
        notifications::server::Notifier,
        products::server::{Products, test_fixtures},
    };

    #[tokio::test]
    async fn seeded_sellers_exist_with_the_sellers_password_and_a_mixed_catalog_each() {
        let db = db::memory().await;
        let password = secrecy::SecretString::from("a-long-password");
        let account =
            accounts::NewAccount { email: "s@example.com".into(), name: "S".into(), role: Role::Seller, password };
        let seller = accounts::create_account(&db, account).await.unwrap();

        let seeded = super::sellers(&db, "s@example.com", 3).await.unwrap();
        assert_eq!(seeded.ids.len(), 3);
        assert_eq!(seeded.ids[0], seller.id);
        let second = format!("bench-{}-2@example.com", seeded.run);
        assert_eq!(seeded.email_pattern(), format!("bench-{}-{{1..2}}@example.com", seeded.run));
        let found = users::find_by_email(&db, &second).await.unwrap().expect("the second bench seller");
        assert_eq!(found.id, seeded.ids[2]);

        assert_eq!(super::products(&db, &seeded.ids[1..], 10).await.unwrap(), 20);
        let products = Products::new(
            db.clone(),
            Notifier::new(db.clone()),
            test_fixtures::product_types(test_fixtures::unreachable_amazon()).await,
        );
        let counts = products.counts(Some(&seeded.ids[2])).await.unwrap();
        assert_eq!((counts.draft, counts.pending_review, counts.rejected, counts.approved), (1, 1, 1, 7));
        assert_eq!(products.counts(Some(&seller.id)).await.unwrap().approved, 0, "the given seller gets none");
    }
}
