//! The notification center: the service other domains call, and its REST API.

use hamro::{
    auth::server::repo,
    notifications::model::{ListQuery, NotificationType},
};
use reqwest::header::{ETAG, IF_NONE_MATCH};

use crate::helpers::{ADMIN, SELLER, SELLER2, TestApp, error_of, spawn_app};

async fn user_id(app: &TestApp, email: &str) -> String {
    repo::find_by_email(&app.state.db, email).await.unwrap().unwrap().id
}

/// The unread rows actually in the table, to compare with the maintained counter.
async fn unread_rows(app: &TestApp, user: &str) -> u64 {
    let n: Option<i64> = app
        .state
        .db
        .query("SELECT count() FROM notification WHERE user = type::record('user', $u) AND is_read = false GROUP ALL")
        .bind(("u", user.to_string()))
        .await
        .unwrap()
        .take((0, "count"))
        .unwrap();
    n.unwrap_or(0) as u64
}

async fn count_via_api(app: &TestApp, client: &reqwest::Client) -> u64 {
    let body: serde_json::Value = app.get(client, "/api/notifications/unread-count").await.json().await.unwrap();
    body["count"].as_u64().unwrap()
}

#[tokio::test]
async fn demo_accounts_start_with_a_welcome() {
    let app = spawn_app().await;
    let client = app.signed_in(SELLER).await;
    let list: Vec<serde_json::Value> = app.get(&client, "/api/notifications").await.json().await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["title"], "Welcome to Hamro");
    assert_eq!(list[0]["type"], "info");
    assert_eq!(list[0]["is_read"], false);
    assert_eq!(count_via_api(&app, &client).await, 1);
}

#[tokio::test]
async fn lists_newest_first_with_limits_and_a_cursor() {
    let app = spawn_app().await;
    let seller = user_id(&app, SELLER.0).await;
    for i in 0..25 {
        app.state.notifier.notify(&seller, NotificationType::Success, &format!("N{i}"), "m", None).await.unwrap();
    }
    let client = app.signed_in(SELLER).await;
    let first: Vec<serde_json::Value> = app.get(&client, "/api/notifications?limit=10").await.json().await.unwrap();
    assert_eq!(first.len(), 10);
    assert_eq!(first[0]["title"], "N24", "newest first");
    let cursor = first[9]["id"].as_str().unwrap();
    let second: Vec<serde_json::Value> =
        app.get(&client, &format!("/api/notifications?limit=10&before={cursor}")).await.json().await.unwrap();
    assert_eq!(second[0]["title"], "N14");
    let default: Vec<serde_json::Value> = app.get(&client, "/api/notifications").await.json().await.unwrap();
    assert_eq!(default.len(), 20, "20 by default");

    for bad in ["limit=0", "limit=101", "limit=abc", "before=not-an-id", "unread_only=maybe"] {
        let (status, error) = error_of(app.get(&client, &format!("/api/notifications?{bad}")).await).await;
        assert_eq!(status, 400, "{bad}");
        assert!(!error["message"].as_str().unwrap().is_empty());
    }
}

#[tokio::test]
async fn anonymous_requests_get_401_everywhere() {
    let app = spawn_app().await;
    let c = app.client();
    let id = "0".repeat(32);
    let cases = [
        c.get(app.url("/api/notifications")),
        c.get(app.url("/api/notifications/unread-count")),
        c.put(app.url(&format!("/api/notifications/{id}/read"))),
        c.put(app.url(&format!("/api/notifications/{id}/unread"))),
        c.put(app.url("/api/notifications/mark-all-read")),
        c.delete(app.url(&format!("/api/notifications/{id}"))),
    ];
    for request in cases {
        assert_eq!(request.send().await.unwrap().status(), 401);
    }
}

#[tokio::test]
async fn another_users_notification_is_404_and_a_bad_id_400() {
    let app = spawn_app().await;
    let seller = user_id(&app, SELLER.0).await;
    let theirs = app.state.notifier.notify(&seller, NotificationType::Info, "Private", "m", None).await.unwrap();
    let other = app.signed_in(SELLER2).await;
    for request in [
        other.put(app.url(&format!("/api/notifications/{}/read", theirs.id))),
        other.put(app.url(&format!("/api/notifications/{}/unread", theirs.id))),
        other.delete(app.url(&format!("/api/notifications/{}", theirs.id))),
    ] {
        let (status, error) = error_of(request.send().await.unwrap()).await;
        assert_eq!(status, 404);
        assert_eq!(error["code"], "not_found");
    }
    let listed: Vec<serde_json::Value> = app.get(&other, "/api/notifications").await.json().await.unwrap();
    assert!(listed.iter().all(|n| n["id"] != theirs.id.as_str()), "never listed to anyone else");
    assert_eq!(unread_rows(&app, &seller).await, 2, "untouched");

    let (status, _) = error_of(other.put(app.url("/api/notifications/../read")).send().await.unwrap()).await;
    assert!(status == 400 || status == 404);
    let (status, error) = error_of(other.put(app.url("/api/notifications/xyz/read")).send().await.unwrap()).await;
    assert_eq!(status, 400);
    assert!(error["message"].as_str().unwrap().contains("notification id"));
}

