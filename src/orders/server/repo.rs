//! The `amazon_order` and `order_item` tables: each order upserted by Amazon's ids, its
//! items' statuses moving forward only, in one transaction with the stock it takes or gives
//! back and the news it sends (both written only the first time).

use chrono::{DateTime, Utc};
use surrealdb::types::SurrealValue;

use crate::{
    db::{Db, Flag, Tx},
    error::AppError,
    money::{Currency, Money},
    notifications::server::{Outgoing, queue_if as queue_notifications_if},
    orders::model::{OrderItemView, OrderStatus},
    products::server::{SkuOwner, return_stock, take_stock},
};

/// One order item as the poller found it.
pub(crate) struct IncomingItem {
    pub(crate) order_item_id: String,
    pub(crate) sku: String,
    pub(crate) asin: Option<String>,
    pub(crate) amazon_title: Option<String>,
    pub(crate) owner: Option<SkuOwner>,
    pub(crate) quantity: i64,
    pub(crate) gross_minor: i64,
    pub(crate) currency: String,
    pub(crate) commission_minor: i64,
    pub(crate) status: OrderStatus,
    /// What to tell people the first time Hamro sees the item (the seller, or the admins
    /// for an unknown SKU).
    pub(crate) news: Vec<Outgoing>,
}

/// An order as the poller found it.
pub(crate) struct IncomingOrder {
    pub(crate) order_id: String,
    pub(crate) status: OrderStatus,
    pub(crate) marketplace_id: Option<String>,
    pub(crate) purchased_at: DateTime<Utc>,
    pub(crate) amazon_updated_at: DateTime<Utc>,
    pub(crate) items: Vec<IncomingItem>,
}

pub(crate) fn item_key(order_id: &str, order_item_id: &str) -> String {
    format!("{order_id}:{order_item_id}")
}

/// Upserts the order and its items, once each however often Amazon reports them.
pub(crate) async fn record_order(db: &Db, order: &IncomingOrder) -> Result<(), AppError> {
    let mut tx = Tx::new();
    tx.add(
        "UPSERT type::record('amazon_order', $id) SET status = IF status_rank = NONE OR status_rank < $rank { $status } ELSE { status },
             status_rank = math::max([status_rank ?? 0, $rank]), marketplace_id = $marketplace,
             purchased_at = $purchased, amazon_updated_at = $updated, updated_at = time::now();",
        // (No RETURN NONE: in SurrealDB 3.3.5 an UPSERT that returns nothing computes from NONE.)
    )
    .bind("id", order.order_id.clone())
    .bind("status", order.status.as_str())
    .bind("rank", i64::from(order.status.rank()))
    .bind("marketplace", order.marketplace_id.clone())
    .bind("purchased", order.purchased_at)
    .bind("updated", order.amazon_updated_at);
    for item in &order.items {
        let (took, gave_back, new) = add_item(&mut tx, order, item);
        if let Some(owner) = &item.owner {
            take_stock(&mut tx, &took, &owner.product_id, item.quantity);
            return_stock(&mut tx, &gave_back, &owner.product_id, item.quantity);
        }
        queue_notifications_if(&mut tx, &new, &item.news);
    }
    tx.commit(db).await.map_err(|e| e.into_app("recording an Amazon order"))
}

/// The item's statements; flags: it took stock now, it gave stock back now, it is new.
fn add_item(tx: &mut Tx, order: &IncomingOrder, item: &IncomingItem) -> (Flag, Flag, Flag) {
    let closed = matches!(item.status, OrderStatus::Canceled | OrderStatus::Unfulfillable);
    let shipped_at = (item.status == OrderStatus::Shipped).then_some(order.amazon_updated_at);
    let group = tx
        .add(
            "LET $existing = (SELECT status_rank, stock_taken, stock_returned FROM ONLY type::record('order_item', $key));
             LET $is_new = $existing = NONE;
             LET $advances = $existing != NONE AND $existing.status_rank < $rank;
             LET $give_back = $advances AND $closed AND $existing.stock_taken AND !$existing.stock_returned;
             IF $is_new {
                 CREATE type::record('order_item', $key) CONTENT {
                     amazon_order: type::record('amazon_order', $order), amazon_order_id: $order, order_item_id: $item,
                     sku: $sku, asin: $asin, amazon_title: $title,
                     product: IF $product != NONE { type::record('product', $product) } ELSE { NONE },
                     seller: IF $seller != NONE { type::record('user', $seller) } ELSE { NONE },
                     product_id: $product, seller_id: $seller, quantity: $quantity, gross_minor: $gross,
                     currency: $currency, commission_minor: $commission, status: $status, status_rank: $rank,
                     purchased_at: $purchased, shipped_at: $shipped_at, stock_taken: $take, stock_returned: false,
                     refunded_minor: 0, ledger_recorded: false, updated_at: time::now()
                 } RETURN NONE;
             } ELSE IF $advances {
                 UPDATE type::record('order_item', $key) SET status = $status, status_rank = $rank,
                     shipped_at = shipped_at ?? $shipped_at, stock_returned = stock_returned OR $give_back,
                     updated_at = time::now() RETURN NONE;
             };",
        )
        .bind("key", item_key(&order.order_id, &item.order_item_id))
        .bind("order", order.order_id.clone())
        .bind("item", item.order_item_id.clone())
        .bind("sku", item.sku.clone())
        .bind("asin", item.asin.clone())
        .bind("title", item.amazon_title.clone())
        .bind("product", item.owner.as_ref().map(|o| o.product_id.clone()))
        .bind("seller", item.owner.as_ref().map(|o| o.seller_id.clone()))
        .bind("quantity", item.quantity)
        .bind("gross", item.gross_minor)
        .bind("currency", item.currency.clone())
        .bind("commission", item.commission_minor)
        .bind("status", item.status.as_str())
        .bind("rank", i64::from(item.status.rank()))
        .bind("purchased", order.purchased_at)
        .bind("shipped_at", shipped_at)
        .bind("take", !closed)
        .bind("closed", closed);
    let took = group.flag("$is_new AND $take");
    let gave_back = group.flag("$give_back");
    let new = group.flag("$is_new");
    (took, gave_back, new)
}

