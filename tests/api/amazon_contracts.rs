//! SP-API contracts (`contracts/amazon`): Hamro's client runs every operation against
//! Stoplight Prism serving Amazon's own models (each request accepted, no validation
//! violation), the sandbox's answers fit the same models, and the feeds Hamro uploads and
//! the reports the sandbox writes fit their JSON schemas.

use std::{
    io::Write,
    net::TcpListener,
    path::PathBuf,
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex},
    time::Duration,
};

use axum::{
    Json, Router,
    body::Bytes,
    extract::{Path, Request, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::{get, post, put},
};
use chrono::Utc;
use hamro::{
    integrations::amazon::Requirements,
    integrations::amazon::{
        SpApi,
        feed::{self, InventoryUpdate},
    },
    money::{Currency, Money},
    products::{
        model::{AttrValue, CodeKind, Condition, Identity, Product, ProductStatus},
        server::amazon_document as listing,
    },
};
use secrecy::ExposeSecret;
use serde_json::{Value, json};

use crate::{
    contracts::contracts_dir,
    helpers::{TestApp, spawn_app_with},
};

const LISTINGS_MODEL: &str = "listingsItems_2021-08-01.json";
const FEEDS_MODEL: &str = "feeds_2021-06-30.json";

pub(crate) fn load(path: &str) -> Value {
    let file = contracts_dir().join("amazon").join(path);
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("reading {}: {e}", file.display()));
    serde_json::from_str(&text).unwrap()
}

fn errors_of(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator.iter_errors(instance).map(|e| format!("{e} at {}", e.instance_path())).collect()
}

/// Asserts `instance` fits `definitions.<definition>` of a Swagger 2.0 model (whose schema
/// objects are JSON Schema draft 4).
pub(crate) fn assert_fits_model(model: &str, definition: &str, instance: &Value) {
    let definitions = load(&format!("models/{model}"))["definitions"].clone();
    let schema = json!({ "$ref": format!("#/definitions/{definition}"), "definitions": definitions });
    let validator = jsonschema::draft4::new(&schema).expect("the model compiles as JSON Schema");
    let errors = errors_of(&validator, instance);
    assert!(errors.is_empty(), "{definition} ({model}) does not fit:\n{}\n{instance:#}", errors.join("\n"));
}

/// Asserts `instance` fits one of the feed schemas (JSON Schema draft 7).
fn assert_fits_schema(file: &str, instance: &Value) {
    let schema = load(&format!("schemas/feeds/{file}"));
    let validator = jsonschema::draft7::new(&schema).expect("the feed schema compiles");
    let errors = errors_of(&validator, instance);
    assert!(errors.is_empty(), "does not fit {file}:\n{}\n{instance:#}", errors.join("\n"));
}

/// The Amazon document Hamro sends for `p` (the type's own attributes without a language
/// tag where the schema has none).
pub(crate) fn document(p: &Product, m: &hamro::integrations::amazon::regions::Marketplace) -> Value {
    let spec = hamro::products::model::TypeSpec {
        product_type: p.product_type.clone(),
        display_name: String::new(),
        version: String::new(),
        offer_only: false,
        groups: vec![hamro::products::model::FieldGroup {
            title: String::new(),
            fields: ["country_of_origin", "item_type_keyword", "supplier_declared_dg_hz_regulation"]
                .map(|name| hamro::products::model::FieldSpec {
                    name: name.into(),
                    label: name.into(),
                    description: String::new(),
                    required: true,
                    kind: hamro::products::model::FieldKind::Text,
                    max_chars: None,
                    localized: false,
                })
                .to_vec(),
        }],
    };
    listing::attributes(&p.fields(), m, &spec)
}

