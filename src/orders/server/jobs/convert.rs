//! Amazon's order, as Hamro records it: statuses in Hamro's words, money exact, each item
//! matched to its product by SKU, and the news its first sighting sends.

use super::context::OrderJobs;
use crate::{
    error::AppError,
    integrations::amazon::orders_types::{FulfillmentStatus, Order, OrderItem},
    money::{Money, commission_minor, parse_api_decimal},
    notifications::{model::NotificationType, server::Outgoing},
    orders::{
        model::OrderStatus,
        server::repo::{IncomingItem, IncomingOrder},
    },
    products::server::owner_of,
    validation::clip,
};

pub(super) fn status(s: FulfillmentStatus) -> OrderStatus {
    match s {
        FulfillmentStatus::PendingAvailability | FulfillmentStatus::Pending => OrderStatus::Pending,
        FulfillmentStatus::Unshipped => OrderStatus::Unshipped,
        FulfillmentStatus::PartiallyShipped => OrderStatus::PartiallyShipped,
        FulfillmentStatus::Shipped => OrderStatus::Shipped,
        FulfillmentStatus::Cancelled => OrderStatus::Canceled,
        FulfillmentStatus::Unfulfillable => OrderStatus::Unfulfillable,
    }
}

/// An item's own status: in a partly shipped order, the items fully fulfilled have shipped.
fn item_status(order: OrderStatus, item: &OrderItem) -> OrderStatus {
    let fulfilled = item.fulfillment.as_ref().and_then(|f| f.quantity_fulfilled).unwrap_or(0);
    match order {
        OrderStatus::PartiallyShipped if fulfilled >= item.quantity_ordered && item.quantity_ordered > 0 => {
            OrderStatus::Shipped
        }
        OrderStatus::PartiallyShipped if fulfilled == 0 => OrderStatus::Unshipped,
        other => other,
    }
}

impl OrderJobs {
    pub(crate) async fn incoming(&self, order: &Order) -> Result<IncomingOrder, AppError> {
        let status = order.fulfillment.as_ref().map_or(OrderStatus::Pending, |f| status(f.fulfillment_status));
        let mut items = Vec::with_capacity(order.order_items.len());
        for item in &order.order_items {
            items.push(self.incoming_item(order, status, item).await?);
        }
        Ok(IncomingOrder {
            order_id: order.order_id.clone(),
            status,
            marketplace_id: order.sales_channel.marketplace_id.clone(),
            purchased_at: order.created_time,
            amazon_updated_at: order.last_updated_time,
            items,
        })
    }

    async fn incoming_item(
        &self,
        order: &Order,
        status: OrderStatus,
        item: &OrderItem,
    ) -> Result<IncomingItem, AppError> {
        let sku = item.product.seller_sku.clone().unwrap_or_default();
        let owner = if sku.is_empty() { None } else { owner_of(&self.db, &sku).await? };
        let price = item.product.price.as_ref().and_then(|p| p.unit_price.clone());
        let unit = price.as_ref().and_then(|p| parse_api_decimal(&p.amount)).unwrap_or(0);
        let currency = price.map_or_else(|| "usd".to_string(), |p| p.currency_code.to_lowercase());
        let gross_minor = unit.saturating_mul(item.quantity_ordered);
        let title = owner
            .as_ref()
            .map(|o| o.title.clone())
            .or_else(|| item.product.title.clone())
            .unwrap_or_else(|| sku.clone());
        let news = match &owner {
            Some(owner) => {
                let amount = crate::money::Currency::parse(&currency).map(|c| Money::new(gross_minor, c).to_string());
                let message = format!(
                    "\"{}\" sold on Amazon: {} x, {} (order {}).",
                    clip(&title, 80),
                    item.quantity_ordered,
                    amount.unwrap_or_else(|| format!("{} {}", gross_minor, currency.to_uppercase())),
                    order.order_id
                );
                vec![Outgoing::new(
                    &owner.seller_id,
                    NotificationType::Info,
                    "New order",
                    &message,
                    Some("/seller/orders"),
                )?]
            }
            None => {
                let message = format!(
                    "Order {} has an item with SKU {}, which no product has. It is recorded; find it under unmatched orders.",
                    order.order_id,
                    clip(if sku.is_empty() { "(none)" } else { &sku }, 60)
                );
                self.notifier
                    .for_admins(
                        NotificationType::Warning,
                        "Unmatched SKU",
                        &message,
                        Some("/admin/orders?unmatched=true"),
                    )
                    .await?
            }
        };
        Ok(IncomingItem {
            order_item_id: item.order_item_id.clone(),
            asin: item.product.asin.clone(),
            amazon_title: item.product.title.clone(),
            commission_minor: commission_minor(gross_minor, self.commission_bps),
            quantity: item.quantity_ordered.max(0),
            status: item_status(status, item),
            owner,
            sku: if sku.is_empty() { "(none)".into() } else { sku },
            gross_minor,
            currency,
            news,
        })
    }
}
