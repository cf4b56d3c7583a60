//! Listing on Amazon by the sandbox's product type definitions: what a type requires, the
//! product's identity, the check before listing, and issues Amazon raises once live.

use std::time::Duration;

use serde_json::{Value, json};

use crate::{
    helpers::{ADMIN, SELLER, TestApp, spawn_app_with},
    payouts::eventually,
};

/// A LIGHT_FIXTURE with everything its type requires.
pub fn lamp(sku: &str, title: &str) -> Value {
    json!({
        "title": title, "description": "Solid brass, linen shade.", "sku": sku, "price": "49.99", "quantity": 5,
        "brand": "Hamro Home", "product_type": "LIGHT_FIXTURE", "condition": "new",
        "identity": { "kind": "upc", "value": "085000000014" },
        "attributes": { "bullet_point": ["Solid brass", "Linen shade"], "country_of_origin": "US",
            "item_type_keyword": "table-lamps", "supplier_declared_dg_hz_regulation": "not_applicable" },
        "image_urls": ["https://img.example.com/lamp.jpg"],
    })
}

fn fast() -> [(&'static str, &'static str); 3] {
    [("HAMRO_SANDBOX_ASIN_SECONDS", "1"), ("HAMRO_SANDBOX_FEED_SECONDS", "1"), ("HAMRO_LISTING_RECHECK_SECONDS", "1")]
}

async fn post(app: &TestApp, client: &reqwest::Client, path: &str, body: Value) -> reqwest::Response {
    client.post(app.url(path)).json(&body).send().await.unwrap()
}

/// Creates (submitted) and approves; returns the id.
async fn approved(app: &TestApp, seller: &reqwest::Client, admin: &reqwest::Client, mut body: Value) -> String {
    body["submit"] = json!(true);
    let res = post(app, seller, "/api/products", body).await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let id = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
    assert_eq!(post(app, admin, &format!("/api/admin/products/{id}/approve"), json!({})).await.status(), 200);
    id
}

async fn titles(app: &TestApp, client: &reqwest::Client) -> Vec<String> {
    let list: Vec<Value> = app.get(client, "/api/notifications?limit=100").await.json().await.unwrap();
    list.into_iter().map(|n| n["title"].as_str().unwrap().to_string()).collect()
}

