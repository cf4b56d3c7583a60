//! The test trigger for issues Amazon raises after a listing went live (not part of the
//! SP-API): `POST /sandbox/amazon/_listings/{sku}/issues {"code", "message", "attribute"?,
//! "severity"? (ERROR), "suppress"? (false)}` adds an issue that `getListingsItem` reports
//! from then on; `suppress` also takes the offer down (DISCOVERABLE but not BUYABLE). A new
//! full `putListingsItem` clears them, as fixing the listing does on Amazon.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use serde_json::Value;

use super::{Sandbox, listing_rules::issue, repo, runtime::sp_error};

#[derive(Deserialize)]
pub(crate) struct RaiseIssue {
    code: String,
    message: String,
    attribute: Option<String>,
    severity: Option<String>,
    #[serde(default)]
    suppress: bool,
}

pub(crate) async fn raise_issue(
    State(sandbox): State<Sandbox>,
    Path(sku): Path<String>,
    Json(raise): Json<RaiseIssue>,
) -> Response {
    let severity = raise.severity.as_deref().unwrap_or("ERROR");
    if !matches!(severity, "ERROR" | "WARNING" | "INFO") {
        return sp_error(StatusCode::BAD_REQUEST, "InvalidInput", "severity is ERROR, WARNING or INFO.");
    }
    let mut row = match repo::get_listing(&sandbox.db, &sku).await {
        Ok(Some(row)) => row,
        Ok(None) => return sp_error(StatusCode::NOT_FOUND, "NOT_FOUND", &format!("SKU '{sku}' not found.")),
        Err(e) => return sp_error(StatusCode::INTERNAL_SERVER_ERROR, "InternalFailure", &e.to_string()),
    };
    let category = if raise.suppress { "QUALIFICATION_REQUIRED" } else { "INVALID_ATTRIBUTE" };
    let mut raised = match row.live_issues.take() {
        Some(Value::Array(list)) => list,
        _ => Vec::new(),
    };
    raised.push(issue(&raise.code, &raise.message, severity, raise.attribute.as_deref(), category));
    row.live_issues = Some(Value::Array(raised));
    if raise.suppress {
        row.suppressed = Some(true);
    }
    row.updated = chrono::Utc::now();
    match repo::put_listing(&sandbox.db, &row).await {
        Ok(()) => (StatusCode::CREATED, Json(row.live_issues)).into_response(),
        Err(e) => sp_error(StatusCode::INTERNAL_SERVER_ERROR, "InternalFailure", &e.to_string()),
    }
}
