//! What sellers type: the product form and the REST body, and the one set of rules both
//! are checked by (in the browser before sending, and again on the server).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{
    MAX_REASON_CHARS, MIN_REASON_CHARS, Product, ProductFields,
    rules::{Raw, check},
};
use crate::{
    error::AppError,
    validation::{HIDDEN_CHARS_MESSAGE, char_len, has_hidden_chars},
};

/// The product form as posted: every field is text, exactly as typed. A field left out
/// reads as empty, so it gets its own "required" message rather than a generic one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProductForm {
    pub title: String,
    pub description: String,
    pub sku: String,
    pub price: String,
    pub currency: String,
    pub quantity: String,
    pub brand: String,
    pub product_type: String,
    pub condition: String,
    pub condition_note: String,
    /// A decimal in the price's currency; empty for none.
    pub list_price: String,
    /// upc, ean, gtin, isbn, asin or exempt.
    pub identity_kind: String,
    pub identity_value: String,
    /// One URL per line, the main image first.
    pub image_urls: String,
    /// The product type's own attributes as typed (lists one value per line).
    pub attributes: BTreeMap<String, String>,
}

impl ProductForm {
    /// The form pre-filled with a product's current values.
    pub fn from_product(p: &Product) -> Self {
        Self {
            title: p.title.clone(),
            description: p.description.clone(),
            sku: p.sku.clone(),
            price: p.price.to_decimal_string(),
            currency: p.price.currency.code().to_string(),
            quantity: p.quantity.to_string(),
            brand: p.brand.clone(),
            product_type: p.product_type.clone(),
            condition: p.condition.as_str().to_string(),
            condition_note: p.condition_note.clone(),
            list_price: p.list_price.map(|m| m.to_decimal_string()).unwrap_or_default(),
            identity_kind: p.identity.as_ref().map(|i| i.kind_str().to_string()).unwrap_or_default(),
            identity_value: p.identity.as_ref().map(|i| i.value_str().to_string()).unwrap_or_default(),
            image_urls: p.image_urls.join("\n"),
            attributes: p.attributes.iter().flat_map(|(k, v)| v.form_entries(k)).collect(),
        }
    }

    pub fn parse(&self) -> Result<ProductFields, AppError> {
        let quantity = self.quantity.trim().parse::<i64>().ok();
        let urls: Vec<&str> = self.image_urls.lines().collect();
        check(Raw {
            title: &self.title,
            description: &self.description,
            sku: &self.sku,
            price: &self.price,
            currency: Some(&self.currency),
            quantity,
            brand: &self.brand,
            product_type: Some(&self.product_type),
            condition: Some(&self.condition),
            condition_note: &self.condition_note,
            list_price: &self.list_price,
            identity: (&self.identity_kind, &self.identity_value),
            image_urls: urls,
            attributes: self.attributes.clone(),
        })
    }
}

/// Validates a rejection reason.
pub fn check_reason(reason: &str) -> Result<String, AppError> {
    let reason = reason.trim();
    let n = char_len(reason);
    if n < MIN_REASON_CHARS {
        Err(AppError::field("reason", format!("Give a reason of at least {MIN_REASON_CHARS} characters.")))
    } else if n > MAX_REASON_CHARS {
        Err(AppError::field("reason", format!("Use at most {MAX_REASON_CHARS} characters.")))
    } else if has_hidden_chars(reason, true) {
        Err(AppError::field("reason", HIDDEN_CHARS_MESSAGE))
    } else {
        Ok(reason.to_string())
    }
}

#[cfg(test)]
#[path = "input_tests.rs"]
mod tests;
