//! The one set of product rules, used by the browser form and by the server alike (the
//! form and the REST body both become a `Raw` first).

use std::collections::BTreeMap;

use validator::ValidateUrl;

use super::{AttrValue, Attributes, Condition, Identity, ProductFields};
use crate::{
    error::{AppError, FieldErrors},
    money::{AmountError, Currency, Money, parse_amount},
    validation::{HIDDEN_CHARS_MESSAGE, char_len, has_hidden_chars},
};

pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_DESCRIPTION_CHARS: usize = 2000;
pub const MAX_SKU_CHARS: usize = 40;
pub const MAX_BRAND_CHARS: usize = 100;
/// The main image and eight more (`other_product_image_locator_1..8`).
pub const MAX_IMAGES: usize = 9;
pub const MAX_CONDITION_NOTE_CHARS: usize = 1000;
pub const MAX_IMAGE_URL_CHARS: usize = 2048;
pub const MAX_QUANTITY: u32 = 1_000_000;
/// 1,000,000.00 in minor units.
pub const MAX_PRICE_MINOR: i64 = 100_000_000;
pub const MIN_REASON_CHARS: usize = 5;
pub const MAX_REASON_CHARS: usize = 1000;

/// The fields of a product as given, before checking.
pub(super) struct Raw<'a> {
    pub(super) title: &'a str,
    pub(super) description: &'a str,
    pub(super) sku: &'a str,
    pub(super) price: &'a str,
    pub(super) currency: Option<&'a str>,
    /// `None` when the text was not a whole number.
    pub(super) quantity: Option<i64>,
    pub(super) brand: &'a str,
    pub(super) product_type: Option<&'a str>,
    pub(super) condition: Option<&'a str>,
    pub(super) condition_note: &'a str,
    pub(super) list_price: &'a str,
    /// (kind, value) as typed.
    pub(super) identity: (&'a str, &'a str),
    pub(super) image_urls: Vec<&'a str>,
    pub(super) attributes: BTreeMap<String, String>,
}

fn valid_sku_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
}

