//! Which live listings are due to be read back from Amazon, and when each was.

use chrono::{DateTime, Utc};
use serde_json::Value;
use surrealdb::types::SurrealValue;

use crate::{db::Db, error::AppError};

/// A live listing as the recheck needs it.
#[derive(SurrealValue, Clone)]
pub(crate) struct DueListing {
    pub product_id: String,
    pub status: String,
    pub issues: Value,
    /// When it was last read back (never: `None`, first in line).
    pub rechecked_at: Option<DateTime<Utc>>,
}

/// Active and needs-attention listings not read back since `before`, oldest first.
pub(crate) async fn due(db: &Db, before: DateTime<Utc>, limit: u32) -> Result<Vec<DueListing>, AppError> {
    db.query(
        "SELECT <string> record::id(product) AS product_id, status, issues, rechecked_at
         FROM listing WHERE status IN ['active', 'needs_attention'] AND (rechecked_at = NONE OR rechecked_at < $before)
         ORDER BY rechecked_at LIMIT $limit",
    )
    .bind(("before", before))
    .bind(("limit", i64::from(limit)))
    .await
    .and_then(|mut r| r.take(0))
    .map_err(|e| AppError::internal("listing listings due for a recheck", e))
}

pub(crate) async fn mark(db: &Db, product_id: &str, at: DateTime<Utc>) -> Result<(), AppError> {
    db.query("UPDATE type::record('listing', $id) SET rechecked_at = $at RETURN NONE")
        .bind(("id", product_id.to_string()))
        .bind(("at", at))
        .await
        .and_then(|r| r.check())
        .map_err(|e| AppError::internal("marking a listing rechecked", e))?;
    Ok(())
}
