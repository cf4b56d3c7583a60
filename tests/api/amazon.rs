//! Amazon listing sync on the built-in SP-API sandbox: the sync flow (ASIN, issues, patches,
//! delisting), LWA tokens, rate limits and injected faults, access, and bulk sync.

use std::{
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use axum::{Json, Router, extract::Request, http::StatusCode, response::IntoResponse, routing::post};
use hamro::integrations::amazon::{AmazonError, SpApi};
use secrecy::SecretString;
use serde_json::{Value, json};

use crate::{
    helpers::{ADMIN, SELLER, SELLER2, TestApp, error_of, spawn_app, spawn_app_with},
    payouts::eventually,
};

/// Creates, submits and approves a product; returns its id.
pub async fn approved_product(
    app: &TestApp,
    seller: &reqwest::Client,
    admin: &reqwest::Client,
    sku: &str,
    title: &str,
) -> String {
    let body = json!({
        "title": title, "description": "Soft linen.", "sku": sku, "price": "19.99", "quantity": 12,
        "brand": "Hamro Basics", "product_type": "LIGHT_FIXTURE", "identity": {"kind": "upc", "value": "085000000014"}, "attributes": {"bullet_point": ["Solid brass", "Linen shade"], "country_of_origin": "US", "item_type_keyword": "table-lamps", "supplier_declared_dg_hz_regulation": "not_applicable"}, "condition": "new",
        "image_urls": ["https://img.example.com/shirt.jpg"], "submit": true,
    });
    let p: Value = seller.post(app.url("/api/products")).json(&body).send().await.unwrap().json().await.unwrap();
    let id = p["id"].as_str().unwrap().to_string();
    let res = admin.post(app.url(&format!("/api/admin/products/{id}/approve"))).json(&json!({})).send().await.unwrap();
    assert_eq!(res.status(), 200);
    id
}

async fn listing(app: &TestApp, client: &reqwest::Client, id: &str) -> Value {
    app.get(client, &format!("/api/products/{id}/amazon")).await.json().await.unwrap()
}

async fn titles(app: &TestApp, client: &reqwest::Client) -> Vec<String> {
    let list: Vec<Value> = app.get(client, "/api/notifications?limit=100").await.json().await.unwrap();
    list.into_iter().map(|n| n["title"].as_str().unwrap().to_string()).collect()
}

fn fast() -> [(&'static str, &'static str); 2] {
    [("HAMRO_SANDBOX_ASIN_SECONDS", "1"), ("HAMRO_SANDBOX_FEED_SECONDS", "1")]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_lists_the_product_with_an_asin_then_follows_price_and_archive() {
    let app = spawn_app_with(&fast()).await;
    let (seller, admin) = (app.signed_in(SELLER).await, app.signed_in(ADMIN).await);
    let id = approved_product(&app, &seller, &admin, "LIST-1", "Linen shirt").await;
    assert_eq!(listing(&app, &seller, &id).await["status"], "not_listed");

    let res = seller.post(app.url(&format!("/api/products/{id}/amazon/sync"))).send().await.unwrap();
    assert_eq!(res.status(), 202);
    let queued: Value = res.json().await.unwrap();
    assert_eq!(queued["status"], "submitted");
    let live = eventually("the listing to go active", || async {
        let l = listing(&app, &seller, &id).await;
        (l["status"] == "active").then_some(l)
    })
    .await;
    let asin = live["asin"].as_str().unwrap();
    assert!(asin.starts_with("B0") && asin.len() == 10, "{asin}");
    assert!(live["sku"].as_str().unwrap().starts_with("HM-"));
    assert_eq!(live["marketplace_id"], "ATVPDKIKX0DER");
    eventually("the listed notification", || async {
        titles(&app, &seller).await.contains(&"Listed on Amazon".to_string()).then_some(())
    })
    .await;

    // A price edit on a live listing sends a PATCH by itself.
    let mut edit = json!({
        "title": "Linen shirt", "description": "Soft linen.", "sku": "LIST-1", "price": "24.50", "quantity": 3,
        "brand": "Hamro Basics", "product_type": "LIGHT_FIXTURE", "identity": {"kind": "upc", "value": "085000000014"}, "attributes": {"bullet_point": ["Solid brass", "Linen shade"], "country_of_origin": "US", "item_type_keyword": "table-lamps", "supplier_declared_dg_hz_regulation": "not_applicable"}, "condition": "new", "image_urls": ["https://img.example.com/shirt.jpg"],
    });
    let p: Value =
        seller.put(app.url(&format!("/api/products/{id}"))).json(&edit).send().await.unwrap().json().await.unwrap();
    assert_eq!(p["status"], "approved");
    let sku = live["sku"].as_str().unwrap().to_string();
    eventually("Amazon to get the new price", || async {
        let row: Option<Value> = app
            .sandbox_db()
            .query("SELECT VALUE attributes FROM type::record('sandbox_amazon_listing', $sku)")
            .bind(("sku", sku.clone()))
            .await
            .unwrap()
            .take(0)
            .unwrap();
        let attrs = row?;
        (attrs["purchasable_offer"][0]["our_price"][0]["schedule"][0]["value_with_tax"] == json!(24.5)
            && attrs["fulfillment_availability"][0]["quantity"] == 3)
            .then_some(())
    })
    .await;

    // Archiving takes it off Amazon.
    edit["version"] = p["version"].clone();
    let archived = seller.post(app.url(&format!("/api/products/{id}/archive"))).send().await.unwrap();
    assert_eq!(archived.status(), 200);
    eventually("the delisting", || async { (listing(&app, &seller, &id).await["status"] == "deleted").then_some(()) })
        .await;
    eventually("the delisted notification", || async {
        titles(&app, &seller).await.contains(&"Delisted from Amazon".to_string()).then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn amazon_issues_are_shown_and_the_seller_is_told_once() {
    let app = spawn_app_with(&fast()).await;
    let (seller, admin) = (app.signed_in(SELLER).await, app.signed_in(ADMIN).await);
    let id = approved_product(&app, &seller, &admin, "BAD-1", "Linen shirt [invalid]").await;
    seller.post(app.url(&format!("/api/products/{id}/amazon/sync"))).send().await.unwrap();
    let l = eventually("the listing to fail", || async {
        let l = listing(&app, &seller, &id).await;
        (l["status"] == "error").then_some(l)
    })
    .await;
    let issue = &l["issues"][0];
    assert_eq!(issue["severity"], "ERROR");
    assert_eq!(issue["attribute_names"][0], "item_name");
    assert_eq!(issue["code"], "90244", "Amazon's preview found it before anything was created");
    eventually("the failure notification", || async {
        titles(&app, &seller).await.contains(&"Fix before listing".to_string()).then_some(())
    })
    .await;
    assert_eq!(titles(&app, &seller).await.iter().filter(|t| *t == "Fix before listing").count(), 1);
    let stats: Value = reqwest::get(app.url("/sandbox/amazon/_stats")).await.unwrap().json().await.unwrap();
    assert!(stats["calls"]["putListingsItem"]["calls"].as_u64().unwrap_or(0) == 0, "no create call: {stats}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn injected_throttling_is_retried_without_telling_anyone_it_failed() {
    let app = spawn_app_with(&[("HAMRO_SANDBOX_ASIN_SECONDS", "1"), ("HAMRO_AMAZON_MAX_BACKOFF_SECONDS", "1")]).await;
    let (seller, admin) = (app.signed_in(SELLER).await, app.signed_in(ADMIN).await);
    let id = approved_product(&app, &seller, &admin, "THROTTLE-1", "Linen shirt").await;
    let res = reqwest::Client::new()
        .post(app.url("/sandbox/amazon/_faults"))
        .json(&json!({ "status": 429, "count": 3, "operation": "putListingsItem" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    reqwest::Client::new()
        .post(app.url("/sandbox/amazon/_faults"))
        .json(&json!({ "status": 503, "count": 2, "operation": "getListingsItem" }))
        .send()
        .await
        .unwrap();
    seller.post(app.url(&format!("/api/products/{id}/amazon/sync"))).send().await.unwrap();
    eventually("the listing to go active", || async {
        (listing(&app, &seller, &id).await["status"] == "active").then_some(())
    })
    .await;
    let news = titles(&app, &seller).await;
    assert!(!news.contains(&"Amazon sync failed".to_string()), "no failure notification: {news:?}");
    let counts: Value = reqwest::get(app.url("/sandbox/amazon/_faults")).await.unwrap().json().await.unwrap();
    let throttled = |op: &str| counts["calls"][op]["throttled"].as_u64().unwrap_or(0);
    assert!(throttled("putListingsItem") + throttled("putListingsItem (VALIDATION_PREVIEW)") >= 3, "{counts}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sellers_sync_only_their_own_approved_products_and_bulk_sync_is_for_admins() {
    let app = spawn_app().await;
    let (seller, admin, other) =
        (app.signed_in(SELLER).await, app.signed_in(ADMIN).await, app.signed_in(SELLER2).await);
    let id = approved_product(&app, &seller, &admin, "MINE-1", "Linen shirt").await;
    assert_eq!(other.post(app.url(&format!("/api/products/{id}/amazon/sync"))).send().await.unwrap().status(), 404);
    assert_eq!(app.get(&other, &format!("/api/products/{id}/amazon")).await.status(), 404);
    assert_eq!(other.delete(app.url(&format!("/api/products/{id}/amazon"))).send().await.unwrap().status(), 404);
    assert_eq!(
        app.client().post(app.url(&format!("/api/products/{id}/amazon/sync"))).send().await.unwrap().status(),
        401
    );
    assert_eq!(seller.post(app.url("/api/admin/amazon/bulk-sync")).send().await.unwrap().status(), 403);
    assert_eq!(
        seller
            .post(app.url("/fn/admin/amazon/bulk-sync"))
            .header("accept", "application/json")
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    let draft: Value = seller
        .post(app.url("/api/products"))
        .json(&json!({ "title": "Draft", "sku": "DRAFT-1", "price": "1.00", "quantity": 1, "brand": "B", "product_type": "LIGHT_FIXTURE" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let (status, error) = error_of(
        seller
            .post(app.url(&format!("/api/products/{}/amazon/sync", draft["id"].as_str().unwrap())))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 409);
    assert!(error["message"].as_str().unwrap().contains("approved"));
    let (status, _) =
        error_of(seller.delete(app.url(&format!("/api/products/{id}/amazon"))).send().await.unwrap()).await;
    assert_eq!(status, 409, "not listed yet");
    assert_eq!(
        admin.post(app.url(&format!("/api/products/{id}/amazon/sync"))).send().await.unwrap().status(),
        202,
        "admins may sync any product"
    );
    assert_eq!(app.get(&admin, "/api/admin/amazon/jobs/not-a-job").await.status(), 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_sync_updates_every_live_listing_through_a_feed() {
    let app = spawn_app_with(&fast()).await;
    let (seller, admin) = (app.signed_in(SELLER).await, app.signed_in(ADMIN).await);
    let mut ids = Vec::new();
    for i in 0..3 {
        let id = approved_product(&app, &seller, &admin, &format!("BULK-{i}"), "Linen shirt").await;
        seller.post(app.url(&format!("/api/products/{id}/amazon/sync"))).send().await.unwrap();
        ids.push(id);
    }
    for id in &ids {
        eventually("listings to go active", || async {
            (listing(&app, &seller, id).await["status"] == "active").then_some(())
        })
        .await;
    }
    let started: Value = admin.post(app.url("/api/admin/amazon/bulk-sync")).send().await.unwrap().json().await.unwrap();
    let job_id = started["job_id"].as_str().unwrap().to_string();
    let again: Value = admin.post(app.url("/api/admin/amazon/bulk-sync")).send().await.unwrap().json().await.unwrap();
    assert_eq!(again["job_id"], job_id.as_str(), "one bulk sync at a time");
    let done = eventually("the bulk sync to finish", || async {
        let j: Value = app.get(&admin, &format!("/api/admin/amazon/jobs/{job_id}")).await.json().await.ok()?;
        (j["status"] == "done").then_some(j)
    })
    .await;
    assert_eq!(
        (done["done"].as_i64(), done["total"].as_i64(), done["succeeded"].as_i64(), done["failed"].as_i64()),
        (Some(3), Some(3), Some(3), Some(0))
    );
    eventually("the finished notification", || async {
        titles(&app, &admin).await.contains(&"Bulk sync finished".to_string()).then_some(())
    })
    .await;
}

/// An LWA + SP-API stand-in that counts token exchanges and can refuse the first token.
async fn lwa_stub(expires_in: u64, refuse_first_token: bool) -> (String, Arc<AtomicUsize>) {
    let exchanges = Arc::new(AtomicUsize::new(0));
    let counter = exchanges.clone();
    let app = Router::new()
        .route(
            "/auth/o2/token",
            post(move || {
                let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
                async move { Json(json!({ "access_token": format!("Atza|token-{n}"), "token_type": "bearer", "expires_in": expires_in })) }
            }),
        )
        .fallback(move |req: Request| async move {
            let token = req.headers().get("x-amz-access-token").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
            if refuse_first_token && token == "Atza|token-1" {
                return (StatusCode::FORBIDDEN, Json(json!({ "errors": [{ "code": "Unauthorized", "message": "expired" }] }))).into_response();
            }
            (StatusCode::NOT_FOUND, Json(json!({ "errors": [{ "code": "NOT_FOUND", "message": "no such SKU" }] }))).into_response()
        });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (base, exchanges)
}

fn client_for(app: &TestApp, endpoint: &str, lwa: &str) -> SpApi {
    let mut settings = app.state.settings.amazon.clone();
    settings.endpoint = endpoint.to_string();
    settings.lwa_url = lwa.to_string();
    SpApi::new(&settings).unwrap()
}

#[tokio::test]
async fn tokens_refresh_before_expiry_and_after_a_403() {
    let app = spawn_app().await;
    let (base, exchanges) = lwa_stub(61, false).await;
    let api = client_for(&app, &base, &format!("{base}/auth/o2/token"));
    assert!(api.get_listing("X").await.unwrap().is_none());
    assert!(api.get_listing("X").await.unwrap().is_none());
    assert_eq!(exchanges.load(Ordering::SeqCst), 1, "cached");
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    api.get_listing("X").await.unwrap();
    assert_eq!(exchanges.load(Ordering::SeqCst), 2, "refreshed 60 s before expiry");

    let (base, exchanges) = lwa_stub(3600, true).await;
    let api = client_for(&app, &base, &format!("{base}/auth/o2/token"));
    assert!(api.get_listing("X").await.unwrap().is_none(), "retried with a fresh token after the 403");
    assert_eq!(exchanges.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn bad_credentials_are_reported_clearly() {
    let app = spawn_app().await;
    let mut settings = app.state.settings.amazon.clone();
    settings.client_secret = SecretString::from("wrong".to_string());
    let err = SpApi::new(&settings).unwrap().get_listing("X").await.unwrap_err();
    assert!(matches!(&err, AmazonError::Credentials(m) if m.starts_with("invalid_client")), "{err}");
    let mut settings = app.state.settings.amazon.clone();
    settings.refresh_token = SecretString::from("Atzr|stolen".to_string());
    let err = SpApi::new(&settings).unwrap().get_listing("X").await.unwrap_err();
    assert!(matches!(&err, AmazonError::Credentials(m) if m.starts_with("invalid_grant")), "{err}");
    let forged = reqwest::Client::new()
        .get(app.url("/sandbox/amazon/listings/2021-08-01/items/A2HAMROSANDBOX/X?marketplaceIds=ATVPDKIKX0DER"))
        .header("x-amz-access-token", "Atza|123.forged")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_200_operations_meets_no_429() {
    let app = spawn_app().await;
    let api = &app.state.amazon;
    let started = std::time::Instant::now();
    for i in 0..200 {
        assert!(api.get_listing(&format!("NONE-{i}")).await.unwrap().is_none());
    }
    let counts: Value = reqwest::get(app.url("/sandbox/amazon/_faults")).await.unwrap().json().await.unwrap();
    assert_eq!(counts["calls"]["getListingsItem"]["calls"], 200);
    assert_eq!(counts["calls"]["getListingsItem"]["throttled"], 0, "the client kept to the plan");
    // 5 burst, then 5 per second.
    assert!(started.elapsed() >= Duration::from_secs(38), "{:?}", started.elapsed());
}
