//! The test triggers for the sandbox's buyers (not part of the SP-API):
//! `POST /sandbox/amazon/_orders {"sku", "quantity"?, "unit_price"?, "minutes_ago"?, "ship"?}`
//! places an order (back-dated by `minutes_ago`, so a test needn't wait out the two minutes
//! Amazon takes to show it), and `POST /sandbox/amazon/_orders/{id}/ship` or `/refund`
//! (`{"minutes_ago"?}`) move it on.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::json;

use super::{Sandbox, buyers::BuyError, orders_repo::Order, runtime::sp_error};

#[derive(Deserialize)]
pub(crate) struct PlaceRequest {
    sku: String,
    #[serde(default = "one")]
    quantity: i64,
    /// A decimal ("24.99"); the listing's price when absent.
    unit_price: Option<String>,
    #[serde(default)]
    minutes_ago: i64,
    #[serde(default)]
    ship: bool,
}

fn one() -> i64 {
    1
}

#[derive(Deserialize, Default)]
pub(crate) struct MoveRequest {
    #[serde(default)]
    minutes_ago: i64,
}

fn at(minutes_ago: i64) -> DateTime<Utc> {
    Utc::now() - chrono::Duration::minutes(minutes_ago.clamp(0, 60 * 24 * 365))
}

fn answer(result: Result<Order, BuyError>, status: StatusCode) -> Response {
    match result {
        Ok(order) => (
            status,
            Json(json!({
                "orderId": order.order_id,
                "status": order.status,
                "orderItemIds": order.lines.iter().map(|l| l.order_item_id.clone()).collect::<Vec<_>>(),
            })),
        )
            .into_response(),
        Err(BuyError::NotFound(what)) => sp_error(StatusCode::NOT_FOUND, "NotFound", &format!("{what} was not found.")),
        Err(BuyError::Refused(why)) => sp_error(StatusCode::CONFLICT, "InvalidInput", &why),
        Err(BuyError::Storage(e)) => {
            tracing::error!(error = %e, "amazon sandbox storage failed");
            sp_error(StatusCode::INTERNAL_SERVER_ERROR, "InternalFailure", "We encountered an internal error.")
        }
    }
}

pub(crate) async fn place(State(sandbox): State<Sandbox>, Json(req): Json<PlaceRequest>) -> Response {
    let unit = match req.unit_price.as_deref().map(crate::money::parse_api_decimal) {
        Some(None) => {
            return sp_error(StatusCode::BAD_REQUEST, "InvalidInput", "unit_price must be a decimal like 24.99");
        }
        Some(Some(minor)) if minor <= 0 => {
            return sp_error(StatusCode::BAD_REQUEST, "InvalidInput", "unit_price must be above zero");
        }
        other => other.flatten(),
    };
    let when = at(req.minutes_ago);
    let placed = sandbox.place_order(&req.sku, req.quantity, unit, when).await;
    match placed {
        Ok(order) if req.ship => answer(sandbox.ship_order(&order.order_id, when).await, StatusCode::CREATED),
        other => answer(other, StatusCode::CREATED),
    }
}

pub(crate) async fn ship(
    State(sandbox): State<Sandbox>,
    Path(order_id): Path<String>,
    body: Option<Json<MoveRequest>>,
) -> Response {
    let when = at(body.map(|b| b.0).unwrap_or_default().minutes_ago);
    answer(sandbox.ship_order(&order_id, when).await, StatusCode::OK)
}

pub(crate) async fn refund(
    State(sandbox): State<Sandbox>,
    Path(order_id): Path<String>,
    body: Option<Json<MoveRequest>>,
) -> Response {
    let when = at(body.map(|b| b.0).unwrap_or_default().minutes_ago);
    answer(sandbox.refund_order(&order_id, when).await, StatusCode::OK)
}
