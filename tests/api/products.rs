//! Products and moderation over REST and server functions: the status machine, versions,
//! notifications, access scoping, and bad input that writes nothing.

use reqwest::header::ACCEPT;
use serde_json::{Value, json};

use crate::helpers::{ADMIN, SELLER, SELLER2, TestApp, error_of, spawn_app};

fn product(sku: &str) -> Value {
    json!({
        "title": "Linen shirt",
        "description": "Breathable, pre-washed linen.",
        "sku": sku,
        "price": "19.99",
        "quantity": 12,
        "brand": "Hamro Basics",
        "product_type": "LIGHT_FIXTURE", "identity": {"kind": "upc", "value": "085000000014"}, "attributes": {"bullet_point": ["Solid brass", "Linen shade"], "country_of_origin": "US", "item_type_keyword": "table-lamps", "supplier_declared_dg_hz_regulation": "not_applicable"},
        "condition": "new",
        "image_urls": ["https://img.example.com/shirt.jpg"],
    })
}

async fn create(app: &TestApp, client: &reqwest::Client, body: Value) -> Value {
    let res = client.post(app.url("/api/products")).json(&body).send().await.unwrap();
    assert_eq!(res.status(), 201, "create");
    res.json().await.unwrap()
}

async fn post(app: &TestApp, client: &reqwest::Client, path: &str, body: Value) -> reqwest::Response {
    client.post(app.url(path)).json(&body).send().await.unwrap()
}

async fn product_count(app: &TestApp) -> i64 {
    let n: Option<i64> =
        app.state.db.query("SELECT count() FROM product GROUP ALL").await.unwrap().take((0, "count")).unwrap();
    n.unwrap_or(0)
}

async fn latest_notification(app: &TestApp, client: &reqwest::Client) -> Value {
    let list: Vec<Value> = app.get(client, "/api/notifications?limit=1").await.json().await.unwrap();
    list.into_iter().next().unwrap()
}

#[tokio::test]
async fn create_submit_approve_notifies_both_sides() {
    let app = spawn_app().await;
    let seller = app.signed_in(SELLER).await;
    let admin = app.signed_in(ADMIN).await;

    let p = create(&app, &seller, product("SHIRT-1")).await;
    assert_eq!(p["status"], "draft");
    assert_eq!(p["price"], json!({ "amount_minor": 1999, "currency": "usd" }));
    assert!(p["amazon_sku"].as_str().unwrap().starts_with("HM-"));
    let id = p["id"].as_str().unwrap().to_string();

    let submitted: Value =
        post(&app, &seller, &format!("/api/products/{id}/submit"), json!({})).await.json().await.unwrap();
    assert_eq!(submitted["status"], "pending_review");
    let told = latest_notification(&app, &admin).await;
    assert_eq!(told["title"], "New product to review");
    assert_eq!(told["action_url"], "/admin/review");

    let approved =
        post(&app, &admin, &format!("/api/admin/products/{id}/approve"), json!({ "version": submitted["version"] }))
            .await;
    assert_eq!(approved.status(), 200);
    assert_eq!(approved.json::<Value>().await.unwrap()["status"], "approved");
    let news = latest_notification(&app, &seller).await;
    assert_eq!(news["title"], "Product approved");
    assert_eq!(news["type"], "success");
    assert_eq!(news["action_url"], format!("/seller/products/{id}"));
}

#[tokio::test]
async fn reject_with_reason_then_edit_resubmit_and_approve() {
    let app = spawn_app().await;
    let seller = app.signed_in(SELLER).await;
    let admin = app.signed_in(ADMIN).await;
    let mut body = product("SHIRT-2");
    body["submit"] = json!(true);
    let p = create(&app, &seller, body).await;
    let id = p["id"].as_str().unwrap().to_string();
    assert_eq!(p["status"], "pending_review");

    let (status, error) =
        error_of(post(&app, &admin, &format!("/api/admin/products/{id}/reject"), json!({ "reason": "bad" })).await)
            .await;
    assert_eq!(status, 400);
    assert!(error["fields"]["reason"].is_string());

    let rejected: Value =
        post(&app, &admin, &format!("/api/admin/products/{id}/reject"), json!({ "reason": "Photos are blurry" }))
            .await
            .json()
            .await
            .unwrap();
    assert_eq!(rejected["status"], "rejected");
    assert_eq!(rejected["rejection_reason"], "Photos are blurry");
    let news = latest_notification(&app, &seller).await;
    assert_eq!(news["title"], "Product rejected");
    assert_eq!(news["type"], "error");
    assert!(news["message"].as_str().unwrap().contains("Photos are blurry"));

    let mut edit = product("SHIRT-2");
    edit["image_urls"] = json!(["https://img.example.com/sharp.jpg"]);
    edit["version"] = rejected["version"].clone();
    edit["submit"] = json!(true);
    let resubmitted: Value =
        seller.put(app.url(&format!("/api/products/{id}"))).json(&edit).send().await.unwrap().json().await.unwrap();
    assert_eq!(resubmitted["status"], "pending_review");
    let approved = post(&app, &admin, &format!("/api/admin/products/{id}/approve"), json!({})).await;
    assert_eq!(approved.json::<Value>().await.unwrap()["status"], "approved");
}