#[tokio::test]
async fn read_unread_mark_all_and_delete_keep_the_count_exact() {
    let app = spawn_app().await;
    let seller = user_id(&app, SELLER.0).await;
    let a = app.state.notifier.notify(&seller, NotificationType::Warning, "A", "m", Some("/seller")).await.unwrap();
    let b = app.state.notifier.notify(&seller, NotificationType::Error, "B", "m", None).await.unwrap();
    let client = app.signed_in(SELLER).await;
    assert_eq!(count_via_api(&app, &client).await, 3);

    let read: serde_json::Value =
        client.put(app.url(&format!("/api/notifications/{}/read", a.id))).send().await.unwrap().json().await.unwrap();
    assert_eq!(read["is_read"], true);
    assert_eq!(count_via_api(&app, &client).await, 2);
    // Marking read twice changes nothing.
    client.put(app.url(&format!("/api/notifications/{}/read", a.id))).send().await.unwrap();
    assert_eq!(count_via_api(&app, &client).await, 2);

    client.put(app.url(&format!("/api/notifications/{}/unread", a.id))).send().await.unwrap();
    assert_eq!(count_via_api(&app, &client).await, 3);

    let res = client.delete(app.url(&format!("/api/notifications/{}", b.id))).send().await.unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(count_via_api(&app, &client).await, 2);
    assert_eq!(client.delete(app.url(&format!("/api/notifications/{}", b.id))).send().await.unwrap().status(), 404);

    let all: serde_json::Value =
        client.put(app.url("/api/notifications/mark-all-read")).send().await.unwrap().json().await.unwrap();
    assert_eq!(all["count"], 0);
    assert_eq!(unread_rows(&app, &seller).await, 0);
}

#[tokio::test]
async fn unread_count_answers_304_while_unchanged() {
    let app = spawn_app().await;
    let seller = user_id(&app, SELLER.0).await;
    let client = app.signed_in(SELLER).await;
    let first = app.get(&client, "/api/notifications/unread-count").await;
    assert_eq!(first.status(), 200);
    assert_eq!(first.headers().get("cache-control").unwrap(), "private, no-cache");
    let etag = first.headers().get(ETAG).unwrap().to_str().unwrap().to_string();

    let again =
        client.get(app.url("/api/notifications/unread-count")).header(IF_NONE_MATCH, &etag).send().await.unwrap();
    assert_eq!(again.status(), 304);
    assert!(again.bytes().await.unwrap().is_empty());

    app.state.notifier.notify(&seller, NotificationType::Info, "New", "m", None).await.unwrap();
    let changed =
        client.get(app.url("/api/notifications/unread-count")).header(IF_NONE_MATCH, &etag).send().await.unwrap();
    assert_eq!(changed.status(), 200);
    assert_ne!(changed.headers().get(ETAG).unwrap().to_str().unwrap(), etag);
    assert_eq!(changed.json::<serde_json::Value>().await.unwrap()["count"], 2);

    // Another user's tag never matches this user's count.
    let other = app.signed_in(SELLER2).await;
    let res = other.get(app.url("/api/notifications/unread-count")).header(IF_NONE_MATCH, &etag).send().await.unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn notify_validates_and_writes_nothing_when_input_is_bad() {
    let app = spawn_app().await;
    let seller = user_id(&app, SELLER.0).await;
    let n = &app.state.notifier;
    let long_title = "t".repeat(121);
    let long_message = "m".repeat(1001);
    for (title, message, url) in [
        ("", "m", None),
        (long_title.as_str(), "m", None),
        ("t", "", None),
        ("t", long_message.as_str(), None),
        ("t", "m", Some("https://evil.example")),
        ("t", "m", Some("//evil.example")),
        ("t", "m", Some("javascript:alert(1)")),
    ] {
        assert!(n.notify(&seller, NotificationType::Info, title, message, url).await.is_err(), "{title:?} {url:?}");
    }
    assert_eq!(unread_rows(&app, &seller).await, 1, "only the welcome");
    assert_eq!(n.counter(&seller).await.unwrap().unread, 1);
}

#[tokio::test]
async fn notify_admins_reaches_every_admin() {
    let app = spawn_app().await;
    let told = app
        .state
        .notifier
        .notify_admins(NotificationType::Info, "Review", "A product awaits", Some("/admin"))
        .await
        .unwrap();
    assert_eq!(told, 1);
    let admin = app.signed_in(ADMIN).await;
    assert_eq!(count_via_api(&app, &admin).await, 2);
    let seller = app.signed_in(SELLER).await;
    assert_eq!(count_via_api(&app, &seller).await, 1, "sellers are not told");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn counts_stay_exact_under_concurrent_changes() {
    let app = spawn_app().await;
    let seller = user_id(&app, SELLER.0).await;
    let n = app.state.notifier.clone();
    let mut seeded = Vec::new();
    for i in 0..20 {
        seeded.push(n.notify(&seller, NotificationType::Info, &format!("seed {i}"), "m", None).await.unwrap().id);
    }
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..40 {
        let (n, seller) = (n.clone(), seller.clone());
        tasks.spawn(
            async move { n.notify(&seller, NotificationType::Info, &format!("c{i}"), "m", None).await.map(|_| ()) },
        );
    }
    for (i, id) in seeded.iter().enumerate() {
        let (n, seller, id) = (n.clone(), seller.clone(), id.clone());
        tasks.spawn(async move {
            match i % 3 {
                0 => n.set_read(&seller, &id, true).await.map(|_| ()),
                1 => n.delete(&seller, &id).await,
                _ => n.set_read(&seller, &id, false).await.map(|_| ()),
            }
        });
    }
    for _ in 0..3 {
        let (n, seller) = (n.clone(), seller.clone());
        tasks.spawn(async move { n.mark_all_read(&seller).await.map(|_| ()) });
    }
    while let Some(result) = tasks.join_next().await {
        result.unwrap().unwrap();
    }
    let counter = n.counter(&seller).await.unwrap();
    assert_eq!(counter.unread, unread_rows(&app, &seller).await, "the badge never drifts from the rows");
    let page = n.list(&seller, &ListQuery { limit: Some(100), ..Default::default() }).await.unwrap();
    assert_eq!(page.unread, counter.unread);
}
