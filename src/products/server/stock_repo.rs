//! What orders do to products, inside the order's own transaction: a sale lowers the
//! quantity (never below zero), a cancellation gives it back. Hamro's next quantity patch
//! or bulk sync then never puts sold stock back on Amazon.

use surrealdb::types::SurrealValue;

use crate::{
    db::{Db, Flag, Tx},
    error::AppError,
};

/// A product that has a given Amazon SKU.
#[derive(Clone, Debug, SurrealValue)]
pub struct SkuOwner {
    pub product_id: String,
    pub seller_id: String,
    pub title: String,
}

/// The product with this platform SKU, if any.
pub async fn owner_of(db: &Db, amazon_sku: &str) -> Result<Option<SkuOwner>, AppError> {
    db.query(
        "SELECT <string> record::id(id) AS product_id, <string> record::id(seller) AS seller_id, title
         FROM product WHERE amazon_sku = $sku LIMIT 1",
    )
    .bind(("sku", amazon_sku.to_string()))
    .await
    .and_then(|mut r| r.take(0))
    .map_err(|e| AppError::internal("finding the product of a SKU", e))
}

/// Adds "lower the product's quantity by `units` (to zero at least)" to `tx`, when `when` holds.
pub fn take_stock(tx: &mut Tx, when: &Flag, product_id: &str, units: i64) {
    tx.when(when, |tx| {
        tx.add(
            "UPDATE type::record('product', $id) SET quantity = math::max([0, quantity - $units]),
                 version += 1, updated_at = time::now() RETURN NONE;",
        )
        .bind("id", product_id.to_string())
        .bind("units", units);
    });
}

/// Adds "give `units` back to the product's quantity" to `tx`, when `when` holds.
pub fn return_stock(tx: &mut Tx, when: &Flag, product_id: &str, units: i64) {
    tx.when(when, |tx| {
        tx.add(
            "UPDATE type::record('product', $id) SET quantity = math::min([1000000, quantity + $units]),
                 version += 1, updated_at = time::now() RETURN NONE;",
        )
        .bind("id", product_id.to_string())
        .bind("units", units);
    });
}
