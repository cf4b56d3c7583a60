//! What a browser on another site cannot make Hamro do, and what every answer tells the
//! browser: forged cross-site requests are refused before they run, JSON bodies only come
//! as JSON, pages carry their Content-Security-Policy and are never stored, and the payouts
//! page's notices are codes, not text from the URL.

use reqwest::header::{ACCEPT, CONTENT_TYPE};
use serde_json::Value;

use crate::helpers::{SELLER, TestApp, error_of, session_cookie, spawn_app};

const DRAFT: &str = r#"{"title":"T","description":"","sku":"SEC-1","price":"1.00","quantity":1,"brand":"B","product_type":"LIGHT_FIXTURE","condition":"new","image_urls":[]}"#;

async fn draft(app: &TestApp, seller: &reqwest::Client) -> String {
    let res = seller
        .post(app.url("/api/products"))
        .header(CONTENT_TYPE, "application/json")
        .body(DRAFT)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let product: Value = res.json().await.unwrap();
    product["id"].as_str().unwrap().to_string()
}

async fn status_of(app: &TestApp, seller: &reqwest::Client, id: &str) -> String {
    let product: Value = app.get(seller, &format!("/api/products/{id}")).await.json().await.unwrap();
    product["status"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_sign_in_form_posted_from_another_site_is_refused_and_signs_no_one_in() {
    let app = spawn_app().await;
    let form = [("input[email]", SELLER.0), ("input[password]", SELLER.1)];
    for (header, value) in
        [("sec-fetch-site", "cross-site"), ("sec-fetch-site", "same-site"), ("origin", "https://evil.example")]
    {
        let res = app.client().post(app.url("/fn/auth/login")).header(header, value).form(&form).send().await.unwrap();
        assert!(session_cookie(&res).is_none(), "{header}: {value} got a session");
        let (status, error) = error_of(res).await;
        assert_eq!((status, error["code"].as_str()), (403, Some("cross_site_request")), "{header}: {value}");
        assert!(error["message"].as_str().unwrap().contains("another site"));
    }
    // The same form from Hamro's own page signs in.
    let res = app
        .client()
        .post(app.url("/fn/auth/login"))
        .header("sec-fetch-site", "same-origin")
        .header(ACCEPT, "application/json")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(session_cookie(&res).is_some());
}

#[tokio::test]
async fn a_forged_post_with_the_victims_cookie_changes_nothing() {
    let app = spawn_app().await;
    let seller = app.signed_in(SELLER).await;
    let id = draft(&app, &seller).await;
    let forged = seller
        .post(app.url(&format!("/api/products/{id}/archive")))
        .header("origin", "https://shop.evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    let logout = seller.post(app.url("/fn/auth/logout")).header("sec-fetch-site", "cross-site").send().await.unwrap();
    assert_eq!(logout.status(), 403);
    assert_eq!(status_of(&app, &seller, &id).await, "draft");
    assert_eq!(app.get(&seller, "/api/auth/me").await.status(), 200, "still signed in");
    // Stripe's webhook is posted by Stripe, not by a page: it is judged by its signature.
    let webhook = app
        .client()
        .post(app.url("/api/webhooks/stripe"))
        .header("sec-fetch-site", "cross-site")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(webhook.status(), 400, "unsigned, so refused by the webhook itself");
}

#[tokio::test]
async fn bodies_are_read_only_as_json() {
    let app = spawn_app().await;
    let seller = app.signed_in(SELLER).await;
    let id = draft(&app, &seller).await;
    let archive = app.url(&format!("/api/products/{id}/archive"));
    for (content_type, body) in
        [(Some("text/plain"), "{}"), (Some("application/x-www-form-urlencoded"), ""), (None, "{}")]
    {
        let mut req = seller.post(&archive).body(body);
        if let Some(content_type) = content_type {
            req = req.header(CONTENT_TYPE, content_type);
        }
        let (status, error) = error_of(req.send().await.unwrap()).await;
        assert_eq!(status, 400, "{content_type:?}");
        assert!(error["message"].as_str().unwrap().contains("Content-Type: application/json"), "{error}");
    }
    assert_eq!(status_of(&app, &seller, &id).await, "draft");
    let res = seller.post(&archive).header(CONTENT_TYPE, "application/json").body("{}").send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(seller.post(app.url("/api/products")).body("").send().await.unwrap().status(), 400);
}

#[tokio::test]
async fn pages_carry_a_policy_their_own_scripts_satisfy_and_are_never_stored() {
    let app = spawn_app().await;
    let seller = app.signed_in(SELLER).await;
    for path in ["/login", "/seller/products"] {
        let client = if path == "/login" { app.client() } else { seller.clone() };
        let res = app.get(&client, path).await;
        assert_eq!(res.status(), 200, "{path}");
        let header = |name: &str| res.headers().get(name).map(|v| v.to_str().unwrap().to_string());
        assert_eq!(header("x-frame-options").as_deref(), Some("DENY"));
        assert_eq!(header("x-content-type-options").as_deref(), Some("nosniff"));
        assert_eq!(header("cache-control").as_deref(), Some("no-store"), "{path}");
        let csp = header("content-security-policy").expect("a policy");
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("'wasm-unsafe-eval'"), "{csp}");
        let nonce = csp.split("'nonce-").nth(1).and_then(|r| r.split('\'').next()).expect("a nonce").to_string();
        let html = res.text().await.unwrap();
        let scripts = html.matches("<script").count();
        assert!(scripts > 0, "{path}");
        assert_eq!(
            html.matches(&format!("nonce=\"{nonce}\"")).count(),
            scripts,
            "{path}: every script carries the nonce"
        );
        assert!(!html.contains(" style=\""), "{path}: the policy allows no inline styles");
    }
    let other = app.get(&app.client(), "/login").await;
    let first = app.get(&app.client(), "/login").await;
    assert_ne!(
        other.headers()["content-security-policy"],
        first.headers()["content-security-policy"],
        "a new nonce per page"
    );
}

#[tokio::test]
async fn the_payouts_page_shows_notices_by_code_never_text_from_the_url() {
    let app = spawn_app().await;
    let seller = app.signed_in(SELLER).await;
    let planted = app.get(&seller, "/seller/payouts?notice=Your+account+is+suspended.+Call+%2B1+555+0100").await;
    assert_eq!(planted.status(), 200);
    let html = planted.text().await.unwrap();
    assert!(!html.contains("suspended") && !html.contains("payouts-notice"), "unknown codes show nothing");
    let known = app.get(&seller, "/seller/payouts?notice=onboarding_unavailable").await.text().await.unwrap();
    assert!(known.contains("Stripe onboarding could not be opened just now"));
}

async fn sign_in_from(app: &TestApp, forwarded_for: &str, password: &str) -> u16 {
    let body = serde_json::json!({ "email": SELLER.0, "password": password });
    let res = app.client().post(app.url("/api/auth/login")).header("x-forwarded-for", forwarded_for).json(&body).send();
    res.await.unwrap().status().as_u16()
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_has_its_own_budget_of_failures() {
    let app = crate::helpers::spawn_app_with(&[
        ("HAMRO_LOGIN_ATTEMPTS_PER_MINUTE", "2"),
        ("HAMRO_TRUSTED_PROXIES", "127.0.0.1"),
    ])
    .await;
    // Correct sign-ins use up nothing: a whole office behind one address signs in.
    for _ in 0..6 {
        assert_eq!(sign_in_from(&app, "198.51.100.1", SELLER.1).await, 200);
    }
    // An attacker's failures lock out the attacker's address ...
    assert_eq!(sign_in_from(&app, "203.0.113.66", "wrong-password").await, 401);
    let body = serde_json::json!({ "email": "someone-else@example.com", "password": "wrong-password" });
    let other_account =
        app.client().post(app.url("/api/auth/login")).header("x-forwarded-for", "203.0.113.66").json(&body);
    assert_eq!(other_account.send().await.unwrap().status(), 401);
    assert_eq!(sign_in_from(&app, "203.0.113.66", SELLER.1).await, 429);
    // ... not the office, which the load balancer tells apart.
    assert_eq!(sign_in_from(&app, "198.51.100.1", SELLER.1).await, 200);
}

#[tokio::test]
async fn without_trusted_proxies_a_forwarded_header_is_not_believed() {
    let app = crate::helpers::spawn_app_with(&[("HAMRO_LOGIN_ATTEMPTS_PER_MINUTE", "2")]).await;
    for n in 0..2 {
        let body = serde_json::json!({ "email": format!("nobody{n}@example.com"), "password": "wrong-password" });
        let res = app
            .client()
            .post(app.url("/api/auth/login"))
            .header("x-forwarded-for", format!("203.0.113.{n}"))
            .json(&body);
        assert_eq!(res.send().await.unwrap().status(), 401);
    }
    // A made-up hop doesn't buy a fresh budget: the peer (127.0.0.1) spent it.
    assert_eq!(sign_in_from(&app, "203.0.113.99", SELLER.1).await, 429);
}