pub(crate) fn product(sku: &str) -> Product {
    let now = Utc::now();
    Product {
        id: "p1".into(),
        seller_id: "u1".into(),
        seller_name: "Seller".into(),
        title: "Hardside Carry-On Spinner".into(),
        description: "Light and strong.".into(),
        sku: sku.into(),
        amazon_sku: sku.into(),
        price: Money::new(12_999, Currency::Usd),
        quantity: 7,
        brand: "Hamro".into(),
        product_type: "SUITCASE".into(),
        condition: Condition::New,
        condition_note: String::new(),
        list_price: Some(Money::new(14_999, Currency::Usd)),
        identity: Some(Identity::Code { code: CodeKind::Upc, value: "085000000014".into() }),
        attributes: [
            ("bullet_point".to_string(), AttrValue::List(vec!["Hardside shell".into(), "Spinner wheels".into()])),
            ("country_of_origin".to_string(), AttrValue::Choice("CN".into())),
            ("item_type_keyword".to_string(), AttrValue::Text("carry-on-luggage".into())),
            ("supplier_declared_dg_hz_regulation".to_string(), AttrValue::Choice("not_applicable".into())),
        ]
        .into(),
        image_urls: vec!["https://images.example.com/case.jpg".into(), "https://images.example.com/back.jpg".into()],
        status: ProductStatus::Approved,
        rejection_reason: None,
        reviewed_at: Some(now),
        submitted_at: Some(now),
        version: 1,
        created_at: now,
        updated_at: now,
    }
}

#[test]
fn the_feeds_hamro_builds_fit_the_listings_feed_schema() {
    let updates: Vec<InventoryUpdate> = (0..3)
        .map(|i| InventoryUpdate { sku: format!("SKU-{i}"), product_type: "SUITCASE".into(), quantity: i * 10 })
        .collect();
    assert_fits_schema("listings-feed-schema-v2.json", &feed::inventory_feed("A1SELLER", &updates));
    // And Amazon's own examples fit the schemas these tests use, so the checks check something.
    assert_fits_schema("listings-feed-schema-v2.json", &load("schemas/feeds/listings-feed-schema-v2.example.json"));
    assert_fits_schema(
        "listings-feed-processing-report-schema-v2.json",
        &load("schemas/feeds/listings-feed-processing-report-schema-v2.example.json"),
    );
}

// ---------- Prism ----------

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// `prism mock` serving one model; killed when dropped.
pub(crate) struct Prism {
    child: Child,
    pub(crate) base: String,
}

