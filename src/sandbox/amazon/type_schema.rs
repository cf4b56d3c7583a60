//! The JSON Schema the sandbox serves for a product type, in the style of Amazon's product
//! type meta-schema v1: each attribute an array of objects carrying `marketplace_id` (and
//! `language_tag` for text), with `selectors` + `maxUniqueItems`, UTF-8 byte lengths,
//! `enum` + `enumNames`, and the `editable` / `hidden` hints. `required` comes from the
//! type's facts; the identifier rule (an identifier, an ASIN or an exemption) is an `anyOf`.
//! NOT_ENFORCED drops both, leaving structure only, as Amazon does for partial updates.

use serde_json::{Map, Value, json};

use super::type_facts::{self, TypeFacts};

pub(crate) const META_SCHEMA: &str =
    "https://schemas.amazon.com/selling-partners/definitions/product-types/meta-schema/v1";
pub(crate) const LANGUAGE_TAG: &str = "en_US";

/// Which attributes a definition covers (`requirements`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Requirements {
    Listing,
    OfferOnly,
}

impl Requirements {
    pub(crate) fn parse(s: Option<&str>) -> Option<Self> {
        match s.unwrap_or("LISTING") {
            "LISTING" | "LISTING_PRODUCT_ONLY" => Some(Self::Listing),
            "LISTING_OFFER_ONLY" => Some(Self::OfferOnly),
            _ => None,
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Listing => "LISTING",
            Self::OfferOnly => "LISTING_OFFER_ONLY",
        }
    }
}

/// The attributes of an offer: all an offer-only definition has.
pub(crate) const OFFER_ATTRIBUTES: &[&str] = &[
    "condition_type",
    "condition_note",
    "merchant_suggested_asin",
    "purchasable_offer",
    "list_price",
    "fulfillment_availability",
];

/// What an offer-only listing must have.
const OFFER_REQUIRED: &[&str] = &["merchant_suggested_asin", "condition_type"];

const DG_HZ: &[(&str, &str)] = &[
    ("ghs", "GHS"),
    ("not_applicable", "Not Applicable"),
    ("other", "Other"),
    ("storage", "Storage"),
    ("transportation", "Transportation"),
    ("unknown", "Unknown"),
    ("waste", "Waste"),
];

const CONDITIONS: &[(&str, &str)] = &[
    ("new_new", "New"),
    ("new_open_box", "New - Open Box"),
    ("used_like_new", "Used - Like New"),
    ("used_very_good", "Used - Very Good"),
    ("used_good", "Used - Good"),
    ("used_acceptable", "Used - Acceptable"),
    ("refurbished_refurbished", "Refurbished"),
];

pub(crate) const COUNTRIES: &[(&str, &str)] = &[
    ("US", "United States"),
    ("CA", "Canada"),
    ("MX", "Mexico"),
    ("CN", "China"),
    ("TW", "Taiwan"),
    ("JP", "Japan"),
    ("KR", "South Korea"),
    ("IN", "India"),
    ("VN", "Vietnam"),
    ("TH", "Thailand"),
    ("ID", "Indonesia"),
    ("BD", "Bangladesh"),
    ("NP", "Nepal"),
    ("PK", "Pakistan"),
    ("TR", "Turkey"),
    ("DE", "Germany"),
    ("FR", "France"),
    ("IT", "Italy"),
    ("ES", "Spain"),
    ("PT", "Portugal"),
    ("GB", "United Kingdom"),
    ("NL", "Netherlands"),
    ("PL", "Poland"),
    ("SE", "Sweden"),
    ("BR", "Brazil"),
    ("AU", "Australia"),
];

fn entry(marketplace: &str, value: Value, extra: Map<String, Value>, with_language: bool) -> Value {
    let mut properties = Map::new();
    properties.insert("value".into(), value);
    properties.insert("marketplace_id".into(), json!({ "type": "string", "enum": [marketplace] }));
    if with_language {
        properties.insert("language_tag".into(), json!({ "type": "string", "enum": [LANGUAGE_TAG] }));
    }
    properties.extend(extra);
    json!({ "type": "object", "required": ["value"], "additionalProperties": false, "properties": properties })
}

fn attribute(title: &str, description: &str, items: Value, selectors: &[&str], max_unique: u32) -> Value {
    json!({
        "title": title, "description": description, "editable": true, "hidden": false,
        "type": "array", "minItems": 1, "selectors": selectors, "maxUniqueItems": max_unique, "items": items,
    })
}

fn text(max_chars: u32) -> Value {
    json!({ "type": "string", "minLength": 1, "maxLength": max_chars, "maxUtf8ByteLength": max_chars * 3 })
}

fn choice(options: &[(&str, &str)]) -> Value {
    json!({
        "type": "string",
        "enum": options.iter().map(|(v, _)| *v).collect::<Vec<_>>(),
        "enumNames": options.iter().map(|(_, n)| *n).collect::<Vec<_>>(),
    })
}

