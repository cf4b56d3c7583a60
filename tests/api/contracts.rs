//! Contract checks against the official Stripe OpenAPI spec (`contracts/stripe`):
//! the sandbox's objects fit Stripe's schemas, and Hamro's client only calls paths and
//! methods the spec has (and reads Stripe's own example objects).

use std::{
    path::PathBuf,
    sync::{Arc, Mutex, OnceLock},
};

use axum::{Router, extract::Request, response::IntoResponse};
use hamro::{
    integrations::stripe::{StripeGateway, StripeSettings},
    money::Currency,
};
use secrecy::SecretString;
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

pub fn contracts_dir() -> PathBuf {
    std::env::var_os("HAMRO_CONTRACTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("contracts"))
}

fn load(path: &str) -> Value {
    let file = contracts_dir().join(path);
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("reading {}: {e}", file.display()));
    serde_json::from_str(&text).unwrap()
}

fn spec() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| load("stripe/spec3.json"))
}

/// OpenAPI 3.0's `nullable: true` is not JSON Schema; rewrite it as "this or null".
fn nullable_to_any_of(value: Value) -> Value {
    match value {
        Value::Object(mut map) => {
            let nullable = map.remove("nullable") == Some(Value::Bool(true));
            let map: serde_json::Map<String, Value> =
                map.into_iter().map(|(k, v)| (k, nullable_to_any_of(v))).collect();
            if nullable { json!({ "anyOf": [Value::Object(map), { "type": "null" }] }) } else { Value::Object(map) }
        }
        Value::Array(items) => Value::Array(items.into_iter().map(nullable_to_any_of).collect()),
        other => other,
    }
}

/// Asserts `instance` fits the spec's `components.schemas.<component>`.
pub fn assert_fits(component: &str, instance: &Value) {
    static COMPONENTS: OnceLock<Value> = OnceLock::new();
    let components = COMPONENTS.get_or_init(|| nullable_to_any_of(spec()["components"].clone()));
    let schema = json!({ "$ref": format!("#/components/schemas/{component}"), "components": components });
    let validator = jsonschema::draft4::new(&schema).expect("the spec compiles as JSON Schema");
    let errors: Vec<String> =
        validator.iter_errors(instance).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{component} does not fit Stripe's schema:\n{}\n{instance:#}", errors.join("\n"));
}

struct Sandbox<'a> {
    app: &'a TestApp,
    http: reqwest::Client,
}