impl Prism {
    pub(crate) async fn start(model: &str) -> Self {
        let bin = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("end2end/node_modules/.bin/prism");
        assert!(bin.exists(), "Prism is not installed: run `npm ci` in end2end/ (scripts/setup.sh does it)");
        let port = free_port();
        let spec = contracts_dir().join("amazon/models").join(model);
        let child = Command::new(bin)
            .args(["mock", "-h", "127.0.0.1", "-p", &port.to_string()])
            .arg(spec)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start Prism");
        let mut prism = Self { child, base: format!("http://127.0.0.1:{port}") };
        for _ in 0..240 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                return prism;
            }
            assert!(prism.child.try_wait().unwrap().is_none(), "Prism exited during start-up");
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        prism.child.kill().ok();
        panic!("Prism did not start listening on {}", prism.base);
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// One request that went through to Prism.
#[derive(Clone, Debug)]
pub(crate) struct Exchange {
    pub(crate) method: String,
    /// With the query string.
    pub(crate) path: String,
    pub(crate) status: u16,
    /// Prism's `sl-violations` about the request.
    pub(crate) violations: Vec<Value>,
    pub(crate) request: Option<Value>,
}

/// Sits in front of the Prism servers as "the SP-API host": sends each path to the model
/// that has it (by path prefix), answers LWA itself, and stands in for the S3 URLs a feed
/// document points to (Prism can only invent them).
#[derive(Clone)]
pub(crate) struct Front {
    upstreams: Vec<(&'static str, String)>,
    pub(crate) own: String,
    http: reqwest::Client,
    pub(crate) exchanges: Arc<Mutex<Vec<Exchange>>>,
    uploaded: Arc<Mutex<Option<Vec<u8>>>>,
}

impl Front {
    /// Serves the front on a random port, sending each path prefix to its Prism.
    pub(crate) async fn serve(upstreams: Vec<(&'static str, String)>) -> Front {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let own = format!("http://{}", listener.local_addr().unwrap());
        let front =
            Front { upstreams, own, http: reqwest::Client::new(), exchanges: Arc::default(), uploaded: Arc::default() };
        let router = Router::new()
            .route("/auth/o2/token", post(token))
            .route("/upload", put(upload))
            .route("/download/{kind}", get(download))
            .fallback(forward)
            .with_state(front.clone());
        tokio::spawn(async move { axum::serve(listener, router).await });
        front
    }

    /// Hamro's SP-API client, pointed at the front.
    pub(crate) fn client(&self, app: &TestApp) -> SpApi {
        let mut settings = app.state.settings.amazon.clone();
        settings.endpoint = self.own.clone();
        settings.lwa_url = format!("{}/auth/o2/token", self.own);
        SpApi::new(&settings).unwrap()
    }

    /// Every request went through, was accepted, and broke no rule of its model.
    pub(crate) fn assert_all_accepted(&self) -> Vec<Exchange> {
        let exchanges = self.exchanges.lock().unwrap().clone();
        for e in &exchanges {
            assert!(e.status < 400, "Prism refused {} {} with {}: {:?}", e.method, e.path, e.status, e.violations);
            assert!(e.violations.is_empty(), "{} {} broke the model: {:#?}", e.method, e.path, e.violations);
        }
        exchanges
    }
}

async fn token() -> Json<Value> {
    Json(
        json!({ "access_token": "Atza|prism", "token_type": "bearer", "expires_in": 3600, "refresh_token": "Atzr|prism" }),
    )
}

async fn upload(State(front): State<Front>, body: Bytes) -> StatusCode {
    *front.uploaded.lock().unwrap() = Some(body.to_vec());
    StatusCode::OK
}

/// Amazon's example processing report, gzipped when the document said GZIP.
async fn download(Path(kind): Path<String>) -> Response {
    let report =
        serde_json::to_vec(&load("schemas/feeds/listings-feed-processing-report-schema-v2.example.json")).unwrap();
    if kind == "gzip" {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&report).unwrap();
        return gz.finish().unwrap().into_response();
    }
    report.into_response()
}

async fn forward(State(front): State<Front>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX).await.unwrap();
    let path = parts.uri.path().to_string();
    let upstream = front.upstreams.iter().find(|(prefix, _)| path.starts_with(prefix)).map(|(_, base)| base);
    let upstream = upstream.unwrap_or_else(|| panic!("no model serves {path}"));
    let path_and_query = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("").to_string();
    let url = format!("{upstream}{path_and_query}");
    let mut request = front.http.request(parts.method.clone(), url).body(body.clone());
    for name in ["content-type", "x-amz-access-token", "x-amz-date", "user-agent"] {
        if let Some(v) = parts.headers.get(name) {
            request = request.header(name, v);
        }
    }
    let answer = request.send().await.unwrap();
    let status = answer.status().as_u16();
    let violations: Vec<Value> = answer
        .headers()
        .get("sl-violations")
        .and_then(|v| serde_json::from_slice::<Vec<Value>>(v.as_bytes()).ok())
        .unwrap_or_default()
        .into_iter()
        .filter(|v| v["location"][0] == "request")
        .collect();
    let mut json: Value = answer.json().await.unwrap_or(Value::Null);
    if path.starts_with("/feeds/2021-06-30/documents") {
        json["url"] = if parts.method == "POST" {
            json!(format!("{}/upload", front.own))
        } else {
            let kind = if json["compressionAlgorithm"] == "GZIP" { "gzip" } else { "plain" };
            json!(format!("{}/download/{kind}", front.own))
        };
    }
    front.exchanges.lock().unwrap().push(Exchange {
        method: parts.method.to_string(),
        path: path_and_query,
        status,
        violations,
        request: serde_json::from_slice(&body).ok(),
    });
    (StatusCode::from_u16(status).unwrap(), Json(json)).into_response()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prism_accepts_every_request_the_client_makes() {
    let app = spawn_app_with(&[]).await;
    let (listings, feeds) = (Prism::start(LISTINGS_MODEL).await, Prism::start(FEEDS_MODEL).await);
    let front = Front::serve(vec![("/listings/", listings.base.clone()), ("/feeds/", feeds.base.clone())]).await;
    let api = front.client(&app);
    let m = &app.state.settings.amazon.marketplace;
    let p = product("HAMRO-CONTRACT-1");

    api.put_listing(&p.amazon_sku, &p.product_type, Requirements::Listing, document(&p, m))
        .await
        .expect("putListingsItem");
    api.patch_listing(&p.amazon_sku, &p.product_type, listing::inventory_patch(3))
        .await
        .expect("patchListingsItem (quantity)");
    api.patch_listing(&p.amazon_sku, &p.product_type, listing::price_patch(p.price, m.id))
        .await
        .expect("patchListingsItem (price)");
    let item = api.get_listing(&p.amazon_sku).await.expect("getListingsItem").expect("Prism's example item");
    assert!(item.asin.is_some(), "the client reads the ASIN out of Amazon's example");
    assert!(!item.issues.is_empty(), "and its issues");
    api.delete_listing(&p.amazon_sku).await.expect("deleteListingsItem");

    let doc = api.create_feed_document(feed::CONTENT_TYPE).await.expect("createFeedDocument");
    let updates =
        vec![InventoryUpdate { sku: p.amazon_sku.clone(), product_type: p.product_type.clone(), quantity: 9 }];
    let body = serde_json::to_vec(&feed::inventory_feed(&api.seller_id, &updates)).unwrap();
    api.upload(&doc.url, feed::CONTENT_TYPE, body).await.expect("upload");
    let feed_id = api.create_feed(&doc.feed_document_id).await.expect("createFeed");
    api.get_feed(&feed_id).await.expect("getFeed");
    api.feeds_since(&Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)).await.expect("getFeeds");
    let report = api.download_document("amzn1.tortuga.4.na.contract").await.expect("getFeedDocument + download");
    assert_eq!(report, load("schemas/feeds/listings-feed-processing-report-schema-v2.example.json"));

