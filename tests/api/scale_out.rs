//! Two Hamro instances on one SurrealDB server (over ws://), as they'd run behind a load
//! balancer: a bulk sync's steps are claimed by both and no SKU is sent twice, a session made
//! on one instance works on the other, and a webhook delivered to both takes effect once.
//!
//! Needs the SurrealDB server binary built by `scripts/scale-out.sh` (path in
//! `HAMRO_SURREAL_SERVER`), so these tests are `#[ignore]`d in the default run; the script
//! builds it and runs them.

use std::{
    net::TcpListener,
    process::{Child, Command, Stdio},
    time::Duration,
};

use chrono::Utc;
use hamro::integrations::stripe::sign;
use serde_json::Value;

use crate::{
    helpers::{ADMIN, SELLER, TestApp, spawn_app_with},
    payouts::{eventually, onboard_funded},
    webhooks::{count_titled, deliver, our_payout, payout_event, secret, status_of},
};

/// A SurrealDB server on a free port, in memory, stopped when dropped.
struct SurrealServer {
    child: Child,
    url: String,
}

impl SurrealServer {
    async fn start() -> Self {
        let bin = std::env::var("HAMRO_SURREAL_SERVER")
            .expect("HAMRO_SURREAL_SERVER: the binary scripts/scale-out.sh builds");
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let log = std::env::temp_dir().join(format!("hamro-surreal-{port}.log"));
        let log = std::fs::File::create(log).unwrap();
        let child = Command::new(bin)
            .args([
                "start",
                "--bind",
                &format!("127.0.0.1:{port}"),
                "--user",
                "root",
                "--pass",
                "root",
                "--log",
                "warn",
                "memory",
            ])
            .stdout(Stdio::from(log.try_clone().unwrap()))
            .stderr(Stdio::from(log))
            .spawn()
            .expect("start the SurrealDB server");
        // Owned from here on: dropped (killed and reaped) on every path, panics included.
        let server = Self { child, url: format!("ws://127.0.0.1:{port}") };
        for _ in 0..240 {
            if reqwest::get(format!("http://127.0.0.1:{port}/health")).await.is_ok_and(|r| r.status() == 200) {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        panic!("the SurrealDB server did not start");
    }
}

impl Drop for SurrealServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Instance A, then instance B, on one database (a fresh one per test). B talks to A's
/// Amazon and Stripe sandboxes, as both instances would talk to the one real Amazon and Stripe.
async fn two_instances(server: &SurrealServer, extra: &[(&str, &str)]) -> (TestApp, TestApp) {
    let db = format!("t{}", uuid::Uuid::new_v4().simple());
    let mut vars = vec![
        ("SURREAL_URL", server.url.clone()),
        ("SURREAL_USER", "root".to_string()),
        ("SURREAL_PASS", "root".to_string()),
        ("SURREAL_NS", "scaleout".to_string()),
        ("SURREAL_DB", db),
        ("HAMRO_LOGIN_ATTEMPTS_PER_MINUTE", "1000".to_string()),
    ];
    vars.extend(extra.iter().map(|(k, v)| (*k, v.to_string())));
    let borrowed: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let a = spawn_app_with(&borrowed).await;
    let sandbox = format!("http://{}/sandbox", a.addr);
    let mut b_vars = borrowed.clone();
    let (amazon, lwa, stripe) =
        (format!("{sandbox}/amazon"), format!("{sandbox}/amazon/auth/o2/token"), format!("{sandbox}/stripe/"));
    b_vars.extend([("AMAZON_SPAPI_ENDPOINT", amazon.as_str()), ("AMAZON_LWA_ENDPOINT", lwa.as_str())]);
    b_vars.push(("STRIPE_API_BASE", stripe.as_str()));
    let b = spawn_app_with(&b_vars).await;
    (a, b)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs a SurrealDB server: run scripts/scale-out.sh"]
async fn a_session_made_on_one_instance_works_on_the_other() {
    let server = SurrealServer::start().await;
    let (a, b) = two_instances(&server, &[]).await;
    let client = a.signed_in(SELLER).await;
    let me: Value = b.get(&client, "/api/auth/me").await.json().await.unwrap();
    assert_eq!(me["email"], SELLER.0, "B knows the session A created");

    assert_eq!(client.post(b.url("/api/auth/logout")).send().await.unwrap().status().as_u16() / 100, 2);
    let cookie_gone = b.get(&client, "/api/auth/me").await.status();
    assert_eq!(cookie_gone, 401, "signed out on B");
    // The signed-out session, replayed by someone who kept its cookie: B refuses it at once;
    // A may answer it from its session cache for at most `FRESH_FOR`, then refuses it too.
    let started = std::time::Instant::now();
    loop {
        let res = a.get(&client, "/api/auth/me").await.status();
        if res == 401 {
            break;
        }
        assert!(
            started.elapsed() <= hamro::auth::server::session_cache::FRESH_FOR + Duration::from_secs(2),
            "A still accepts the signed-out session"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs a SurrealDB server: run scripts/scale-out.sh"]
async fn a_bulk_sync_is_shared_by_both_instances_and_sends_every_sku_once() {
    let server = SurrealServer::start().await;
    let settings = [("HAMRO_FEED_BATCH", "50"), ("HAMRO_SANDBOX_FEED_SECONDS", "1")];
    let (a, b) = two_instances(&server, &settings).await;
    let listed = hamro::demo::server::seed::listings(&a.state.db, &a.state.sandboxes, SELLER.0, 400).await.unwrap();
    assert_eq!(listed, 400);

    let admin = b.signed_in(ADMIN).await;
    let res = admin.post(b.url("/api/admin/amazon/bulk-sync")).send().await.unwrap();
    assert_eq!(res.status(), 202);
    let job_id = res.json::<Value>().await.unwrap()["job_id"].as_str().unwrap().to_string();
    let mut job = Value::Null;
    for _ in 0..1200 {
        job = a.get(&admin, &format!("/api/admin/amazon/jobs/{job_id}")).await.json().await.unwrap();
        if job["status"] == "done" || job["status"] == "failed" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(job["status"], "done", "{job}");
    assert_eq!((job["succeeded"].as_i64(), job["failed"].as_i64()), (Some(400), Some(0)), "{job}");

    // The workers that ran its steps ("<instance>-<n>"): both instances took some.
    let ran_by: Vec<String> = a
        .state
        .db
        .query("SELECT VALUE ran_by FROM ONLY type::record('job', $job)")
        .bind(("job", job_id.clone()))
        .await
        .unwrap()
        .take(0)
        .unwrap();
    let instances: std::collections::BTreeSet<String> =
        ran_by.iter().filter_map(|w| w.rsplit_once('-').map(|(i, _)| i.to_string())).collect();
    assert_eq!(instances.len(), 2, "both instances ran steps of the job: {instances:?}");

    let stats: Value = reqwest::get(a.url("/sandbox/amazon/_stats")).await.unwrap().json().await.unwrap();
    let updates = stats["feed_updates"].as_object().unwrap();
    assert_eq!(updates.get("1").and_then(Value::as_i64), Some(400), "every SKU updated exactly once: {stats}");
    assert!(updates.keys().all(|k| k == "0" || k == "1"), "no SKU sent twice: {stats}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs a SurrealDB server: run scripts/scale-out.sh"]
async fn a_webhook_delivered_to_both_instances_takes_effect_once() {
    let server = SurrealServer::start().await;
    // The sandbox's own payout timer is an hour: the events below are the only ones.
    let (a, b) = two_instances(&server, &[("HAMRO_SANDBOX_PAYOUT_SECONDS", "3600")]).await;
    let seller = a.signed_in(SELLER).await;
    onboard_funded(&a, &seller).await;
    let (ours, stripe_id, account) = our_payout(&a, &seller).await;
    let body = payout_event("evt_scaleout_paid", "payout.paid", "paid", &stripe_id, &ours, &account).to_string();
    let signature = sign(body.as_bytes(), &secret(&a), Utc::now().timestamp());

    // Ten deliveries to each instance, all at once.
    let mut deliveries = Vec::new();
    for i in 0..20 {
        let (app, body, signature) = (if i % 2 == 0 { &a } else { &b }, body.clone(), signature.clone());
        deliveries.push(async move { deliver(app, &body, Some(&signature)).await.json::<Value>().await.unwrap() });
    }
    let receipts = futures::future::join_all(deliveries).await;
    let applied = receipts.iter().filter(|r| r["outcome"] == "applied").count();
    assert_eq!(applied, 1, "applied once across both instances: {receipts:?}");
    assert!(receipts.iter().all(|r| r["outcome"] == "applied" || r["outcome"] == "duplicate"), "{receipts:?}");

    assert_eq!(status_of(&b, &seller, &ours).await, "paid");
    eventually("the notification", || async { (count_titled(&b, &seller, "Payout paid").await == 1).then_some(()) })
        .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(count_titled(&a, &seller, "Payout paid").await, 1, "told once");
}
