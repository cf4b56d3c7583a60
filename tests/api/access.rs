//! The access matrix: every REST endpoint (from the OpenAPI document) and every server
//! function (from the registry Leptos keeps) has a row saying who may call it, and each row
//! is checked as anonymous, as the wrong role, and as the other seller. A route without a
//! row fails the test, so new endpoints can't skip the question.

use std::collections::BTreeSet;

use reqwest::{Client, Method, Response, header::ACCEPT};
use serde_json::{Value, json};

use crate::helpers::{ADMIN, SELLER, SELLER2, TestApp, spawn_app};

/// Who may call a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rule {
    /// Anyone (sign-in, health, config, signed webhooks).
    Public,
    /// Anyone signed in; records it touches are their own.
    SignedIn,
    /// Sellers only (admins get 403).
    Seller,
    /// Sellers only, on a record of theirs (admins 403, the other seller 404).
    SellerOwns,
    /// The seller who owns the record (the other seller 404) or any admin.
    OwnerOrAdmin,
    /// Admins only (sellers 403).
    Admin,
    /// A signed-in user's own record (the other seller 404).
    OwnRecord,
}

pub(crate) struct Row {
    pub(crate) method: &'static str,
    pub(crate) path: &'static str,
    pub(crate) rule: Rule,
    /// REST: a JSON body; server functions: `k=v&k=v` (query or form). `{product}`,
    /// `{notification}` and `{job}` are replaced by ids that belong to the first seller.
    pub(crate) body: &'static str,
}

const fn row(method: &'static str, path: &'static str, rule: Rule, body: &'static str) -> Row {
    Row { method, path, rule, body }
}

use Rule::*;