    let uploaded: Value =
        serde_json::from_slice(front.uploaded.lock().unwrap().as_deref().expect("a feed was uploaded")).unwrap();
    assert_fits_schema("listings-feed-schema-v2.json", &uploaded);

    let exchanges = front.assert_all_accepted();
    let operations: Vec<String> = exchanges.iter().map(|e| format!("{} {}", e.method, e.path)).collect();
    assert_eq!(exchanges.len(), 10, "{operations:#?}");
    // The bodies fit the request models too (Prism checks them; this says which definition).
    for e in exchanges.iter().filter(|e| e.request.is_some()) {
        let body = e.request.as_ref().unwrap();
        match (e.method.as_str(), e.path.starts_with("/listings/")) {
            ("PUT", true) => assert_fits_model(LISTINGS_MODEL, "ListingsItemPutRequest", body),
            ("PATCH", true) => assert_fits_model(LISTINGS_MODEL, "ListingsItemPatchRequest", body),
            ("POST", false) if e.path.ends_with("/documents") => {
                assert_fits_model(FEEDS_MODEL, "CreateFeedDocumentSpecification", body)
            }
            ("POST", false) => assert_fits_model(FEEDS_MODEL, "CreateFeedSpecification", body),
            other => panic!("unexpected body on {other:?} {}", e.path),
        }
    }
}

// ---------- the sandbox against the models ----------

pub(crate) struct Sandbox<'a> {
    app: &'a TestApp,
    pub(crate) http: reqwest::Client,
    pub(crate) token: String,
    pub(crate) seller: String,
}

