//! The sandbox's buyers: orders placed for live listings (lowering the listing's quantity
//! as Amazon does), shipped, and sometimes refunded, each shipment and refund posting the
//! transaction Amazon's Finances API would (charges, the referral fee, and on a refund the
//! fee returned less Amazon's refund administration fee). Tests drive them through
//! `POST /sandbox/amazon/_orders...`; in demo mode a worker places orders over time.

use std::time::Duration;

use chrono::{DateTime, Utc};
use rand::Rng;

use super::{
    Sandbox,
    orders_repo::{self, Order, OrderLine, Transaction, TransactionLine},
    repo,
};
use crate::db::DbError;

/// Amazon's referral fee here: 15% of the item's charges (most categories' rate).
const REFERRAL_BPS: i64 = 1_500;
/// On a refund Amazon keeps 20% of the referral fee, at most $5.00.
const REFUND_ADMIN_BPS: i64 = 2_000;
const REFUND_ADMIN_CAP: i64 = 500;
const TICK: Duration = Duration::from_secs(5);

/// Why an order couldn't be placed, shipped or refunded.
#[derive(Debug, thiserror::Error)]
pub(crate) enum BuyError {
    #[error("no listing or order {0}")]
    NotFound(String),
    #[error("{0}")]
    Refused(String),
    #[error(transparent)]
    Storage(#[from] DbError),
}

/// `bps` of `minor`, rounded half up (amounts are positive).
fn share(minor: i64, bps: i64) -> i64 {
    (minor * bps + 5_000) / 10_000
}

fn digits(n: usize) -> String {
    let mut rng = rand::thread_rng();
    (0..n).map(|_| char::from(b'0' + rng.gen_range(0..10u8))).collect()
}

/// What a listing offers: its price in cents, currency, title and quantity.
fn offer(attributes: &serde_json::Value) -> Option<(i64, String, String, i64)> {
    let offer = &attributes["purchasable_offer"][0];
    let price = offer["our_price"][0]["schedule"][0]["value_with_tax"].as_f64()?;
    let unit = crate::money::parse_api_decimal(&format!("{price}"))?;
    let currency = offer["currency"].as_str().unwrap_or("USD").to_string();
    let title = attributes["item_name"][0]["value"].as_str().unwrap_or_default().to_string();
    let quantity = attributes["fulfillment_availability"][0]["quantity"].as_i64().unwrap_or(0);
    Some((unit, currency, title, quantity))
}

impl Sandbox {
    /// A buyer orders `quantity` of a live listing at `at` (its price unless `unit_minor`).
    pub(crate) async fn place_order(
        &self,
        sku: &str,
        quantity: i64,
        unit_minor: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<Order, BuyError> {
        if quantity < 1 {
            return Err(BuyError::Refused("quantity must be at least 1".into()));
        }
        let mut listing = repo::get_listing(&self.db, sku).await?.ok_or_else(|| BuyError::NotFound(sku.into()))?;
        // A listing gets its ASIN once Amazon has processed it (as a GET would show).
        if listing.asin.is_none() && listing.asin_at <= Utc::now() {
            listing.asin = Some(super::listings::random_asin());
        }
        if listing.asin.is_none() {
            return Err(BuyError::Refused(format!("{sku} is not live on Amazon yet")));
        }
        let (price, currency, title, available) = offer(&listing.attributes)
            .ok_or_else(|| BuyError::Refused(format!("{sku} has no offer a buyer could order")))?;
        if available < quantity {
            return Err(BuyError::Refused(format!("{sku} has {available} available, not {quantity}")));
        }
        listing.attributes["fulfillment_availability"][0]["quantity"] = serde_json::json!(available - quantity);
        listing.updated = Utc::now();
        repo::put_listing(&self.db, &listing).await?;
        let order = Order {
            order_id: format!("{}-{}-{}", digits(3), digits(7), digits(7)),
            created: at,
            updated: at,
            status: "UNSHIPPED".into(),
            marketplace_id: self.settings.marketplace_id.to_string(),
            lines: vec![OrderLine {
                order_item_id: digits(14),
                sku: sku.to_string(),
                asin: listing.asin.clone(),
                title,
                quantity,
                unit_minor: unit_minor.unwrap_or(price),
                currency,
            }],
            shipped: None,
        };
        orders_repo::insert_order(&self.db, &order).await?;
        Ok(order)
    }

    /// Ships an order at `at` and posts its Shipment transaction.
    pub(crate) async fn ship_order(&self, order_id: &str, at: DateTime<Utc>) -> Result<Order, BuyError> {
        let Some(order) = orders_repo::ship(&self.db, order_id, at).await? else {
            return match orders_repo::get_order(&self.db, order_id).await? {
                None => Err(BuyError::NotFound(order_id.into())),
                Some(o) => Err(BuyError::Refused(format!("order {order_id} is {}", o.status))),
            };
        };
        let lines = order
            .lines
            .iter()
            .map(|l| {
                let charges = l.unit_minor * l.quantity;
                TransactionLine {
                    sku: l.sku.clone(),
                    asin: l.asin.clone(),
                    title: l.title.clone(),
                    quantity: l.quantity,
                    charges_minor: charges,
                    fees_minor: -share(charges, REFERRAL_BPS),
                    adjustment_id: None,
                }
            })
            .collect();
        self.post(&order, "Shipment", at, lines).await?;
        Ok(order)
    }

    /// The buyer returns the order: Amazon refunds the charges and posts the Refund.
    pub(crate) async fn refund_order(&self, order_id: &str, at: DateTime<Utc>) -> Result<Order, BuyError> {
        let order =
            orders_repo::get_order(&self.db, order_id).await?.ok_or_else(|| BuyError::NotFound(order_id.into()))?;
        if !orders_repo::mark_refunded(&self.db, order_id, at).await? {
            return Err(BuyError::Refused(format!("order {order_id} is {} or refunded already", order.status)));
        }
        let lines = order
            .lines
            .iter()
            .map(|l| {
                let charges = l.unit_minor * l.quantity;
                let fee = share(charges, REFERRAL_BPS);
                TransactionLine {
                    sku: l.sku.clone(),
                    asin: l.asin.clone(),
                    title: l.title.clone(),
                    quantity: l.quantity,
                    charges_minor: -charges,
                    fees_minor: fee - share(fee, REFUND_ADMIN_BPS).min(REFUND_ADMIN_CAP),
                    adjustment_id: Some(digits(14)),
                }
            })
            .collect();
        self.post(&order, "Refund", at, lines).await?;
        Ok(order)
    }

    async fn post(
        &self,
        order: &Order,
        kind: &str,
        at: DateTime<Utc>,
        lines: Vec<TransactionLine>,
    ) -> Result<(), DbError> {
        let transaction = Transaction {
            transaction_id: format!("{}-{}-{}", kind.to_lowercase(), order.order_id, digits(6)),
            order_id: order.order_id.clone(),
            kind: kind.to_string(),
            posted: at,
            currency: order.lines.first().map_or_else(|| "USD".to_string(), |l| l.currency.clone()),
            marketplace_id: order.marketplace_id.clone(),
            lines,
        };
        orders_repo::insert_transaction(&self.db, &transaction).await
    }

    /// One round of the demo's buyers: maybe an order, then shipping and refunds due.
    async fn buy_round(&self) -> Result<(), BuyError> {
        let settings = &self.settings;
        let chance = settings.orders_per_minute * TICK.as_secs_f64() / 60.0;
        if rand::thread_rng().gen_bool(chance.clamp(0.0, 1.0)) {
            for sku in orders_repo::live_skus(&self.db).await? {
                let quantity = rand::thread_rng().gen_range(1..=2);
                match self.place_order(&sku, quantity, None, Utc::now()).await {
                    Ok(order) => {
                        tracing::info!(order_id = %order.order_id, sku, "amazon sandbox: a buyer placed an order");
                        break;
                    }
                    Err(BuyError::Refused(_)) => continue,
                    Err(e) => return Err(e),
                }
            }
        }
        let ship_after = chrono::Duration::from_std(settings.ship_after).unwrap_or_default();
        for order_id in orders_repo::unshipped_before(&self.db, Utc::now() - ship_after).await? {
            // Another instance's buyers may have shipped it a moment ago.
            match self.ship_order(&order_id, Utc::now()).await {
                Ok(_) => {}
                Err(BuyError::Refused(_)) => continue,
                Err(e) => return Err(e),
            }
            if settings.refund_one_in > 0 && rand::thread_rng().gen_range(0..settings.refund_one_in) == 0 {
                orders_repo::want_refund(&self.db, &order_id).await?;
            }
        }
        for order_id in orders_repo::refunds_due(&self.db, Utc::now() - ship_after).await? {
            match self.refund_order(&order_id, Utc::now()).await {
                Ok(_) | Err(BuyError::Refused(_)) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

/// Demo mode's buyers, when `HAMRO_SANDBOX_ORDERS_PER_MINUTE` is above zero.
pub(crate) fn spawn_buyers(sandbox: Sandbox) {
    if sandbox.settings.orders_per_minute <= 0.0 {
        return;
    }
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(TICK);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = sandbox.buy_round().await {
                tracing::warn!(error = %e, "amazon sandbox: buyers");
            }
        }
    });
}
