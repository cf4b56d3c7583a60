//! The JSON REST API at `/api/...`, over the same services as the server functions, with
//! OpenAPI docs at `/docs` (spec at `/api-docs/openapi.json`).

mod auth;
pub mod health;
mod json;
mod notifications;
pub mod openapi;
mod query;

use axum::{
    Router,
    routing::{delete, get, post, put},
};
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

pub use json::ApiJson;
pub use query::ApiQuery;

use crate::{error::AppError, state::AppState};

/// Every REST route, plus the docs.
pub fn router() -> Router<AppState> {
    let api = Router::new()
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/auth/me", get(auth::me))
        .route("/notifications", get(notifications::list))
        .route("/notifications/unread-count", get(notifications::unread_count))
        .route("/notifications/mark-all-read", put(notifications::mark_all_read))
        .route("/notifications/{id}", delete(notifications::delete))
        .route("/notifications/{id}/read", put(notifications::mark_read))
        .route("/notifications/{id}/unread", put(notifications::mark_unread))
        .fallback(|| async { AppError::not_found("This API endpoint") });
    Router::new()
        .nest("/api", api)
        .merge(SwaggerUi::new("/docs").url("/api-docs/openapi.json", openapi::ApiDoc::openapi()))
}
