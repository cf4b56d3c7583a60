//! The JSON REST API at `/api/...`, over the same services as the server functions, with
//! OpenAPI docs at `/docs` (spec at `/api-docs/openapi.json`).

mod auth;
pub mod health;
mod json;
pub mod openapi;

use axum::{
    Router,
    routing::{get, post},
};
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

pub use json::ApiJson;

use crate::{error::AppError, state::AppState};

/// Every REST route, plus the docs.
pub fn router() -> Router<AppState> {
    let api = Router::new()
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/auth/me", get(auth::me))
        .fallback(|| async { AppError::not_found("This API endpoint") });
    Router::new()
        .nest("/api", api)
        .merge(SwaggerUi::new("/docs").url("/api-docs/openapi.json", openapi::ApiDoc::openapi()))
}
