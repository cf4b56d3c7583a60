//! What sellers type: the product form and the REST body, and the one set of rules both
//! are checked by (in the browser before sending, and again on the server).

use serde::{Deserialize, Serialize};
use validator::ValidateUrl;

use super::{Condition, PRODUCT_TYPES, Product, ProductFields};
use crate::{
    error::{AppError, FieldErrors},
    money::{AmountError, Currency, Money, parse_amount},
    validation::{HIDDEN_CHARS_MESSAGE, char_len, has_hidden_chars},
};

pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_DESCRIPTION_CHARS: usize = 2000;
pub const MAX_SKU_CHARS: usize = 40;
pub const MAX_BRAND_CHARS: usize = 100;
pub const MAX_IMAGES: usize = 8;
pub const MAX_IMAGE_URL_CHARS: usize = 2048;
pub const MAX_QUANTITY: u32 = 1_000_000;
/// 1,000,000.00 in minor units.
pub const MAX_PRICE_MINOR: i64 = 100_000_000;
pub const MIN_REASON_CHARS: usize = 5;
pub const MAX_REASON_CHARS: usize = 1000;

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
    /// One URL per line.
    pub image_urls: String,
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
            image_urls: p.image_urls.join("\n"),
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
            image_urls: urls,
        })
    }
}

/// `POST /api/products` and `PUT /api/products/{id}`: the same fields as the form, typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProductInput {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub sku: String,
    /// A decimal string, e.g. "19.99".
    #[cfg_attr(feature = "ssr", schema(example = "19.99"))]
    pub price: String,
    /// `usd` (the default), `eur`, `gbp` or `cad`.
    #[serde(default)]
    pub currency: Option<String>,
    pub quantity: i64,
    pub brand: String,
    /// An Amazon product type; `PRODUCT` (the default) is the generic one.
    #[serde(default)]
    pub product_type: Option<String>,
    /// `new` (the default), `used_like_new`, `used_very_good`, `used_good`, `used_acceptable`, `refurbished`.
    #[serde(default)]
    pub condition: Option<String>,
    #[serde(default)]
    pub image_urls: Vec<String>,
    /// For updates: the version you last read. A stale version is refused with 409.
    #[serde(default)]
    pub version: Option<u64>,
    /// On create and update: submit for review right away.
    #[serde(default)]
    pub submit: bool,
}

impl ProductInput {
    pub fn parse(&self) -> Result<ProductFields, AppError> {
        check(Raw {
            title: &self.title,
            description: &self.description,
            sku: &self.sku,
            price: &self.price,
            currency: self.currency.as_deref(),
            quantity: Some(self.quantity),
            brand: &self.brand,
            product_type: self.product_type.as_deref(),
            condition: self.condition.as_deref(),
            image_urls: self.image_urls.iter().map(String::as_str).collect(),
        })
    }
}

struct Raw<'a> {
    title: &'a str,
    description: &'a str,
    sku: &'a str,
    price: &'a str,
    currency: Option<&'a str>,
    /// `None` when the text was not a whole number.
    quantity: Option<i64>,
    brand: &'a str,
    product_type: Option<&'a str>,
    condition: Option<&'a str>,
    image_urls: Vec<&'a str>,
}

fn valid_sku_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
}

/// The one set of product rules, used by the browser form and by the server alike.
fn check(raw: Raw<'_>) -> Result<ProductFields, AppError> {
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

    let product_type = raw.product_type.map(str::trim).filter(|t| !t.is_empty()).unwrap_or("PRODUCT").to_string();
    if !PRODUCT_TYPES.iter().any(|(code, _)| *code == product_type) {
        flag("product_type", "Choose a product type from the list.".into());
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
mod tests {
    use super::*;

    fn form() -> ProductForm {
        ProductForm {
            title: "Linen shirt".into(),
            description: "Soft.".into(),
            sku: "SHIRT-001".into(),
            price: "19.99".into(),
            currency: "usd".into(),
            quantity: "5".into(),
            brand: "Hamro".into(),
            product_type: "SHIRT".into(),
            condition: "new".into(),
            image_urls: "https://img.example.com/a.jpg\n\nhttps://img.example.com/b.jpg\n".into(),
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
            product_type: "SPACESHIP".into(),
            condition: "mint".into(),
            image_urls: "http://insecure.example.com/a.jpg".into(),
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
        let nine = (0..9).map(|i| format!("https://x.example.com/{i}.jpg")).collect::<Vec<_>>().join("\n");
        assert!(ProductForm { image_urls: nine, ..form() }.parse().is_err());
        assert!(ProductForm { quantity: "1000001".into(), ..form() }.parse().is_err());
        assert!(ProductForm { quantity: "0".into(), ..form() }.parse().is_ok());
    }

    #[test]
    fn reasons_need_five_characters() {
        assert!(check_reason("bad").is_err());
        assert!(check_reason("    bad   ").is_err());
        assert_eq!(check_reason(" Blurry photos ").unwrap(), "Blurry photos");
    }
}
