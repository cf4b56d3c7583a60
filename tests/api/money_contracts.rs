//! The Orders API 2026-01-01 and Finances API 2024-06-19 contracts: Hamro's client runs
//! `searchOrders` and `listTransactions` against Prism serving Amazon's models (every
//! request accepted, Amazon's own example read), and the sandbox's answers, errors and
//! throttling fit the same models.

use chrono::{SecondsFormat, Utc};
use reqwest::Method;
use serde_json::{Value, json};

use crate::{
    amazon_contracts::{Front, Prism, Sandbox, assert_fits_model, product},
    helpers::spawn_app_with,
};

const ORDERS_MODEL: &str = "orders_2026-01-01.json";
const FINANCES_MODEL: &str = "finances_2024-06-19.json";

fn iso(t: chrono::DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prism_accepts_the_orders_and_finances_requests_and_the_client_reads_amazons_examples() {
    let app = spawn_app_with(&[]).await;
    let (orders, finances) = (Prism::start(ORDERS_MODEL).await, Prism::start(FINANCES_MODEL).await);
    let front = Front::serve(vec![("/orders/", orders.base.clone()), ("/finances/", finances.base.clone())]).await;
    let api = front.client(&app);
    let (from, to) = (Utc::now() - chrono::Duration::days(1), Utc::now() - chrono::Duration::minutes(3));

    let page = api.search_orders(from, to, None).await.expect("searchOrders");
    let example = page.orders.first().expect("Amazon's example order");
    assert!(!example.order_items.is_empty(), "with its items");
    api.search_orders(from, to, Some("a-token-from-the-first-page")).await.expect("searchOrders, next page");
    let transactions = api.list_transactions(from, to, None).await.expect("listTransactions");
    api.list_transactions(from, to, Some("next")).await.expect("listTransactions, next page");

    let exchanges = front.assert_all_accepted();
    let operations: Vec<String> = exchanges.iter().map(|e| format!("{} {}", e.method, e.path)).collect();
    assert_eq!(exchanges.len(), 4, "{operations:#?}");
    assert!(operations[0].contains("includedData=FULFILLMENT%2CPROCEEDS"), "{operations:#?}");
    // Whatever Amazon's example holds, every transaction read is one Hamro can follow.
    for t in &transactions.transactions {
        assert!(t.items.iter().all(|i| i.breakdowns.iter().all(|b| b.breakdown_amount.minor().is_some())));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sandbox_orders_and_finances_answers_fit_the_models() {
    let app = spawn_app_with(&[("HAMRO_SANDBOX_ASIN_SECONDS", "0")]).await;
    let sb = Sandbox::new(&app).await;
    let m = &app.state.settings.amazon.marketplace;
    let p = product("CONTRACT-ORDERS-1");
    let put = json!({ "productType": p.product_type, "requirements": "LISTING",
                      "attributes": crate::amazon_contracts::document(&p, m) });
    assert_eq!(sb.call(Method::PUT, &sb.item(&p.amazon_sku, ""), Some(put)).await.0, 200);
    let trigger = |body: Value, path: &str| {
        let url = app.url(&format!("/sandbox/amazon/_orders{path}"));
        let http = sb.http.clone();
        async move { http.post(url).json(&body).send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let shipped = trigger(json!({ "sku": p.amazon_sku, "quantity": 2, "minutes_ago": 10, "ship": true }), "").await;
    let shipped = shipped["orderId"].as_str().unwrap().to_string();
    trigger(json!({ "sku": p.amazon_sku, "minutes_ago": 9 }), "").await;
    trigger(json!({ "minutes_ago": 8 }), &format!("/{shipped}/refund")).await;

    // searchOrders, a page at a time.
    let after = iso(Utc::now() - chrono::Duration::hours(1));
    let first_page = format!(
        "/orders/2026-01-01/orders?lastUpdatedAfter={after}&includedData=FULFILLMENT,PROCEEDS&maxResultsPerPage=1&marketplaceIds=ATVPDKIKX0DER"
    );
    let (status, page) = sb.call(Method::GET, &first_page, None).await;
    assert_eq!(status, 200, "{page:#}");
    assert_fits_model(ORDERS_MODEL, "SearchOrdersResponse", &page);
    assert_eq!(page["orders"][0]["fulfillment"]["fulfillmentStatus"], "SHIPPED");
    let token = page["pagination"]["nextToken"].as_str().expect("a next page").to_string();
    let (_, second) = sb.call(Method::GET, &format!("{first_page}&paginationToken={token}"), None).await;
    assert_fits_model(ORDERS_MODEL, "SearchOrdersResponse", &second);
    assert_eq!(second["orders"].as_array().unwrap().len(), 1);
    assert!(second.get("pagination").is_none(), "the last page has none");
    assert!(second["orders"][0]["orderItems"][0].get("proceeds").is_some(), "PROCEEDS was asked for");

    let other_window = format!(
        "/orders/2026-01-01/orders?lastUpdatedAfter={}&paginationToken={token}",
        iso(Utc::now() - chrono::Duration::hours(2))
    );
    let refusals = [
        other_window,
        format!("/orders/2026-01-01/orders?lastUpdatedAfter={after}&createdAfter={after}"),
        "/orders/2026-01-01/orders".to_string(),
        format!("/orders/2026-01-01/orders?lastUpdatedAfter={after}&lastUpdatedBefore={}", iso(Utc::now())),
        format!("/orders/2026-01-01/orders?lastUpdatedAfter={after}&includedData=EVERYTHING"),
        format!("/orders/2026-01-01/orders?lastUpdatedAfter={after}&maxResultsPerPage=101"),
        "/orders/2026-01-01/orders?createdAfter=yesterday".to_string(),
    ];
    for path in refusals {
        let (status, error) = sb.call(Method::GET, &path, None).await;
        assert_eq!(status, 400, "{path}: {error:#}");
        assert_fits_model(ORDERS_MODEL, "ErrorList", &error);
    }

    let (status, order) =
        sb.call(Method::GET, &format!("/orders/2026-01-01/orders/{shipped}?includedData=FULFILLMENT"), None).await;
    assert_eq!(status, 200);
    assert_fits_model(ORDERS_MODEL, "GetOrderResponse", &order);
    assert!(order["order"].get("proceeds").is_none(), "only the datasets asked for");
    let (status, missing) = sb.call(Method::GET, "/orders/2026-01-01/orders/000-0000000-0000000", None).await;
    assert_eq!(status, 404);
    assert_fits_model(ORDERS_MODEL, "ErrorList", &missing);

    // listTransactions: the shipment and the refund, with Amazon's rules.
    let (status, listed) = sb
        .call(
            Method::GET,
            &format!("/finances/2024-06-19/transactions?postedAfter={after}&marketplaceId=ATVPDKIKX0DER"),
            None,
        )
        .await;
    assert_eq!(status, 200, "{listed:#}");
    assert_fits_model(FINANCES_MODEL, "ListTransactionsResponse", &listed);
    let kinds: Vec<&str> = listed["payload"]["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["transactionType"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["Shipment", "Refund"]);
    let (_, by_order) = sb
        .call(
            Method::GET,
            &format!(
                "/finances/2024-06-19/transactions?relatedIdentifierName=ORDER_ID&relatedIdentifierValue={shipped}"
            ),
            None,
        )
        .await;
    assert_fits_model(FINANCES_MODEL, "ListTransactionsResponse", &by_order);
    assert_eq!(by_order["payload"]["transactions"].as_array().unwrap().len(), 2);
    for path in [
        "/finances/2024-06-19/transactions".to_string(),
        format!("/finances/2024-06-19/transactions?postedAfter={}", iso(Utc::now() - chrono::Duration::seconds(30))),
        format!("/finances/2024-06-19/transactions?postedAfter={after}&postedBefore={after}"),
    ] {
        let (status, error) = sb.call(Method::GET, &path, None).await;
        assert_eq!(status, 400, "{path}: {error:#}");
        assert_fits_model(FINANCES_MODEL, "ErrorList", &error);
    }

    // searchOrders at Amazon's documented rate: a burst of 20, then 429.
    let mut throttled = None;
    for _ in 0..30 {
        let res = sb
            .http
            .get(app.url(&format!("/sandbox/amazon/orders/2026-01-01/orders?lastUpdatedAfter={after}")))
            .header("x-amz-access-token", &sb.token)
            .send()
            .await
            .unwrap();
        if res.status() == 429 {
            throttled = Some(res);
            break;
        }
    }
    let throttled = throttled.expect("the burst of 20 ran out");
    assert_eq!(throttled.headers()["x-amzn-ratelimit-limit"], "0.0056");
    assert_fits_model(ORDERS_MODEL, "ErrorList", &throttled.json().await.unwrap());
}
