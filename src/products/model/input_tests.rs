//! The product form's rules.

use super::*;
use crate::{
    money::{Currency, Money},
    products::model::AttrValue,
};

fn form() -> ProductForm {
    ProductForm {
        title: "Linen shirt".into(),
        description: "Soft.".into(),
        sku: "SHIRT-001".into(),
        price: "19.99".into(),
        currency: "usd".into(),
        quantity: "5".into(),
        brand: "Hamro".into(),
        product_type: "LIGHT_FIXTURE".into(),
        condition: "new".into(),
        identity_kind: "upc".into(),
        identity_value: "036000291452".into(),
        image_urls: "https://img.example.com/a.jpg\n\nhttps://img.example.com/b.jpg\n".into(),
        attributes: [("bullet_point".to_string(), "Brass\nLinen shade".to_string())].into(),
        ..Default::default()
    }
}

#[test]
fn a_good_form_parses_exactly() {
    let f = form().parse().unwrap();
    assert_eq!(f.price, Money::new(1999, Currency::Usd));
    assert_eq!(f.quantity, 5);
    assert_eq!(f.image_urls.len(), 2);
}

#[test]
fn every_bad_field_is_named() {
    let bad = ProductForm {
        title: "".into(),
        description: "d".repeat(2001),
        sku: "has space".into(),
        price: "1e3".into(),
        currency: "xyz".into(),
        quantity: "1.5".into(),
        brand: " ".into(),
        product_type: "SPACE SHIP".into(),
        condition: "mint".into(),
        condition_note: "n".repeat(1001),
        list_price: "cheap".into(),
        identity_kind: "upc".into(),
        identity_value: "036000291453".into(),
        image_urls: "http://insecure.example.com/a.jpg".into(),
        ..Default::default()
    };
    let err = bad.parse().unwrap_err();
    for field in [
        "title",
        "description",
        "sku",
        "price",
        "currency",
        "quantity",
        "brand",
        "product_type",
        "condition",
        "condition_note",
        "list_price",
        "identity",
        "image_urls",
    ] {
        assert!(err.field_error(field).is_some(), "{field} flagged");
    }
}

#[test]
fn price_garbage_is_refused() {
    for price in ["1e3", "12.345", "-1", "NaN", "0", "1000000.01", ""] {
        let f = ProductForm { price: price.into(), ..form() };
        assert!(f.parse().unwrap_err().field_error("price").is_some(), "{price}");
    }
}

#[test]
fn limits_are_characters_and_counts() {
    assert!(ProductForm { title: "é".repeat(200), ..form() }.parse().is_ok());
    assert!(ProductForm { title: "é".repeat(201), ..form() }.parse().is_err());
    assert!(ProductForm { sku: "A".repeat(41), ..form() }.parse().is_err());
    let ten = (0..10).map(|i| format!("https://x.example.com/{i}.jpg")).collect::<Vec<_>>().join("\n");
    assert!(ProductForm { image_urls: ten, ..form() }.parse().is_err());
    assert!(ProductForm { quantity: "1000001".into(), ..form() }.parse().is_err());
    assert!(ProductForm { quantity: "0".into(), ..form() }.parse().is_ok());
}

#[test]
fn a_real_product_type_is_required_and_product_only_for_an_offer() {
    let missing = ProductForm { product_type: "".into(), ..form() }.parse().unwrap_err();
    assert!(missing.field_error("product_type").is_some());
    let generic = ProductForm { product_type: "PRODUCT".into(), ..form() }.parse().unwrap_err();
    assert!(generic.field_error("product_type").unwrap().contains("generic"));
    let offer = ProductForm {
        product_type: "PRODUCT".into(),
        identity_kind: "asin".into(),
        identity_value: "B0CATLAMP1".into(),
        ..form()
    };
    assert!(offer.parse().is_ok());
}

#[test]
fn identity_list_price_and_attributes_are_read() {
    let f = ProductForm { list_price: "24.99".into(), ..form() }.parse().unwrap();
    assert_eq!(f.list_price, Some(Money::new(2499, Currency::Usd)));
    assert_eq!(f.identity.unwrap().describe(), "UPC 036000291452");
    assert_eq!(f.attributes["bullet_point"], AttrValue::Text("Brass\nLinen shade".into()));
    let draft = ProductForm { identity_kind: "".into(), identity_value: "".into(), ..form() }.parse().unwrap();
    assert_eq!(draft.identity, None, "a draft may leave the identity for later");
}

#[test]
fn reasons_need_five_characters() {
    assert!(check_reason("bad").is_err());
    assert!(check_reason("    bad   ").is_err());
    assert_eq!(check_reason(" Blurry photos ").unwrap(), "Blurry photos");
}
