//! Data and sessions live on disk (SurrealKV): they survive the server being killed.
//! Runs the real binary twice on one data directory.

use std::{
    net::TcpListener,
    path::Path,
    process::{Child, Command, Stdio},
    time::Duration,
};

use crate::helpers::{ADMIN, SELLER, TEST_SECRET};

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The binary with the environment every run here shares: demo mode on a SurrealKV directory.
fn hamro(dir: &Path, port: u16, log: &Path, args: &[&str], extra: &[(&str, &str)]) -> Command {
    let log = std::fs::OpenOptions::new().create(true).append(true).open(log).unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_hamro"));
    command
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HAMRO_ENV", "development")
        .env("HAMRO_DEMO", "true")
        .env("HAMRO_DEMO_SALES", "false")
        .env("SECRET_KEY", TEST_SECRET)
        .env("HAMRO_DATA_DIR", dir)
        .env("SURREAL_URL", format!("surrealkv://{}/db", dir.display()))
        .env("LEPTOS_OUTPUT_NAME", "hamro")
        .env("LEPTOS_SITE_ROOT", dir.join("site"))
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "info")
        .stdout(Stdio::from(log.try_clone().unwrap()))
        .stderr(Stdio::from(log))
        .envs(extra.iter().copied());
    command
}

fn start(dir: &Path, port: u16, log: &Path) -> Child {
    start_with(dir, port, log, &[])
}

fn start_with(dir: &Path, port: u16, log: &Path, extra: &[(&str, &str)]) -> Child {
    hamro(dir, port, log, &["serve"], extra).spawn().expect("start the hamro binary")
}

async fn wait_healthy(base: &str, child: &mut Child) {
    for _ in 0..240 {
        if let Ok(res) = reqwest::get(format!("{base}/healthz")).await
            && res.status() == 200
        {
            return;
        }
        assert!(child.try_wait().unwrap().is_none(), "the server exited during start-up");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    panic!("the server did not become healthy");
}

#[tokio::test(flavor = "multi_thread")]
async fn sessions_and_data_survive_a_kill_and_restart() {
    let dir = std::env::temp_dir().join(format!("hamro-restart-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("server.log");
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");

    let mut first = start(&dir, port, &log);
    wait_healthy(&base, &mut first).await;
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let res = client
        .post(format!("{base}/api/auth/login"))
        .json(&serde_json::json!({ "email": SELLER.0, "password": SELLER.1 }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    first.kill().unwrap(); // SIGKILL: no graceful shutdown
    first.wait().unwrap();
    let applied_first = std::fs::read_to_string(&log).unwrap().matches("migration applied").count();
    assert!(applied_first >= 1);

    let mut second = start(&dir, port, &log);
    wait_healthy(&base, &mut second).await;
    let me = client.get(format!("{base}/api/auth/me")).send().await.unwrap();
    assert_eq!(me.status(), 200, "the session survived the restart");
    second.kill().unwrap();
    second.wait().unwrap();

    let log = std::fs::read_to_string(&log).unwrap();
    assert_eq!(
        log.matches("migration applied").count(),
        applied_first,
        "migrations ran on the first start only:\n{log}"
    );
    assert_eq!(log.matches("demo account created").count(), 3, "demo accounts were created once:\n{log}");
    std::fs::remove_dir_all(&dir).ok();
}

/// What the bulk-sync restart test runs with: small feeds so 1,000 SKUs take several, a
/// short lease so the restarted worker takes the job over quickly.
const BULK_ENV: &[(&str, &str)] =
    &[("HAMRO_FEED_BATCH", "250"), ("HAMRO_JOB_LEASE_SECONDS", "3"), ("HAMRO_SANDBOX_FEED_SECONDS", "1")];

async fn bulk_job(client: &reqwest::Client, base: &str, id: &str) -> serde_json::Value {
    let res = client.get(format!("{base}/api/admin/amazon/jobs/{id}")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

async fn admin_client(base: &str) -> reqwest::Client {
    let client = reqwest::Client::builder().cookie_store(true).timeout(Duration::from_secs(30)).build().unwrap();
    let res = client
        .post(format!("{base}/api/auth/login"))
        .json(&serde_json::json!({ "email": ADMIN.0, "password": ADMIN.1 }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    client
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bulk_sync_killed_midway_resumes_and_sends_every_sku_exactly_once() {
    let dir = std::env::temp_dir().join(format!("hamro-bulk-restart-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("server.log");
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");

    let seeded = hamro(&dir, port, &log, &["seed", "--listings", "1000"], &[]).status().expect("run hamro seed");
    assert!(seeded.success(), "hamro seed failed:\n{}", std::fs::read_to_string(&log).unwrap());

    let mut first = start_with(&dir, port, &log, BULK_ENV);
    wait_healthy(&base, &mut first).await;
    let admin = admin_client(&base).await;
    let res = admin.post(format!("{base}/api/admin/amazon/bulk-sync")).send().await.unwrap();
    assert_eq!(res.status(), 202);
    let job: serde_json::Value = res.json().await.unwrap();
    let id = job["job_id"].as_str().unwrap().to_string();

    // Kill it once some, but not all, of the feeds are through.
    let mut killed_at = None;
    for _ in 0..600 {
        let job = bulk_job(&admin, &base, &id).await;
        let (done, total) = (job["done"].as_i64().unwrap(), job["total"].as_i64().unwrap());
        if done > 0 && done < total {
            first.kill().unwrap(); // SIGKILL, mid-sync
            first.wait().unwrap();
            killed_at = Some((done, total));
            break;
        }
        assert_ne!(job["status"], "done", "the sync finished before it could be interrupted");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (done, total) = killed_at.expect("the sync made progress");
    assert!(total >= 1000, "every seeded listing is in the sync (total {total})");

    let mut second = start_with(&dir, port, &log, BULK_ENV);
    wait_healthy(&base, &mut second).await;
    let admin = admin_client(&base).await;
    let mut finished = None;
    for _ in 0..600 {
        let job = bulk_job(&admin, &base, &id).await;
        if job["status"] == "done" || job["status"] == "failed" {
            finished = Some(job);
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let job = finished.expect("the resumed sync finished");
    let stats: serde_json::Value =
        reqwest::get(format!("{base}/sandbox/amazon/_stats")).await.unwrap().json().await.unwrap();
    second.kill().unwrap();
    second.wait().unwrap();

    assert_eq!(job["status"], "done", "{job}");
    assert_eq!(job["succeeded"].as_i64(), Some(total), "killed at {done}/{total}: {job}");
    assert_eq!(job["failed"].as_i64(), Some(0));
    let updates = stats["feed_updates"].as_object().unwrap();
    assert_eq!(
        updates.get("1").and_then(|v| v.as_i64()),
        Some(total),
        "every SKU was updated by a feed exactly once: {stats}"
    );
    assert!(updates.keys().all(|k| k == "0" || k == "1"), "no SKU was sent twice: {stats}");
    std::fs::remove_dir_all(&dir).ok();
}