async fn listing_status(app: &TestApp, client: &reqwest::Client, id: &str) -> Value {
    app.get(client, &format!("/api/products/{id}/amazon")).await.json().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_type_lists_what_it_requires_and_review_refuses_what_is_missing() {
    let app = spawn_app_with(&fast()).await;
    let seller = app.signed_in(SELLER).await;
    let types: Vec<Value> = app.get(&seller, "/api/product-types?q=lamp").await.json().await.unwrap();
    assert!(types.iter().any(|t| t["name"] == "LIGHT_FIXTURE"), "{types:?}");
    let spec: Value = app.get(&seller, "/api/product-types/LIGHT_FIXTURE").await.json().await.unwrap();
    let required: Vec<&str> = spec["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["fields"].as_array().unwrap())
        .filter(|f| f["required"] == true)
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    for attr in ["bullet_point", "country_of_origin", "item_type_keyword", "supplier_declared_dg_hz_regulation"] {
        assert!(required.contains(&attr), "{attr} asked for: {required:?}");
    }

    let mut thin = lamp("THIN-1", "Thin lamp");
    thin["attributes"].as_object_mut().unwrap().remove("bullet_point");
    thin["submit"] = json!(true);
    let res = post(&app, &seller, "/api/products", thin.clone()).await;
    assert_eq!(res.status(), 400);
    let err: Value = res.json().await.unwrap();
    assert!(err["error"]["fields"]["attributes.bullet_point"].as_str().unwrap().contains("Bullet Point"), "{err}");

    thin["submit"] = json!(false);
    let draft: Value = post(&app, &seller, "/api/products", thin).await.json().await.unwrap();
    let id = draft["id"].as_str().unwrap();
    let report: Value =
        post(&app, &seller, &format!("/api/products/{id}/amazon/check"), json!({})).await.json().await.unwrap();
    assert_eq!(report["outcome"], "incomplete", "{report}");
    assert_eq!(report["issues"][0]["field"], "attributes.bullet_point");

    let mut generic = lamp("GENERIC-1", "Generic");
    generic["product_type"] = json!("PRODUCT");
    let res = post(&app, &seller, "/api/products", generic).await;
    assert_eq!(res.status(), 400, "PRODUCT is refused for a new product before Amazon is asked");
    let bad_upc = {
        let mut b = lamp("UPC-1", "Typo");
        b["identity"]["value"] = json!("085000000015");
        post(&app, &seller, "/api/products", b).await.json::<Value>().await.unwrap()
    };
    assert!(bad_upc["error"]["fields"]["identity"].as_str().unwrap().contains("check digit"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn amazon_previews_before_listing_and_catches_what_hamro_cannot_know() {
    let app = spawn_app_with(&fast()).await;
    let seller = app.signed_in(SELLER).await;
    let valid: Value = post(&app, &seller, "/api/products", lamp("CHECK-1", "Brass lamp")).await.json().await.unwrap();
    let id = valid["id"].as_str().unwrap();
    let report: Value =
        post(&app, &seller, &format!("/api/products/{id}/amazon/check"), json!({})).await.json().await.unwrap();
    assert_eq!(report["outcome"], "valid", "{report}");
    let stats: Value = reqwest::get(app.url("/sandbox/amazon/_stats")).await.unwrap().json().await.unwrap();
    assert_eq!(stats["calls"]["putListingsItem"]["calls"], 0, "a preview creates nothing");

    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let mut other_brand = lamp("CHECK-2", "Brass lamp");
    other_brand["identity"]["value"] = json!("036000291452");
    let p: Value = post(&app, &seller, "/api/products", other_brand).await.json().await.unwrap();
    let id = p["id"].as_str().unwrap();
    let report: Value =
        post(&app, &seller, &format!("/api/products/{id}/amazon/check"), json!({})).await.json().await.unwrap();
    assert_eq!(report["outcome"], "invalid", "{report}");
    assert_eq!(report["issues"][0]["code"], "8541");
    assert_eq!(report["issues"][0]["field"], "brand");

    let mut gated = lamp("CHECK-3", "Skillet");
    gated["identity"]["value"] = json!("042100005264");
    gated["brand"] = json!("Prestige Chef");
    let p: Value = post(&app, &seller, "/api/products", gated).await.json().await.unwrap();
    let id = p["id"].as_str().unwrap();
    let report: Value =
        post(&app, &seller, &format!("/api/products/{id}/amazon/check"), json!({})).await.json().await.unwrap();
    assert_eq!(report["outcome"], "restricted", "{report}");
    assert_eq!(report["issues"][0]["code"], "APPROVAL_REQUIRED");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_offer_on_an_existing_asin_lists_with_the_offer_only_set() {
    let app = spawn_app_with(&fast()).await;
    let (seller, admin) = (app.signed_in(SELLER).await, app.signed_in(ADMIN).await);
    let offer = json!({
        "title": "Brass table lamp", "sku": "OFFER-1", "price": "39.99", "quantity": 3, "brand": "Lumen & Co.",
        "product_type": "PRODUCT", "condition": "used_like_new", "condition_note": "Opened, never used.",
        "identity": { "kind": "asin", "value": "B0CATLAMP1" },
    });
    let id = approved(&app, &seller, &admin, offer).await;
    assert_eq!(post(&app, &seller, &format!("/api/products/{id}/amazon/sync"), json!({})).await.status(), 202);
    let l = eventually("the offer to go live", || async {
        let l = listing_status(&app, &seller, &id).await;
        (l["status"] == "active").then_some(l)
    })
    .await;
    assert!(l["asin"].is_string());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_issue_amazon_raises_later_tells_the_seller() {
    let app = spawn_app_with(&fast()).await;
    let (seller, admin) = (app.signed_in(SELLER).await, app.signed_in(ADMIN).await);
    let id = approved(&app, &seller, &admin, lamp("LIVE-1", "Brass lamp")).await;
    post(&app, &seller, &format!("/api/products/{id}/amazon/sync"), json!({})).await;
    let l = eventually("the listing to go live", || async {
        let l = listing_status(&app, &seller, &id).await;
        (l["status"] == "active").then_some(l)
    })
    .await;
    assert!(titles(&app, &seller).await.contains(&"Listed on Amazon".to_string()));
    let sku = l["sku"].as_str().unwrap();
    let raised = reqwest::Client::new()
        .post(app.url(&format!("/sandbox/amazon/_listings/{sku}/issues")))
        .json(&json!({ "code": "18155", "message": "The main image does not meet Amazon's image requirements.",
            "attribute": "main_product_image_locator", "suppress": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(raised.status(), 201);
    let l = eventually("the recheck to see it", || async {
        let l = listing_status(&app, &seller, &id).await;
        (l["status"] == "needs_attention").then_some(l)
    })
    .await;
    assert_eq!(l["issues"][0]["code"], "18155");
    eventually("the seller to be told", || async {
        titles(&app, &seller).await.contains(&"Listing needs attention".to_string()).then_some(())
    })
    .await;
    let count: u64 = app.get(&seller, "/fn/amazon/needs-attention").await.json().await.unwrap();
    assert_eq!(count, 1);
}
