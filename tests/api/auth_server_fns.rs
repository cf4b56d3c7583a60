//! Server functions are public endpoints too: the same guards and status codes as REST, and
//! plain-HTML form posts that work without JavaScript.

use reqwest::header::{ACCEPT, LOCATION, REFERER};

use crate::helpers::{ADMIN, SELLER, session_cookie, spawn_app};

const LOGIN_FN: &str = "/fn/auth/login";

fn form(email: &str, password: &str) -> Vec<(&'static str, String)> {
    vec![("input[email]", email.to_string()), ("input[password]", password.to_string())]
}

#[tokio::test]
async fn login_fn_answers_json_clients_with_status_codes() {
    let app = spawn_app().await;
    let client = app.client();
    let ok = client
        .post(app.url(LOGIN_FN))
        .header(ACCEPT, "application/json")
        .form(&form(SELLER.0, SELLER.1))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    assert!(session_cookie(&ok).is_some());
    assert_eq!(ok.headers().get(LOCATION).unwrap(), "/seller");
    let user: serde_json::Value = ok.json().await.unwrap();
    assert_eq!(user["role"], "seller");

    let bad = app
        .client()
        .post(app.url(LOGIN_FN))
        .header(ACCEPT, "application/json")
        .form(&form(SELLER.0, "wrong-password"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 401);
    let err: serde_json::Value = bad.json().await.unwrap();
    assert_eq!(err["kind"], "invalid_credentials");
}

#[tokio::test]
async fn login_fn_without_javascript_redirects_with_the_error_or_to_the_dashboard() {
    let app = spawn_app().await;
    let referer = app.url("/login");
    let failed = app
        .client()
        .post(app.url(LOGIN_FN))
        .header(ACCEPT, "text/html")
        .header(REFERER, &referer)
        .form(&form(SELLER.0, "wrong-password"))
        .send()
        .await
        .unwrap();
    assert_eq!(failed.status(), 302);
    let location = failed.headers().get(LOCATION).unwrap().to_str().unwrap();
    assert!(location.starts_with(&referer) && location.contains("__err="), "{location}");

    // The page it lands on shows the message, rendered on the server.
    let page = app.client().get(location).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Invalid email or password."), "the error is on the page");

    let ok = app
        .client()
        .post(app.url(LOGIN_FN))
        .header(ACCEPT, "text/html")
        .header(REFERER, &referer)
        .form(&[("input[email]", ADMIN.0), ("input[password]", ADMIN.1), ("next", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 302);
    assert_eq!(ok.headers().get(LOCATION).unwrap(), "/admin");
}

#[tokio::test]
async fn login_fn_follows_only_local_next_paths() {
    let app = spawn_app().await;
    for (next, expected) in [("/admin", "/admin"), ("//evil.example/x", "/admin"), ("https://evil.example", "/admin")] {
        let res = app
            .client()
            .post(app.url(LOGIN_FN))
            .header(ACCEPT, "text/html")
            .header(REFERER, app.url("/login"))
            .form(&[("input[email]", ADMIN.0), ("input[password]", ADMIN.1), ("next", next)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers().get(LOCATION).unwrap(), expected, "next={next}");
    }
}

#[tokio::test]
async fn malformed_server_fn_arguments_are_a_400() {
    let app = spawn_app().await;
    let res = app
        .client()
        .post(app.url(LOGIN_FN))
        .header(ACCEPT, "application/json")
        .form(&[("nonsense", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
}

#[tokio::test]
async fn admin_functions_answer_401_and_403_by_role() {
    let app = spawn_app().await;
    let anonymous = app.client().get(app.url("/fn/dashboard/admin")).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);

    let seller = app.signed_in(SELLER).await;
    assert_eq!(seller.get(app.url("/fn/dashboard/admin")).send().await.unwrap().status(), 403);
    assert_eq!(seller.get(app.url("/fn/dashboard/seller")).send().await.unwrap().status(), 200);

    let admin = app.signed_in(ADMIN).await;
    let overview: serde_json::Value =
        admin.get(app.url("/fn/dashboard/admin")).send().await.unwrap().json().await.unwrap();
    assert_eq!(overview["sellers"], 2);
    assert_eq!(overview["admins"], 1);
    assert_eq!(admin.get(app.url("/fn/dashboard/seller")).send().await.unwrap().status(), 403);
}

#[tokio::test]
async fn logout_fn_ends_the_session() {
    let app = spawn_app().await;
    let client = app.client();
    let cookie = crate::helpers::session_cookie(&app.login(&client, SELLER.0, SELLER.1).await).unwrap();
    let cookie = cookie.split(';').next().unwrap().to_string();
    let res = client.post(app.url("/fn/auth/logout")).header(ACCEPT, "application/json").send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(app.get(&client, "/api/auth/me").await.status(), 401);
    let replayed = reqwest::Client::new().get(app.url("/api/auth/me")).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(replayed.status(), 401, "the old cookie, replayed, is signed out");
}
