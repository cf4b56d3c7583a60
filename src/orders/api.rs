//! Server functions for orders: a seller's own order items, and every item for admins.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::OrderItemPage;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::{
    auth::server::{
        guard::{AdminUser, SellerUser},
        request::guarded,
    },
    orders::{
        model::{Month, OrderStatus},
        server::Orders,
    },
};

/// The seller's order items, newest first (`month` is `YYYY-MM`).
#[server(prefix = "/fn", endpoint = "orders/list", input = GetUrl)]
pub async fn list_my_orders(
    status: Option<String>,
    month: Option<String>,
    page: Option<u32>,
) -> Result<OrderItemPage, AppError> {
    let (SellerUser(seller), orders) = guarded::<_, Orders>().await?;
    let status = OrderStatus::parse_filter(status.as_deref())?;
    let month = Month::parse_filter(month.as_deref())?;
    orders.for_seller(&seller, status, month, page).await
}

/// Every order item (admins); `unmatched` shows only those no product has.
#[server(prefix = "/fn", endpoint = "admin/orders", input = GetUrl)]
pub async fn admin_list_orders(
    status: Option<String>,
    month: Option<String>,
    unmatched: Option<bool>,
    page: Option<u32>,
) -> Result<OrderItemPage, AppError> {
    let (AdminUser(_), orders) = guarded::<_, Orders>().await?;
    let status = OrderStatus::parse_filter(status.as_deref())?;
    let month = Month::parse_filter(month.as_deref())?;
    orders.for_admin(None, status, month, unmatched.unwrap_or(false), page).await
}
