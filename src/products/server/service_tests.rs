//! The products service, called directly against an in-memory database.

use std::sync::{Arc, Mutex};

use async_trait::async_trait;

use super::{Decision, ProductChange, ProductListener, Products};
use crate::{
    auth::{
        model::{CurrentUser, Role},
        server::service as accounts,
    },
    db,
    notifications::server::Notifier,
    products::model::{AttrValue, Identity, ProductFields, ProductStatus, Transition},
};

async fn user(db: &db::Db, email: &str, role: Role) -> CurrentUser {
    let account = accounts::NewAccount {
        email: email.into(),
        name: "Test".into(),
        role,
        password: secrecy::SecretString::from("a-long-password"),
    };
    accounts::create_account(db, account).await.unwrap()
}

fn fields(sku: &str) -> ProductFields {
    ProductFields { title: "Linen shirt".into(), ..super::test_fixtures::light_fixture(sku) }
}

/// Remembers what products announced.
#[derive(Default)]
struct Recorder(Mutex<Vec<String>>);

#[async_trait]
impl ProductListener for Recorder {
    async fn product_changed(&self, change: &ProductChange) {
        let what = match change {
            ProductChange::OfferChanged(p) => format!("offer {}", p.quantity),
            ProductChange::Archived(p) => format!("archived {}", p.id),
        };
        self.0.lock().unwrap().push(what);
    }
}

struct Setup {
    db: db::Db,
    products: Products,
    notifier: Notifier,
    seller: CurrentUser,
    other: CurrentUser,
    admin: CurrentUser,
    heard: Arc<Recorder>,
}

async fn setup() -> Setup {
    let db = db::memory().await;
    let notifier = Notifier::new(db.clone());
    let types = super::test_fixtures::product_types(super::test_fixtures::unreachable_amazon()).await;
    let products = Products::new(db.clone(), notifier.clone(), types);
    let heard = Arc::new(Recorder::default());
    products.listen(heard.clone());
    Setup {
        seller: user(&db, "s@example.com", Role::Seller).await,
        other: user(&db, "o@example.com", Role::Seller).await,
        admin: user(&db, "a@example.com", Role::Admin).await,
        db,
        products,
        notifier,
        heard,
    }
}

#[tokio::test]
async fn a_product_goes_from_draft_through_review_and_the_seller_hears_the_verdict() {
    let s = setup().await;
    let draft = s.products.create(&s.seller, fields("SKU-1"), false).await.unwrap();
    assert_eq!(draft.status, ProductStatus::Draft);
    let pending = s.products.seller_transition(&s.seller, &draft.id, None, Transition::Submit).await.unwrap();
    assert_eq!(pending.status, ProductStatus::PendingReview);
    assert_eq!(s.notifier.counter(&s.admin.id).await.unwrap().unread, 1, "admins hear of the submission");

    let approved = s.products.review(&s.admin, &draft.id, Some(pending.version), Decision::Approve).await.unwrap();
    assert_eq!(approved.status, ProductStatus::Approved);
    let news = s.notifier.bell(&s.seller.id).await.unwrap();
    assert_eq!(news.latest[0].title, "Product approved");

    // A second admin deciding on the version they read is told it already happened.
    let late = s.products.review(&s.admin, &draft.id, Some(pending.version), Decision::Approve).await.unwrap_err();
    assert_eq!(late.status_code(), 409);
}

#[tokio::test]
async fn sellers_reach_only_their_own_products_and_skus_are_unique_per_seller() {
    let s = setup().await;
    let mine = s.products.create(&s.seller, fields("SKU-1"), false).await.unwrap();
    assert_eq!(s.products.get_for(&s.other, &mine.id).await.unwrap_err().status_code(), 404);
    assert!(s.products.get_for(&s.admin, &mine.id).await.is_ok(), "admins see every product");
    let edit = s.products.update(&s.other, &mine.id, None, fields("SKU-1"), false).await.unwrap_err();
    assert_eq!(edit.status_code(), 404);
    let twice = s.products.create(&s.seller, fields("SKU-1"), false).await.unwrap_err();
    assert!(twice.field_error("sku").is_some());
    assert!(s.products.create(&s.other, fields("SKU-1"), false).await.is_ok(), "another seller may use it");
    assert_eq!(s.products.counts(Some(&s.seller.id)).await.unwrap().draft, 1);
}

#[tokio::test]
async fn listeners_hear_offer_changes_and_archiving_but_not_other_edits() {
    let s = setup().await;
    let p = s.products.create(&s.seller, fields("SKU-1"), false).await.unwrap();
    let retitled = ProductFields { title: "Linen shirt, blue".into(), ..fields("SKU-1") };
    let p = s.products.update(&s.seller, &p.id, Some(p.version), retitled.clone(), false).await.unwrap();
    assert!(s.heard.0.lock().unwrap().is_empty());
    let restocked = ProductFields { quantity: 9, ..retitled };
    let p = s.products.update(&s.seller, &p.id, Some(p.version), restocked, false).await.unwrap();
    s.products.seller_transition(&s.seller, &p.id, Some(p.version), Transition::Archive).await.unwrap();
    assert_eq!(*s.heard.0.lock().unwrap(), ["offer 9".to_string(), format!("archived {}", p.id)]);
}

#[tokio::test]
async fn a_stale_version_is_refused_and_changes_nothing() {
    let s = setup().await;
    let p = s.products.create(&s.seller, fields("SKU-1"), false).await.unwrap();
    let newer = s.products.update(&s.seller, &p.id, Some(p.version), fields("SKU-2"), false).await.unwrap();
    let stale = s.products.update(&s.seller, &p.id, Some(p.version), fields("SKU-3"), false).await.unwrap_err();
    assert_eq!(stale.status_code(), 409);
    assert_eq!(s.products.get_for(&s.seller, &p.id).await.unwrap(), newer);
}

