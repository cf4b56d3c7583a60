//! The form's fields for a product type, read from its schema: every attribute Hamro does
//! not fill from the product's own fields, in the definition's property groups, with its
//! title and description, whether it is required, and how it is entered (a choice from
//! `enum` with `enumNames` as labels, a list where `maxUniqueItems` allows several values,
//! or text with its length limit). `hidden` attributes are left out.

use serde_json::Value;

use super::amazon_document::is_core;
use crate::{
    integrations::amazon::{Definition, Requirements},
    products::model::{ChoiceOption, FieldGroup, FieldKind, FieldSpec, TypeSpec},
};

/// `enum` with its `enumNames` as labels.
fn options(schema: &Value) -> Vec<ChoiceOption> {
    let labels = schema["enumNames"].as_array();
    schema["enum"]
        .as_array()
        .map(|values| {
            values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| {
                    let v = v.as_str()?.to_string();
                    let label = labels.and_then(|l| l.get(i)).and_then(Value::as_str).unwrap_or(&v).to_string();
                    Some(ChoiceOption { value: v, label })
                })
                .collect()
        })
        .unwrap_or_default()
}

fn field(name: &str, schema: &Value, required: bool) -> Option<FieldSpec> {
    if schema["hidden"] == true {
        return None;
    }
    let value = &schema["items"]["properties"]["value"];
    if value.is_null() {
        // Nested structures (prices, dimensions) are not asked for as free fields.
        return None;
    }
    let max_chars = value["maxLength"].as_u64().map(|n| n as u32);
    let unit = &schema["items"]["properties"]["unit"];
    let kind = if value["type"] == "number" && unit["enum"].is_array() {
        FieldKind::Measure { units: options(unit) }
    } else if value["enum"].is_array() {
        FieldKind::Choice { options: options(value) }
    } else if schema["maxUniqueItems"].as_u64().is_some_and(|n| n > 1) && value["type"] == "string" {
        FieldKind::List { max_items: schema["maxUniqueItems"].as_u64().unwrap_or(1) as u32 }
    } else if max_chars.is_some_and(|n| n > 300) {
        FieldKind::LongText
    } else if value["type"] == "string" {
        FieldKind::Text
    } else {
        return None;
    };
    Some(FieldSpec {
        name: name.to_string(),
        label: schema["title"].as_str().unwrap_or(name).to_string(),
        description: schema["description"].as_str().unwrap_or_default().to_string(),
        required,
        kind,
        max_chars,
        localized: !schema["items"]["properties"]["language_tag"].is_null(),
    })
}

/// The form's view of a type: its own attributes, grouped, required ones first.
pub(crate) fn spec_from(definition: &Definition, schema: &Value) -> TypeSpec {
    let required: Vec<&str> =
        schema["required"].as_array().map(|r| r.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    let properties = schema["properties"].as_object();
    let make = |name: &str| {
        (!is_core(name))
            .then(|| properties.and_then(|p| p.get(name)))
            .flatten()
            .and_then(|s| field(name, s, required.contains(&name)))
    };
    let mut placed = std::collections::BTreeSet::new();
    let mut groups: Vec<FieldGroup> = Vec::new();
    for group in &definition.property_groups {
        let mut fields: Vec<FieldSpec> = group.property_names.iter().filter_map(|n| make(n)).collect();
        fields.sort_by_key(|f| !f.required);
        placed.extend(fields.iter().map(|f| f.name.clone()));
        if !fields.is_empty() {
            groups.push(FieldGroup { title: group.title.clone(), fields });
        }
    }
    let rest: Vec<FieldSpec> = properties
        .map(|p| p.keys().filter(|n| !placed.contains(*n)).filter_map(|n| make(n)).collect())
        .unwrap_or_default();
    if !rest.is_empty() {
        groups.push(FieldGroup { title: "Other details".into(), fields: rest });
    }
    TypeSpec {
        product_type: definition.product_type.clone(),
        display_name: definition.display_name.clone(),
        version: definition.version.clone(),
        offer_only: definition.requirements == Requirements::ListingOfferOnly,
        groups,
    }
}
