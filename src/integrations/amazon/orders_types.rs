//! The Orders API 2026-01-01 (`searchOrders`) and Finances 2024-06-19 (`listTransactions`)
//! answers, as Hamro reads them: the parts it uses, Amazon's enumerations as enums, money as
//! exact decimal text (or a JSON number read through its shortest text, for Finances).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};

/// Amazon writes `null` for an empty list in Finances answers (`"breakdowns": null`).
fn null_as_empty<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// `FulfillmentStatus`: where an order is, from placed to shipped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FulfillmentStatus {
    PendingAvailability,
    Pending,
    Unshipped,
    PartiallyShipped,
    Shipped,
    Cancelled,
    Unfulfillable,
}

/// `Money` (Orders): a decimal amount written as text, and its currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderMoney {
    pub amount: String,
    pub currency_code: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemPrice {
    #[serde(default)]
    pub unit_price: Option<OrderMoney>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemProduct {
    #[serde(default)]
    pub asin: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub seller_sku: Option<String>,
    #[serde(default)]
    pub price: Option<ItemPrice>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemFulfillment {
    #[serde(default)]
    pub quantity_fulfilled: Option<i64>,
}

/// `OrderItem`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderItem {
    pub order_item_id: String,
    pub quantity_ordered: i64,
    pub product: ItemProduct,
    #[serde(default)]
    pub fulfillment: Option<ItemFulfillment>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderFulfillment {
    pub fulfillment_status: FulfillmentStatus,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SalesChannel {
    pub channel_name: String,
    #[serde(default)]
    pub marketplace_id: Option<String>,
}

/// `Order`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Order {
    pub order_id: String,
    pub created_time: DateTime<Utc>,
    pub last_updated_time: DateTime<Utc>,
    pub sales_channel: SalesChannel,
    #[serde(default)]
    pub fulfillment: Option<OrderFulfillment>,
    pub order_items: Vec<OrderItem>,
}

/// One page of `searchOrders`.
#[derive(Clone, Debug)]
pub struct OrdersPage {
    pub orders: Vec<Order>,
    pub next_token: Option<String>,
}

/// `Transaction.transactionType`: a shipment (the sale and its fees) or a refund.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TransactionType {
    Shipment,
    Refund,
    #[serde(other)]
    Other,
}

/// `Currency` (Finances): an amount as a JSON number, and its currency.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FinanceAmount {
    pub currency_code: String,
    pub currency_amount: serde_json::Number,
}

impl FinanceAmount {
    /// The amount in minor units, exactly (None when it isn't a whole number of cents).
    pub fn minor(&self) -> Option<i64> {
        crate::money::parse_api_decimal(&self.currency_amount.to_string())
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Breakdown {
    pub breakdown_type: String,
    pub breakdown_amount: FinanceAmount,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub breakdowns: Vec<Breakdown>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RelatedIdentifier {
    pub related_identifier_name: String,
    pub related_identifier_value: String,
}

/// `Transaction.items[]`: one order item's money in the transaction.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionItem {
    #[serde(default)]
    pub total_amount: Option<FinanceAmount>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub breakdowns: Vec<Breakdown>,
    /// `ProductContext` carries the SKU.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub contexts: Vec<serde_json::Value>,
}

impl TransactionItem {
    /// The SKU its `ProductContext` names.
    pub fn sku(&self) -> Option<&str> {
        self.contexts.iter().find(|c| c["contextType"] == "ProductContext").and_then(|c| c["sku"].as_str())
    }

    /// The total of its top-level breakdowns of this type (`AmazonFees`, `ProductCharges`).
    pub fn breakdown_minor(&self, kind: &str) -> Option<i64> {
        let matching: Vec<&Breakdown> = self.breakdowns.iter().filter(|b| b.breakdown_type == kind).collect();
        if matching.is_empty() {
            return Some(0);
        }
        matching.iter().map(|b| b.breakdown_amount.minor()).sum()
    }
}

/// `Transaction`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Transaction {
    #[serde(default)]
    pub transaction_id: Option<String>,
    pub transaction_type: TransactionType,
    pub posted_date: DateTime<Utc>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub related_identifiers: Vec<RelatedIdentifier>,
    #[serde(default)]
    pub total_amount: Option<FinanceAmount>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub items: Vec<TransactionItem>,
}

impl Transaction {
    /// The order it belongs to (`relatedIdentifiers` ORDER_ID).
    pub fn order_id(&self) -> Option<&str> {
        self.related_identifiers
            .iter()
            .find(|r| r.related_identifier_name == "ORDER_ID")
            .map(|r| r.related_identifier_value.as_str())
    }
}

/// One page of `listTransactions`.
#[derive(Clone, Debug)]
pub struct TransactionsPage {
    pub transactions: Vec<Transaction>,
    pub next_token: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transaction_with_amazons_nulls_reads_as_empty_lists() {
        let t: Transaction = serde_json::from_value(serde_json::json!({
            "transactionType": "Shipment", "transactionId": "t1", "postedDate": "2026-11-02T10:00:00Z",
            "relatedIdentifiers": null, "breakdowns": null,
            "items": [{
                "totalAmount": { "currencyCode": "USD", "currencyAmount": 16.99 },
                "breakdowns": null, "relatedIdentifiers": null,
                "contexts": [{ "contextType": "ProductContext", "sku": "HM-1", "quantityShipped": 1, "fulfillmentNetwork": null }]
            }]
        }))
        .unwrap();
        assert_eq!(t.order_id(), None);
        assert_eq!(t.items[0].sku(), Some("HM-1"));
        assert_eq!(t.items[0].breakdown_minor("AmazonFees"), Some(0));
        assert_eq!(t.items[0].total_amount.as_ref().and_then(FinanceAmount::minor), Some(1_699));
    }
}