fn money(marketplace: &str, title: &str, description: &str) -> Value {
    let items = json!({ "type": "object", "required": ["currency", "value_with_tax"], "additionalProperties": false,
        "properties": {
            "marketplace_id": { "type": "string", "enum": [marketplace] },
            "currency": { "type": "string", "enum": ["USD", "CAD", "EUR", "GBP"] },
            "value_with_tax": { "type": "number", "exclusiveMinimum": 0 },
        } });
    attribute(title, description, items, &["marketplace_id", "currency"], 1)
}

/// The schema of one attribute, or `None` for one the sandbox does not model.
fn property(name: &str, marketplace: &str, facts: Option<&TypeFacts>) -> Option<Value> {
    let described =
        |fallback: &str| facts.and_then(|f| f.descriptions.get(name)).cloned().unwrap_or_else(|| fallback.to_string());
    let title = type_facts::display_name(name);
    let per_language = ["marketplace_id", "language_tag"];
    let lang = |value: Value, max_unique: u32, d: &str| {
        attribute(&title, &described(d), entry(marketplace, value, Map::new(), true), &per_language, max_unique)
    };
    let plain = |value: Value, d: &str| {
        attribute(&title, &described(d), entry(marketplace, value, Map::new(), false), &["marketplace_id"], 1)
    };
    Some(match name {
        "item_name" => lang(text(200), 1, "The item's title."),
        "brand" => lang(text(50), 1, "The brand."),
        "product_description" => lang(text(2000), 1, "What the product is."),
        "bullet_point" => lang(text(255), 5, "Key features, one per line."),
        "color" | "fabric_type" | "material" | "style" => lang(text(100), 1, "Describe it."),
        "condition_note" => lang(text(1000), 1, "Notes on the item's condition."),
        "item_type_keyword" => plain(text(100), "A keyword that places the item in Amazon's browse tree."),
        "country_of_origin" => plain(choice(COUNTRIES), "The country in which the product was made."),
        "supplier_declared_dg_hz_regulation" => {
            let d = described("Whether the product is regulated as a dangerous good.");
            attribute(&title, &d, entry(marketplace, choice(DG_HZ), Map::new(), false), &["marketplace_id"], 5)
        }
        "condition_type" => plain(choice(CONDITIONS), "The item's condition."),
        "merchant_suggested_asin" => {
            plain(json!({ "type": "string", "pattern": "^[A-Z0-9]{10}$" }), "An ASIN the product already has.")
        }
        "supplier_declared_has_product_identifier_exemption" => {
            plain(json!({ "type": "boolean" }), "The product is exempt from having a barcode.")
        }
        "externally_assigned_product_identifier" => {
            let mut extra = Map::new();
            extra.insert("type".into(), json!({ "type": "string", "enum": ["upc", "ean", "gtin", "isbn"] }));
            let mut items = entry(marketplace, json!({ "type": "string", "pattern": "^[0-9]{8,14}$" }), extra, false);
            items["required"] = json!(["type", "value"]);
            attribute(&title, &described("The product's barcode."), items, &["marketplace_id", "type"], 1)
        }
        "purchasable_offer" => {
            let items = json!({ "type": "object", "required": ["currency", "our_price"], "properties": {
                "marketplace_id": { "type": "string", "enum": [marketplace] },
                "currency": { "type": "string", "enum": ["USD", "CAD", "EUR", "GBP"] },
                "audience": { "type": "string", "enum": ["ALL", "B2B"] },
                "our_price": { "type": "array", "minItems": 1, "items": { "type": "object", "required": ["schedule"],
                    "properties": { "schedule": { "type": "array", "minItems": 1, "items": { "type": "object",
                        "required": ["value_with_tax"],
                        "properties": { "value_with_tax": { "type": "number", "exclusiveMinimum": 0 } } } } } } },
            } });
            attribute(&title, &described("The price."), items, &["marketplace_id", "currency", "audience"], 1)
        }
        "list_price" => money(marketplace, &title, &described("The manufacturer's suggested price.")),
        "item_weight" => {
            let units = [("grams", "Grams"), ("kilograms", "Kilograms"), ("ounces", "Ounces"), ("pounds", "Pounds")];
            let items = json!({ "type": "object", "required": ["value", "unit"], "additionalProperties": false,
                "properties": {
                    "marketplace_id": { "type": "string", "enum": [marketplace] },
                    "value": { "type": "number", "exclusiveMinimum": 0 },
                    "unit": choice(&units),
                } });
            attribute(&title, &described("The item's weight."), items, &["marketplace_id"], 1)
        }
        "fulfillment_availability" => {
            let items = json!({ "type": "object", "required": ["fulfillment_channel_code"], "properties": {
                "fulfillment_channel_code": { "type": "string", "minLength": 1 },
                "quantity": { "type": "integer", "minimum": 0 },
            } });
            attribute(&title, &described("How many are available."), items, &["fulfillment_channel_code"], 1)
        }
        image if image == "main_product_image_locator" || image.starts_with("other_product_image_locator_") => {
            let items = json!({ "type": "object", "required": ["media_location"], "additionalProperties": false,
                "properties": {
                    "marketplace_id": { "type": "string", "enum": [marketplace] },
                    "media_location": { "type": "string", "format": "uri", "pattern": "^https://", "maxLength": 2048 },
                } });
            attribute(&title, &described("An image of the product."), items, &["marketplace_id"], 1)
        }
        _ => return None,
    })
}

