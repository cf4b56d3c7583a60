//! Products per status, from the `product_count` view SurrealDB keeps (migration 0014):
//! one record per seller and status, `product_count:[seller, status]`.

use surrealdb::types::{Array, RecordId, SurrealValue, Value};

use crate::{
    db::Db,
    error::AppError,
    products::model::{ProductStatus, StatusCounts},
};

#[derive(SurrealValue)]
struct StatusCount {
    status: String,
    n: i64,
}

/// One seller's counts (five point reads), or everyone's (the view, summed by status: a
/// record per seller and status, far fewer than the products).
pub(crate) async fn counts(db: &Db, seller_id: Option<&str>) -> Result<StatusCounts, AppError> {
    let rows: Vec<StatusCount> = match seller_id {
        Some(seller) => {
            let ids: Vec<RecordId> = ProductStatus::ALL
                .iter()
                .map(|status| {
                    let key = Array::from(vec![
                        Value::RecordId(RecordId::new("user", seller)),
                        Value::String(status.as_str().to_string()),
                    ]);
                    RecordId::new("product_count", key)
                })
                .collect();
            db.query("SELECT status, n FROM $ids").bind(("ids", ids)).await
        }
        None => db.query("SELECT status, math::sum(n) AS n FROM product_count GROUP BY status").await,
    }
    .and_then(|mut r| r.take(0))
    .map_err(|e| AppError::internal("counting products by status", e))?;
    let mut counts = StatusCounts::default();
    for row in rows {
        if let Some(status) = ProductStatus::parse(&row.status) {
            counts.set(status, row.n.max(0) as u64);
        }
    }
    Ok(counts)
}
