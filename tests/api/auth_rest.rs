//! `/api/auth/*`: sign-in success and failure, cookie flags, rotation, sign-out, rate limits,
//! and bad input that must get a clear 4xx and write nothing.

use hamro::auth::server::{repo, service};
use secrecy::SecretString;
use serde_json::json;

use crate::helpers::{ADMIN, SELLER, SELLER2, error_of, session_cookie, spawn_app, spawn_app_with};

#[tokio::test]
async fn seller_and_admin_sign_in_and_see_themselves() {
    let app = spawn_app().await;
    for ((email, password), role) in [(SELLER, "seller"), (SELLER2, "seller"), (ADMIN, "admin")] {
        let client = app.client();
        let res = app.login(&client, email, password).await;
        assert_eq!(res.status(), 200);
        let user: serde_json::Value = res.json().await.unwrap();
        assert_eq!(user["email"], email);
        assert_eq!(user["role"], role);
        assert!(user.get("password_hash").is_none(), "no secret leaves the server");
        let me: serde_json::Value = app.get(&client, "/api/auth/me").await.json().await.unwrap();
        assert_eq!(me["email"], email);
    }
}

#[tokio::test]
async fn email_is_matched_regardless_of_case_and_spaces() {
    let app = spawn_app().await;
    let res = app.login(&app.client(), "  Seller@Example.COM ", SELLER.1).await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn wrong_password_and_unknown_email_get_the_same_answer() {
    let app = spawn_app().await;
    let (s1, wrong_password) = error_of(app.login(&app.client(), SELLER.0, "not-the-password").await).await;
    let (s2, unknown_email) = error_of(app.login(&app.client(), "nobody@example.com", "whatever-it-is").await).await;
    assert_eq!((s1, s2), (401, 401));
    assert_eq!(wrong_password, unknown_email, "the answer gives no account away");
    assert_eq!(wrong_password["message"], "Invalid email or password.");
}

#[tokio::test]
async fn anonymous_me_is_401() {
    let app = spawn_app().await;
    let (status, error) = error_of(app.get(&app.client(), "/api/auth/me").await).await;
    assert_eq!(status, 401);
    assert_eq!(error["code"], "unauthorized");
}

#[tokio::test]
async fn session_cookie_is_http_only_lax_and_not_secure_in_development() {
    let app = spawn_app().await;
    let res = app.login(&app.client(), SELLER.0, SELLER.1).await;
    let cookie = session_cookie(&res).expect("a session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");
    assert!(cookie.contains("Max-Age="), "idle expiry: {cookie}");
    assert!(!cookie.contains("Secure"), "plain-http development: {cookie}");
}

#[tokio::test]
async fn session_cookie_is_secure_in_production() {
    // Production keeps its data: an on-disk database, not mem://.
    let db_url = format!(
        "surrealkv://{}/db",
        std::env::temp_dir().join(format!("hamro-prod-{}", uuid::Uuid::new_v4())).display()
    );
    let app = spawn_app_with(&[
        ("HAMRO_ENV", "production"),
        ("SURREAL_URL", &db_url),
        ("HAMRO_DEMO", "false"),
        ("STRIPE_SECRET_KEY", "sk_live_unused_in_this_test"),
        ("STRIPE_WEBHOOK_SECRET", "whsec_unused"),
        ("STRIPE_API_BASE", "http://127.0.0.1:9/"),
        ("AMAZON_REFRESH_TOKEN", "Atzr|unused"),
        ("AMAZON_LWA_APP_ID", "amzn1.application-oa2-client.unused"),
        ("AMAZON_LWA_CLIENT_SECRET", "unused"),
        ("AMAZON_SELLER_ID", "A1UNUSED"),
        ("AMAZON_SPAPI_ENDPOINT", "http://127.0.0.1:9"),
    ])
    .await;
    let account = service::NewAccount {
        email: "ops@example.com".into(),
        name: "Ops".into(),
        role: hamro::auth::model::Role::Admin,
        password: SecretString::from("a-long-admin-password"),
    };
    service::create_account(&app.state.db, account).await.unwrap();
    let res = app.login(&app.client(), "ops@example.com", "a-long-admin-password").await;
    assert_eq!(res.status(), 200);
    assert!(session_cookie(&res).unwrap().contains("Secure"));
}

#[tokio::test]
async fn signing_in_rotates_the_session_id() {
    let app = spawn_app().await;
    let client = app.client();
    let first = session_cookie(&app.login(&client, SELLER.0, SELLER.1).await).unwrap();
    let second = session_cookie(&app.login(&client, SELLER.0, SELLER.1).await).unwrap();
    let value = |c: &str| c.split(';').next().unwrap().to_string();
    assert_ne!(value(&first), value(&second), "a new id at each sign-in");

    // The old id is dead: a client holding only the first cookie is signed out.
    let stale =
        reqwest::Client::new().get(app.url("/api/auth/me")).header("cookie", value(&first)).send().await.unwrap();
    assert_eq!(stale.status(), 401);
}

#[tokio::test]
async fn sign_out_ends_the_session() {
    let app = spawn_app().await;
    let client = app.client();
    let cookie = session_cookie(&app.login(&client, SELLER.0, SELLER.1).await).unwrap();
    let cookie = cookie.split(';').next().unwrap().to_string();
    let res = client.post(app.url("/api/auth/logout")).send().await.unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(app.get(&client, "/api/auth/me").await.status(), 401);
    // The client dropped its cookie; the server must have dropped the session too: the
    // old cookie, sent again by someone who kept it, is signed out.
    let replayed = reqwest::Client::new().get(app.url("/api/auth/me")).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(replayed.status(), 401);
}

#[tokio::test]
async fn a_tampered_signed_cookie_is_ignored() {
    let app = spawn_app().await;
    let cookie = session_cookie(&app.login(&app.client(), SELLER.0, SELLER.1).await).unwrap();
    let cookie = cookie.split(';').next().unwrap().to_string();
    let me = |cookie: String| {
        let url = app.url("/api/auth/me");
        async move { reqwest::Client::new().get(url).header("cookie", cookie).send().await.unwrap().status() }
    };
    assert_eq!(me(cookie.clone()).await, 200, "the genuine cookie works");
    // Same shape and length, one character of the signed value changed.
    let last = cookie.chars().last().unwrap();
    let tampered = format!("{}{}", &cookie[..cookie.len() - 1], if last == 'A' { 'B' } else { 'A' });
    assert_eq!(me(tampered).await, 401);
}

#[tokio::test]
async fn forged_session_cookies_are_ignored() {
    let app = spawn_app().await;
    let res = reqwest::Client::new()
        .get(app.url("/api/auth/me"))
        .header("cookie", "hamro_session=AAAAAAAAAAAAAAAAAAAAAA")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
}

#[tokio::test]
async fn the_sixth_rapid_attempt_is_rate_limited() {
    let app = spawn_app().await;
    for _ in 0..5 {
        assert_eq!(app.login(&app.client(), SELLER.0, "wrong-password").await.status(), 401);
    }
    let res = app.login(&app.client(), SELLER.0, SELLER.1).await;
    assert_eq!(res.status(), 429, "even the right password waits");
    assert!(res.headers().contains_key("retry-after"));
    let (_, error) = error_of(res).await;
    assert!(error["message"].as_str().unwrap().starts_with("Too many failed sign-in attempts"));
}

#[tokio::test]
async fn bad_input_gets_a_clear_400_and_writes_nothing() {
    let app = spawn_app().await;
    let client = app.client();
    let cases = [
        (json!({ "email": "", "password": "x" }), Some("email")),
        (json!({ "email": "seller@example.com", "password": "" }), Some("password")),
        (json!({ "email": format!("{}@example.com", "a".repeat(300)), "password": "x" }), Some("email")),
        (json!({ "email": "seller@example.com", "password": "p".repeat(5000) }), Some("password")),
        (json!({ "email": "not an email", "password": "x" }), Some("email")),
        (json!({ "email": 42, "password": "x" }), None),
        (json!({ "password": "x" }), None),
    ];
    for (body, field) in cases {
        let res = client.post(app.url("/api/auth/login")).json(&body).send().await.unwrap();
        assert!(session_cookie(&res).is_none(), "no session for {body}");
        let (status, error) = error_of(res).await;
        assert_eq!(status, 400, "{body}");
        assert!(!error["message"].as_str().unwrap().is_empty());
        if let Some(field) = field {
            assert!(error["fields"][field].is_string(), "{body} flags {field}: {error}");
        }
    }
    let malformed = client
        .post(app.url("/api/auth/login"))
        .header("content-type", "application/json")
        .body("{\"email\": ")
        .send()
        .await
        .unwrap();
    let (status, error) = error_of(malformed).await;
    assert_eq!(status, 400);
    assert_eq!(error["message"], "The request body is not valid JSON.");

    let not_json = client.post(app.url("/api/auth/login")).body("email=a").send().await.unwrap();
    assert_eq!(not_json.status(), 400);

    // Nothing was written: still exactly the three demo accounts, and no sessions.
    let users: Option<i64> =
        app.state.db.query("SELECT count() FROM user GROUP ALL").await.unwrap().take((0, "count")).unwrap();
    assert_eq!(users, Some(3));
    let sessions: Option<i64> =
        app.state.db.query("SELECT count() FROM session GROUP ALL").await.unwrap().take((0, "count")).unwrap();
    assert_eq!(sessions.unwrap_or(0), 0);
}

#[tokio::test]
async fn a_taken_email_is_refused_and_demo_accounts_are_created_once() {
    let app = spawn_app().await;
    hamro::demo::server::ensure_demo_accounts(&app.state.db, &app.state.notifier).await.unwrap();
    let again = service::NewAccount {
        email: "SELLER@example.com".into(),
        name: "Copy".into(),
        role: hamro::auth::model::Role::Seller,
        password: SecretString::from("another-password"),
    };
    let err = service::create_account(&app.state.db, again).await.unwrap_err();
    assert!(err.field_error("email").is_some());
    assert!(repo::find_by_email(&app.state.db, "seller@example.com").await.unwrap().is_some());
    let users: Option<i64> =
        app.state.db.query("SELECT count() FROM user GROUP ALL").await.unwrap().take((0, "count")).unwrap();
    assert_eq!(users, Some(3));
}
