//! Sessions that end: a password change ends the user's other sessions, "sign out
//! everywhere" ends all of them, an admin disabling an account ends its sessions and stops
//! it signing in, and a changed role ends the old session.

use serde_json::{Value, json};

use crate::helpers::{ADMIN, SELLER, TestApp, error_of, spawn_app};

async fn me(app: &TestApp, client: &reqwest::Client) -> u16 {
    app.get(client, "/api/auth/me").await.status().as_u16()
}

async fn seller_id(app: &TestApp, seller: &reqwest::Client) -> String {
    let user: Value = app.get(seller, "/api/auth/me").await.json().await.unwrap();
    user["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_password_change_ends_the_other_sessions_and_keeps_this_one() {
    let app = spawn_app().await;
    let (laptop, phone) = (app.signed_in(SELLER).await, app.signed_in(SELLER).await);
    let change = |current: &str| json!({ "current_password": current, "new_password": "a-fresh-password-2026" });

    let (status, error) =
        error_of(laptop.post(app.url("/api/auth/password")).json(&change("not-it")).send().await.unwrap()).await;
    assert_eq!(status, 400);
    assert_eq!(error["fields"]["current_password"], "That is not your current password.");
    assert_eq!(me(&app, &phone).await, 200, "a refused change ends nothing");

    let res = laptop.post(app.url("/api/auth/password")).json(&change(SELLER.1)).send().await.unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(me(&app, &laptop).await, 200, "this session goes on");
    assert_eq!(me(&app, &phone).await, 401, "the other device is signed out");
    assert_eq!(app.login(&app.client(), SELLER.0, SELLER.1).await.status(), 401, "the old password is gone");
    assert_eq!(app.login(&app.client(), SELLER.0, "a-fresh-password-2026").await.status(), 200);
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_session() {
    let app = spawn_app().await;
    let (laptop, phone) = (app.signed_in(SELLER).await, app.signed_in(SELLER).await);
    assert_eq!(laptop.post(app.url("/api/auth/sign-out-everywhere")).send().await.unwrap().status(), 204);
    assert_eq!(me(&app, &laptop).await, 401);
    assert_eq!(me(&app, &phone).await, 401);
    assert_eq!(app.login(&app.client(), SELLER.0, SELLER.1).await.status(), 200, "signing in again works");
}

#[tokio::test]
async fn a_disabled_account_is_signed_out_at_once_and_cannot_sign_in() {
    let app = spawn_app().await;
    let (seller, admin) = (app.signed_in(SELLER).await, app.signed_in(ADMIN).await);
    let id = seller_id(&app, &seller).await;
    let users: Vec<Value> = app.get(&admin, "/api/admin/users").await.json().await.unwrap();
    assert!(users.iter().any(|u| u["id"] == id.as_str() && u["disabled"] == false));

    assert_eq!(admin.post(app.url(&format!("/api/admin/users/{id}/disable"))).send().await.unwrap().status(), 204);
    assert_eq!(me(&app, &seller).await, 401);
    let (status, error) = error_of(app.login(&app.client(), SELLER.0, SELLER.1).await).await;
    assert_eq!(status, 409);
    assert!(error["message"].as_str().unwrap().contains("disabled"), "{error}");
    // A wrong password still says only that: disabling reveals nothing to a guesser.
    assert_eq!(app.login(&app.client(), SELLER.0, "wrong-password").await.status(), 401);

    assert_eq!(admin.post(app.url(&format!("/api/admin/users/{id}/enable"))).send().await.unwrap().status(), 204);
    assert_eq!(app.login(&app.client(), SELLER.0, SELLER.1).await.status(), 200);
    let admin_id: Value = app.get(&admin, "/api/auth/me").await.json().await.unwrap();
    let own = admin.post(app.url(&format!("/api/admin/users/{}/disable", admin_id["id"].as_str().unwrap()))).send();
    assert_eq!(own.await.unwrap().status(), 409, "not their own account");
}

#[tokio::test]
async fn a_changed_role_ends_the_session_within_seconds() {
    let app = spawn_app().await;
    let admin = app.signed_in(ADMIN).await;
    let user: Value = app.get(&admin, "/api/auth/me").await.json().await.unwrap();
    app.state
        .db
        .query("UPDATE type::record('user', $id) SET role = 'seller'")
        .bind(("id", user["id"].as_str().unwrap().to_string()))
        .await
        .unwrap()
        .check()
        .unwrap();
    // Another instance (here: a change behind the service's back) is seen within the
    // standing's few seconds in memory.
    tokio::time::sleep(std::time::Duration::from_millis(5_500)).await;
    assert_eq!(me(&app, &admin).await, 401, "the admin session of a demoted user ended");
}
