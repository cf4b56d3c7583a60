//! `/api/orders` (sellers) and `/api/admin/orders` (admins).

use axum::{Json, extract::State};
use serde::Deserialize;
use utoipa::IntoParams;

use super::ApiQuery;
use crate::{
    auth::server::guard::{AdminUser, SellerUser},
    error::{AppError, ErrorEnvelope},
    orders::{
        model::{Month, OrderItemPage, OrderStatus},
        server::Orders,
    },
};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct OrdersQuery {
    /// pending, unshipped, partially_shipped, shipped, canceled or unfulfillable.
    status: Option<String>,
    /// A month, `YYYY-MM` (UTC).
    month: Option<String>,
    /// 1-based, 25 a page.
    page: Option<u32>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct AdminOrdersQuery {
    /// One seller's items only (their user id).
    seller: Option<String>,
    status: Option<String>,
    month: Option<String>,
    /// Only items whose SKU no product has.
    unmatched: Option<bool>,
    page: Option<u32>,
}

/// The seller's order items, newest first, with price, Amazon's fees, commission and net.
#[utoipa::path(get, path = "/api/orders", tag = "orders", params(OrdersQuery),
    responses((status = 200, body = OrderItemPage), (status = 400, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)),
    security(("session_cookie" = [])))]
pub(crate) async fn list(
    SellerUser(seller): SellerUser,
    State(orders): State<Orders>,
    ApiQuery(q): ApiQuery<OrdersQuery>,
) -> Result<Json<OrderItemPage>, AppError> {
    let status = OrderStatus::parse_filter(q.status.as_deref())?;
    let month = Month::parse_filter(q.month.as_deref())?;
    orders.for_seller(&seller, status, month, q.page).await.map(Json)
}

/// Every order item on the platform's Amazon account (admins), unmatched SKUs included.
#[utoipa::path(get, path = "/api/admin/orders", tag = "admin", params(AdminOrdersQuery),
    responses((status = 200, body = OrderItemPage), (status = 400, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)),
    security(("session_cookie" = [])))]
pub(crate) async fn admin_list(
    _admin: AdminUser,
    State(orders): State<Orders>,
    ApiQuery(q): ApiQuery<AdminOrdersQuery>,
) -> Result<Json<OrderItemPage>, AppError> {
    let status = OrderStatus::parse_filter(q.status.as_deref())?;
    let month = Month::parse_filter(q.month.as_deref())?;
    orders.for_admin(q.seller.as_deref(), status, month, q.unmatched.unwrap_or(false), q.page).await.map(Json)
}