#[tokio::test]
async fn editing_listed_content_of_an_approved_product_sends_it_back_but_price_does_not() {
    let app = spawn_app().await;
    let seller = app.signed_in(SELLER).await;
    let admin = app.signed_in(ADMIN).await;
    let mut body = product("SHIRT-3");
    body["submit"] = json!(true);
    let id = create(&app, &seller, body).await["id"].as_str().unwrap().to_string();
    post(&app, &admin, &format!("/api/admin/products/{id}/approve"), json!({})).await;

    let mut price_only = product("SHIRT-3");
    price_only["price"] = json!("24.50");
    price_only["quantity"] = json!(3);
    let p: Value = seller
        .put(app.url(&format!("/api/products/{id}")))
        .json(&price_only)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(p["status"], "approved");
    assert_eq!(p["price"]["amount_minor"], 2450);

    let mut retitled = price_only.clone();
    retitled["title"] = json!("Linen shirt, relaxed fit");
    let p: Value =
        seller.put(app.url(&format!("/api/products/{id}"))).json(&retitled).send().await.unwrap().json().await.unwrap();
    assert_eq!(p["status"], "pending_review");
}

#[tokio::test]
async fn invalid_transitions_and_stale_versions_are_409() {
    let app = spawn_app().await;
    let seller = app.signed_in(SELLER).await;
    let admin = app.signed_in(ADMIN).await;
    let p = create(&app, &seller, product("SHIRT-4")).await;
    let id = p["id"].as_str().unwrap().to_string();

    let (status, _) = error_of(post(&app, &admin, &format!("/api/admin/products/{id}/approve"), json!({})).await).await;
    assert_eq!(status, 409, "a draft can't be approved");

    let mut stale = product("SHIRT-4");
    stale["version"] = json!(p["version"].as_u64().unwrap() + 7);
    let (status, error) =
        error_of(seller.put(app.url(&format!("/api/products/{id}"))).json(&stale).send().await.unwrap()).await;
    assert_eq!(status, 409);
    assert!(error["message"].as_str().unwrap().contains("changed"));

    post(&app, &seller, &format!("/api/products/{id}/submit"), json!({})).await;
    let (status, error) = error_of(post(&app, &seller, &format!("/api/products/{id}/submit"), json!({})).await).await;
    assert_eq!(status, 409);
    assert_eq!(error["message"], "This product is already waiting for review.");

    let archived: Value =
        post(&app, &seller, &format!("/api/products/{id}/archive"), json!({})).await.json().await.unwrap();
    assert_eq!(archived["status"], "archived");
    for path in [format!("/api/products/{id}/submit"), format!("/api/products/{id}/archive")] {
        assert_eq!(post(&app, &seller, &path, json!({})).await.status(), 409, "{path}");
    }
    let (status, _) =
        error_of(seller.put(app.url(&format!("/api/products/{id}"))).json(&product("SHIRT-4")).send().await.unwrap())
            .await;
    assert_eq!(status, 409, "archived products can't be edited");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_admins_deciding_at_once_one_wins() {
    let app = spawn_app().await;
    let seller = app.signed_in(SELLER).await;
    let mut body = product("SHIRT-5");
    body["submit"] = json!(true);
    let p = create(&app, &seller, body).await;
    let (id, version) = (p["id"].as_str().unwrap().to_string(), p["version"].clone());
    let a = app.signed_in(ADMIN).await;
    let b = app.signed_in(ADMIN).await;
    let approve_path = format!("/api/admin/products/{id}/approve");
    let reject_path = format!("/api/admin/products/{id}/reject");
    let approve = post(&app, &a, &approve_path, json!({ "version": version }));
    let reject = post(&app, &b, &reject_path, json!({ "reason": "Not for us", "version": version }));
    let (first, second) = tokio::join!(approve, reject);
    let mut statuses = [first.status().as_u16(), second.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 409], "exactly one decision lands");
    let loser = if first.status() == 409 { first } else { second };
    let (_, error) = error_of(loser).await;
    // Depending on timing, the loser saw the new version or the decided status: both say why.
    let message = error["message"].as_str().unwrap();
    assert!(message.contains("changed while you were looking") || message.contains("already reviewed"), "{error}");
    let seller_news: Vec<Value> = app.get(&seller, "/api/notifications").await.json().await.unwrap();
    let decisions =
        seller_news.iter().filter(|n| n["title"] == "Product approved" || n["title"] == "Product rejected").count();
    assert_eq!(decisions, 1, "the seller hears one decision");
}

