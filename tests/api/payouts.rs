//! Payouts on the built-in Stripe sandbox: connect, onboard, balances, payout requests
//! (paid and failed), money safety under concurrency, access, bad input, and webhooks.

use std::time::Duration;

use hamro::auth::server::repo as users;
use serde_json::{Value, json};

use crate::helpers::{ADMIN, SELLER, SELLER2, TestApp, error_of, spawn_app, spawn_app_with};

/// Polls `check` until it returns Some, for up to 20 s.
pub async fn eventually<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    for _ in 0..200 {
        if let Some(v) = check().await {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for {what}");
}

/// Connects the seller's Stripe account and completes the sandbox's onboarding page.
pub async fn onboard(app: &TestApp, client: &reqwest::Client) {
    let account = client.post(app.url("/api/payouts/connect/account")).send().await.unwrap();
    assert_eq!(account.status(), 200);
    let account: Value = account.json().await.unwrap();
    assert_eq!(account["status"], "pending");
    let link: Value =
        client.post(app.url("/api/payouts/connect/onboarding-link")).send().await.unwrap().json().await.unwrap();
    let url = link["url"].as_str().unwrap();
    assert!(url.contains("/sandbox/stripe/onboard/"));
    let page = client.get(url).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Complete onboarding"));
    let done = client.post(url).send().await.unwrap();
    assert_eq!(done.status(), 303);
    let back = done.headers()["location"].to_str().unwrap().to_string();
    assert!(back.ends_with("/seller/payouts/onboarding/return"), "{back}");
    // Coming back reads the account from Stripe, then shows the payouts page.
    let returned = client.get(&back).send().await.unwrap();
    assert_eq!(returned.status(), 303);
    assert_eq!(returned.headers()["location"], "/seller/payouts?onboarding=done");
    eventually("the account.updated webhook", || async {
        let status: Value = app.get(client, "/api/payouts/account/status").await.json().await.ok()?;
        (status["status"] == "active").then_some(())
    })
    .await;
}

/// Moves platform money to the seller's connected account the way Hamro's transfers do:
/// 1,250.00 available, and 310.00 pending behind a charge that hasn't settled.
pub async fn fund(app: &TestApp, client: &reqwest::Client) {
    let status: Value = app.get(client, "/api/payouts/account/status").await.json().await.unwrap();
    let account = status["stripe_account_id"].as_str().expect("a connected account").to_string();
    let stripe = reqwest::Client::new();
    for (amount, source) in [("125000", None), ("31000", Some("ch_unsettled_sales"))] {
        let mut form = vec![("amount", amount), ("currency", "usd"), ("destination", account.as_str())];
        if let Some(source) = source {
            form.push(("source_transaction", source));
        }
        let res = stripe
            .post(app.url("/sandbox/stripe/v1/transfers"))
            .bearer_auth("sk_test_hamro_sandbox")
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "funding the connected account");
    }
}

/// Connects, onboards and funds the seller's account.
pub async fn onboard_funded(app: &TestApp, client: &reqwest::Client) {
    onboard(app, client).await;
    fund(app, client).await;
}

async fn request(app: &TestApp, client: &reqwest::Client, amount_minor: i64) -> reqwest::Response {
    client
        .post(app.url("/api/payouts/request"))
        .json(&json!({ "amount_minor": amount_minor, "currency": "usd", "description": "Weekly earnings" }))
        .send()
        .await
        .unwrap()
}

async fn balance(app: &TestApp, client: &reqwest::Client) -> (i64, i64) {
    let b: Value = app.get(client, "/api/payouts/balance").await.json().await.unwrap();
    (b["available"][0]["amount_minor"].as_i64().unwrap(), b["pending"][0]["amount_minor"].as_i64().unwrap())
}

async fn titles(app: &TestApp, client: &reqwest::Client) -> Vec<String> {
    let list: Vec<Value> = app.get(client, "/api/notifications?limit=100").await.json().await.unwrap();
    list.into_iter().map(|n| n["title"].as_str().unwrap().to_string()).collect()
}

async fn payout_count(app: &TestApp) -> i64 {
    let n: Option<i64> =
        app.state.db.query("SELECT count() FROM payout GROUP ALL").await.unwrap().take((0, "count")).unwrap();
    n.unwrap_or(0)
}

