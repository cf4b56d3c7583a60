//! What Amazon says about a submitted listing, from the definition the sandbox serves for
//! its product type (never from what Hamro's client sends): 4000003 for an unknown type,
//! 4000004 for a new PRODUCT-type product, 90220 per missing required attribute (two of
//! them when there is neither an identifier nor an exemption), 99022 for an invalid value,
//! 8541 when an identifier belongs to a catalog item of another brand. Test trigger: an
//! `item_name` containing "[invalid]" gets 90244.

use std::{
    collections::HashMap,
    sync::{Arc, LazyLock, Mutex},
};

use serde_json::{Value, json};

use super::{
    catalog,
    type_schema::{self, Requirements},
};
use crate::integrations::amazon::meta_schema::SchemaValidator;

pub(crate) fn issue(code: &str, message: &str, severity: &str, attribute: Option<&str>, category: &str) -> Value {
    json!({
        "code": code,
        "message": message,
        "severity": severity,
        "attributeNames": attribute.map(|a| vec![a]).unwrap_or_default(),
        "categories": [category],
    })
}

type Key = (String, Requirements, bool);

static VALIDATORS: LazyLock<Mutex<HashMap<Key, Arc<SchemaValidator>>>> = LazyLock::new(Default::default);

fn validator(
    product_type: &str,
    requirements: Requirements,
    enforced: bool,
    marketplace: &str,
) -> Option<Arc<SchemaValidator>> {
    let key = (product_type.to_string(), requirements, enforced);
    if let Some(v) = VALIDATORS.lock().ok()?.get(&key) {
        return Some(v.clone());
    }
    let schema = type_schema::schema(product_type, requirements, enforced, marketplace)?;
    let compiled = Arc::new(SchemaValidator::new(&schema).expect("the sandbox's own schemas compile"));
    VALIDATORS.lock().ok()?.insert(key, compiled.clone());
    Some(compiled)
}

fn has(attributes: &Value, name: &str) -> bool {
    attributes.get(name).and_then(Value::as_array).is_some_and(|a| !a.is_empty())
}

/// The issues of a submission. `enforced`: a full put (required attributes checked); a
/// patch is checked for structure only.
pub(crate) fn check(
    product_type: &str,
    requirements: Requirements,
    enforced: bool,
    attributes: &Value,
    marketplace: &str,
) -> Vec<Value> {
    let Some(validator) = validator(product_type, requirements, enforced, marketplace) else {
        return vec![issue(
            "4000003",
            &format!("The product type '{product_type}' is invalid or not supported in this marketplace."),
            "ERROR",
            None,
            "INVALID_ATTRIBUTE",
        )];
    };
    if enforced && product_type == "PRODUCT" && requirements == Requirements::Listing {
        return vec![issue(
            "4000004",
            "Creating products with the product type 'PRODUCT' is not allowed. Use a specific product type, or \
             the LISTING_OFFER_ONLY requirements to offer an existing ASIN.",
            "ERROR",
            None,
            "INVALID_ATTRIBUTE",
        )];
    }
    let mut issues = Vec::new();
    for problem in validator.problems(attributes) {
        match (&problem.attribute, problem.missing) {
            (Some(name), true) => issues.push(issue(
                "90220",
                &format!("'{name}' is required but not supplied."),
                "ERROR",
                Some(name),
                "MISSING_ATTRIBUTE",
            )),
            // The identifier rule: Amazon names both ways of meeting it.
            (None, true) => {
                for name in ["externally_assigned_product_identifier", "merchant_suggested_asin"] {
                    issues.push(issue(
                        "90220",
                        &format!("'{name}' is required but not supplied."),
                        "ERROR",
                        Some(name),
                        "MISSING_ATTRIBUTE",
                    ));
                }
            }
            (attribute, false) => issues.push(issue(
                "99022",
                &format!(
                    "The value of '{}' is not valid: {}",
                    attribute.as_deref().unwrap_or("attributes"),
                    problem.message
                ),
                "ERROR",
                attribute.as_deref(),
                "INVALID_ATTRIBUTE",
            )),
        }
    }
    issues.extend(catalog_conflicts(attributes));
    let name = attributes["item_name"][0]["value"].as_str().unwrap_or_default();
    if name.to_lowercase().contains("[invalid]") {
        issues.push(issue(
            "90244",
            "The item name contains a word that is not allowed on Amazon.",
            "ERROR",
            Some("item_name"),
            "INVALID_ATTRIBUTE",
        ));
    }
    if enforced && requirements == Requirements::Listing && !has(attributes, "main_product_image_locator") {
        issues.push(issue(
            "18027",
            "No main image: the listing is not discoverable until it has one.",
            "WARNING",
            Some("main_product_image_locator"),
            "MISSING_ATTRIBUTE",
        ));
    }
    issues
}