impl Sandbox<'_> {
    fn url(&self, path: &str) -> String {
        self.app.url(&format!("/sandbox/stripe{path}"))
    }
    async fn post(
        &self,
        path: &str,
        form: &[(&str, &str)],
        account: Option<&str>,
        key: Option<&str>,
    ) -> reqwest::Response {
        let mut req = self.http.post(self.url(path)).bearer_auth("sk_test_hamro_sandbox").form(form);
        if let Some(a) = account {
            req = req.header("stripe-account", a);
        }
        if let Some(k) = key {
            req = req.header("idempotency-key", k);
        }
        req.send().await.unwrap()
    }
    async fn get(&self, path: &str, account: Option<&str>) -> reqwest::Response {
        let mut req = self.http.get(self.url(path)).bearer_auth("sk_test_hamro_sandbox");
        if let Some(a) = account {
            req = req.header("stripe-account", a);
        }
        req.send().await.unwrap()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sandbox_objects_fit_stripes_schemas_and_behave_like_stripe() {
    let app = spawn_app().await;
    let sb = Sandbox {
        app: &app,
        http: reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap(),
    };

    let unauthorized = sb.http.get(sb.url("/v1/balance")).bearer_auth("sk_test_wrong").send().await.unwrap();
    assert_eq!(unauthorized.status(), 401);
    assert_fits("error", &unauthorized.json().await.unwrap());

    let account: Value = sb
        .post(
            "/v1/accounts",
            &[("controller[stripe_dashboard][type]", "express"), ("country", "US"), ("email", "s@example.com")],
            None,
            Some("acct-key-1"),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_fits("account", &account);
    let acct = account["id"].as_str().unwrap().to_string();

    let link = sb
        .post(
            "/v1/account_links",
            &[
                ("account", &acct),
                ("refresh_url", "http://x/r"),
                ("return_url", "http://x/done"),
                ("type", "account_onboarding"),
            ],
            None,
            None,
        )
        .await;
    let link: Value = link.json().await.unwrap();
    assert_fits("account_link", &link);
    assert_eq!(sb.http.post(link["url"].as_str().unwrap()).send().await.unwrap().status(), 303);

    let transfer: Value = sb
        .post("/v1/transfers", &[("amount", "10000"), ("currency", "usd"), ("destination", &acct)], None, None)
        .await
        .json()
        .await
        .unwrap();
    assert_fits("transfer", &transfer);
    let balance: Value = sb.get("/v1/balance", Some(&acct)).await.json().await.unwrap();
    assert_fits("balance", &balance);
    assert_eq!(balance["available"][0]["amount"], 10_000);

    // A reversal takes part of a transfer back; more than is left is refused.
    let tr = transfer["id"].as_str().unwrap();
    let reversal = sb.post(&format!("/v1/transfers/{tr}/reversals"), &[("amount", "2500")], None, None).await;
    assert_eq!(reversal.status(), 200);
    let reversal: Value = reversal.json().await.unwrap();
    assert_fits("transfer_reversal", &reversal);
    let too_much = sb.post(&format!("/v1/transfers/{tr}/reversals"), &[("amount", "7501")], None, None).await;
    assert_eq!(too_much.status(), 400);
    let balance: Value = sb.get("/v1/balance", Some(&acct)).await.json().await.unwrap();
    assert_eq!(balance["available"][0]["amount"], 7_500, "the reversal took its amount back");
    let rest = sb.post(&format!("/v1/transfers/{tr}/reversals"), &[], None, None).await.json::<Value>().await.unwrap();
    assert_eq!(rest["amount"], 7_500, "no amount: the rest of the transfer");
    let listed: Value = sb.get("/v1/transfers?limit=1", None).await.json().await.unwrap();
    assert_eq!(listed["data"][0]["reversed"], true);
    assert_eq!(listed["data"][0]["amount_reversed"], 10_000);
    assert_fits("transfer", &listed["data"][0]);
    sb.post("/v1/transfers", &[("amount", "10000"), ("currency", "usd"), ("destination", &acct)], None, None).await;

    // Idempotency keys: the same parameters replay, other parameters are refused.
    let first = sb.post("/v1/payouts", &[("amount", "1500"), ("currency", "usd")], Some(&acct), Some("po-key-1")).await;
    assert_eq!(first.status(), 200);
    let first: Value = first.json().await.unwrap();
    assert_fits("payout", &first);
    let replay =
        sb.post("/v1/payouts", &[("currency", "usd"), ("amount", "1500")], Some(&acct), Some("po-key-1")).await;
    assert_eq!(replay.headers()["idempotent-replayed"], "true");
    assert_eq!(replay.json::<Value>().await.unwrap()["id"], first["id"]);
    let other = sb.post("/v1/payouts", &[("amount", "1600"), ("currency", "usd")], Some(&acct), Some("po-key-1")).await;
    assert_eq!(other.status(), 400);
    let other: Value = other.json().await.unwrap();
    assert_fits("error", &other);
    assert_eq!(other["error"]["type"], "idempotency_error");

    let short = sb.post("/v1/payouts", &[("amount", "999999"), ("currency", "usd")], Some(&acct), None).await;
    assert_eq!(short.status(), 400);
    assert_eq!(short.json::<Value>().await.unwrap()["error"]["code"], "balance_insufficient");

    let list: Value = sb.get("/v1/payouts?limit=1", Some(&acct)).await.json().await.unwrap();
    assert_eq!(list["object"], "list");
    assert_fits("payout", &list["data"][0]);
    let one: Value =
        sb.get(&format!("/v1/payouts/{}", first["id"].as_str().unwrap()), Some(&acct)).await.json().await.unwrap();
    assert_fits("payout", &one);
    let missing = sb.get("/v1/payouts/po_missing", Some(&acct)).await;
    assert_eq!(missing.status(), 404);
    assert_fits("error", &missing.json().await.unwrap());

    // Every event the sandbox queued fits the event schema, and its object fits its own.
    let events: Vec<Value> =
        app.sandbox_db().query("SELECT VALUE data FROM sandbox_stripe_event").await.unwrap().take(0).unwrap();
    assert!(
        events.iter().any(|e| e["type"] == "account.updated") && events.iter().any(|e| e["type"] == "payout.created")
    );
    for event in &events {
        assert_fits("event", event);
        let object = &event["data"]["object"];
        assert_fits(object["object"].as_str().unwrap(), object);
    }
}

/// Answers like Stripe would, with Stripe's own example objects, and records each call.
async fn fixture_server() -> (String, Arc<Mutex<Vec<(String, String)>>>) {
    let fixtures = load("stripe/fixtures3.json")["resources"].clone();
    let calls = Arc::new(Mutex::new(Vec::new()));
    let recorded = calls.clone();
    let app = Router::new().fallback(move |req: Request| {
        let (fixtures, recorded) = (fixtures.clone(), recorded.clone());
        async move {
            let (method, path) = (req.method().to_string(), req.uri().path().to_string());
            recorded.lock().unwrap().push((method.clone(), path.clone()));
            let body = match (method.as_str(), path.as_str()) {
                (_, p) if p.starts_with("/v1/accounts") => fixtures["account"].clone(),
                (_, "/v1/account_links") => fixtures["account_link"].clone(),
                (_, "/v1/balance") => fixtures["balance"].clone(),
                (_, "/v1/transfers") => fixtures["transfer"].clone(),
                ("GET", "/v1/payouts") => {
                    json!({ "object": "list", "data": [fixtures["payout"]], "has_more": false, "url": "/v1/payouts" })
                }
                (_, p) if p.starts_with("/v1/payouts") => fixtures["payout"].clone(),
                _ => {
                    return (
                        axum::http::StatusCode::NOT_FOUND,
                        axum::Json(json!({"error": {"type": "invalid_request_error"}})),
                    )
                        .into_response();
                }
            };
            axum::Json(body).into_response()
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (base, calls)
}

/// Does the spec have this method on a path template matching `path`?
fn spec_has(method: &str, path: &str) -> bool {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    spec()["paths"].as_object().unwrap().iter().any(|(template, ops)| {
        let t: Vec<&str> = template.split('/').collect();
        t.len() == segments.len()
            && t.iter().zip(&segments).all(|(a, b)| a == b || (a.starts_with('{') && a.ends_with('}')))
            && ops.get(method.to_lowercase()).is_some()
    })
}

#[tokio::test]
async fn the_client_calls_only_documented_paths_and_reads_stripes_examples() {
    hamro::startup::install_crypto_provider();
    let (base, calls) = fixture_server().await;
    let settings = StripeSettings {
        api_base: base,
        secret_key: SecretString::from("sk_test_contract".to_string()),
        publishable_key: None,
        webhook_secrets: vec![],
        connect_country: "US".into(),
    };
    let stripe = StripeGateway::new(&settings).unwrap();
    stripe.create_account("s@example.com", "u1", "k1").await.expect("create account");
    stripe.retrieve_account("acct_1").await.expect("retrieve account");
    stripe.create_account_link("acct_1", "http://x/r", "http://x/d", "k2").await.expect("account link");
    stripe.balance("acct_1").await.expect("balance");
    stripe.create_transfer("acct_1", 100, Currency::Usd, None, "k3").await.expect("transfer");
    stripe.create_payout("acct_1", 100, Currency::Usd, Some("d"), "p1", "k4").await.expect("payout");
    stripe.list_payouts("acct_1", 10, Some("po_1")).await.expect("list payouts");
    stripe.retrieve_payout("acct_1", "po_1").await.expect("retrieve payout");
    let calls = calls.lock().unwrap().clone();
    assert_eq!(calls.len(), 8);
    for (method, path) in calls {
        assert!(spec_has(&method, &path), "{method} {path} is not in Stripe's spec");
    }
}
