//! Health, docs, and the plumbing every request goes through.

use crate::helpers::spawn_app;

#[tokio::test]
async fn healthz_answers_when_the_database_does() {
    let app = spawn_app().await;
    let res = reqwest::get(app.url("/healthz")).await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers().contains_key("x-request-id"), "every response carries a request id");
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], true);
}

#[tokio::test]
async fn openapi_documents_the_auth_endpoints() {
    let app = spawn_app().await;
    let spec: serde_json::Value = reqwest::get(app.url("/api-docs/openapi.json")).await.unwrap().json().await.unwrap();
    for path in ["/api/auth/login", "/api/auth/logout", "/api/auth/me", "/healthz"] {
        assert!(spec["paths"][path].is_object(), "{path} is documented");
    }
    let docs = reqwest::get(app.url("/docs/")).await.unwrap();
    assert_eq!(docs.status(), 200);
    assert!(docs.text().await.unwrap().contains("swagger"), "the docs UI is served");
}

#[tokio::test]
async fn unknown_api_paths_are_json_404s() {
    let app = spawn_app().await;
    let res = reqwest::get(app.url("/api/nothing-here")).await.unwrap();
    assert_eq!(res.status(), 404);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_found");
}

#[tokio::test]
async fn oversized_bodies_are_refused_before_any_handler() {
    let app = spawn_app().await;
    let huge = "x".repeat(2 * 1024 * 1024);
    let res = reqwest::Client::new()
        .post(app.url("/api/auth/login"))
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
}

#[tokio::test]
async fn the_bundle_is_served_with_cache_headers_and_linked_from_pages() {
    let app = spawn_app().await;
    let page = reqwest::get(app.url("/login")).await.unwrap().text().await.unwrap();
    assert!(page.contains(r#"href="/pkg/hamro.css""#), "the stylesheet link (plain name in a test build)");
    let css = reqwest::get(app.url("/pkg/hamro.css")).await.unwrap();
    assert_eq!(css.status(), 200);
    // Test and debug builds don't hash file names: browsers revalidate every time.
    assert_eq!(css.headers()["cache-control"], "no-cache");
    assert!(css.headers().contains_key("last-modified"));
}
