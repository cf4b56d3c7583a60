//! Money on the sandboxes, end to end: a listed product sells on Amazon (the SP-API
//! sandbox's buyers), the pollers record the order and Amazon's fees, the ledger releases
//! the earnings, the transfer lands on the seller's Stripe balance, and the seller is paid,
//! to the cent; replays, refunds, lost answers and automatic payouts on the way.

use serde_json::{Value, json};

use crate::{
    amazon::approved_product,
    helpers::{ADMIN, SELLER, TestApp, spawn_app_with},
    payouts::{eventually, fund, onboard},
};

/// The jobs run every second, Amazon grants a higher order-reading rate, listings go live
/// in a second, payouts move every second.
pub const MONEY_VARS: [(&str, &str); 5] = [
    ("HAMRO_ORDERS_POLL_SECONDS", "1"),
    ("HAMRO_TRANSFER_SECONDS", "1"),
    ("HAMRO_SANDBOX_ORDERS_RATE", "5"),
    ("HAMRO_SANDBOX_ASIN_SECONDS", "1"),
    ("HAMRO_SANDBOX_PAYOUT_SECONDS", "1"),
];

/// An approved product (19.99, 12 in stock) synced to Amazon and live: (id, platform SKU).
pub async fn listed(app: &TestApp, seller: &reqwest::Client, admin: &reqwest::Client, sku: &str) -> (String, String) {
    let id = approved_product(app, seller, admin, sku, &format!("Linen shirt {sku}")).await;
    let res = seller.post(app.url(&format!("/api/products/{id}/amazon/sync"))).send().await.unwrap();
    assert_eq!(res.status(), 202);
    let listing = eventually("the listing to go live", || async {
        let l: Value = app.get(seller, &format!("/api/products/{id}/amazon")).await.json().await.ok()?;
        (l["status"] == "active" && l["asin"].is_string()).then_some(l)
    })
    .await;
    (id, listing["sku"].as_str().unwrap().to_string())
}

/// A buyer orders on Amazon (back-dated, so it shows without waiting out Amazon's two
/// minutes), shipped at once when `ship`. The order's id.
pub async fn buy(app: &TestApp, sku: &str, quantity: i64, ship: bool) -> String {
    let body = json!({ "sku": sku, "quantity": quantity, "minutes_ago": 5, "ship": ship });
    let res = reqwest::Client::new().post(app.url("/sandbox/amazon/_orders")).json(&body).send().await.unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    res.json::<Value>().await.unwrap()["orderId"].as_str().unwrap().to_string()
}

async fn refund(app: &TestApp, order_id: &str) {
    let url = app.url(&format!("/sandbox/amazon/_orders/{order_id}/refund"));
    let res = reqwest::Client::new().post(url).json(&json!({ "minutes_ago": 4 })).send().await.unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
}

/// The seller's USD earnings balance: (earned, held, available, transferred).
async fn earnings(app: &TestApp, seller: &reqwest::Client) -> (i64, i64, i64, i64) {
    let all: Vec<Value> = app.get(seller, "/api/earnings/balances").await.json().await.unwrap();
    let usd = all.iter().find(|b| b["earned"]["currency"] == "usd").cloned().unwrap_or(Value::Null);
    let minor = |k: &str| usd[k]["amount_minor"].as_i64().unwrap_or(0);
    (minor("earned"), minor("held"), minor("available"), minor("transferred"))
}

async fn stripe_available(app: &TestApp, seller: &reqwest::Client) -> i64 {
    let b: Value = app.get(seller, "/api/payouts/balance").await.json().await.unwrap();
    b["available"][0]["amount_minor"].as_i64().unwrap_or(0)
}

/// The Stripe sandbox's transfers to the seller's account.
async fn stripe_transfers(app: &TestApp, seller: &reqwest::Client) -> Vec<Value> {
    let status: Value = app.get(seller, "/api/payouts/account/status").await.json().await.unwrap();
    let account = status["stripe_account_id"].as_str().unwrap().to_string();
    let list: Value = reqwest::Client::new()
        .get(app.url(&format!("/sandbox/stripe/v1/transfers?destination={account}&limit=100")))
        .bearer_auth("sk_test_hamro_sandbox")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    list["data"].as_array().cloned().unwrap_or_default()
}

async fn titles(app: &TestApp, client: &reqwest::Client) -> Vec<String> {
    let list: Vec<Value> = app.get(client, "/api/notifications?limit=100").await.json().await.unwrap();
    list.into_iter().map(|n| n["title"].as_str().unwrap().to_string()).collect()
}

