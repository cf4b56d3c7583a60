//! The JSON REST API at `/api/...`, over the same services as the server functions, with
//! OpenAPI docs at `/docs` (spec at `/api-docs/openapi.json`).

mod accounts;
mod auth;
mod earnings;
pub(crate) mod health;
mod json;
mod listings;
mod notifications;
pub(crate) mod openapi;
mod orders;
mod payouts;
mod products;
mod query;

use axum::{
    Router,
    extract::FromRef,
    routing::{delete, get, post, put},
};
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

pub(crate) use json::ApiJson;
pub(crate) use query::ApiQuery;

use crate::{
    auth::server::Auth, db::Db, earnings::server::Earnings, error::AppError, listings::server::Listings,
    notifications::server::Notifier, orders::server::Orders, payouts::server::Payouts, products::server::Products,
};

/// Every REST route, plus the docs, for any app state that holds the services they use.
pub(crate) fn router<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    Db: FromRef<S>,
    Auth: FromRef<S>,
    Notifier: FromRef<S>,
    Products: FromRef<S>,
    Listings: FromRef<S>,
    Payouts: FromRef<S>,
    Orders: FromRef<S>,
    Earnings: FromRef<S>,
{
    let api = Router::new()
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/auth/me", get(auth::me))
        .route("/auth/password", post(accounts::change_password))
        .route("/auth/sign-out-everywhere", post(accounts::sign_out_everywhere))
        .route("/admin/users", get(accounts::list))
        .route("/admin/users/{id}/disable", post(accounts::disable))
        .route("/admin/users/{id}/enable", post(accounts::enable))
        .route("/notifications", get(notifications::list))
        .route("/notifications/unread-count", get(notifications::unread_count))
        .route("/notifications/mark-all-read", put(notifications::mark_all_read))
        .route("/notifications/{id}", delete(notifications::delete))
        .route("/notifications/{id}/read", put(notifications::mark_read))
        .route("/notifications/{id}/unread", put(notifications::mark_unread))
        .route("/products", get(products::list).post(products::create))
        .route("/products/{id}", get(products::get).put(products::update))
        .route("/products/{id}/submit", post(products::submit))
        .route("/products/{id}/archive", post(products::archive))
        .route("/admin/products", get(products::admin_list))
        .route("/admin/products/{id}/approve", post(products::approve))
        .route("/admin/products/{id}/reject", post(products::reject))
        .route("/payouts/connect/account", post(payouts::connect))
        .route("/payouts/connect/onboarding-link", post(payouts::onboarding_link))
        .route("/payouts/balance", get(payouts::balance))
        .route("/payouts/request", post(payouts::request))
        .route("/payouts/history", get(payouts::history))
        .route("/payouts/account/status", get(payouts::account_status))
        .route("/admin/payouts", get(payouts::admin_list))
        .route("/webhooks/stripe", post(payouts::stripe_webhook))
        .route("/orders", get(orders::list))
        .route("/admin/orders", get(orders::admin_list))
        .route("/earnings", get(earnings::statement))
        .route("/earnings/balances", get(earnings::balances))
        .route("/earnings/statement.csv", get(earnings::statement_csv))
        .route("/admin/earnings/summary", get(earnings::platform_summary))
        .route("/products/{id}/amazon", get(listings::status).delete(listings::delist))
        .route("/products/{id}/amazon/sync", post(listings::sync))
        .route("/products/{id}/amazon/check", post(listings::check).get(listings::latest_check))
        .route("/product-types", get(products::product_types))
        .route("/product-types/{product_type}", get(products::product_type))
        .route("/admin/amazon/bulk-sync", post(listings::bulk_sync))
        .route("/admin/amazon/jobs/{id}", get(listings::job))
        .fallback(|| async { AppError::not_found("This API endpoint") });
    Router::new()
        .nest("/api", api)
        .merge(SwaggerUi::new("/docs").url("/api-docs/openapi.json", openapi::ApiDoc::openapi()))
}
