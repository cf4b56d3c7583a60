//! Stripe webhooks: verified, applied once, in any order; forged and stale ones change nothing.

use chrono::Utc;
use hamro::integrations::stripe::sign;
use secrecy::ExposeSecret;
use serde_json::{Value, json};

use crate::{
    helpers::{SELLER, TestApp, spawn_app_with},
    payouts::onboard_funded,
};

pub(crate) fn payout_event(id: &str, kind: &str, status: &str, stripe_id: &str, ours: &str, account: &str) -> Value {
    let failed = status == "failed";
    json!({
        "id": id, "object": "event", "api_version": "2026-09-30.endive", "account": account,
        "created": Utc::now().timestamp(), "livemode": false, "pending_webhooks": 1, "type": kind,
        "request": { "id": null, "idempotency_key": null },
        "data": { "object": {
            "id": stripe_id, "object": "payout", "amount": 2500, "arrival_date": Utc::now().timestamp() + 86_400,
            "automatic": false, "created": Utc::now().timestamp(), "currency": "usd", "livemode": false,
            "method": "standard", "reconciliation_status": "not_applicable", "source_type": "card", "status": status,
            "type": "bank_account", "metadata": { "hamro_payout_id": ours },
            "failure_code": if failed { json!("account_closed") } else { Value::Null },
            "failure_message": if failed { json!("The bank account has been closed.") } else { Value::Null },
        }}
    })
}

pub(crate) async fn deliver(app: &TestApp, body: &str, signature: Option<&str>) -> reqwest::Response {
    let mut req = reqwest::Client::new()
        .post(app.url("/api/webhooks/stripe"))
        .header("content-type", "application/json")
        .body(body.to_string());
    if let Some(s) = signature {
        req = req.header("stripe-signature", s);
    }
    req.send().await.unwrap()
}

pub(crate) fn secret(app: &TestApp) -> String {
    app.state.settings.stripe.webhook_secrets[0].expose_secret().to_string()
}

pub(crate) async fn our_payout(app: &TestApp, client: &reqwest::Client) -> (String, String, String) {
    let p: Value = client
        .post(app.url("/api/payouts/request"))
        .json(&json!({ "amount_minor": 2_500, "currency": "usd" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let account: Value = app.get(client, "/api/payouts/account/status").await.json().await.unwrap();
    (
        p["id"].as_str().unwrap().to_string(),
        p["stripe_payout_id"].as_str().unwrap().to_string(),
        account["stripe_account_id"].as_str().unwrap().to_string(),
    )
}

pub(crate) async fn status_of(app: &TestApp, client: &reqwest::Client, id: &str) -> String {
    let history: Vec<Value> = app.get(client, "/api/payouts/history").await.json().await.unwrap();
    history.into_iter().find(|h| h["id"] == id).unwrap()["status"].as_str().unwrap().to_string()
}

pub(crate) async fn count_titled(app: &TestApp, client: &reqwest::Client, title: &str) -> usize {
    let list: Vec<Value> = app.get(client, "/api/notifications?limit=100").await.json().await.unwrap();
    list.iter().filter(|n| n["title"] == title).count()
}

/// The sandbox would move the payout itself; an hour-long timer leaves the events to the test.
fn still() -> [(&'static str, &'static str); 1] {
    [("HAMRO_SANDBOX_PAYOUT_SECONDS", "3600")]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_stale_and_malformed_deliveries_change_nothing() {
    let app = spawn_app_with(&still()).await;
    let seller = app.signed_in(SELLER).await;
    onboard_funded(&app, &seller).await;
    let (ours, stripe_id, account) = our_payout(&app, &seller).await;
    let body = payout_event("evt_forged_1", "payout.paid", "paid", &stripe_id, &ours, &account).to_string();
    let now = Utc::now().timestamp();
    let cases = [
        ("forged", Some(sign(body.as_bytes(), "whsec_not_ours", now))),
        ("stale", Some(sign(body.as_bytes(), &secret(&app), now - 301))),
        ("from the future", Some(sign(body.as_bytes(), &secret(&app), now + 360))),
        ("missing", None),
        ("malformed", Some("t=abc,v1=zz".to_string())),
    ];
    for (what, signature) in cases {
        let res = deliver(&app, &body, signature.as_deref()).await;
        assert_eq!(res.status(), 400, "{what}");
    }
    let tampered = body.replace("2500", "250000");
    assert_eq!(
        deliver(&app, &tampered, Some(&sign(body.as_bytes(), &secret(&app), now))).await.status(),
        400,
        "tampered body"
    );
    let garbage = "not json";
    assert_eq!(
        deliver(&app, garbage, Some(&sign(garbage.as_bytes(), &secret(&app), now))).await.status(),
        400,
        "signed garbage"
    );
    assert_eq!(status_of(&app, &seller, &ours).await, "pending");
    let events: Option<i64> = app
        .state
        .db
        .query("SELECT count() FROM stripe_event WHERE record::id(id) CONTAINS 'forged' GROUP ALL")
        .await
        .unwrap()
        .take((0, "count"))
        .unwrap();
    assert_eq!(events.unwrap_or(0), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replayed_and_shuffled_events_take_effect_once_and_match_in_order_delivery() {
    let app = spawn_app_with(&still()).await;
    let seller = app.signed_in(SELLER).await;
    onboard_funded(&app, &seller).await;
    let (ours, stripe_id, account) = our_payout(&app, &seller).await;
    let events = [
        payout_event("evt_test_paid", "payout.paid", "paid", &stripe_id, &ours, &account),
        payout_event("evt_test_transit", "payout.updated", "in_transit", &stripe_id, &ours, &account),
        payout_event("evt_test_created", "payout.created", "pending", &stripe_id, &ours, &account),
    ];
    // Newest first (the worst order), each ten times, interleaved.
    for round in 0..10 {
        for event in &events {
            let body = event.to_string();
            let res = deliver(&app, &body, Some(&sign(body.as_bytes(), &secret(&app), Utc::now().timestamp()))).await;
            assert_eq!(res.status(), 200);
            let receipt: Value = res.json().await.unwrap();
            assert_eq!(receipt["outcome"], if round == 0 { "applied" } else { "duplicate" }, "{}", event["id"]);
        }
    }
    assert_eq!(status_of(&app, &seller, &ours).await, "paid", "a late in_transit never undoes paid");
    assert_eq!(count_titled(&app, &seller, "Payout paid").await, 1, "told once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rotated_secret_header_with_two_signatures_is_accepted() {
    let app = spawn_app_with(&still()).await;
    let seller = app.signed_in(SELLER).await;
    onboard_funded(&app, &seller).await;
    let (ours, stripe_id, account) = our_payout(&app, &seller).await;
    let body = payout_event("evt_rotated", "payout.failed", "failed", &stripe_id, &ours, &account).to_string();
    let t = Utc::now().timestamp();
    let good = sign(body.as_bytes(), &secret(&app), t);
    let old = sign(body.as_bytes(), "whsec_retired_secret", t);
    let header = format!("{},{}", old, good.split_once(',').unwrap().1);
    assert_eq!(deliver(&app, &body, Some(&header)).await.status(), 200);
    assert_eq!(status_of(&app, &seller, &ours).await, "failed");
    assert_eq!(count_titled(&app, &seller, "Payout failed").await, 1);
}
