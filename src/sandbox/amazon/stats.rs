//! `GET /sandbox/amazon/_stats`: what the sandbox has seen, for tests and benchmarks. Not
//! part of the SP-API.

use axum::{
    Json,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde_json::{Map, Value, json};

use super::{Sandbox, repo};

/// `{"calls": {op: {calls, throttled}}, "feeds": N, "feed_updates": {"0": n0, "1": n1, ...}}`.
pub(crate) async fn get_stats(State(sandbox): State<Sandbox>) -> Response {
    let stats = async {
        let histogram = repo::feed_update_histogram(&sandbox.db).await?;
        let feeds = repo::feed_count(&sandbox.db).await?;
        Ok::<_, crate::db::DbError>((histogram, feeds))
    };
    match stats.await {
        Ok((histogram, feeds)) => {
            let updates: Map<String, Value> =
                histogram.into_iter().map(|h| (h.feed_updates.to_string(), json!(h.listings))).collect();
            Json(json!({ "calls": sandbox.runtime.counts(), "feeds": feeds, "feed_updates": updates })).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "amazon sandbox stats failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
