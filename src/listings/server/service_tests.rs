//! The listings service, called directly against an in-memory database (Amazon is never
//! called here: these paths decide before anything is sent).

use std::sync::Arc;

use std::time::Duration;

use secrecy::SecretString;

use super::Listings;
use crate::{
    auth::{
        model::{CurrentUser, Role},
        server::service as accounts,
    },
    config::ListingFollow,
    db,
    integrations::amazon::regions::marketplace,
    jobs,
    listings::model::ListingStatus,
    money::{Currency, Money},
    notifications::server::Notifier,
    products::{
        model::{ProductFields, Transition},
        server::{Decision, Products, test_fixtures},
    },
};

async fn user(db: &db::Db, email: &str, role: Role) -> CurrentUser {
    let account = accounts::NewAccount {
        email: email.into(),
        name: "Test".into(),
        role,
        password: SecretString::from("a-long-password"),
    };
    accounts::create_account(db, account).await.unwrap()
}

fn fields(currency: Currency) -> ProductFields {
    let base = crate::products::server::test_fixtures::light_fixture("SKU-1");
    ProductFields { price: Money::new(1999, currency), ..base }
}

struct Setup {
    db: db::Db,
    products: Products,
    listings: Listings,
    seller: CurrentUser,
    other: CurrentUser,
    admin: CurrentUser,
}

async fn setup() -> Setup {
    let db = db::memory().await;
    let notifier = Notifier::new(db.clone());
    let us = marketplace("US").unwrap();
    // Nothing listens here: a call would fail, and these tests make none.
    let amazon = test_fixtures::unreachable_amazon();
    let products = Products::new(db.clone(), notifier.clone(), test_fixtures::product_types(amazon.clone()).await);
    let follow = ListingFollow {
        first_look: Duration::from_secs(1),
        give_up: Duration::from_secs(3600),
        recheck_every: Duration::from_secs(3600),
    };
    let listings = Listings::new(db.clone(), amazon, notifier, products.clone(), us, 100, follow);
    products.listen(Arc::new(listings.clone()));
    Setup {
        seller: user(&db, "s@example.com", Role::Seller).await,
        other: user(&db, "o@example.com", Role::Seller).await,
        admin: user(&db, "a@example.com", Role::Admin).await,
        db,
        products,
        listings,
    }
}

async fn approved(s: &Setup, currency: Currency) -> crate::products::model::Product {
    let p = s.products.create(&s.seller, fields(currency), true).await.unwrap();
    s.products.review(&s.admin, &p.id, Some(p.version), Decision::Approve).await.unwrap()
}

#[tokio::test]
async fn only_approved_products_in_the_marketplaces_currency_are_listed() {
    let s = setup().await;
    let draft = s.products.create(&s.seller, fields(Currency::Usd), false).await.unwrap();
    assert_eq!(s.listings.sync(&s.seller, &draft.id).await.unwrap_err().status_code(), 409);
    let euros = {
        let p = s.products.create(&s.seller, ProductFields { sku: "SKU-EUR".into(), ..fields(Currency::Eur) }, true);
        let p = p.await.unwrap();
        s.products.review(&s.admin, &p.id, Some(p.version), Decision::Approve).await.unwrap()
    };
    let err = s.listings.sync(&s.seller, &euros.id).await.unwrap_err();
    assert!(err.to_string().contains("sells in USD"), "{err}");
    assert_eq!(s.listings.sync(&s.other, &euros.id).await.unwrap_err().status_code(), 404);
}

#[tokio::test]
async fn a_sync_is_queued_once_and_shows_as_submitted() {
    let s = setup().await;
    let p = approved(&s, Currency::Usd).await;
    assert_eq!(s.listings.view(&p).await.unwrap().status, ListingStatus::NotListed);
    let first = s.listings.sync(&s.seller, &p.id).await.unwrap();
    assert_eq!(first.status, ListingStatus::Submitted);
    assert!(first.busy);
    s.listings.sync(&s.admin, &p.id).await.unwrap();
    let queued = jobs::latest(&s.db, "amazon_sync", 10).await.unwrap();
    assert_eq!(queued.len(), 1, "one active sync per product");
    assert_eq!(
        s.listings.statuses(std::slice::from_ref(&p.id)).await.unwrap(),
        [(p.id.clone(), ListingStatus::Submitted)]
    );
}

#[tokio::test]
async fn price_edits_and_archiving_follow_a_listing_that_may_be_on_amazon() {
    let s = setup().await;
    let p = approved(&s, Currency::Usd).await;
    // Not listed: an offer change queues nothing.
    let p = s
        .products
        .update(&s.seller, &p.id, Some(p.version), ProductFields { quantity: 7, ..fields(Currency::Usd) }, false)
        .await
        .unwrap();
    assert!(jobs::latest(&s.db, "amazon_patch", 10).await.unwrap().is_empty());
    s.listings.sync(&s.seller, &p.id).await.unwrap();
    let p = s
        .products
        .update(&s.seller, &p.id, Some(p.version), ProductFields { quantity: 8, ..fields(Currency::Usd) }, false)
        .await
        .unwrap();
    assert_eq!(jobs::latest(&s.db, "amazon_patch", 10).await.unwrap().len(), 1);
    s.products.seller_transition(&s.seller, &p.id, Some(p.version), Transition::Archive).await.unwrap();
    assert_eq!(jobs::latest(&s.db, "amazon_delist", 10).await.unwrap().len(), 1);
}

#[tokio::test]
async fn delisting_needs_a_listing_and_bad_job_ids_are_refused() {
    let s = setup().await;
    let p = approved(&s, Currency::Usd).await;
    assert_eq!(s.listings.delist(&s.seller, &p.id).await.unwrap_err().status_code(), 409);
    assert_eq!(s.listings.job("../etc").await.unwrap_err().status_code(), 400);
    assert!(s.listings.latest_bulk().await.unwrap().is_none());
}
