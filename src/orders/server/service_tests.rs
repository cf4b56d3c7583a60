//! Recording Amazon's orders and reading them back, against an in-memory database.

use chrono::Utc;

use super::{
    Orders,
    test_support::{amazon_order, fixture},
};
use crate::{
    money::{Currency, Money},
    orders::model::{Month, OrderStatus},
};

#[tokio::test]
async fn a_replayed_order_page_records_each_item_once_and_takes_stock_once() {
    let f = fixture(1_000).await;
    let order = amazon_order("111-0000001-0000001", &f.sku, 2, "24.99", "UNSHIPPED", Utc::now());
    for _ in 0..3 {
        f.record(&order).await;
    }
    let page = Orders::new(f.db.clone()).for_seller(&f.seller, None, None, None).await.unwrap();
    assert_eq!(page.total, 1);
    let item = &page.items[0];
    assert_eq!(item.gross, Money::new(4_998, Currency::Usd));
    assert_eq!(item.commission, Money::new(500, Currency::Usd), "10% of 49.98, rounded half away from zero");
    assert_eq!(item.status, OrderStatus::Unshipped);
    assert_eq!(item.amazon_fees, None, "fees come from the Finances API later");
    assert_eq!(f.quantity().await, 8, "the sale took two units, once");
    let told = f.told(&f.seller.id).await;
    assert_eq!(told.iter().filter(|t| *t == "New order").count(), 1, "the seller heard once");
}

#[tokio::test]
async fn statuses_only_move_forward_and_a_cancellation_gives_the_stock_back() {
    let f = fixture(1_000).await;
    let id = "111-0000002-0000002";
    let earlier = Utc::now() - chrono::Duration::minutes(30);
    f.record(&amazon_order(id, &f.sku, 1, "24.99", "UNSHIPPED", earlier)).await;
    f.record(&amazon_order(id, &f.sku, 1, "24.99", "SHIPPED", Utc::now())).await;
    // An older page read again says unshipped: it changes nothing.
    f.record(&amazon_order(id, &f.sku, 1, "24.99", "UNSHIPPED", earlier)).await;
    let orders = Orders::new(f.db.clone());
    let item = orders.for_seller(&f.seller, None, None, None).await.unwrap().items.remove(0);
    assert_eq!(item.status, OrderStatus::Shipped);
    assert!(item.shipped_at.is_some());
    assert_eq!(f.quantity().await, 9);

    let canceled = "111-0000003-0000003";
    f.record(&amazon_order(canceled, &f.sku, 3, "24.99", "UNSHIPPED", earlier)).await;
    assert_eq!(f.quantity().await, 6);
    f.record(&amazon_order(canceled, &f.sku, 3, "24.99", "CANCELLED", Utc::now())).await;
    f.record(&amazon_order(canceled, &f.sku, 3, "24.99", "CANCELLED", Utc::now())).await;
    assert_eq!(f.quantity().await, 9, "the canceled units came back, once");
    let shipped = orders.for_seller(&f.seller, Some(OrderStatus::Shipped), None, None).await.unwrap();
    assert_eq!(shipped.total, 1, "the status filter");
}

#[tokio::test]
async fn an_unknown_sku_is_recorded_and_shown_to_admins_not_dropped() {
    let f = fixture(1_000).await;
    f.record(&amazon_order("111-0000004-0000004", "NOBODY-SKU", 1, "9.99", "UNSHIPPED", Utc::now())).await;
    let orders = Orders::new(f.db.clone());
    assert_eq!(orders.for_seller(&f.seller, None, None, None).await.unwrap().total, 0);
    let unmatched = orders.for_admin(None, None, None, true, None).await.unwrap();
    assert_eq!(unmatched.total, 1);
    assert_eq!(unmatched.items[0].sku, "NOBODY-SKU");
    assert_eq!(unmatched.items[0].seller_id, None);
    assert!(f.told(&f.admin.id).await.iter().any(|t| t == "Unmatched SKU"), "admins are told");
}

#[tokio::test]
async fn sellers_see_only_their_items_by_month_and_bad_filters_are_refused() {
    let f = fixture(1_000).await;
    f.record(&amazon_order("111-0000005-0000005", &f.sku, 1, "24.99", "UNSHIPPED", Utc::now())).await;
    let orders = Orders::new(f.db.clone());
    assert_eq!(orders.for_seller(&f.other, None, None, None).await.unwrap().total, 0, "another seller sees nothing");
    let this_month = Month::of(Utc::now());
    assert_eq!(orders.for_seller(&f.seller, None, Some(this_month), None).await.unwrap().total, 1);
    let long_ago = Month::parse("2020-01").unwrap();
    assert_eq!(orders.for_seller(&f.seller, None, Some(long_ago), None).await.unwrap().total, 0);
    assert_eq!(orders.for_seller(&f.seller, None, None, Some(0)).await.unwrap_err().status_code(), 400);
    assert_eq!(orders.for_admin(Some("not a key!"), None, None, false, None).await.unwrap_err().status_code(), 400);
    assert!(Month::parse("2026-13").is_err() && OrderStatus::parse_filter(Some("lost")).is_err());
    let (from, to) = this_month.range();
    let sales = orders.sales_between(&f.seller, from, to).await.unwrap();
    assert_eq!(sales, vec![Money::new(2_499, Currency::Usd)]);
}
