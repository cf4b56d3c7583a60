//! How a Hamro product becomes Listings Items attributes (and patches for price and
//! quantity), for the platform's seller account in one marketplace. The same document is
//! checked against the product type's schema before review and sent to Amazon on listing.

use serde_json::{Map, Value, json};

use crate::{
    integrations::amazon::{Requirements, regions::Marketplace},
    money::Money,
    products::model::{AttrValue, Identity, ProductFields, TypeSpec},
};

/// The attributes Hamro fills from the product's own fields; the type's other attributes
/// come from the seller's answers.
pub(crate) const CORE_ATTRIBUTES: &[&str] = &[
    "item_name",
    "brand",
    "product_description",
    "condition_type",
    "condition_note",
    "purchasable_offer",
    "list_price",
    "fulfillment_availability",
    "externally_assigned_product_identifier",
    "merchant_suggested_asin",
    "supplier_declared_has_product_identifier_exemption",
    "main_product_image_locator",
];

/// Whether an attribute is one of Hamro's own fields (or an image slot).
pub(crate) fn is_core(name: &str) -> bool {
    CORE_ATTRIBUTES.contains(&name) || name.starts_with("other_product_image_locator_")
}

/// The product form's field for an attribute Amazon names.
pub(crate) fn field_of(attribute: &str) -> String {
    match attribute {
        "item_name" => "title".into(),
        "brand" => "brand".into(),
        "product_description" => "description".into(),
        "condition_type" => "condition".into(),
        "condition_note" => "condition_note".into(),
        "purchasable_offer" => "price".into(),
        "list_price" => "list_price".into(),
        "fulfillment_availability" => "quantity".into(),
        "externally_assigned_product_identifier"
        | "merchant_suggested_asin"
        | "supplier_declared_has_product_identifier_exemption" => "identity".into(),
        image if image.contains("image_locator") => "image_urls".into(),
        other => crate::products::model::attr_field(other),
    }
}

/// A money amount as the JSON number Amazon wants (19.99). serde_json carries numbers as
/// f64; every amount Hamro allows (two decimals, at most 1,000,000.00) prints back exactly
/// from its shortest f64 form, which `exact_decimal` checks.
pub fn decimal(money: Money) -> Value {
    let text = money.to_decimal_string();
    let number: f64 = text.parse().unwrap_or(0.0);
    debug_assert_eq!(exact_decimal(number), text);
    json!(number)
}

fn exact_decimal(n: f64) -> String {
    format!("{n:.2}")
}

pub fn offer(price: Money, marketplace_id: &str) -> Value {
    json!([{
        "marketplace_id": marketplace_id,
        "currency": price.currency.label(),
        "our_price": [{ "schedule": [{ "value_with_tax": decimal(price) }] }],
    }])
}

pub fn availability(quantity: u32) -> Value {
    json!([{ "fulfillment_channel_code": "DEFAULT", "quantity": quantity }])
}

/// Which requirements a product is listed under: an offer when it names an existing ASIN.
pub fn requirements_for(identity: Option<&Identity>) -> Requirements {
    if identity.and_then(Identity::asin).is_some() { Requirements::ListingOfferOnly } else { Requirements::Listing }
}

/// The full attribute set for `putListingsItem` (an offer's sales terms only, for an offer
/// on an existing ASIN). `spec` says which of the type's attributes carry a language tag.
pub fn attributes(p: &ProductFields, market: &Marketplace, spec: &TypeSpec) -> Value {
    let (m, lang) = (market.id, market.language_tag);
    let text = |v: &str| json!([{ "value": v, "language_tag": lang, "marketplace_id": m }]);
    let plain = |v: Value| json!([{ "value": v, "marketplace_id": m }]);
    let mut a = Map::new();
    a.insert("condition_type".into(), plain(json!(p.condition.amazon_value())));
    if !p.condition_note.is_empty() {
        a.insert("condition_note".into(), text(&p.condition_note));
    }
    a.insert("purchasable_offer".into(), offer(p.price, m));
    if let Some(list) = p.list_price {
        a.insert(
            "list_price".into(),
            json!([{ "marketplace_id": m, "currency": list.currency.label(), "value_with_tax": decimal(list) }]),
        );
    }
    a.insert("fulfillment_availability".into(), availability(p.quantity));
    match &p.identity {
        Some(Identity::Asin { asin }) => {
            a.insert("merchant_suggested_asin".into(), plain(json!(asin)));
            return Value::Object(a);
        }
        Some(Identity::Code { code, value }) => {
            a.insert(
                "externally_assigned_product_identifier".into(),
                json!([{ "type": code.as_str(), "value": value, "marketplace_id": m }]),
            );
        }
        Some(Identity::Exempt) => {
            a.insert("supplier_declared_has_product_identifier_exemption".into(), plain(json!(true)));
        }
        None => {}
    }
    a.insert("item_name".into(), text(&p.title));
    a.insert("brand".into(), text(&p.brand));
    if !p.description.is_empty() {
        a.insert("product_description".into(), text(&p.description));
    }
    for (i, url) in p.image_urls.iter().enumerate() {
        let name =
            if i == 0 { "main_product_image_locator".to_string() } else { format!("other_product_image_locator_{i}") };
        a.insert(name, json!([{ "media_location": url, "marketplace_id": m }]));
    }
    for (name, value) in &p.attributes {
        let localized = spec.field(name).is_none_or(|f| f.localized);
        let entry = |v: &str| {
            if localized {
                json!({ "value": v, "language_tag": lang, "marketplace_id": m })
            } else {
                json!({ "value": v, "marketplace_id": m })
            }
        };
        let entries = match value {
            AttrValue::List(items) => items.iter().map(|v| entry(v)).collect(),
            AttrValue::Text(v) | AttrValue::Choice(v) => vec![entry(v)],
            AttrValue::Measure { amount, unit } => {
                let number: f64 = amount.parse().unwrap_or(0.0);
                vec![json!({ "value": number, "unit": unit, "marketplace_id": m })]
            }
        };
        a.insert(name.clone(), Value::Array(entries));
    }
    Value::Object(a)
}

/// `update_inventory`: the quantity, merged into what is there.
pub fn inventory_patch(quantity: u32) -> Value {
    json!([{ "op": "merge", "path": "/attributes/fulfillment_availability", "value": availability(quantity) }])
}

/// `update_price`: the offer's price.
pub fn price_patch(price: Money, marketplace_id: &str) -> Value {
    json!([{ "op": "replace", "path": "/attributes/purchasable_offer", "value": offer(price, marketplace_id) }])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    #[test]
    fn every_allowed_amount_prints_back_exactly() {
        assert_eq!(decimal(Money::new(1999, Currency::Usd)).to_string(), "19.99");
        assert_eq!(decimal(Money::new(100_000_000, Currency::Usd)).to_string(), "1000000.0");
        for minor in [1, 5, 10, 99, 1999, 12_345, 99_999_999, 100_000_000, 33_333_333, 70_000_001] {
            let m = Money::new(minor, Currency::Usd);
            assert_eq!(exact_decimal(decimal(m).as_f64().unwrap()), m.to_decimal_string());
        }
    }
}
