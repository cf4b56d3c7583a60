//! `spawn_app`: starts Hamro on 127.0.0.1:0 with a fresh `mem://` database, the way `main`
//! does, and returns what a test needs to talk to it. Later domains reuse it.

use std::{collections::HashMap, net::SocketAddr};

use hamro::{config::Settings, startup, state::AppState};
use leptos::config::LeptosOptions;
use reqwest::{Client, Response, redirect::Policy};
use serde_json::{Value, json};

pub const SELLER: (&str, &str) = ("seller@example.com", "hamro-seller");
pub const SELLER2: (&str, &str) = ("seller2@example.com", "hamro-seller");
pub const ADMIN: (&str, &str) = ("admin@example.com", "hamro-admin");
pub const TEST_SECRET: &str = "test-secret-key-that-is-long-enough-0123456789abcdef";

pub struct TestApp {
    pub addr: SocketAddr,
    pub state: AppState,
}

/// Variables every test app starts with; `spawn_app_with` overrides them.
fn base_vars() -> HashMap<String, String> {
    let data_dir = std::env::temp_dir().join(format!("hamro-test-{}", uuid::Uuid::new_v4()));
    [
        ("HAMRO_ENV", "development".to_string()),
        ("HAMRO_DEMO", "true".to_string()),
        ("SURREAL_URL", "mem://".to_string()),
        ("SECRET_KEY", TEST_SECRET.to_string()),
        ("HAMRO_DATA_DIR", data_dir.to_string_lossy().to_string()),
        ("HAMRO_LOGIN_ATTEMPTS_PER_MINUTE", "5".to_string()),
        // Money moves only when a test makes it: no seeded sales, no random buyers, no hold.
        // Tests of the money path run its jobs every second (`helpers::MONEY_VARS`).
        ("HAMRO_DEMO_SALES", "false".to_string()),
        ("HAMRO_HOLD_DAYS", "0".to_string()),
        // A new listing is looked at after a second (then twice as long each time).
        ("HAMRO_LISTING_FIRST_LOOK_SECONDS", "1".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

pub async fn spawn_app_with(overrides: &[(&str, &str)]) -> TestApp {
    hamro::telemetry::init_for_tests();
    let mut vars = base_vars();
    for (k, v) in overrides {
        vars.insert(k.to_string(), v.to_string());
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a random port");
    let addr = listener.local_addr().unwrap();
    vars.insert("LEPTOS_SITE_ADDR".into(), addr.to_string());
    let settings = Settings::from_lookup(|k| vars.get(k).cloned()).expect("test settings");
    let options = LeptosOptions::builder().output_name("hamro").site_root("target/site").site_addr(addr).build();
    let state = startup::build_state(settings, options).await.expect("build the app state");
    let serving = state.clone();
    tokio::spawn(async move { startup::serve(listener, serving).await });
    TestApp { addr, state }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// A browser-like client: keeps cookies, does not follow redirects (tests assert them).
    pub fn client(&self) -> Client {
        // A timeout turns a hung request into a failing test with its logs, not a stuck run.
        Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .unwrap()
    }

    /// Signs in through the REST API with a fresh client and returns it.
    pub async fn signed_in(&self, (email, password): (&str, &str)) -> Client {
        let client = self.client();
        let res = self.login(&client, email, password).await;
        assert_eq!(res.status(), 200, "sign in as {email}");
        client
    }

    pub async fn login(&self, client: &Client, email: &str, password: &str) -> Response {
        client
            .post(self.url("/api/auth/login"))
            .json(&json!({ "email": email, "password": password }))
            .send()
            .await
            .unwrap()
    }

    /// The sandboxes' database (their state, apart from Hamro's).
    pub fn sandbox_db(&self) -> hamro::db::Db {
        let sandboxes = &self.state.sandboxes;
        sandboxes
            .stripe
            .as_ref()
            .map(|s| s.db().clone())
            .or_else(|| sandboxes.amazon.as_ref().map(|s| s.db().clone()))
            .expect("a sandbox is mounted")
    }

    pub async fn get(&self, client: &Client, path: &str) -> Response {
        client.get(self.url(path)).send().await.unwrap()
    }
}

/// The `{"error": {...}}` envelope's message, for asserting on it.
pub async fn error_of(res: Response) -> (u16, Value) {
    let status = res.status().as_u16();
    let body: Value = res.json().await.expect("a JSON error body");
    (status, body["error"].clone())
}

/// The value of the session cookie in a Set-Cookie header, if the response sets one.
pub fn session_cookie(res: &Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("hamro_session="))
        .map(str::to_string)
}
