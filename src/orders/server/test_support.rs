//! What the orders and earnings tests share: an in-memory database with two sellers, an
//! admin and a product, the order pollers' context (no Amazon behind it: the tests hand it
//! orders as `searchOrders` writes them), and helpers that record orders and fees.

use chrono::{DateTime, Utc};
use secrecy::SecretString;
use serde_json::json;

use super::{finance_repo, jobs::OrderJobs, repo};
use crate::{
    auth::{
        model::{CurrentUser, Role},
        server::service as accounts,
    },
    db::{self, Db},
    integrations::amazon::orders_types::Order,
    money::{Currency, Money},
    notifications::server::Notifier,
    products::{
        model::ProductFields,
        server::{Products, amazon_sku},
    },
};

pub(crate) struct Fixture {
    pub db: Db,
    pub notifier: Notifier,
    pub products: Products,
    pub jobs: OrderJobs,
    pub seller: CurrentUser,
    pub other: CurrentUser,
    pub admin: CurrentUser,
    pub product_id: String,
    /// The product's platform SKU (what Amazon's orders name).
    pub sku: String,
}

pub(crate) async fn user(db: &Db, email: &str, role: Role) -> CurrentUser {
    let account = accounts::NewAccount {
        email: email.into(),
        name: "Test".into(),
        role,
        password: SecretString::from("a-long-password"),
    };
    accounts::create_account(db, account).await.unwrap()
}

/// The fixture, with the platform's commission at `commission_bps`.
pub(crate) async fn fixture(commission_bps: u32) -> Fixture {
    crate::telemetry::init_for_tests();
    crate::startup::install_crypto_provider();
    let db = db::memory().await;
    let notifier = Notifier::new(db.clone());
    let amazon_for_types = crate::products::server::test_fixtures::unreachable_amazon();
    let types = crate::products::server::test_fixtures::product_types(amazon_for_types).await;
    let products = Products::new(db.clone(), notifier.clone(), types);
    let seller = user(&db, "s@example.com", Role::Seller).await;
    let fields = ProductFields {
        title: "Stoneware mug".into(),
        sku: "MUG-1".into(),
        price: Money::new(2_499, Currency::Usd),
        quantity: 10,
        ..crate::products::server::test_fixtures::light_fixture("MUG-1")
    };
    let product = products.create(&seller, fields, false).await.unwrap();
    let jobs = OrderJobs {
        db: db.clone(),
        // Nothing listens there: these tests never call Amazon.
        amazon: crate::products::server::test_fixtures::unreachable_amazon(),
        notifier: notifier.clone(),
        commission_bps,
        every: std::time::Duration::from_secs(60),
        backfill: chrono::Duration::days(30),
    };
    Fixture {
        other: user(&db, "o@example.com", Role::Seller).await,
        admin: user(&db, "a@example.com", Role::Admin).await,
        sku: amazon_sku(&seller.id, "MUG-1"),
        product_id: product.id,
        db,
        notifier,
        products,
        jobs,
        seller,
    }
}

/// An order of one item as `searchOrders` (with FULFILLMENT) writes it.
pub(crate) fn amazon_order(
    order_id: &str,
    sku: &str,
    quantity: i64,
    unit_price: &str,
    status: &str,
    updated: DateTime<Utc>,
) -> Order {
    let shipped = if status == "SHIPPED" { quantity } else { 0 };
    serde_json::from_value(json!({
        "orderId": order_id,
        "createdTime": (updated - chrono::Duration::hours(1)).to_rfc3339(),
        "lastUpdatedTime": updated.to_rfc3339(),
        "salesChannel": { "channelName": "AMAZON", "marketplaceId": "ATVPDKIKX0DER" },
        "fulfillment": { "fulfillmentStatus": status },
        "orderItems": [{
            "orderItemId": format!("{order_id}-1"),
            "quantityOrdered": quantity,
            "product": { "asin": "B0TEST0001", "title": "Mug on Amazon", "sellerSku": sku,
                         "price": { "unitPrice": { "amount": unit_price, "currencyCode": "USD" } } },
            "fulfillment": { "quantityFulfilled": shipped, "quantityUnfulfilled": quantity - shipped },
        }],
    }))
    .expect("a searchOrders order")
}

impl Fixture {
    /// Records an order the way the poller does.
    pub(crate) async fn record(&self, order: &Order) {
        let incoming = self.jobs.incoming(order).await.unwrap();
        repo::record_order(&self.db, &incoming).await.unwrap();
    }

    /// A shipped order of the product, with Amazon's fees posted: its item key.
    pub(crate) async fn sold(&self, order_id: &str, quantity: i64, unit_price: &str, fees_minor: i64) -> String {
        self.record(&amazon_order(order_id, &self.sku, quantity, unit_price, "SHIPPED", Utc::now())).await;
        let set =
            finance_repo::set_fees(&self.db, order_id, &self.sku, fees_minor, &format!("t-{order_id}")).await.unwrap();
        assert_eq!(set.len(), 1, "the fees land on the item");
        repo::item_key(order_id, &format!("{order_id}-1"))
    }

    /// Amazon refunded `amount_minor` of the item and gave back `fee_back_minor` of its fees.
    pub(crate) async fn refunded(
        &self,
        item_key: &str,
        refund_id: &str,
        amount_minor: i64,
        fee_back_minor: i64,
    ) -> bool {
        finance_repo::record_refund(&self.db, refund_id, item_key, amount_minor, fee_back_minor, "usd", Utc::now())
            .await
            .unwrap()
    }

    /// The titles of what `user_id` was told, newest first.
    pub(crate) async fn told(&self, user_id: &str) -> Vec<String> {
        let query = crate::notifications::model::ListQuery { limit: Some(100), unread_only: None, before: None };
        self.notifier.list(user_id, &query).await.unwrap().items.into_iter().map(|n| n.title).collect()
    }

    pub(crate) async fn quantity(&self) -> u32 {
        self.products.get_for(&self.seller, &self.product_id).await.unwrap().quantity
    }
}
