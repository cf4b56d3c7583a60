//! The bad-input corpus, over every endpoint that takes a body (the access matrix's tables):
//! malformed and oversized bodies, wrong types, unicode edge cases and huge numbers, sent by
//! a caller who is allowed to use the endpoint. Each must get a clear 4xx (never a 5xx, never
//! a success), and nothing may be written.

use reqwest::{Client, Method, header::ACCEPT};
use serde_json::{Map, Value, json};

use crate::{
    access::{Fixture, REST, Row, Rule, SERVER_FNS, fixture},
    helpers::{ADMIN, SELLER, TestApp, spawn_app},
};

/// Bodies that are wrong whatever the endpoint expects.
fn whole_bodies() -> Vec<(String, String)> {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    [
        ("empty", String::new()),
        ("truncated", "{".to_string()),
        ("an array", "[]".to_string()),
        ("a string", r#""text""#.to_string()),
        ("a number out of range", "1e400".to_string()),
        ("a lone surrogate", r#"{"title":"\ud800"}"#.to_string()),
        ("deep nesting", deep),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

/// Values no field accepts: each replaces one field of a valid body in turn.
fn bad_values() -> Vec<(&'static str, Value)> {
    vec![
        ("an object", json!({})),
        ("100k characters with NUL and RTL marks", json!(format!("\u{0}\u{202e}{}", "é".repeat(100_000)))),
        ("a huge integer", json!(u64::MAX)),
    ]
}

fn caller<'a>(rule: Rule, seller: &'a Client, admin: &'a Client) -> &'a Client {
    if rule == Rule::Admin { admin } else { seller }
}

async fn send_json(app: &TestApp, client: &Client, r: &Row, f: &Fixture, body: String) -> u16 {
    let id = if r.path.starts_with("/api/notifications") { &f.notification } else { &f.product };
    let method = Method::from_bytes(r.method.as_bytes()).unwrap();
    client
        .request(method, app.url(&r.path.replace("{id}", id)))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// Announces a 3 MiB body and sends only its first bytes: the server must refuse it from the
/// headers (413) without reading it. Raw TCP, because an HTTP client still writing the body
/// when the server answers and closes sees a broken connection instead of the status.
async fn oversized(app: &TestApp, method: &str, path: &str, content_type: &str) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{{",
        app.addr,
        3 * 1024 * 1024
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = vec![0u8; 64];
    let n = tokio::time::timeout(std::time::Duration::from_secs(10), stream.read(&mut answer)).await.unwrap().unwrap();
    let line = String::from_utf8_lossy(&answer[..n]).to_string();
    line.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

async fn send_form(app: &TestApp, client: &Client, path: &str, body: String) -> u16 {
    client
        .post(app.url(path))
        .header(ACCEPT, "application/json")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// What the corpus must not change: the seller's products and payouts, everyone's news.
async fn snapshot(app: &TestApp, seller: &Client, admin: &Client) -> Value {
    let products: Value = app.get(admin, "/api/admin/products").await.json().await.unwrap();
    let payouts: Value = app.get(seller, "/api/payouts/history").await.json().await.unwrap();
    let seller_news: Value = app.get(seller, "/api/notifications?limit=100").await.json().await.unwrap();
    let admin_news: Value = app.get(admin, "/api/notifications?limit=100").await.json().await.unwrap();
    json!({ "products": products, "payouts": payouts, "seller_news": seller_news, "admin_news": admin_news })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_bodies_get_a_4xx_and_write_nothing() {
    let app = spawn_app().await;
    let seller = app.signed_in(SELLER).await;
    let admin = app.signed_in(ADMIN).await;
    let f = fixture(&app, &seller, &admin).await;
    let before = snapshot(&app, &seller, &admin).await;
    let mut wrong = Vec::new();
    let mut check = |what: String, status: u16| {
        if !(400..500).contains(&status) {
            wrong.push(format!("{what}: {status}"));
        }
    };

    // REST: every endpoint with a JSON body, plus sign-in and the webhook.
    let login = Row {
        method: "POST",
        path: "/api/auth/login",
        rule: Rule::Public,
        body: r#"{"email":"a@b.co","password":"x"}"#,
    };
    let webhook = Row { method: "POST", path: "/api/webhooks/stripe", rule: Rule::Public, body: "{}" };
    let rows: Vec<&Row> = REST.iter().filter(|r| !r.body.is_empty()).chain([&login, &webhook]).collect();
    for r in &rows {
        let client = if r.rule == Rule::Public { app.client() } else { caller(r.rule, &seller, &admin).clone() };
        for (name, body) in whole_bodies() {
            // No body at all is how these endpoints are meant to be called (the version is optional).
            if name == "empty" && r.body == "{}" {
                continue;
            }
            check(format!("{} {} with {name}", r.method, r.path), send_json(&app, &client, r, &f, body).await);
        }
        let path = r.path.replace("{id}", &f.product);
        check(
            format!("{} {} with 3 MiB", r.method, r.path),
            oversized(&app, r.method, &path, "application/json").await,
        );
        let Ok(Value::Object(valid)) = serde_json::from_str::<Value>(r.body) else { continue };
        for field in valid.keys() {
            for (name, value) in bad_values() {
                let mut body: Map<String, Value> = valid.clone();
                body.insert(field.clone(), value);
                let status = send_json(&app, &client, r, &f, Value::Object(body).to_string()).await;
                check(format!("{} {} with {field} = {name}", r.method, r.path), status);
            }
        }
    }

    // Server functions that take a form.
    for r in SERVER_FNS.iter().filter(|r| r.method == "POST" && !r.body.is_empty() && r.rule != Rule::Public) {
        let client = caller(r.rule, &seller, &admin);
        let valid = f.fill(r.body);
        for (name, body) in [("an empty form", String::new()), ("broken percent-encoding", "%zz=%%".to_string())] {
            check(format!("{} with {name}", r.path), send_form(&app, client, r.path, body).await);
        }
        let status = oversized(&app, "POST", r.path, "application/x-www-form-urlencoded").await;
        check(format!("{} with 3 MiB", r.path), status);
        let pairs: Vec<(String, String)> =
            valid.split('&').filter_map(|p| p.split_once('=')).map(|(k, v)| (k.to_string(), v.to_string())).collect();
        for i in 0..pairs.len() {
            for (name, value) in
                [("20k characters", "%C3%A9".repeat(20_000)), ("a NUL and RTL mark", "%00%E2%80%AE".into())]
            {
                let body: Vec<String> = pairs
                    .iter()
                    .enumerate()
                    .map(|(j, (k, v))| if i == j { format!("{k}={value}") } else { format!("{k}={v}") })
                    .collect();
                let status = send_form(&app, client, r.path, body.join("&")).await;
                // A NUL or RTL mark is a fine value for an id or a free-text field, which then
                // names no record (404) or is refused; either way never a success or a 5xx.
                check(format!("{} with {} = {name}", r.path, pairs[i].0), status);
            }
        }
    }
    assert!(wrong.is_empty(), "bad input not refused with a 4xx:\n{}", wrong.join("\n"));
    assert_eq!(snapshot(&app, &seller, &admin).await, before, "nothing was written");
}