impl Sandbox<'_> {
    pub(crate) async fn new(app: &TestApp) -> Sandbox<'_> {
        let http = reqwest::Client::new();
        let amazon = &app.state.settings.amazon;
        let res = http
            .post(&amazon.lwa_url)
            .form(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", amazon.refresh_token.expose_secret()),
                ("client_id", amazon.client_id.as_str()),
                ("client_secret", amazon.client_secret.expose_secret()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let token = res.json::<Value>().await.unwrap()["access_token"].as_str().unwrap().to_string();
        Sandbox { app, http, token, seller: amazon.seller_id.clone() }
    }

    pub(crate) async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut req = self
            .http
            .request(method, self.app.url(&format!("/sandbox/amazon{path}")))
            .header("x-amz-access-token", &self.token);
        if let Some(body) = body {
            req = req.json(&body);
        }
        let res = req.send().await.unwrap();
        (res.status().as_u16(), res.json().await.unwrap_or(Value::Null))
    }

    pub(crate) fn item(&self, sku: &str, query: &str) -> String {
        format!("/listings/2021-08-01/items/{}/{sku}?marketplaceIds=ATVPDKIKX0DER{query}", self.seller)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sandbox_answers_fit_the_sp_api_models() {
    use reqwest::Method;
    let app = spawn_app_with(&[("HAMRO_SANDBOX_ASIN_SECONDS", "0"), ("HAMRO_SANDBOX_FEED_SECONDS", "1")]).await;
    let sb = Sandbox::new(&app).await;
    let m = &app.state.settings.amazon.marketplace;
    let p = product("CONTRACT-SANDBOX-1");
    let put = json!({ "productType": p.product_type, "requirements": "LISTING", "attributes": document(&p, m) });

    let (status, accepted) = sb.call(Method::PUT, &sb.item(&p.amazon_sku, ""), Some(put.clone())).await;
    assert_eq!(status, 200);
    assert_eq!(accepted["status"], "ACCEPTED");
    assert_fits_model(LISTINGS_MODEL, "ListingsItemSubmissionResponse", &accepted);

    let mut invalid = put.clone();
    invalid["attributes"].as_object_mut().unwrap().remove("brand");
    let (_, refused) = sb.call(Method::PUT, &sb.item("CONTRACT-SANDBOX-2", ""), Some(invalid)).await;
    assert_eq!(refused["status"], "INVALID");
    assert_fits_model(LISTINGS_MODEL, "ListingsItemSubmissionResponse", &refused);

    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let (status, item) = sb
        .call(
            Method::GET,
            &sb.item(&p.amazon_sku, "&includedData=summaries,issues,offers,fulfillmentAvailability"),
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert!(item["summaries"][0]["asin"].is_string(), "{item:#}");
    assert_fits_model(LISTINGS_MODEL, "Item", &item);

    let patch = json!({ "productType": p.product_type, "patches": listing::inventory_patch(2) });
    let (_, patched) = sb.call(Method::PATCH, &sb.item(&p.amazon_sku, ""), Some(patch)).await;
    assert_fits_model(LISTINGS_MODEL, "ListingsItemSubmissionResponse", &patched);

    let (status, missing) = sb.call(Method::GET, &sb.item("NO-SUCH-SKU", ""), None).await;
    assert_eq!(status, 404);
    assert_fits_model(LISTINGS_MODEL, "ErrorList", &missing);
    let (status, bad) = sb.call(Method::GET, &format!("/listings/2021-08-01/items/{}/X", sb.seller), None).await;
    assert_eq!(status, 400, "marketplaceIds is required");
    assert_fits_model(LISTINGS_MODEL, "ErrorList", &bad);
    let forbidden = sb.http.get(app.url(&format!("/sandbox/amazon{}", sb.item("X", "")))).send().await.unwrap();
    assert_eq!(forbidden.status(), 403);
    assert_fits_model(LISTINGS_MODEL, "ErrorList", &forbidden.json().await.unwrap());

    // Feeds: document, upload, feed, IN_QUEUE -> DONE, report.
    let (status, doc) =
        sb.call(Method::POST, "/feeds/2021-06-30/documents", Some(json!({ "contentType": feed::CONTENT_TYPE }))).await;
    assert_eq!(status, 201);
    assert_fits_model(FEEDS_MODEL, "CreateFeedDocumentResponse", &doc);
    let updates = vec![
        InventoryUpdate { sku: p.amazon_sku.clone(), product_type: p.product_type.clone(), quantity: 5 },
        InventoryUpdate { sku: "NOT-LISTED".into(), product_type: p.product_type.clone(), quantity: 1 },
    ];
    let document = feed::inventory_feed(&sb.seller, &updates);
    assert_fits_schema("listings-feed-schema-v2.json", &document);
    let uploaded = sb
        .http
        .put(doc["url"].as_str().unwrap())
        .header("content-type", feed::CONTENT_TYPE)
        .json(&document)
        .send()
        .await
        .unwrap();
    assert_eq!(uploaded.status(), 200);
    let spec = json!({ "feedType": "JSON_LISTINGS_FEED", "marketplaceIds": ["ATVPDKIKX0DER"], "inputFeedDocumentId": doc["feedDocumentId"] });
    let (status, created) = sb.call(Method::POST, "/feeds/2021-06-30/feeds", Some(spec)).await;
    assert_eq!(status, 202);
    assert_fits_model(FEEDS_MODEL, "CreateFeedResponse", &created);
    let feed_path = format!("/feeds/2021-06-30/feeds/{}", created["feedId"].as_str().unwrap());
    let (_, queued) = sb.call(Method::GET, &feed_path, None).await;
    assert_eq!(queued["processingStatus"], "IN_QUEUE");
    assert_fits_model(FEEDS_MODEL, "Feed", &queued);
    let mut done = Value::Null;
    for _ in 0..40 {
        let (_, feed) = sb.call(Method::GET, &feed_path, None).await;
        assert_fits_model(FEEDS_MODEL, "Feed", &feed);
        if feed["processingStatus"] == "DONE" {
            done = feed;
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let report_id = done["resultFeedDocumentId"].as_str().expect("the feed finished with a report");
    let (_, list) =
        sb.call(Method::GET, "/feeds/2021-06-30/feeds?feedTypes=JSON_LISTINGS_FEED&pageSize=10", None).await;
    assert_fits_model(FEEDS_MODEL, "GetFeedsResponse", &list);
    let (_, report_doc) = sb.call(Method::GET, &format!("/feeds/2021-06-30/documents/{report_id}"), None).await;
    assert_fits_model(FEEDS_MODEL, "FeedDocument", &report_doc);
    let report: Value = sb.http.get(report_doc["url"].as_str().unwrap()).send().await.unwrap().json().await.unwrap();
    assert_fits_schema("listings-feed-processing-report-schema-v2.json", &report);
    assert_eq!(report["summary"]["messagesProcessed"], 2);
    assert_eq!(report["summary"]["messagesInvalid"], 1, "the SKU that isn't listed is reported: {report:#}");

    let (status, deleted) = sb.call(Method::DELETE, &sb.item(&p.amazon_sku, ""), None).await;
    assert_eq!(status, 200);
    assert_fits_model(LISTINGS_MODEL, "ListingsItemSubmissionResponse", &deleted);

    // Throttling looks like Amazon's.
    let fault = json!({ "status": 429, "count": 1, "operation": "getFeed" });
    assert_eq!(sb.http.post(app.url("/sandbox/amazon/_faults")).json(&fault).send().await.unwrap().status(), 204);
    let throttled = sb
        .http
        .get(app.url(&format!("/sandbox/amazon{feed_path}")))
        .header("x-amz-access-token", &sb.token)
        .send()
        .await
        .unwrap();
    assert_eq!(throttled.status(), 429);
    assert!(throttled.headers().contains_key("x-amzn-ratelimit-limit"));
    assert_fits_model(FEEDS_MODEL, "ErrorList", &throttled.json().await.unwrap());
}
