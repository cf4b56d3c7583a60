//! `POST /sandbox/stripe/_faults {"path": "/v1/transfers", "count": 3}` (not part of Stripe's
//! API): the next `count` POSTs to that path are carried out, then their answer is lost and
//! a 500 sent instead, as when the connection drops after Stripe has committed. What Hamro
//! does next (send again with the same idempotency key) is what the tests watch. With
//! `"commit": false` the request is not carried out at all (Stripe down, the request lost
//! on the way): the same 500, and nothing happened at Stripe.

use std::sync::{Arc, Mutex};

use axum::{
    Json,
    extract::{Request, State},
    http::{Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use super::{Sandbox, objects};

/// At most this many pending rules.
const MAX_FAULTS: usize = 100;

#[derive(Clone, Debug, Deserialize)]
pub(crate) struct LostAnswer {
    path: String,
    count: u32,
    /// Whether the request is carried out before its answer is lost (default yes).
    #[serde(default = "carried_out")]
    commit: bool,
}

fn carried_out() -> bool {
    true
}

#[derive(Clone, Default)]
pub(crate) struct Faults(Arc<Mutex<Vec<LostAnswer>>>);

impl Faults {
    /// Whether this request's answer is to be lost, and whether it is carried out first
    /// (and counts it).
    fn take(&self, method: &Method, path: &str) -> Option<bool> {
        if method != Method::POST {
            return None;
        }
        let mut faults = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let hit = faults.iter_mut().find(|f| f.count > 0 && f.path == path)?;
        hit.count -= 1;
        Some(hit.commit)
    }
}

pub(crate) async fn set_faults(State(sandbox): State<Sandbox>, Json(fault): Json<LostAnswer>) -> Response {
    let mut faults = sandbox.faults.0.lock().unwrap_or_else(|p| p.into_inner());
    faults.retain(|f| f.count > 0);
    if faults.len() >= MAX_FAULTS || !fault.path.starts_with("/v1/") {
        let message = "path must be a /v1/ path, with fewer than 100 faults pending";
        return (StatusCode::BAD_REQUEST, Json(objects::error("invalid_request_error", None, message, None)))
            .into_response();
    }
    faults.push(fault);
    StatusCode::NO_CONTENT.into_response()
}

/// Runs the request, then loses its answer when a fault says so.
pub(crate) async fn lose_answers(State(sandbox): State<Sandbox>, request: Request, next: Next) -> Response {
    let lose = sandbox.faults.take(request.method(), request.uri().path());
    let response =
        if lose == Some(false) { StatusCode::INTERNAL_SERVER_ERROR.into_response() } else { next.run(request).await };
    if lose.is_some() {
        tracing::info!("stripe sandbox: an answer lost on purpose");
        let body = objects::error("api_error", None, "The connection was closed before Stripe answered.", None);
        return (StatusCode::INTERNAL_SERVER_ERROR, Json(body)).into_response();
    }
    response
}