#[tokio::test]
async fn a_draft_may_be_incomplete_but_review_needs_what_the_type_requires() {
    let s = setup().await;
    let mut thin = fields("THIN-1");
    thin.attributes.remove("bullet_point");
    thin.identity = None;
    let draft = s.products.create(&s.seller, thin.clone(), false).await.unwrap();
    let refused = s.products.seller_transition(&s.seller, &draft.id, None, Transition::Submit).await.unwrap_err();
    assert!(refused.field_error("attributes.bullet_point").unwrap().contains("Bullet Point"), "{refused:?}");
    assert!(refused.field_error("identity").is_some());
    let err = s.products.create(&s.seller, ProductFields { sku: "THIN-2".into(), ..thin }, true).await.unwrap_err();
    assert!(err.field_error("attributes.bullet_point").is_some());
}

#[tokio::test]
async fn answers_are_typed_by_the_type_and_wrong_ones_refused_even_in_a_draft() {
    let s = setup().await;
    let mut f = fields("TYPED-1");
    f.attributes.insert("bullet_point".into(), AttrValue::Text("One\nTwo".into()));
    let p = s.products.create(&s.seller, f.clone(), false).await.unwrap();
    assert_eq!(p.attributes["bullet_point"], AttrValue::List(vec!["One".into(), "Two".into()]));
    f.sku = "TYPED-2".into();
    f.attributes.insert("country_of_origin".into(), AttrValue::Text("Atlantis".into()));
    f.attributes.insert("warp_speed".into(), AttrValue::Text("9".into()));
    let err = s.products.create(&s.seller, f, false).await.unwrap_err();
    assert!(err.field_error("attributes.country_of_origin").is_some(), "{err:?}");
    assert!(err.field_error("attributes.warp_speed").unwrap().contains("no attribute"));
}

#[tokio::test]
async fn an_offer_on_an_existing_asin_needs_only_the_offer() {
    let s = setup().await;
    let mut offer = fields("OFFER-1");
    offer.product_type = "PRODUCT".into();
    offer.identity = Some(Identity::Asin { asin: "B0CATLAMP1".into() });
    offer.attributes.clear();
    let p = s.products.create(&s.seller, offer, true).await.unwrap();
    assert_eq!(p.status, ProductStatus::PendingReview);
}

#[tokio::test]
async fn a_measure_is_a_number_with_a_unit_from_the_schema() {
    let s = setup().await;
    let mut f = fields("WEIGHT-1");
    f.attributes.insert("item_weight".into(), AttrValue::Text("2.5".into()));
    f.attributes.insert("item_weight__unit".into(), AttrValue::Text("pounds".into()));
    let p = s.products.create(&s.seller, f.clone(), true).await.unwrap();
    assert_eq!(p.attributes["item_weight"], AttrValue::Measure { amount: "2.5".into(), unit: "pounds".into() });
    f.sku = "WEIGHT-2".into();
    f.attributes.insert("item_weight__unit".into(), AttrValue::Text("stone".into()));
    let err = s.products.create(&s.seller, f, false).await.unwrap_err();
    assert_eq!(err.field_error("attributes.item_weight").as_deref(), Some("Choose the unit."));
}

#[tokio::test]
async fn status_counts_follow_every_create_and_status_change_and_page_totals_use_them() {
    let s = setup().await;
    let a = s.products.create(&s.seller, fields("SKU-1"), false).await.unwrap();
    s.products.create(&s.seller, fields("SKU-2"), false).await.unwrap();
    s.products.create(&s.other, fields("SKU-1"), false).await.unwrap();
    let pending = s.products.seller_transition(&s.seller, &a.id, None, Transition::Submit).await.unwrap();
    s.products.review(&s.admin, &a.id, Some(pending.version), Decision::Approve).await.unwrap();

    let mine = s.products.counts(Some(&s.seller.id)).await.unwrap();
    assert_eq!((mine.draft, mine.pending_review, mine.approved, mine.total()), (1, 0, 1, 2));
    let theirs = s.products.counts(Some(&s.other.id)).await.unwrap();
    assert_eq!((theirs.draft, theirs.total()), (1, 1));
    let everyone = s.products.counts(None).await.unwrap();
    assert_eq!((everyone.draft, everyone.approved, everyone.total()), (2, 1, 3));

    let page = s.products.rows_for_seller(&s.seller, None, None).await.unwrap();
    assert_eq!((page.total, page.items.len()), (2, 2));
    let approved = s.products.rows_for_seller(&s.seller, Some(ProductStatus::Approved), None).await.unwrap();
    assert_eq!(approved.total, 1);
    assert_eq!(approved.items[0].id, a.id);
    assert_eq!(approved.items[0].sku, "SKU-1");
}

#[tokio::test]
async fn the_count_view_counts_products_that_existed_before_it_was_defined() {
    let s = setup().await;
    s.products.create(&s.seller, fields("SKU-1"), false).await.unwrap();
    s.products.create(&s.seller, fields("SKU-2"), false).await.unwrap();
    // What migration 0014 does on a database that already has products.
    let db = &s.db;
    db.query("REMOVE TABLE product_count").await.unwrap().check().unwrap();
    db.query(include_str!("../../db/migrations/0014_product_counts.surql")).await.unwrap().check().unwrap();
    assert_eq!(s.products.counts(Some(&s.seller.id)).await.unwrap().draft, 2);
}
