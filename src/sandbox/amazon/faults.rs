//! `/sandbox/amazon/_faults` (inject 429s and 5xx, see call counts) and the answer to a path
//! the sandbox doesn't serve. Not part of the SP-API.

use axum::{
    Json,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde_json::json;

use super::{
    Sandbox,
    runtime::{Fault, sp_error},
};

/// Pending fault rules at most (the sandbox is for development, but still bounded).
const MAX_FAULTS: usize = 100;

/// `POST /sandbox/amazon/_faults {"status": 429, "count": 3, "operation": "putListingsItem"}`.
pub(crate) async fn set_faults(State(sandbox): State<Sandbox>, Json(fault): Json<Fault>) -> Response {
    if !(400..600).contains(&fault.status) {
        return sp_error(StatusCode::BAD_REQUEST, "InvalidInput", "status must be a 4xx or 5xx code");
    }
    let mut faults = sandbox.runtime.faults.lock().unwrap_or_else(|p| p.into_inner());
    faults.retain(|f| f.count > 0);
    if faults.len() >= MAX_FAULTS {
        return sp_error(StatusCode::BAD_REQUEST, "InvalidInput", "too many pending faults");
    }
    faults.push(fault);
    StatusCode::NO_CONTENT.into_response()
}

/// `GET /sandbox/amazon/_faults`: pending faults and call counts.
pub(crate) async fn get_faults(State(sandbox): State<Sandbox>) -> Response {
    let faults = sandbox.runtime.faults.lock().unwrap_or_else(|p| p.into_inner()).clone();
    Json(json!({ "faults": faults, "calls": sandbox.runtime.counts() })).into_response()
}

pub(crate) async fn not_found() -> Response {
    sp_error(StatusCode::NOT_FOUND, "NotFound", "The sandbox implements a subset of the Selling Partner API.")
}