/// The one set of product rules, used by the browser form and by the server alike.
pub(super) fn check(raw: Raw<'_>) -> Result<ProductFields, AppError> {
    let mut errors = FieldErrors::new();
    let mut flag = |field: &str, message: String| {
        errors.entry(field.to_string()).or_insert(message);
    };

    let title = raw.title.trim().to_string();
    if title.is_empty() {
        flag("title", "Enter a title.".into());
    } else if char_len(&title) > MAX_TITLE_CHARS {
        flag("title", format!("Use at most {MAX_TITLE_CHARS} characters."));
    } else if has_hidden_chars(&title, false) {
        flag("title", HIDDEN_CHARS_MESSAGE.into());
    }

    let description = raw.description.trim().to_string();
    if char_len(&description) > MAX_DESCRIPTION_CHARS {
        flag("description", format!("Use at most {MAX_DESCRIPTION_CHARS} characters."));
    } else if has_hidden_chars(&description, true) {
        flag("description", HIDDEN_CHARS_MESSAGE.into());
    }

    let sku = raw.sku.trim().to_string();
    if sku.is_empty() {
        flag("sku", "Enter a SKU.".into());
    } else if sku.chars().count() > MAX_SKU_CHARS {
        flag("sku", format!("Use at most {MAX_SKU_CHARS} characters."));
    } else if !sku.chars().all(valid_sku_char) {
        flag("sku", "Use only letters, digits, '-', '_' and '.'.".into());
    }

    let currency = match raw.currency.map(str::trim).filter(|c| !c.is_empty()) {
        None => Some(Currency::Usd),
        Some(code) => {
            let parsed = Currency::parse(code);
            if parsed.is_none() {
                flag("currency", "Choose USD, EUR, GBP or CAD.".into());
            }
            parsed
        }
    };
    let price = match parse_amount(raw.price, MAX_PRICE_MINOR) {
        Ok(minor) => Some(minor),
        Err(e) => {
            let message = match e {
                AmountError::TooLarge { .. } => "The price can be at most 1,000,000.00.".to_string(),
                AmountError::NotPositive => "The price must be more than zero.".to_string(),
                other => other.to_string(),
            };
            flag("price", message);
            None
        }
    };

    let quantity = match raw.quantity {
        Some(q) if (0..=i64::from(MAX_QUANTITY)).contains(&q) => Some(q as u32),
        _ => {
            flag("quantity", "Enter a whole number from 0 to 1,000,000.".into());
            None
        }
    };

    let brand = raw.brand.trim().to_string();
    if brand.is_empty() {
        flag("brand", "Enter the brand.".into());
    } else if char_len(&brand) > MAX_BRAND_CHARS {
        flag("brand", format!("Use at most {MAX_BRAND_CHARS} characters."));
    } else if has_hidden_chars(&brand, false) {
        flag("brand", HIDDEN_CHARS_MESSAGE.into());
    }

    let identity = match raw.identity {
        ("", "") => None,
        (kind, value) => match Identity::parse(kind, value) {
            Ok(identity) => Some(identity),
            Err(message) => {
                flag("identity", message);
                None
            }
        },
    };

    let product_type = raw.product_type.map(str::trim).unwrap_or_default().to_uppercase();
    if product_type.is_empty() {
        flag("product_type", "Choose Amazon's product type for this product.".into());
    } else if super::type_name(&product_type).is_none() {
        flag("product_type", "Choose a product type from Amazon's list.".into());
    } else if product_type == "PRODUCT" && identity.as_ref().and_then(Identity::asin).is_none() {
        flag(
            "product_type",
            "PRODUCT is Amazon's generic type, which it refuses for new products: choose a specific type.".into(),
        );
    }

    let condition_note = raw.condition_note.trim().to_string();
    if char_len(&condition_note) > MAX_CONDITION_NOTE_CHARS {
        flag("condition_note", format!("Use at most {MAX_CONDITION_NOTE_CHARS} characters."));
    } else if has_hidden_chars(&condition_note, true) {
        flag("condition_note", HIDDEN_CHARS_MESSAGE.into());
    }

    let list_price = match raw.list_price.trim() {
        "" => None,
        text => match parse_amount(text, MAX_PRICE_MINOR) {
            Ok(minor) => Some(minor),
            Err(_) => {
                flag("list_price", "Enter the list price like 24.99, or leave it empty.".into());
                None
            }
        },
    };

    let mut attributes = Attributes::new();
    for (name, text) in raw.attributes {
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        if has_hidden_chars(text, true) {
            flag(&super::attr_field(&name), HIDDEN_CHARS_MESSAGE.into());
        }
        attributes.insert(name, AttrValue::Text(text.to_string()));
    }

    let condition = match raw.condition.map(str::trim).filter(|c| !c.is_empty()) {
        None => Some(Condition::New),
        Some(c) => {
            let parsed = Condition::parse(c);
            if parsed.is_none() {
                flag("condition", "Choose a condition from the list.".into());
            }
            parsed
        }
    };

    let image_urls: Vec<String> =
        raw.image_urls.iter().map(|u| u.trim()).filter(|u| !u.is_empty()).map(str::to_string).collect();
    if image_urls.len() > MAX_IMAGES {
        flag("image_urls", format!("Add at most {MAX_IMAGES} image URLs."));
    } else if let Some(bad) = image_urls.iter().find(|u| !is_https_url(u)) {
        flag("image_urls", format!("Image URLs must start with https:// ({} is not one).", truncate(bad, 60)));
    }

    match (price, currency, quantity, condition) {
        (Some(price), Some(currency), Some(quantity), Some(condition)) if errors.is_empty() => Ok(ProductFields {
            title,
            description,
            sku,
            price: Money::new(price, currency),
            quantity,
            brand,
            product_type,
            condition,
            condition_note,
            list_price: list_price.map(|minor| Money::new(minor, currency)),
            identity,
            attributes,
            image_urls,
        }),
        _ => Err(AppError::fields(errors)),
    }
}

fn is_https_url(url: &str) -> bool {
    url.len() <= MAX_IMAGE_URL_CHARS
        && url.starts_with("https://")
        && url.len() > "https://".len()
        && !url.chars().any(char::is_whitespace)
        && url.validate_url()
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max { s.to_string() } else { format!("{}…", s.chars().take(max).collect::<String>()) }
}