#[tokio::test]
async fn sellers_only_see_and_touch_their_own_products() {
    let app = spawn_app().await;
    let seller = app.signed_in(SELLER).await;
    let other = app.signed_in(SELLER2).await;
    let id = create(&app, &seller, product("SHIRT-6")).await["id"].as_str().unwrap().to_string();

    assert_eq!(app.get(&other, &format!("/api/products/{id}")).await.status(), 404);
    assert_eq!(
        other.put(app.url(&format!("/api/products/{id}"))).json(&product("X")).send().await.unwrap().status(),
        404
    );
    for action in ["submit", "archive"] {
        assert_eq!(post(&app, &other, &format!("/api/products/{id}/{action}"), json!({})).await.status(), 404);
    }
    let theirs: Vec<Value> = app.get(&other, "/api/products").await.json().await.unwrap();
    assert!(theirs.is_empty());
    // Server functions scope the same way.
    for read in ["get", "page"] {
        let res = other.get(app.url(&format!("/fn/products/{read}?id={id}"))).send().await.unwrap();
        assert_eq!(res.status(), 404, "{read}");
    }
    let res = other
        .post(app.url("/fn/products/archive"))
        .header(ACCEPT, "application/json")
        .form(&[("id", id.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let still: Value = app.get(&seller, &format!("/api/products/{id}")).await.json().await.unwrap();
    assert_eq!(still["status"], "draft");
}

#[tokio::test]
async fn sellers_get_403_from_admin_endpoints_and_anonymous_401() {
    let app = spawn_app().await;
    let seller = app.signed_in(SELLER).await;
    let id = create(&app, &seller, product("SHIRT-7")).await["id"].as_str().unwrap().to_string();
    assert_eq!(app.get(&seller, "/api/admin/products").await.status(), 403);
    assert_eq!(post(&app, &seller, &format!("/api/admin/products/{id}/approve"), json!({})).await.status(), 403);
    assert_eq!(
        post(&app, &seller, &format!("/api/admin/products/{id}/reject"), json!({"reason": "nope nope"})).await.status(),
        403
    );
    assert_eq!(seller.get(app.url("/fn/admin/products/queue")).send().await.unwrap().status(), 403);
    let res = seller
        .post(app.url("/fn/admin/products/approve"))
        .header(ACCEPT, "application/json")
        .form(&[("id", id.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let admin = app.signed_in(ADMIN).await;
    assert_eq!(
        admin.post(app.url("/api/products")).json(&product("A")).send().await.unwrap().status(),
        403,
        "admins don't sell"
    );
    let anonymous = app.client();
    assert_eq!(app.get(&anonymous, "/api/products").await.status(), 401);
    assert_eq!(app.get(&anonymous, &format!("/api/products/{id}")).await.status(), 401);
}

#[tokio::test]
async fn bad_input_gets_field_messages_and_writes_nothing() {
    let app = spawn_app().await;
    let seller = app.signed_in(SELLER).await;
    create(&app, &seller, product("TAKEN")).await;
    let before = product_count(&app).await;
    let with = |key: &str, value: Value| {
        let mut b = product("FRESH-1");
        b[key] = value;
        b
    };
    let cases = [
        (with("title", json!("")), "title"),
        (with("title", json!("x".repeat(201))), "title"),
        (with("description", json!("d".repeat(2001))), "description"),
        (with("price", json!("1e3")), "price"),
        (with("price", json!("12.345")), "price"),
        (with("price", json!("-1")), "price"),
        (with("price", json!("NaN")), "price"),
        (with("price", json!("1000000.01")), "price"),
        (with("quantity", json!(-1)), "quantity"),
        (with("quantity", json!(1_000_001)), "quantity"),
        (with("sku", json!("bad sku!")), "sku"),
        (with("sku", json!("TAKEN")), "sku"),
        (with("image_urls", json!(["http://insecure.example.com/a.jpg"])), "image_urls"),
        (with("currency", json!("xyz")), "currency"),
        (with("product_type", json!("SPACESHIP")), "product_type"),
    ];
    for (body, field) in cases {
        let (status, error) = error_of(post(&app, &seller, "/api/products", body.clone()).await).await;
        assert_eq!(status, 400, "{field}: {body}");
        assert!(error["fields"][field].is_string(), "{field} is named: {error}");
    }
    for raw in [
        r#"{"title": "x""#,
        r#"{"title": 5}"#,
        r#"{"title":"t","sku":"s","price":"1","quantity":"lots","brand":"b"}"#,
        r#"{"unknown": 1}"#,
    ] {
        let res = seller
            .post(app.url("/api/products"))
            .header("content-type", "application/json")
            .body(raw)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400, "{raw}");
    }
    // The same rules through the form's server function.
    let res = seller
        .post(app.url("/fn/products/save"))
        .header(ACCEPT, "application/json")
        .form(&[
            ("form[title]", ""),
            ("form[sku]", "FORM-1"),
            ("form[price]", "12.345"),
            ("form[quantity]", "2"),
            ("form[brand]", "B"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let err: Value = res.json().await.unwrap();
    assert!(err["fields"]["title"].is_string() && err["fields"]["price"].is_string(), "{err}");
    assert_eq!(product_count(&app).await, before, "nothing was written");
}

#[tokio::test]
async fn the_same_sku_from_two_sellers_gets_two_platform_skus() {
    let app = spawn_app().await;
    let a = create(&app, &app.signed_in(SELLER).await, product("COMMON")).await;
    let b = create(&app, &app.signed_in(SELLER2).await, product("COMMON")).await;
    assert_ne!(a["amazon_sku"], b["amazon_sku"]);
}

#[tokio::test]
async fn lists_filter_and_page() {
    let app = spawn_app().await;
    let seller = app.signed_in(SELLER).await;
    for i in 0..23 {
        let mut body = product(&format!("LIST-{i}"));
        body["submit"] = json!(i % 2 == 0);
        create(&app, &seller, body).await;
    }
    let first: Vec<Value> = app.get(&seller, "/api/products").await.json().await.unwrap();
    assert_eq!(first.len(), 20);
    let second: Vec<Value> = app.get(&seller, "/api/products?page=2").await.json().await.unwrap();
    assert_eq!(second.len(), 3);
    let pending: Vec<Value> = app.get(&seller, "/api/products?status=pending_review").await.json().await.unwrap();
    assert_eq!(pending.len(), 12);
    for bad in ["status=sold", "page=0", "page=abc"] {
        assert_eq!(app.get(&seller, &format!("/api/products?{bad}")).await.status(), 400, "{bad}");
    }
    let admin = app.signed_in(ADMIN).await;
    let queue: Value = admin.get(app.url("/fn/admin/products/queue")).send().await.unwrap().json().await.unwrap();
    assert_eq!(queue.as_array().unwrap().len(), 12);
    let counts: Value = seller.get(app.url("/fn/products/counts")).send().await.unwrap().json().await.unwrap();
    assert_eq!(counts["draft"], 11);
    assert_eq!(counts["pending_review"], 12);
}

#[tokio::test]
async fn the_sku_is_fixed_once_submitted() {
    let app = spawn_app().await;
    let seller = app.signed_in(SELLER).await;
    let mut body = product("FIXED");
    body["submit"] = json!(true);
    let id = create(&app, &seller, body).await["id"].as_str().unwrap().to_string();
    let (status, error) =
        error_of(seller.put(app.url(&format!("/api/products/{id}"))).json(&product("CHANGED")).send().await.unwrap())
            .await;
    assert_eq!(status, 400);
    assert!(error["fields"]["sku"].is_string());
}
