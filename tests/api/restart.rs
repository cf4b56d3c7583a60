//! Data and sessions live on disk (SurrealKV): they survive the server being killed.
//! Runs the real binary twice on one data directory.

use std::{
    net::TcpListener,
    path::Path,
    process::{Child, Command, Stdio},
    time::Duration,
};

use crate::helpers::{SELLER, TEST_SECRET};

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn start(dir: &Path, port: u16, log: &Path) -> Child {
    let log = std::fs::OpenOptions::new().create(true).append(true).open(log).unwrap();
    Command::new(env!("CARGO_BIN_EXE_hamro"))
        .arg("serve")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HAMRO_ENV", "development")
        .env("HAMRO_DEMO", "true")
        .env("SECRET_KEY", TEST_SECRET)
        .env("HAMRO_DATA_DIR", dir)
        .env("SURREAL_URL", format!("surrealkv://{}/db", dir.display()))
        .env("LEPTOS_OUTPUT_NAME", "hamro")
        .env("LEPTOS_SITE_ROOT", dir.join("site"))
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "info")
        .stdout(Stdio::from(log.try_clone().unwrap()))
        .stderr(Stdio::from(log))
        .spawn()
        .expect("start the hamro binary")
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