async fn count(app: &TestApp, table: &str) -> i64 {
    let n: Option<i64> =
        app.state.db.query(format!("SELECT count() FROM {table} GROUP ALL")).await.unwrap().take((0, "count")).unwrap();
    n.unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sale_reaches_the_sellers_stripe_balance_to_the_cent_and_is_paid_out() {
    let app = spawn_app_with(&MONEY_VARS).await;
    let (seller, admin) = (app.signed_in(SELLER).await, app.signed_in(ADMIN).await);
    onboard(&app, &seller).await;
    let (product, sku) = listed(&app, &seller, &admin, "SELL-1").await;
    let order = buy(&app, &sku, 2, true).await;

    // 2 x 19.99 = 39.98; Amazon's referral fee 15% = 6.00; Hamro's 10% = 4.00; net 29.98.
    let item = eventually("the order with Amazon's fees", || async {
        let page: Value = app.get(&seller, "/api/orders").await.json().await.ok()?;
        let item = page["items"][0].clone();
        (item["status"] == "shipped" && item["amazon_fees"].is_object()).then_some(item)
    })
    .await;
    assert_eq!(item["amazon_order_id"], order.as_str());
    assert_eq!(item["gross"]["amount_minor"], 3_998);
    assert_eq!(item["amazon_fees"]["amount_minor"], 600);
    assert_eq!(item["commission"]["amount_minor"], 400);
    assert_eq!(item["net"]["amount_minor"], 2_998);
    let p: Value = app.get(&seller, &format!("/api/products/{product}")).await.json().await.unwrap();
    assert_eq!(p["quantity"], 10, "the sale lowered Hamro's stock");

    let transferred = eventually("the transfer", || async {
        let (earned, held, available, transferred) = earnings(&app, &seller).await;
        (transferred > 0).then_some((earned, held, available, transferred))
    })
    .await;
    assert_eq!(transferred, (2_998, 0, 0, 2_998), "released and transferred, nothing left behind");
    assert_eq!(stripe_available(&app, &seller).await, 2_998, "Stripe's balance rose by exactly the net");
    let transfers = stripe_transfers(&app, &seller).await;
    assert_eq!(transfers.len(), 1);
    assert!(transfers[0]["transfer_group"].as_str().unwrap().starts_with("hamro-batch-"));

    // The statement agrees: sale, fee, commission, transfer, ending at zero.
    let statement: Value = app.get(&seller, "/api/earnings").await.json().await.unwrap();
    let kinds: Vec<&str> = statement["lines"].as_array().unwrap().iter().map(|l| l["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["sale", "amazon_fee", "commission", "transfer"]);
    assert_eq!(statement["lines"][3]["balance"]["amount_minor"], 0);

    let res = seller
        .post(app.url("/api/payouts/request"))
        .json(&json!({ "amount_minor": 2_998, "currency": "usd", "description": "My first sale" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    eventually("the payout to be paid", || async {
        let history: Vec<Value> = app.get(&seller, "/api/payouts/history").await.json().await.ok()?;
        (history[0]["status"] == "paid").then_some(())
    })
    .await;
    assert_eq!(stripe_available(&app, &seller).await, 0);
    let news = titles(&app, &seller).await;
    for title in ["New order", "Earnings released", "Payout paid"] {
        assert!(news.contains(&title.to_string()), "{title} in {news:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replayed_order_pages_and_finance_events_write_nothing_twice() {
    let app = spawn_app_with(&MONEY_VARS).await;
    let (seller, admin) = (app.signed_in(SELLER).await, app.signed_in(ADMIN).await);
    let (product, sku) = listed(&app, &seller, &admin, "REPLAY-1").await;
    for _ in 0..3 {
        buy(&app, &sku, 1, true).await;
    }
    eventually("three items in the ledger", || async { (count(&app, "ledger_entry").await == 9).then_some(()) }).await;
    // The pollers forget where they were (as a poller restarted without its cursor would)
    // and read every page and transaction again, a few times over.
    for _ in 0..3 {
        app.state.db.query("UPDATE sync_cursor SET at = time::now() - 1d").await.unwrap().check().unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;
    }
    assert_eq!(count(&app, "order_item").await, 3);
    assert_eq!(count(&app, "ledger_entry").await, 9, "sale, fee and commission per item, once");
    let p: Value = app.get(&seller, &format!("/api/products/{product}")).await.json().await.unwrap();
    assert_eq!(p["quantity"], 9, "stock taken once per unit sold");
    let news = titles(&app, &seller).await;
    assert_eq!(news.iter().filter(|t| *t == "New order").count(), 3, "told once per order");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn earnings_wait_for_an_account_and_refunds_before_and_after_a_transfer_are_settled() {
    let app = spawn_app_with(&MONEY_VARS).await;
    let (seller, admin) = (app.signed_in(SELLER).await, app.signed_in(ADMIN).await);
    let (_, sku) = listed(&app, &seller, &admin, "REFUND-1").await;

    // Before the seller can be paid: a sale of 19.99 (fees 3.00, commission 2.00) and a
    // second sale refunded (-19.99, commission 2.00 back, fees 3.00 - 0.60 back).
    buy(&app, &sku, 1, true).await;
    let refunded = buy(&app, &sku, 1, true).await;
    eventually("two items in the ledger", || async { (count(&app, "ledger_entry").await == 6).then_some(()) }).await;
    refund(&app, &refunded).await;
    let before = 1_499 + 1_499 - 1_999 + 200 + 240;
    eventually("the refund in the ledger", || async { (earnings(&app, &seller).await.2 == before).then_some(()) })
        .await;
    assert!(titles(&app, &seller).await.contains(&"Refund".to_string()));
    assert_eq!(earnings(&app, &seller).await.3, 0, "no account yet: the earnings wait");

    onboard(&app, &seller).await;
    eventually("the first transfer", || async { (earnings(&app, &seller).await.3 == before).then_some(()) }).await;

    // After the transfer: the refund is owed back and carried into the next release.
    let first = buy(&app, &sku, 1, true).await;
    eventually("the third sale transferred", || async {
        (earnings(&app, &seller).await.3 == before + 1_499).then_some(())
    })
    .await;
    refund(&app, &first).await;
    eventually("a negative balance", || async {
        (earnings(&app, &seller).await.2 == -1_999 + 200 + 240).then_some(())
    })
    .await;
    buy(&app, &sku, 3, true).await;
    let next = 5_997 - 900 - 600 - 1_559;
    eventually("the release that pays the refund back", || async {
        (earnings(&app, &seller).await.3 == before + 1_499 + next).then_some(())
    })
    .await;
    let transfers = stripe_transfers(&app, &seller).await;
    let amounts: Vec<i64> = transfers.iter().map(|t| t["amount"].as_i64().unwrap()).collect();
    assert_eq!(amounts, [next, 1_499, before], "three transfers, newest first");
    assert_eq!(stripe_available(&app, &seller).await, before + 1_499 + next, "Stripe and the ledger agree");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transfer_whose_answer_is_lost_is_sent_again_with_its_key_and_lands_once() {
    let app = spawn_app_with(&MONEY_VARS).await;
    let (seller, admin) = (app.signed_in(SELLER).await, app.signed_in(ADMIN).await);
    onboard(&app, &seller).await;
    let (_, sku) = listed(&app, &seller, &admin, "LOST-1").await;
    // Stripe makes the transfer but every answer to the first run (and its retries) is lost,
    // as if Hamro were killed between Stripe's answer and the ledger write.
    let fault = json!({ "path": "/v1/transfers", "count": 3 });
    let res = reqwest::Client::new().post(app.url("/sandbox/stripe/_faults")).json(&fault).send().await.unwrap();
    assert_eq!(res.status(), 204);
    buy(&app, &sku, 1, true).await;
    eventually("the transfer recorded", || async { (earnings(&app, &seller).await.3 == 1_499).then_some(()) }).await;
    let transfers = stripe_transfers(&app, &seller).await;
    assert_eq!(transfers.len(), 1, "the idempotency key made the resends one transfer: {transfers:#?}");
    assert_eq!(stripe_available(&app, &seller).await, 1_499);
    let batches = count(&app, "transfer_batch").await;
    assert_eq!(batches, 1, "one batch, sent once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accounts_are_made_with_manual_payouts_and_an_automatic_payout_is_imported() {
    let app = spawn_app_with(&MONEY_VARS).await;
    let seller = app.signed_in(SELLER).await;
    onboard(&app, &seller).await;
    let status: Value = app.get(&seller, "/api/payouts/account/status").await.json().await.unwrap();
    assert_eq!(status["payout_interval"], "manual", "Hamro asked Stripe for manual payouts");
    let account = status["stripe_account_id"].as_str().unwrap().to_string();
    let stripe = reqwest::Client::new();
    let seen: Value = stripe
        .get(app.url(&format!("/sandbox/stripe/v1/accounts/{account}")))
        .bearer_auth("sk_test_hamro_sandbox")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(seen["settings"]["payouts"]["schedule"]["interval"], "manual");

    // Someone switches the account to daily payouts in Stripe's dashboard; Stripe pays the
    // balance out on its own, and the payout shows in the seller's history.
    let res = stripe
        .post(app.url(&format!("/sandbox/stripe/v1/accounts/{account}")))
        .bearer_auth("sk_test_hamro_sandbox")
        .form(&[("settings[payouts][schedule][interval]", "daily")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    fund(&app, &seller).await;
    let imported = eventually("the automatic payout in the history", || async {
        let history: Vec<Value> = app.get(&seller, "/api/payouts/history").await.json().await.ok()?;
        history.into_iter().find(|p| p["origin"] == "automatic")
    })
    .await;
    assert_eq!(imported["amount"]["amount_minor"], 125_000);
    let status: Value = app.get(&seller, "/api/payouts/account/status").await.json().await.unwrap();
    assert_eq!(status["payout_interval"], "daily", "Hamro follows the account");
}