/// REST endpoints, as the OpenAPI document names them.
pub(crate) const REST: &[Row] = &[
    row("GET", "/healthz", Public, ""),
    row("POST", "/api/auth/login", Public, ""),
    row("POST", "/api/auth/logout", Public, ""),
    row("GET", "/api/auth/me", SignedIn, ""),
    row("POST", "/api/auth/password", SignedIn, r#"{"current_password":"not-it","new_password":"a-new-password"}"#),
    row("POST", "/api/auth/sign-out-everywhere", SignedIn, ""),
    row("GET", "/api/admin/users", Admin, ""),
    row("POST", "/api/admin/users/{id}/disable", Admin, ""),
    row("POST", "/api/admin/users/{id}/enable", Admin, ""),
    row("GET", "/api/notifications", SignedIn, ""),
    row("GET", "/api/notifications/unread-count", SignedIn, ""),
    row("PUT", "/api/notifications/mark-all-read", SignedIn, ""),
    row("DELETE", "/api/notifications/{id}", OwnRecord, ""),
    row("PUT", "/api/notifications/{id}/read", OwnRecord, ""),
    row("PUT", "/api/notifications/{id}/unread", OwnRecord, ""),
    row("GET", "/api/products", Seller, ""),
    row(
        "POST",
        "/api/products",
        Seller,
        r#"{"title":"T","description":"","sku":"ACCESS-1","price":"1.00","quantity":1,"brand":"B","product_type":"LIGHT_FIXTURE","condition":"new","image_urls":[]}"#,
    ),
    row("GET", "/api/products/{id}", OwnerOrAdmin, ""),
    row(
        "PUT",
        "/api/products/{id}",
        SellerOwns,
        r#"{"title":"T","description":"","sku":"ACCESS-1","price":"1.00","quantity":1,"brand":"B","product_type":"LIGHT_FIXTURE","condition":"new","image_urls":[]}"#,
    ),
    row("POST", "/api/products/{id}/submit", SellerOwns, "{}"),
    row("POST", "/api/products/{id}/archive", SellerOwns, "{}"),
    row("GET", "/api/admin/products", Admin, ""),
    row("POST", "/api/admin/products/{id}/approve", Admin, "{}"),
    row("POST", "/api/admin/products/{id}/reject", Admin, r#"{"reason":"Not for us"}"#),
    row("POST", "/api/payouts/connect/account", Seller, ""),
    row("POST", "/api/payouts/connect/onboarding-link", Seller, ""),
    row("GET", "/api/payouts/balance", Seller, ""),
    row("POST", "/api/payouts/request", Seller, r#"{"amount_minor":100,"currency":"usd"}"#),
    row("GET", "/api/payouts/history", Seller, ""),
    row("GET", "/api/payouts/account/status", Seller, ""),
    row("GET", "/api/admin/payouts", Admin, ""),
    row("POST", "/api/webhooks/stripe", Public, ""),
    row("GET", "/api/products/{id}/amazon", OwnerOrAdmin, ""),
    row("DELETE", "/api/products/{id}/amazon", OwnerOrAdmin, ""),
    row("POST", "/api/products/{id}/amazon/sync", OwnerOrAdmin, ""),
    row("POST", "/api/products/{id}/amazon/check", OwnerOrAdmin, ""),
    row("GET", "/api/products/{id}/amazon/check", OwnerOrAdmin, ""),
    row("GET", "/api/product-types", Seller, ""),
    row("GET", "/api/product-types/{product_type}", Seller, ""),
    row("POST", "/api/admin/amazon/bulk-sync", Admin, ""),
    row("GET", "/api/admin/amazon/jobs/{id}", Admin, ""),
    row("GET", "/api/orders", Seller, ""),
    row("GET", "/api/admin/orders", Admin, ""),
    row("GET", "/api/earnings", Seller, ""),
    row("GET", "/api/earnings/balances", Seller, ""),
    row("GET", "/api/earnings/statement.csv", Seller, ""),
    row("GET", "/api/admin/earnings/summary", Admin, ""),
];

/// Server functions, by path.
pub(crate) const SERVER_FNS: &[Row] = &[
    row("POST", "/fn/auth/login", Public, ""),
    row("POST", "/fn/auth/logout", Public, ""),
    row("POST", "/fn/auth/password", SignedIn, "change[current_password]=not-it&change[new_password]=a-new-password"),
    row("POST", "/fn/auth/sign-out-everywhere", SignedIn, ""),
    row("GET", "/fn/admin/users", Admin, ""),
    row("POST", "/fn/admin/users/standing", Admin, "id={product}&disabled=true"),
    row("GET", "/fn/auth/me", Public, ""),
    row("GET", "/fn/site/config", Public, ""),
    row("GET", "/fn/notifications/list", SignedIn, "query[limit]=20"),
    row("GET", "/fn/notifications/bell", SignedIn, ""),
    row("GET", "/fn/notifications/unread-count", SignedIn, ""),
    row("POST", "/fn/notifications/mark", OwnRecord, "id={notification}&read=true"),
    row("POST", "/fn/notifications/open", OwnRecord, "id={notification}"),
    row("POST", "/fn/notifications/mark-all-read", SignedIn, ""),
    row("POST", "/fn/notifications/delete", OwnRecord, "id={notification}"),
    row(
        "POST",
        "/fn/notifications/demo",
        SignedIn,
        "input[kind]=info&input[title]=Hi&input[message]=Hello&input[action_url]=/notifications",
    ),
    row("GET", "/fn/products/list", Seller, ""),
    row("GET", "/fn/products/counts", Seller, ""),
    row("GET", "/fn/products/page", OwnerOrAdmin, "id={product}"),
    row(
        "POST",
        "/fn/products/save",
        SellerOwns,
        "id={product}&form[title]=T&form[sku]=ACCESS-2&form[price]=1.00&form[quantity]=1&form[brand]=B&form[product_type]=LIGHT_FIXTURE&form[condition]=new",
    ),
    row("POST", "/fn/products/submit", SellerOwns, "id={product}"),
    row("POST", "/fn/products/archive", SellerOwns, "id={product}"),
    row("GET", "/fn/admin/products/list", Admin, ""),
    row("GET", "/fn/admin/products/counts", Admin, ""),
    row("GET", "/fn/admin/products/queue", Admin, ""),
    row("POST", "/fn/admin/products/approve", Admin, "id={product}"),
    row("POST", "/fn/admin/products/reject", Admin, "id={product}&reason=Not+for+us"),
    row("POST", "/fn/payouts/connect", Seller, ""),
    row("POST", "/fn/payouts/onboarding-link", Seller, ""),
    row("POST", "/fn/payouts/request", Seller, "form[amount]=1.00&form[currency]=usd&form[description]="),
    row("GET", "/fn/payouts/dashboard", Seller, ""),
    row("GET", "/fn/payouts/balance-overview", Seller, ""),
    row("GET", "/fn/admin/payouts", Admin, ""),
    row("GET", "/fn/amazon/listing", OwnerOrAdmin, "product_id={product}"),
    row("POST", "/fn/amazon/sync", OwnerOrAdmin, "product_id={product}"),
    row("POST", "/fn/amazon/check", OwnerOrAdmin, "product_id={product}"),
    row("GET", "/fn/amazon/check/latest", OwnerOrAdmin, "product_id={product}"),
    row("GET", "/fn/amazon/needs-attention", SignedIn, ""),
    row("GET", "/fn/products/types", Seller, "q=lamp"),
    row("GET", "/fn/products/type-spec", Seller, "product_type=LIGHT_FIXTURE&offer=false"),
    row("GET", "/fn/products/catalog", Seller, "find=lamp"),
    row("POST", "/fn/amazon/delist", OwnerOrAdmin, "product_id={product}"),
    row("GET", "/fn/admin/amazon/listings", Admin, ""),
    row("POST", "/fn/admin/amazon/bulk-sync", Admin, ""),
    row("GET", "/fn/dashboard/seller", Seller, ""),
    row("GET", "/fn/dashboard/admin", Admin, ""),
    row("GET", "/fn/orders/list", Seller, ""),
    row("GET", "/fn/admin/orders", Admin, ""),
    row("GET", "/fn/earnings/statement", Seller, ""),
    row("GET", "/fn/earnings/balances", Seller, ""),
    row("GET", "/fn/admin/earnings/summary", Admin, ""),
];

/// Ids of records that belong to the first seller.
pub(crate) struct Fixture {
    pub(crate) product: String,
    pub(crate) notification: String,
    pub(crate) job: String,
}

impl Fixture {
    pub(crate) fn fill(&self, template: &str) -> String {
        template
            .replace("{product}", &self.product)
            .replace("{notification}", &self.notification)
            .replace("{job}", &self.job)
    }
}

pub(crate) async fn fixture(app: &TestApp, seller: &Client, admin: &Client) -> Fixture {
    // A draft product of the seller's, and a notification of theirs.
    let product: Value = seller
        .post(app.url("/api/products"))
        .json(&json!({
            "title": "Access check", "description": "", "sku": "ACCESS-0", "price": "5.00", "quantity": 1,
            "brand": "B", "product_type": "LIGHT_FIXTURE", "condition": "new", "image_urls": []
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let product = product["id"].as_str().expect("a product id").to_string();
    let res = seller
        .post(app.url("/fn/notifications/demo"))
        .header(ACCEPT, "application/json")
        .form(&[
            ("input[kind]", "info"),
            ("input[title]", "Mine"),
            ("input[message]", "A notification of the seller's"),
            ("input[action_url]", "/notifications"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let list: Vec<Value> = app.get(seller, "/api/notifications").await.json().await.unwrap();
    let notification = list[0]["id"].as_str().unwrap().to_string();
    let job: Value = admin.post(app.url("/api/admin/amazon/bulk-sync")).send().await.unwrap().json().await.unwrap();
    let job = job["job_id"].as_str().expect("a bulk job id").to_string();
    // Let the job finish (and send its notification) so it can't change anything later.
    for _ in 0..300 {
        let state: Value = app.get(admin, &format!("/api/admin/amazon/jobs/{job}")).await.json().await.unwrap();
        if state["status"] == "done" || state["status"] == "failed" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let news: Vec<Value> = app.get(admin, "/api/notifications").await.json().await.unwrap();
    assert!(news.iter().any(|n| n["title"] == "Bulk sync finished"), "the bulk job finished within 30 s");
    Fixture { product, notification, job }
}

/// Sends one row's request: REST paths get `{id}` from the row's kind of record.
async fn call(app: &TestApp, client: &Client, r: &Row, f: &Fixture) -> Response {
    let method = Method::from_bytes(r.method.as_bytes()).unwrap();
    if r.path.starts_with("/fn/") {
        let body = f.fill(r.body);
        let request = if method == Method::GET {
            client.get(app.url(&format!("{}?{body}", r.path)))
        } else {
            client.post(app.url(r.path)).header("content-type", "application/x-www-form-urlencoded").body(body)
        };
        return request.header(ACCEPT, "application/json").send().await.unwrap();
    }
    let id = if r.path.starts_with("/api/notifications") {
        &f.notification
    } else if r.path.contains("/jobs/") {
        &f.job
    } else {
        &f.product
    };
    let mut request = client.request(method, app.url(&r.path.replace("{id}", id)));
    if !r.body.is_empty() {
        request = request.header("content-type", "application/json").body(r.body.to_string());
    }
    request.send().await.unwrap()
}

/// The statuses each caller must get for a rule (None: not denied, not checked here).
fn expected(rule: Rule) -> [(&'static str, Option<u16>); 4] {
    let (anon, seller, seller2, admin) = match rule {
        Public => (None, None, None, None),
        SignedIn => (Some(401), None, None, None),
        Seller => (Some(401), None, None, Some(403)),
        SellerOwns => (Some(401), None, Some(404), Some(403)),
        OwnerOrAdmin => (Some(401), None, Some(404), None),
        Admin => (Some(401), Some(403), Some(403), None),
        OwnRecord => (Some(401), None, Some(404), Some(404)),
    };
    [("anonymous", anon), ("seller", seller), ("other seller", seller2), ("admin", admin)]
}

async fn openapi_routes(app: &TestApp) -> BTreeSet<(String, String)> {
    let spec: Value = reqwest::get(app.url("/api-docs/openapi.json")).await.unwrap().json().await.unwrap();
    let mut routes = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if ["get", "post", "put", "delete", "patch"].contains(&method.as_str()) {
                routes.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    routes
}

fn server_fn_routes() -> BTreeSet<(String, String)> {
    leptos::server_fn::axum::server_fn_paths().map(|(path, method)| (method.to_string(), path.to_string())).collect()
}

fn table_routes(rows: &[Row]) -> BTreeSet<(String, String)> {
    rows.iter().map(|r| (r.method.to_string(), r.path.to_string())).collect()
}

#[tokio::test]
async fn every_route_has_a_row() {
    let app = spawn_app().await;
    let rest = openapi_routes(&app).await;
    let rows = table_routes(REST);
    assert_eq!(
        rest.difference(&rows).collect::<Vec<_>>(),
        Vec::<&(String, String)>::new(),
        "REST routes without a row"
    );
    assert_eq!(rows.difference(&rest).collect::<Vec<_>>(), Vec::<&(String, String)>::new(), "rows for no REST route");
    let fns = server_fn_routes();
    let rows = table_routes(SERVER_FNS);
    assert_eq!(
        fns.difference(&rows).collect::<Vec<_>>(),
        Vec::<&(String, String)>::new(),
        "server functions without a row"
    );
    assert_eq!(
        rows.difference(&fns).collect::<Vec<_>>(),
        Vec::<&(String, String)>::new(),
        "rows for no server function"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_denies_who_it_should() {
    let app = spawn_app().await;
    let anonymous = app.client();
    let seller = app.signed_in(SELLER).await;
    let seller2 = app.signed_in(SELLER2).await;
    let admin = app.signed_in(ADMIN).await;
    let f = fixture(&app, &seller, &admin).await;
    let before: Value = app.get(&seller, &format!("/api/products/{}", f.product)).await.json().await.unwrap();

    let mut wrong = Vec::new();
    for r in REST.iter().chain(SERVER_FNS) {
        for ((who, expect), client) in expected(r.rule).into_iter().zip([&anonymous, &seller, &seller2, &admin]) {
            let Some(expect) = expect else { continue };
            let got = call(&app, client, r, &f).await.status().as_u16();
            if got != expect {
                wrong.push(format!("{} {} as {who}: expected {expect}, got {got}", r.method, r.path));
            }
        }
    }
    assert!(wrong.is_empty(), "access rules not kept:\n{}", wrong.join("\n"));

    // Nothing the denied calls asked for happened.
    let after: Value = app.get(&seller, &format!("/api/products/{}", f.product)).await.json().await.unwrap();
    assert_eq!(before, after, "the seller's product is untouched");
    let list: Vec<Value> = app.get(&seller, "/api/notifications").await.json().await.unwrap();
    assert!(list.iter().any(|n| n["id"] == f.notification.as_str()), "the seller's notification is still there");
}