fn fast() -> [(&'static str, &'static str); 1] {
    [("HAMRO_SANDBOX_PAYOUT_SECONDS", "1")]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connect_onboard_and_see_the_balance() {
    let app = spawn_app_with(&fast()).await;
    let seller = app.signed_in(SELLER).await;
    onboard_funded(&app, &seller).await;
    assert_eq!(balance(&app, &seller).await, (125_000, 31_000));
    let news = titles(&app, &seller).await;
    assert!(news.contains(&"Stripe account created".to_string()), "{news:?}");
    assert!(news.contains(&"Onboarding complete".to_string()), "{news:?}");
    // Connecting again returns the same account.
    let again: Value = seller.post(app.url("/api/payouts/connect/account")).send().await.unwrap().json().await.unwrap();
    assert_eq!(again["status"], "active");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_payout_moves_to_paid_and_the_seller_is_told() {
    let app = spawn_app_with(&fast()).await;
    let seller = app.signed_in(SELLER).await;
    onboard_funded(&app, &seller).await;
    let res = request(&app, &seller, 5_000).await;
    assert_eq!(res.status(), 201);
    let p: Value = res.json().await.unwrap();
    assert_eq!(p["status"], "pending");
    assert!(p["stripe_payout_id"].as_str().unwrap().starts_with("po_"));
    assert_eq!(balance(&app, &seller).await.0, 120_000);
    let paid = eventually("the payout to be paid", || async {
        let history: Vec<Value> = app.get(&seller, "/api/payouts/history").await.json().await.ok()?;
        history.into_iter().find(|h| h["id"] == p["id"] && h["status"] == "paid")
    })
    .await;
    assert!(paid["paid_at"].is_string());
    let news = eventually("the paid notification", || async {
        let t = titles(&app, &seller).await;
        t.contains(&"Payout paid".to_string()).then_some(t)
    })
    .await;
    assert!(news.contains(&"Payout requested".to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_amount_ending_in_13_cents_fails_with_its_reason() {
    let app = spawn_app_with(&fast()).await;
    let seller = app.signed_in(SELLER).await;
    onboard_funded(&app, &seller).await;
    let p: Value = request(&app, &seller, 5_013).await.json().await.unwrap();
    let failed = eventually("the payout to fail", || async {
        let history: Vec<Value> = app.get(&seller, "/api/payouts/history").await.json().await.ok()?;
        history.into_iter().find(|h| h["id"] == p["id"] && h["status"] == "failed")
    })
    .await;
    assert_eq!(failed["failure_code"], "account_closed");
    assert_eq!(failed["failure_message"], "The bank account has been closed.");
    eventually("the failure notification", || async {
        titles(&app, &seller).await.contains(&"Payout failed".to_string()).then_some(())
    })
    .await;
    assert_eq!(balance(&app, &seller).await.0, 125_000, "the money is back");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_get_a_clear_4xx_and_write_nothing() {
    let app = spawn_app().await;
    let seller = app.signed_in(SELLER).await;
    let (status, error) = error_of(request(&app, &seller, 5_000).await).await;
    assert_eq!(status, 409, "not connected yet");
    assert!(error["message"].as_str().unwrap().contains("Connect a Stripe account"));
    seller.post(app.url("/api/payouts/connect/account")).send().await.unwrap();
    let (status, error) = error_of(request(&app, &seller, 5_000).await).await;
    assert_eq!(status, 409, "onboarding not finished");
    assert!(error["message"].as_str().unwrap().contains("onboarding"));
    onboard_funded(&app, &seller).await;

    for amount in [0, -100, 125_001, 9_000_000_000_000] {
        let (status, error) = error_of(request(&app, &seller, amount).await).await;
        assert_eq!(status, 400, "{amount}");
        assert!(error["fields"]["amount"].is_string(), "{amount}: {error}");
    }
    let bodies = [
        json!({ "amount_minor": 12.5, "currency": "usd" }),
        json!({ "amount_minor": "5000", "currency": "usd" }),
        json!({ "amount_minor": 5000, "currency": "zzz" }),
        json!({ "amount_minor": 5000, "currency": "eur" }),
        json!({ "amount_minor": 5000 }),
        json!({ "amount_minor": 5000, "currency": "usd", "description": "d".repeat(201) }),
        json!({ "amount_minor": 5000, "currency": "usd", "extra": true }),
    ];
    for body in bodies {
        let res = seller.post(app.url("/api/payouts/request")).json(&body).send().await.unwrap();
        assert_eq!(res.status(), 400, "{body}");
    }
    // The form's decimal amount goes through the same rules.
    let res = seller
        .post(app.url("/fn/payouts/request"))
        .header("accept", "application/json")
        .form(&[("form[amount]", "1e3"), ("form[currency]", "usd"), ("form[description]", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(payout_count(&app).await, 0, "nothing was written");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_requests_never_overdraw_or_pay_twice() {
    // A hundred requests at once: far past a person's per-minute limit, which is lifted here.
    let app =
        spawn_app_with(&[("HAMRO_SANDBOX_PAYOUT_SECONDS", "3600"), ("HAMRO_PLATFORM_CALLS_PER_MINUTE", "1000")]).await;
    let seller = app.signed_in(SELLER).await;
    onboard_funded(&app, &seller).await;
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..100 {
        let (client, url) = (seller.clone(), app.url("/api/payouts/request"));
        tasks.spawn(async move {
            client
                .post(url)
                .json(&json!({ "amount_minor": 4_000, "currency": "usd" }))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        });
    }
    let mut statuses = Vec::new();
    while let Some(s) = tasks.join_next().await {
        statuses.push(s.unwrap());
    }
    assert!(statuses.iter().all(|s| [201, 400, 409].contains(s)), "only clear answers: {statuses:?}");
    let created = statuses.iter().filter(|s| **s == 201).count() as i64;
    assert!(created <= 125_000 / 4_000, "{created} payouts of 40.00 fit in 1,250.00");
    let mut history: Vec<Value> = Vec::new();
    for page in 1.. {
        let rows: Vec<Value> =
            app.get(&seller, &format!("/api/payouts/history?page={page}")).await.json().await.unwrap();
        if rows.is_empty() {
            break;
        }
        history.extend(rows);
    }
    assert_eq!(history.len(), created as usize, "every accepted request has its record");
    let live: Vec<&Value> = history.iter().filter(|h| h["status"] != "failed").collect();
    let total: i64 = live.iter().map(|h| h["amount"]["amount_minor"].as_i64().unwrap()).sum();
    assert!(total <= 125_000, "no overdraw: {total}");
    let mut ids: Vec<&str> = live.iter().filter_map(|h| h["stripe_payout_id"].as_str()).collect();
    let before = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), before, "every record is its own Stripe payout");
    assert_eq!(balance(&app, &seller).await.0, 125_000 - total, "Stripe's balance matches Hamro's records");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sellers_never_see_each_others_payouts_and_only_admins_see_all() {
    let app = spawn_app_with(&fast()).await;
    let seller = app.signed_in(SELLER).await;
    onboard_funded(&app, &seller).await;
    assert_eq!(request(&app, &seller, 1_000).await.status(), 201);
    let other = app.signed_in(SELLER2).await;
    let theirs: Vec<Value> = app.get(&other, "/api/payouts/history").await.json().await.unwrap();
    assert!(theirs.is_empty());
    assert_eq!(app.get(&other, "/api/payouts/account/status").await.status(), 404);
    assert_eq!(app.get(&other, "/api/payouts/balance").await.status(), 409);
    assert_eq!(app.get(&seller, "/api/admin/payouts").await.status(), 403);
    assert_eq!(app.get(&app.client(), "/api/payouts/history").await.status(), 401);
    let admin = app.signed_in(ADMIN).await;
    assert_eq!(app.get(&admin, "/api/payouts/balance").await.status(), 403, "admins have no payouts");
    let all: Vec<Value> = app.get(&admin, "/api/admin/payouts").await.json().await.unwrap();
    assert_eq!(all.len(), 1);
    let page = admin.get(app.url("/admin/payouts")).header("accept", "text/html").send().await.unwrap();
    assert_eq!(page.status(), 200);
    let forbidden = seller.get(app.url("/admin/payouts")).header("accept", "text/html").send().await.unwrap();
    assert_eq!(forbidden.status(), 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn account_links_are_single_use() {
    let app = spawn_app().await;
    let seller = app.signed_in(SELLER).await;
    seller.post(app.url("/api/payouts/connect/account")).send().await.unwrap();
    let link: Value =
        seller.post(app.url("/api/payouts/connect/onboarding-link")).send().await.unwrap().json().await.unwrap();
    let url = link["url"].as_str().unwrap();
    assert!(
        seller.post(url).send().await.unwrap().headers()["location"].to_str().unwrap().contains("onboarding/return")
    );
    let again = seller.post(url).send().await.unwrap();
    assert!(
        again.headers()["location"].to_str().unwrap().ends_with("/seller/payouts/onboarding"),
        "a used link goes to refresh_url"
    );

    let expired: Value =
        seller.post(app.url("/api/payouts/connect/onboarding-link")).send().await.unwrap().json().await.unwrap();
    app.sandbox_db()
        .query("UPDATE sandbox_stripe_link SET expires_at = time::now() - 1s")
        .await
        .unwrap()
        .check()
        .unwrap();
    let res = seller.get(expired["url"].as_str().unwrap()).send().await.unwrap();
    assert!(
        res.headers()["location"].to_str().unwrap().ends_with("/seller/payouts/onboarding"),
        "an expired link goes to refresh_url"
    );
    let user = users::find_by_email(&app.state.db, SELLER.0).await.unwrap().unwrap();
    assert!(app.state.payouts.account_status(&user.to_current()).await.unwrap().is_some());
}

#[tokio::test]
async fn a_seller_who_asks_stripe_too_often_waits_and_others_do_not() {
    let app = spawn_app_with(&[("HAMRO_PLATFORM_CALLS_PER_MINUTE", "3")]).await;
    let seller = app.signed_in(SELLER).await;
    onboard(&app, &seller).await;
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(app.get(&seller, "/api/payouts/balance").await.status().as_u16());
    }
    assert_eq!(statuses, [200, 200, 200, 429]);
    let limited = app.get(&seller, "/api/payouts/balance").await;
    assert!(limited.headers().contains_key("retry-after"));
    let (_, error) = crate::helpers::error_of(limited).await;
    assert!(error["message"].as_str().unwrap().starts_with("Too many balance checks"), "{error}");
    // Onboarding links have their own minute (onboarding used one of its three).
    for expect in [200, 200, 429] {
        let res = seller.post(app.url("/api/payouts/connect/onboarding-link")).send().await.unwrap();
        assert_eq!(res.status(), expect);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_payout_whose_answer_is_lost_is_being_confirmed_and_invites_no_second_one() {
    let app = spawn_app().await;
    let seller = app.signed_in(SELLER).await;
    onboard_funded(&app, &seller).await;
    // Stripe is down: the first try and its retries get 500s, and Hamro can't know whether
    // the payout was made.
    let fault = json!({ "path": "/v1/payouts", "count": 3, "commit": false });
    let res = reqwest::Client::new().post(app.url("/sandbox/stripe/_faults")).json(&fault).send().await.unwrap();
    assert_eq!(res.status(), 204);
    let ask = json!({ "amount_minor": 10_000, "currency": "usd" });
    let first = seller.post(app.url("/api/payouts/request")).json(&ask).send().await.unwrap();
    assert_eq!(first.status(), 202, "recorded and sent; Stripe's answer is not known");
    let first: Value = first.json().await.unwrap();
    assert_eq!(first["status"], "requested");

    let second = seller.post(app.url("/api/payouts/request")).json(&ask).send().await.unwrap();
    let (status, error) = error_of(second).await;
    assert_eq!(status, 409);
    assert!(error["message"].as_str().unwrap().contains("still being confirmed"), "{error}");
    let page = app.get(&seller, "/seller/payouts").await.text().await.unwrap();
    assert!(page.contains("is being confirmed with Stripe"), "the page says so instead of offering the form");
    assert!(!page.contains(">Request payout<"));
}
