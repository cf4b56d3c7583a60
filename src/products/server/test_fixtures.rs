//! Product types for tests that call no Amazon: every type the SP-API sandbox serves, built
//! from the same definitions and schemas and put straight into the cache.

use std::sync::Arc;

use secrecy::SecretString;

use super::ProductTypes;
use crate::{
    integrations::amazon::{AmazonSettings, Definition, PropertyGroup, Requirements, SpApi, regions::marketplace},
    money::{Currency, Money},
    products::model::{AttrValue, CodeKind, Condition, Identity, ProductFields},
    sandbox::amazon::{type_facts, type_schema},
};

/// An SP-API client aimed where nothing listens: these tests must not call Amazon.
pub(crate) fn unreachable_amazon() -> Arc<SpApi> {
    let settings = AmazonSettings {
        endpoint: "http://127.0.0.1:9".into(),
        lwa_url: "http://127.0.0.1:9/token".into(),
        client_id: "id".into(),
        client_secret: SecretString::from("secret".to_string()),
        refresh_token: SecretString::from("token".to_string()),
        seller_id: "A1".into(),
        marketplace: marketplace("US").unwrap(),
        max_backoff: std::time::Duration::from_millis(10),
    };
    Arc::new(SpApi::new(&settings).unwrap())
}

/// The 17 product types, both requirement sets, as the sandbox defines them.
pub(crate) async fn product_types(amazon: Arc<SpApi>) -> ProductTypes {
    let us = marketplace("US").unwrap();
    let types = ProductTypes::new(amazon, us);
    for name in type_facts::names() {
        for (ours, theirs) in [
            (Requirements::Listing, type_schema::Requirements::Listing),
            (Requirements::ListingOfferOnly, type_schema::Requirements::OfferOnly),
        ] {
            let schema = type_schema::schema(name, theirs, true, us.id).unwrap();
            let groups = type_schema::property_groups(name, theirs);
            let property_groups = groups
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, g)| PropertyGroup {
                    name: k.clone(),
                    title: g["title"].as_str().unwrap().into(),
                    property_names: serde_json::from_value(g["propertyNames"].clone()).unwrap(),
                })
                .collect();
            let definition = Definition {
                product_type: name.into(),
                display_name: type_facts::display_name(name),
                version: "TEST".into(),
                requirements: ours,
                schema_url: String::new(),
                checksum: String::new(),
                property_groups,
            };
            types.preload(&definition, &schema).await;
        }
    }
    types
}

/// A light fixture with everything its type requires.
pub(crate) fn light_fixture(sku: &str) -> ProductFields {
    let text = |s: &str| AttrValue::Text(s.into());
    ProductFields {
        title: "Brass table lamp".into(),
        description: "A brass lamp with a linen shade.".into(),
        sku: sku.into(),
        price: Money::new(4_999, Currency::Usd),
        quantity: 5,
        brand: "Hamro Home".into(),
        product_type: "LIGHT_FIXTURE".into(),
        condition: Condition::New,
        condition_note: String::new(),
        list_price: None,
        identity: Some(Identity::Code { code: CodeKind::Upc, value: "085000000014".into() }),
        attributes: [
            ("bullet_point".to_string(), AttrValue::List(vec!["Solid brass".into(), "Linen shade".into()])),
            ("country_of_origin".to_string(), AttrValue::Choice("US".into())),
            ("item_type_keyword".to_string(), text("table-lamps")),
            ("supplier_declared_dg_hz_regulation".to_string(), AttrValue::Choice("not_applicable".into())),
        ]
        .into(),
        image_urls: vec!["https://img.example.com/lamp.jpg".into()],
    }
}
