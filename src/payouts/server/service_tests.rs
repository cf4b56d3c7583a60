//! The payouts service and its webhook handler, called directly against an in-memory
//! database. Stripe itself is not called here (the HTTP tests run against the sandbox).

use chrono::Utc;
use secrecy::SecretString;
use serde_json::{Value, json};

use super::{
    Payouts, account_repo,
    facts::AccountFacts,
    repo::{self, NewPayout},
    webhook::{self, Outcome},
};
use crate::{
    auth::{
        model::{CurrentUser, Role},
        server::service as accounts,
    },
    db,
    earnings::server::Earnings,
    integrations::stripe::{StripeGateway, StripeSettings, sign},
    money::{Currency, Money},
    notifications::server::Notifier,
    payouts::model::{AccountStatus, PayoutAsk, PayoutStatus},
};

const SECRET: &str = "whsec_service_test";
const ACCOUNT: &str = "acct_service_test";

async fn setup() -> (db::Db, Payouts, CurrentUser) {
    crate::startup::install_crypto_provider();
    let db = db::memory().await;
    let settings = StripeSettings {
        // Nothing listens here: these tests never reach Stripe.
        api_base: "http://127.0.0.1:9/".into(),
        secret_key: SecretString::from("sk_test_service".to_string()),
        publishable_key: None,
        webhook_secrets: vec![SecretString::from(SECRET.to_string())],
        connect_country: "US".into(),
    };
    let stripe = StripeGateway::new(&settings).unwrap();
    let earnings = Earnings::new(db.clone(), Notifier::new(db.clone()), chrono::Duration::zero());
    let payouts = Payouts::new(db.clone(), stripe, settings.webhook_secrets.clone(), "http://hamro.test", earnings);
    let account = accounts::NewAccount {
        email: "s@example.com".into(),
        name: "Seller".into(),
        role: Role::Seller,
        password: SecretString::from("a-long-password"),
    };
    let seller = accounts::create_account(&db, account).await.unwrap();
    (db, payouts, seller)
}

fn facts(payouts_enabled: bool) -> AccountFacts {
    AccountFacts {
        id: ACCOUNT.into(),
        status: if payouts_enabled { AccountStatus::Active } else { AccountStatus::Pending },
        country: Some("US".into()),
        email: None,
        business_type: None,
        charges_enabled: payouts_enabled,
        payouts_enabled,
        details_submitted: payouts_enabled,
        requirements_due: Vec::new(),
        payout_interval: Some("manual".into()),
        default_currency: Some("usd".into()),
    }
}

fn ask() -> PayoutAsk {
    PayoutAsk { amount: Money::new(2_500, Currency::Usd), description: None }
}

fn payout_event(id: &str, kind: &str, status: &str, ours: &str) -> Value {
    json!({
        "id": id, "object": "event", "api_version": "2026-09-30.endive", "account": ACCOUNT,
        "created": Utc::now().timestamp(), "livemode": false, "pending_webhooks": 1, "type": kind,
        "request": { "id": null, "idempotency_key": null },
        "data": { "object": {
            "id": "po_service", "object": "payout", "amount": 2500, "arrival_date": Utc::now().timestamp() + 86_400,
            "automatic": false, "created": Utc::now().timestamp(), "currency": "usd", "livemode": false,
            "method": "standard", "reconciliation_status": "not_applicable", "source_type": "card", "status": status,
            "type": "bank_account", "metadata": { "hamro_payout_id": ours },
        }}
    })
}

async fn deliver(payouts: &Payouts, event: &Value) -> Outcome {
    let body = event.to_string();
    let signature = sign(body.as_bytes(), SECRET, Utc::now().timestamp());
    webhook::handle(payouts, body.as_bytes(), Some(&signature)).await.unwrap()
}

#[tokio::test]
async fn a_request_needs_a_connected_account_that_finished_onboarding() {
    let (db, payouts, seller) = setup().await;
    let err = payouts.request(&seller, ask()).await.unwrap_err();
    assert!(err.to_string().contains("Connect a Stripe account first"), "{err}");
    account_repo::insert_account(&db, &seller.id, &facts(false), Utc::now(), &[]).await.unwrap();
    let err = payouts.request(&seller, ask()).await.unwrap_err();
    assert!(err.to_string().contains("Finish Stripe onboarding"), "{err}");
    assert!(payouts.history(&seller, None).await.unwrap().is_empty(), "nothing was recorded");
}

#[tokio::test]
async fn payout_events_apply_once_and_only_move_forward() {
    let (db, payouts, seller) = setup().await;
    account_repo::insert_account(&db, &seller.id, &facts(true), Utc::now(), &[]).await.unwrap();
    let new = NewPayout {
        id: &db::new_key(),
        user_id: &seller.id,
        stripe_account_id: ACCOUNT,
        amount: Money::new(2_500, Currency::Usd),
        description: None,
        idempotency_key: "hamro-payout-test",
    };
    let ours = new.id.to_string();
    assert!(repo::insert_requested(&db, &new, Utc::now()).await.is_ok());

    let paid = payout_event("evt_paid", "payout.paid", "paid", &ours);
    assert_eq!(deliver(&payouts, &paid).await, Outcome::Applied);
    assert_eq!(deliver(&payouts, &paid).await, Outcome::Duplicate, "a replay does nothing");
    // An older event arriving late leaves it paid.
    let late = payout_event("evt_transit", "payout.updated", "in_transit", &ours);
    assert_eq!(deliver(&payouts, &late).await, Outcome::Applied);
    let history = payouts.history(&seller, None).await.unwrap();
    assert_eq!(history[0].status, PayoutStatus::Paid);
    let notifier = Notifier::new(db.clone());
    let bell = notifier.bell(&seller.id).await.unwrap();
    assert_eq!(bell.latest.iter().filter(|n| n.title == "Payout paid").count(), 1, "told once");
}

#[tokio::test]
async fn events_about_nothing_hamro_knows_are_recorded_and_ignored() {
    let (_db, payouts, _seller) = setup().await;
    let stranger = payout_event("evt_stranger", "payout.paid", "paid", "0123456789abcdef0123456789abcdef");
    assert_eq!(deliver(&payouts, &stranger).await, Outcome::Ignored);
    assert_eq!(deliver(&payouts, &stranger).await, Outcome::Duplicate);
    let unsigned = webhook::handle(&payouts, b"{}", None).await.unwrap_err();
    assert_eq!(unsigned.status_code(), 400);
}
