//! `GET /healthz`: 200 when the database answers, 503 when it doesn't.

use axum::{Json, extract::State, http::StatusCode};
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::{self, Db};

#[derive(Serialize, ToSchema)]
pub(crate) struct Health {
    /// `ok` or `unavailable`.
    pub status: &'static str,
    pub database: bool,
}

#[utoipa::path(get, path = "/healthz", tag = "system",
    responses((status = 200, body = Health, description = "The app and its database answer"),
              (status = 503, body = Health, description = "The database does not answer")))]
pub(crate) async fn healthz(State(db): State<Db>) -> (StatusCode, Json<Health>) {
    if db::ping(&db).await {
        (StatusCode::OK, Json(Health { status: "ok", database: true }))
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, Json(Health { status: "unavailable", database: false }))
    }
}