#[derive(SurrealValue)]
struct ItemRow {
    id: String,
    amazon_order_id: String,
    order_item_id: String,
    sku: String,
    title: String,
    product_id: Option<String>,
    seller_id: Option<String>,
    seller_name: Option<String>,
    status: String,
    quantity: i64,
    gross_minor: i64,
    currency: String,
    fees_minor: Option<i64>,
    commission_minor: i64,
    refunded_minor: i64,
    purchased_at: DateTime<Utc>,
    shipped_at: Option<DateTime<Utc>>,
}

const ITEM_FIELDS: &str = "<string> record::id(id) AS id, amazon_order_id, order_item_id, sku,
    (product.title ?? amazon_title ?? sku) AS title, product_id, seller_id, seller.name AS seller_name, status,
    quantity, gross_minor, currency, fees_minor, commission_minor, refunded_minor, purchased_at, shipped_at";

impl ItemRow {
    fn view(self) -> Result<OrderItemView, AppError> {
        let bad = |what: &str| AppError::internal("reading an order item", format!("bad {what} in {}", self.id));
        // Items in a currency Hamro doesn't handle are shown in USD terms of nothing: they
        // never reach a ledger (see the earnings job); the admin page names the currency.
        let currency = Currency::parse(&self.currency).unwrap_or_default();
        let money = |minor: i64| Money::new(minor, currency);
        let status = OrderStatus::parse(&self.status).ok_or_else(|| bad("status"))?;
        let net = self.fees_minor.map(|fees| money(self.gross_minor - fees - self.commission_minor));
        Ok(OrderItemView {
            gross: money(self.gross_minor),
            amazon_fees: self.fees_minor.map(money),
            commission: money(self.commission_minor),
            refunded: money(self.refunded_minor),
            net,
            status,
            id: self.id,
            amazon_order_id: self.amazon_order_id,
            order_item_id: self.order_item_id,
            sku: self.sku,
            title: self.title,
            product_id: self.product_id,
            seller_id: self.seller_id,
            seller_name: self.seller_name,
            quantity: self.quantity,
            purchased_at: self.purchased_at,
            shipped_at: self.shipped_at,
        })
    }
}

/// Which order items to list.
#[derive(Default)]
pub(crate) struct Filter<'a> {
    pub(crate) seller_id: Option<&'a str>,
    pub(crate) status: Option<OrderStatus>,
    pub(crate) between: Option<(DateTime<Utc>, DateTime<Utc>)>,
    pub(crate) unmatched_only: bool,
}

/// A page of order items, newest first, and how many match.
pub(crate) async fn list(
    db: &Db,
    f: &Filter<'_>,
    limit: u32,
    start: u32,
) -> Result<(Vec<OrderItemView>, u64), AppError> {
    let mut conditions = vec!["true"];
    if f.seller_id.is_some() {
        conditions.push("seller = type::record('user', $seller)");
    }
    if f.status.is_some() {
        conditions.push("status = $status");
    }
    if f.between.is_some() {
        conditions.push("purchased_at >= $from AND purchased_at < $to");
    }
    if f.unmatched_only {
        conditions.push("product = NONE");
    }
    let condition = conditions.join(" AND ");
    let (from, to) = f.between.unzip();
    let mut results = db
        .query(format!(
            "SELECT {ITEM_FIELDS} FROM order_item WHERE {condition} ORDER BY purchased_at DESC LIMIT $limit START $start;
             SELECT count() FROM order_item WHERE {condition} GROUP ALL;"
        ))
        .bind(("seller", f.seller_id.map(str::to_string)))
        .bind(("status", f.status.map(OrderStatus::as_str)))
        .bind(("from", from))
        .bind(("to", to))
        .bind(("limit", i64::from(limit)))
        .bind(("start", i64::from(start)))
        .await
        .map_err(|e| AppError::internal("listing order items", e))?;
    let rows: Vec<ItemRow> = results.take(0).map_err(|e| AppError::internal("listing order items", e))?;
    let total: Option<i64> = results.take((1, "count")).map_err(|e| AppError::internal("counting order items", e))?;
    let items = rows.into_iter().map(ItemRow::view).collect::<Result<_, _>>()?;
    Ok((items, total.unwrap_or(0).max(0) as u64))
}

/// How many of an order's units a seller sold in a period, and their gross (for dashboards).
pub(crate) async fn gross_between(
    db: &Db,
    seller_id: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<(String, i64)>, AppError> {
    #[derive(SurrealValue)]
    struct Sum {
        currency: String,
        gross: i64,
    }
    let rows: Vec<Sum> = db
        .query(
            "SELECT currency, math::sum(gross_minor) AS gross FROM order_item
             WHERE seller = type::record('user', $seller) AND purchased_at >= $from AND purchased_at < $to
                 AND status NOT IN ['canceled', 'unfulfillable']
             GROUP BY currency",
        )
        .bind(("seller", seller_id.to_string()))
        .bind(("from", from))
        .bind(("to", to))
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("summing sales", e))?;
    Ok(rows.into_iter().map(|r| (r.currency, r.gross)).collect())
}