/// 8541: the barcode is a catalog item's, and the brand given contradicts it.
fn catalog_conflicts(attributes: &Value) -> Vec<Value> {
    let code = attributes["externally_assigned_product_identifier"][0]["value"].as_str();
    let brand = attributes["brand"][0]["value"].as_str();
    match (code.and_then(catalog::by_identifier), brand) {
        (Some(item), Some(brand)) if !brand.trim().eq_ignore_ascii_case(item.brand) => vec![issue(
            "8541",
            &format!(
                "The value for 'brand' (Merchant: '{brand}' / Amazon: '{}') conflicts with the Amazon catalog item \
                 {} that has this product identifier. Correct the brand, or list an offer on ASIN {}.",
                item.brand, item.asin, item.asin
            ),
            "ERROR",
            Some("brand"),
            "INVALID_ATTRIBUTE",
        )],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const M: &str = "ATVPDKIKX0DER";

    fn lang(v: &str) -> Value {
        json!([{ "value": v, "language_tag": "en_US", "marketplace_id": M }])
    }

    fn plain(v: Value) -> Value {
        json!([{ "value": v, "marketplace_id": M }])
    }

    fn lamp() -> Value {
        json!({
            "item_name": lang("Brass lamp"), "brand": lang("Lumen & Co."), "product_description": lang("A lamp."),
            "bullet_point": lang("Brass"), "item_type_keyword": plain(json!("table-lamps")),
            "country_of_origin": plain(json!("US")), "supplier_declared_dg_hz_regulation": plain(json!("not_applicable")),
            "externally_assigned_product_identifier": [{ "type": "upc", "value": "085000000014", "marketplace_id": M }],
            "main_product_image_locator": [{ "media_location": "https://example.com/a.jpg", "marketplace_id": M }],
        })
    }

    fn codes(issues: &[Value]) -> Vec<(String, String)> {
        issues
            .iter()
            .map(|i| {
                (i["code"].as_str().unwrap().to_string(), i["attributeNames"][0].as_str().unwrap_or("").to_string())
            })
            .collect()
    }

    #[test]
    fn a_complete_light_fixture_passes() {
        assert_eq!(check("LIGHT_FIXTURE", Requirements::Listing, true, &lamp(), M), Vec::<Value>::new());
    }

    #[test]
    fn each_missing_required_attribute_is_a_90220() {
        let mut a = lamp();
        a.as_object_mut().unwrap().remove("bullet_point");
        a.as_object_mut().unwrap().remove("country_of_origin");
        let issues = check("LIGHT_FIXTURE", Requirements::Listing, true, &a, M);
        assert_eq!(
            codes(&issues),
            vec![("90220".into(), "bullet_point".into()), ("90220".into(), "country_of_origin".into())]
        );
        assert_eq!(issues[0]["message"], "'bullet_point' is required but not supplied.");
        assert!(check("LIGHT_FIXTURE", Requirements::Listing, false, &a, M).is_empty(), "NOT_ENFORCED: structure only");
    }

    #[test]
    fn no_identifier_gives_the_two_90220s_and_an_exemption_is_enough() {
        let mut a = lamp();
        a.as_object_mut().unwrap().remove("externally_assigned_product_identifier");
        let issues = check("LIGHT_FIXTURE", Requirements::Listing, true, &a, M);
        assert_eq!(
            codes(&issues),
            vec![
                ("90220".into(), "externally_assigned_product_identifier".into()),
                ("90220".into(), "merchant_suggested_asin".into())
            ]
        );
        a["supplier_declared_has_product_identifier_exemption"] = plain(json!(true));
        assert!(check("LIGHT_FIXTURE", Requirements::Listing, true, &a, M).is_empty());
    }

    #[test]
    fn product_type_rules_come_first() {
        assert_eq!(codes(&check("PRODUCT", Requirements::Listing, true, &lamp(), M))[0].0, "4000004");
        assert_eq!(codes(&check("SPACESHIP", Requirements::Listing, true, &lamp(), M))[0].0, "4000003");
    }

    #[test]
    fn a_barcode_of_another_brand_is_an_8541() {
        let mut a = lamp();
        a["externally_assigned_product_identifier"][0]["value"] = json!("036000291452");
        a["brand"] = lang("Other Brand");
        let issues = check("LIGHT_FIXTURE", Requirements::Listing, true, &a, M);
        assert_eq!(codes(&issues), vec![("8541".into(), "brand".into())]);
        assert!(issues[0]["message"].as_str().unwrap().contains("Amazon: 'Lumen & Co.'"));
    }

    #[test]
    fn an_offer_needs_far_less() {
        let offer =
            json!({ "merchant_suggested_asin": plain(json!("B0CATLAMP1")), "condition_type": plain(json!("new_new")) });
        assert!(check("LIGHT_FIXTURE", Requirements::OfferOnly, true, &offer, M).is_empty());
        assert!(check("PRODUCT", Requirements::OfferOnly, true, &offer, M).is_empty(), "PRODUCT is fine for offers");
    }
}