/// Every attribute a full listing of the type may carry, in the order forms show them.
pub(crate) fn attribute_names(facts: &TypeFacts) -> Vec<String> {
    let mut names: Vec<String> = facts.required.clone();
    let optional = [
        "color",
        "material",
        "style",
        "item_weight",
        "condition_type",
        "condition_note",
        "list_price",
        "purchasable_offer",
        "fulfillment_availability",
        "externally_assigned_product_identifier",
        "merchant_suggested_asin",
        "supplier_declared_has_product_identifier_exemption",
        "main_product_image_locator",
    ];
    names.extend(optional.iter().map(|s| s.to_string()));
    names.extend((1..=8).map(|i| format!("other_product_image_locator_{i}")));
    let mut seen = std::collections::BTreeSet::new();
    names.retain(|n| seen.insert(n.clone()));
    names
}

/// The schema document for `product_type` (`None`: the sandbox does not know the type).
pub(crate) fn schema(
    product_type: &str,
    requirements: Requirements,
    enforced: bool,
    marketplace: &str,
) -> Option<Value> {
    let facts = type_facts::facts(product_type)?;
    let (names, required): (Vec<String>, Vec<String>) = match requirements {
        Requirements::Listing => (attribute_names(facts), facts.required.clone()),
        Requirements::OfferOnly => (
            OFFER_ATTRIBUTES.iter().map(|s| s.to_string()).collect(),
            OFFER_REQUIRED.iter().map(|s| s.to_string()).collect(),
        ),
    };
    let properties: Map<String, Value> =
        names.iter().filter_map(|n| property(n, marketplace, Some(facts)).map(|p| (n.clone(), p))).collect();
    let mut schema = json!({
        "$schema": META_SCHEMA,
        "$id": format!("https://schemas.amazon.com/selling-partners/definitions/product-types/schema/v1/{product_type}"),
        "$comment": format!("Amazon product type definition for {product_type} ({}), served by Hamro's sandbox",
            requirements.as_str()),
        "type": "object",
        "properties": properties,
    });
    if enforced {
        schema["required"] = json!(required);
        if requirements == Requirements::Listing {
            schema["anyOf"] = json!([
                { "required": ["externally_assigned_product_identifier"] },
                { "required": ["merchant_suggested_asin"] },
                { "required": ["supplier_declared_has_product_identifier_exemption"],
                  "properties": { "supplier_declared_has_product_identifier_exemption": {
                      "contains": { "type": "object", "properties": { "value": { "const": true } } } } } },
            ]);
        }
    }
    Some(schema)
}

/// `propertyGroups` of the definition: which attributes belong together.
pub(crate) fn property_groups(product_type: &str, requirements: Requirements) -> Value {
    let Some(facts) = type_facts::facts(product_type) else { return json!({}) };
    let names: Vec<String> = match requirements {
        Requirements::Listing => attribute_names(facts),
        Requirements::OfferOnly => OFFER_ATTRIBUTES.iter().map(|s| s.to_string()).collect(),
    };
    let group_of = |n: &str| match n {
        "item_name"
        | "brand"
        | "externally_assigned_product_identifier"
        | "merchant_suggested_asin"
        | "supplier_declared_has_product_identifier_exemption" => "product_identity",
        n if OFFER_ATTRIBUTES.contains(&n) => "offer",
        n if n.contains("image_locator") => "images",
        "country_of_origin" | "supplier_declared_dg_hz_regulation" => "safety_and_compliance",
        _ => "product_details",
    };
    let groups = [
        ("offer", "Offer", "Sales terms: condition, price and stock."),
        ("product_identity", "Product Identity", "What identifies the product."),
        ("product_details", "Product Details", "What the product is."),
        ("images", "Images", "Pictures of the product."),
        ("safety_and_compliance", "Safety & Compliance", "Origin and regulations."),
    ];
    let mut out = Map::new();
    for (key, title, description) in groups {
        let members: Vec<&String> = names.iter().filter(|n| group_of(n) == key).collect();
        if !members.is_empty() {
            out.insert(key.into(), json!({ "title": title, "description": description, "propertyNames": members }));
        }
    }
    Value::Object(out)
}
