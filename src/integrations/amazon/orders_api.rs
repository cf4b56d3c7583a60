//! The Orders API 2026-01-01 (`searchOrders`, items included) and the Finances API
//! 2024-06-19 (`listTransactions`): the platform account's orders and the money Amazon
//! posts for them.

use chrono::{DateTime, SecondsFormat, Utc};
use reqwest::Method;

use super::{
    AmazonError, SpApi,
    limits::Operation,
    orders_types::{Order, OrdersPage, Transaction, TransactionsPage},
};

fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl SpApi {
    /// `searchOrders`: orders updated in `[after, before)`, with their items' fulfillment and
    /// proceeds. The same parameters go with every page (Amazon requires it), plus the token.
    pub async fn search_orders(
        &self,
        updated_after: DateTime<Utc>,
        updated_before: DateTime<Utc>,
        page_token: Option<&str>,
    ) -> Result<OrdersPage, AmazonError> {
        let mut query = vec![
            ("lastUpdatedAfter", iso(updated_after)),
            ("lastUpdatedBefore", iso(updated_before)),
            ("marketplaceIds", self.marketplace_id.clone()),
            ("includedData", "FULFILLMENT,PROCEEDS".to_string()),
            ("maxResultsPerPage", "100".to_string()),
        ];
        if let Some(token) = page_token {
            query.push(("paginationToken", token.to_string()));
        }
        let reply =
            self.call(Operation::SearchOrders, Method::GET, "/orders/2026-01-01/orders", &query, None, None).await?;
        let orders: Vec<Order> = serde_json::from_value(reply.body["orders"].clone())
            .map_err(|e| AmazonError::Protocol(format!("searchOrders response: {e}")))?;
        let next_token = reply.body["pagination"]["nextToken"].as_str().map(str::to_string);
        Ok(OrdersPage { orders, next_token })
    }

    /// `listTransactions`: what Amazon posted in `[after, before)` (both more than two minutes
    /// in the past, as Amazon requires).
    pub async fn list_transactions(
        &self,
        posted_after: DateTime<Utc>,
        posted_before: DateTime<Utc>,
        next_token: Option<&str>,
    ) -> Result<TransactionsPage, AmazonError> {
        let mut query = vec![
            ("postedAfter", iso(posted_after)),
            ("postedBefore", iso(posted_before)),
            ("marketplaceId", self.marketplace_id.clone()),
        ];
        if let Some(token) = next_token {
            query.push(("nextToken", token.to_string()));
        }
        let reply = self
            .call(Operation::ListTransactions, Method::GET, "/finances/2024-06-19/transactions", &query, None, None)
            .await?;
        let listed = &reply.body["payload"]["transactions"];
        let transactions: Vec<Transaction> = if listed.is_null() {
            Vec::new()
        } else {
            serde_json::from_value(listed.clone())
                .map_err(|e| AmazonError::Protocol(format!("listTransactions response: {e}")))?
        };
        let next_token = reply.body["payload"]["nextToken"].as_str().filter(|t| !t.is_empty()).map(str::to_string);
        Ok(TransactionsPage { transactions, next_token })
    }
}
