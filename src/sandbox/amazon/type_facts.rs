//! The product types the sandbox serves, from `contracts/amazon/product-types/
//! required-attributes.json` (17 real types: their required attributes and descriptions,
//! transcribed from documentation generated from Amazon's schemas; see its README).

use std::{collections::BTreeMap, sync::LazyLock};

use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Deserialize)]
pub(crate) struct TypeFacts {
    /// The top-level attributes a full listing must have.
    pub required: Vec<String>,
    /// The source's one-line description per attribute.
    #[serde(default)]
    pub descriptions: BTreeMap<String, String>,
}

static FACTS: LazyLock<BTreeMap<String, TypeFacts>> = LazyLock::new(|| {
    let all: BTreeMap<String, Value> =
        serde_json::from_str(include_str!("../../../contracts/amazon/product-types/required-attributes.json"))
            .expect("the product type facts are JSON");
    all.into_iter()
        .filter(|(name, _)| !name.starts_with('_'))
        .map(|(name, facts)| {
            let facts = serde_json::from_value(facts).expect("each product type has `required`");
            (name, facts)
        })
        .collect()
});

pub(crate) fn facts(product_type: &str) -> Option<&'static TypeFacts> {
    FACTS.get(product_type)
}

pub(crate) fn names() -> impl Iterator<Item = &'static str> {
    FACTS.keys().map(String::as_str)
}

/// "LIGHT_FIXTURE" -> "Light Fixture".
pub(crate) fn display_name(product_type: &str) -> String {
    product_type
        .split('_')
        .map(|w| {
            let lower = w.to_lowercase();
            let mut chars = lower.chars();
            chars.next().map(|c| c.to_uppercase().chain(chars).collect::<String>()).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Words a seller may search with that name no type outright (Amazon matches item names
/// with its own models; the sandbox with this short list).
pub(crate) fn synonyms(product_type: &str) -> &'static [&'static str] {
    match product_type {
        "LIGHT_FIXTURE" => &["lamp", "lighting", "chandelier", "pendant", "sconce"],
        "ELECTRIC_LIGHT" => &["lamp", "bulb", "lighting", "led"],
        "KITCHEN" => &["utensil", "gadget", "cutlery", "mug", "kettle"],
        "COOKWARE" => &["pan", "pot", "skillet", "wok", "saucepan"],
        "HOME" => &["decor", "vase", "candle", "frame", "towel"],
        "CHAIR" => &["seat", "stool", "armchair"],
        "DESK" => &["workstation", "bureau"],
        "TABLE" => &["coffee", "dining", "nightstand"],
        "SOFA" => &["couch", "settee", "loveseat"],
        "PILLOW" => &["cushion"],
        "MATTRESS" => &["bed", "topper"],
        "SUITCASE" => &["luggage", "travel", "bag", "trolley"],
        "PET_SUPPLIES" => &["dog", "cat", "pet", "leash", "collar"],
        "BOARD_GAME" => &["game", "chess", "puzzle"],
        "TOY_FIGURE" => &["toy", "figure", "doll", "action"],
        "EXERCISE_MAT" => &["yoga", "mat", "fitness", "gym"],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_seventeen_types_load_with_what_every_type_requires() {
        assert_eq!(names().count(), 17);
        for name in names() {
            let f = facts(name).unwrap();
            for attr in ["brand", "bullet_point", "item_name", "item_type_keyword", "product_description"] {
                assert!(f.required.iter().any(|r| r == attr), "{name} requires {attr}");
            }
        }
        assert!(facts("PRODUCT").unwrap().required.iter().any(|r| r == "color"));
        assert!(!facts("TOY_FIGURE").unwrap().required.iter().any(|r| r == "supplier_declared_dg_hz_regulation"));
        assert_eq!(display_name("LIGHT_FIXTURE"), "Light Fixture");
    }
}
