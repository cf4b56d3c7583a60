//! The `listing_check` table: each product's latest "Check with Amazon".

use chrono::{DateTime, Utc};
use serde_json::Value;
use surrealdb::types::SurrealValue;

use crate::{
    db::Db,
    error::AppError,
    listings::model::{CheckOutcome, CheckReport},
};

#[derive(SurrealValue)]
struct Row {
    outcome: String,
    issues: Value,
    checked_at: DateTime<Utc>,
}

pub(crate) async fn save(db: &Db, product_id: &str, report: &CheckReport) -> Result<(), AppError> {
    db.query(
        "UPSERT type::record('listing_check', $id) CONTENT {
             product: type::record('product', $id), outcome: $outcome, issues: $issues, checked_at: $checked_at
         } RETURN NONE",
    )
    .bind(("id", product_id.to_string()))
    .bind(("outcome", report.outcome.as_str()))
    .bind(("issues", serde_json::to_value(&report.issues).unwrap_or_default()))
    .bind(("checked_at", report.checked_at))
    .await
    .and_then(|r| r.check())
    .map_err(|e| AppError::internal("saving a listing check", e))?;
    Ok(())
}

pub(crate) async fn latest(db: &Db, product_id: &str) -> Result<Option<CheckReport>, AppError> {
    let row: Option<Row> = db
        .query("SELECT outcome, issues, checked_at FROM type::record('listing_check', $id)")
        .bind(("id", product_id.to_string()))
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("reading a listing check", e))?;
    Ok(row.map(|r| CheckReport {
        outcome: CheckOutcome::parse(&r.outcome).unwrap_or(CheckOutcome::Invalid),
        issues: serde_json::from_value(r.issues).unwrap_or_default(),
        checked_at: r.checked_at,
    }))
}
