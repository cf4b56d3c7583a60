//! Server-rendered pages: redirects for anonymous users, 403 for the wrong role, 404.

use reqwest::header::{ACCEPT, LOCATION};

use crate::helpers::{ADMIN, SELLER, spawn_app};

#[tokio::test]
async fn anonymous_visitors_are_sent_to_login() {
    let app = spawn_app().await;
    for path in ["/seller", "/admin"] {
        let res = app.client().get(app.url(path)).header(ACCEPT, "text/html").send().await.unwrap();
        assert_eq!(res.status(), 302, "{path}");
        assert_eq!(res.headers().get(LOCATION).unwrap().to_str().unwrap(), format!("/login?next={path}"));
    }
    let root = app.get(&app.client(), "/").await;
    assert_eq!(root.headers().get(LOCATION).unwrap(), "/login");
}

#[tokio::test]
async fn login_page_has_the_form_the_ui_contract_names() {
    let app = spawn_app().await;
    let res = app.get(&app.client(), "/login").await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    for needle in [">Email</label>", ">Password</label>", ">Sign in<", "action=\"/fn/auth/login\""] {
        assert!(html.contains(needle), "login page contains {needle}");
    }
}

#[tokio::test]
async fn each_role_gets_its_dashboard_and_a_403_elsewhere() {
    let app = spawn_app().await;
    let seller = app.signed_in(SELLER).await;
    let home = app.get(&seller, "/seller").await;
    assert_eq!(home.status(), 200);
    let html = home.text().await.unwrap();
    assert!(html.contains("Welcome back, Sita"));
    assert!(html.contains("aria-current=\"page\""), "the active nav item is marked");
    assert!(html.contains("Sign out"));

    let forbidden = app.get(&seller, "/admin").await;
    assert_eq!(forbidden.status(), 403);
    assert!(forbidden.text().await.unwrap().contains("You don't have access to this page"));

    let admin = app.signed_in(ADMIN).await;
    assert_eq!(app.get(&admin, "/admin").await.status(), 200);
    assert_eq!(app.get(&admin, "/seller").await.status(), 403);
    assert_eq!(app.get(&admin, "/").await.headers().get(LOCATION).unwrap(), "/admin");
    assert_eq!(app.get(&admin, "/login").await.headers().get(LOCATION).unwrap(), "/admin");
}

#[tokio::test]
async fn unknown_pages_are_404() {
    let app = spawn_app().await;
    let res = app.get(&app.client(), "/no/such/page").await;
    assert_eq!(res.status(), 404);
    assert!(res.text().await.unwrap().contains("Page not found"));
}

/// Islands mode: only the interactive parts ship to the browser, with their data as props;
/// the page's own resources are not serialised into it.
#[tokio::test]
async fn pages_ship_islands_with_props_and_no_page_data() {
    let app = spawn_app().await;
    let seller = app.signed_in(SELLER).await;
    let home = app.get(&seller, "/seller").await.text().await.unwrap();
    assert!(home.contains("<leptos-island data-component=\"Bell_"), "the bell is an island");
    assert!(home.contains("data-props="), "islands carry their props");
    assert!(
        !home.contains("__RESOLVED_RESOURCES[") && !home.contains("__SERIALIZED_ERRORS["),
        "no page data in the HTML"
    );
    let notifications = app.get(&seller, "/notifications").await.text().await.unwrap();
    assert!(notifications.contains("data-component=\"NotificationCenter_"));
    let payouts = app.get(&seller, "/seller/payouts").await.text().await.unwrap();
    assert!(payouts.contains("data-component=\"Refresher_") || payouts.contains("Connect Stripe"));
    let login = app.get(&app.client(), "/login").await.text().await.unwrap();
    assert!(!login.contains("<leptos-island"), "the sign-in page is plain HTML");
    assert!(login.contains("leptos-island"), "the loader is there all the same (it marks the page hydrated)");
}
