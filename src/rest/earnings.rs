//! `/api/earnings*` (sellers) and `/api/admin/earnings/summary` (admins).

use axum::{
    Json,
    extract::State,
    http::header,
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use utoipa::IntoParams;

use super::ApiQuery;
use crate::{
    auth::server::guard::{AdminUser, SellerUser},
    earnings::{
        model::{EarningsBalance, PlatformSummary, Statement},
        server::Earnings,
    },
    error::{AppError, ErrorEnvelope},
    orders::model::Month,
};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct StatementQuery {
    /// A month, `YYYY-MM` (UTC); every entry when absent.
    month: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct CsvQuery {
    /// The month to export, `YYYY-MM` (UTC).
    month: String,
}

/// The seller's ledger as a statement: each entry with its running balance, and the balances.
#[utoipa::path(get, path = "/api/earnings", tag = "earnings", params(StatementQuery),
    responses((status = 200, body = Statement), (status = 400, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)),
    security(("session_cookie" = [])))]
pub(crate) async fn statement(
    SellerUser(seller): SellerUser,
    State(earnings): State<Earnings>,
    ApiQuery(q): ApiQuery<StatementQuery>,
) -> Result<Json<Statement>, AppError> {
    let month = Month::parse_filter(q.month.as_deref())?;
    earnings.statement(&seller, month).await.map(Json)
}

/// Earned, on hold, available to transfer and transferred, per currency.
#[utoipa::path(get, path = "/api/earnings/balances", tag = "earnings",
    responses((status = 200, body = Vec<EarningsBalance>), (status = 403, body = ErrorEnvelope)),
    security(("session_cookie" = [])))]
pub(crate) async fn balances(
    SellerUser(seller): SellerUser,
    State(earnings): State<Earnings>,
) -> Result<Json<Vec<EarningsBalance>>, AppError> {
    earnings.balances(&seller).await.map(Json)
}

/// A month's statement as CSV (one row per entry, amounts as exact decimals).
#[utoipa::path(get, path = "/api/earnings/statement.csv", tag = "earnings", params(CsvQuery),
    responses((status = 200, content_type = "text/csv", body = String), (status = 400, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope)),
    security(("session_cookie" = [])))]
pub(crate) async fn statement_csv(
    SellerUser(seller): SellerUser,
    State(earnings): State<Earnings>,
    ApiQuery(q): ApiQuery<CsvQuery>,
) -> Result<Response, AppError> {
    let month = Month::parse(&q.month)?;
    let body = earnings.csv(&seller, month).await?;
    let filename = format!("attachment; filename=\"hamro-earnings-{}.csv\"", q.month.trim());
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (header::CONTENT_DISPOSITION, filename)], body)
        .into_response())
}

/// The platform's months (gross sales, Amazon's fees, commission, refunds, transferred) and
/// what is held now (admins).
#[utoipa::path(get, path = "/api/admin/earnings/summary", tag = "admin",
    responses((status = 200, body = PlatformSummary), (status = 403, body = ErrorEnvelope)),
    security(("session_cookie" = [])))]
pub(crate) async fn platform_summary(
    _admin: AdminUser,
    State(earnings): State<Earnings>,
) -> Result<Json<PlatformSummary>, AppError> {
    earnings.platform_summary().await.map(Json)
}
