//! Product types shared by the server and the browser, the form's validation (run on both
//! sides), and the status machine.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::ValidateUrl;

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
pub const PAGE_SIZE: u32 = 20;

/// Where a product is in review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProductStatus {
    Draft,
    PendingReview,
    Approved,
    Rejected,
    Archived,
}

impl ProductStatus {
    pub const ALL: [ProductStatus; 5] =
        [Self::Draft, Self::PendingReview, Self::Approved, Self::Rejected, Self::Archived];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::PendingReview => "pending_review",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::Archived => "archived",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "Draft",
            Self::PendingReview => "Pending review",
            Self::Approved => "Approved",
            Self::Rejected => "Rejected",
            Self::Archived => "Archived",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// A `?status=` filter: empty means all; anything else must name a status.
    pub fn parse_filter(s: Option<&str>) -> Result<Option<Self>, AppError> {
        match s.map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(s) => Self::parse(s).map(Some).ok_or_else(|| {
                AppError::bad_request(format!(
                    "Unknown status '{s}'. Use one of: draft, pending_review, approved, rejected, archived."
                ))
            }),
        }
    }
}

/// The item's condition, as Amazon's `condition_type` knows it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    #[default]
    New,
    UsedLikeNew,
    UsedVeryGood,
    UsedGood,
    UsedAcceptable,
    Refurbished,
}

impl Condition {
    pub const ALL: [Condition; 6] =
        [Self::New, Self::UsedLikeNew, Self::UsedVeryGood, Self::UsedGood, Self::UsedAcceptable, Self::Refurbished];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::UsedLikeNew => "used_like_new",
            Self::UsedVeryGood => "used_very_good",
            Self::UsedGood => "used_good",
            Self::UsedAcceptable => "used_acceptable",
            Self::Refurbished => "refurbished",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::New => "New",
            Self::UsedLikeNew => "Used – like new",
            Self::UsedVeryGood => "Used – very good",
            Self::UsedGood => "Used – good",
            Self::UsedAcceptable => "Used – acceptable",
            Self::Refurbished => "Refurbished",
        }
    }

    /// The value of Amazon's `condition_type` attribute.
    pub fn amazon_value(self) -> &'static str {
        match self {
            Self::New => "new_new",
            Self::UsedLikeNew => "used_like_new",
            Self::UsedVeryGood => "used_very_good",
            Self::UsedGood => "used_good",
            Self::UsedAcceptable => "used_acceptable",
            Self::Refurbished => "refurbished_refurbished",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// Amazon product type names sellers can pick; PRODUCT is the generic one.
pub const PRODUCT_TYPES: &[(&str, &str)] = &[
    ("PRODUCT", "Generic product"),
    ("SHIRT", "Shirt"),
    ("SHOES", "Shoes"),
    ("HAT", "Hat"),
    ("BACKPACK", "Backpack"),
    ("HOME", "Home goods"),
    ("KITCHEN", "Kitchen"),
    ("TOY_FIGURE", "Toy figure"),
    ("BEAUTY", "Beauty"),
];

pub fn product_type_label(code: &str) -> &str {
    PRODUCT_TYPES.iter().find(|(c, _)| *c == code).map(|(_, l)| *l).unwrap_or(code)
}

/// A product, as its seller and the admins see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Product {
    pub id: String,
    pub seller_id: String,
    pub seller_name: String,
    pub title: String,
    pub description: String,
    /// The seller's own SKU (unique per seller).
    pub sku: String,
    /// The SKU Amazon sees: unique platform-wide, derived from the seller and their SKU.
    pub amazon_sku: String,
    pub price: Money,
    pub quantity: u32,
    pub brand: String,
    pub product_type: String,
    pub condition: Condition,
    pub image_urls: Vec<String>,
    pub status: ProductStatus,
    pub rejection_reason: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub submitted_at: Option<DateTime<Utc>>,
    /// Bumped by every change; send it back to prove you edited the latest version.
    pub version: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Product {
    /// Approved products can be on Amazon, and archived ones may still be (until delisted).
    pub fn may_have_listing(&self) -> bool {
        matches!(self.status, ProductStatus::Approved | ProductStatus::Archived)
    }
}

/// A product's page: the product and, when it may be on Amazon, its listing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductWithListing {
    pub product: Product,
    pub listing: Option<crate::listings::model::ListingView>,
}

/// Validated product content: what the form and the REST body both become.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProductFields {
    pub title: String,
    pub description: String,
    pub sku: String,
    pub price: Money,
    pub quantity: u32,
    pub brand: String,
    pub product_type: String,
    pub condition: Condition,
    pub image_urls: Vec<String>,
}

impl ProductFields {
    /// Whether the content Amazon shows changed (price and quantity aside): such edits to an
    /// approved product send it back to review.
    pub fn listed_content_differs(&self, p: &Product) -> bool {
        self.title != p.title
            || self.description != p.description
            || self.brand != p.brand
            || self.image_urls != p.image_urls
            || self.product_type != p.product_type
            || self.condition != p.condition
    }
}

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

/// What someone is trying to do to a product.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transition {
    Edit { listed_content_changed: bool },
    Submit,
    Approve,
    Reject,
    Archive,
}

/// The status machine. Invalid moves are a 409 that says why.
///
/// draft -> pending_review (submit) -> approved | rejected; rejected -> pending_review
/// (edit, submit again); editing an approved product's listed content sends it back to
/// pending_review (price and quantity don't); anything but archived -> archived.
pub fn next_status(from: ProductStatus, transition: Transition) -> Result<ProductStatus, AppError> {
    use ProductStatus::*;
    match (from, transition) {
        (Archived, _) => Err(AppError::conflict("This product is archived; it can't be changed.")),
        (_, Transition::Archive) => Ok(Archived),
        (Approved, Transition::Edit { listed_content_changed: true }) => Ok(PendingReview),
        (status, Transition::Edit { .. }) => Ok(status),
        (Draft | Rejected, Transition::Submit) => Ok(PendingReview),
        (PendingReview, Transition::Submit) => Err(AppError::conflict("This product is already waiting for review.")),
        (Approved, Transition::Submit) => Err(AppError::conflict("This product is already approved.")),
        (PendingReview, Transition::Approve) => Ok(Approved),
        (PendingReview, Transition::Reject) => Ok(Rejected),
        (Draft, Transition::Approve | Transition::Reject) => {
            Err(AppError::conflict("This product hasn't been submitted for review."))
        }
        (Approved | Rejected, Transition::Approve | Transition::Reject) => Err(AppError::conflict(format!(
            "This product was already reviewed: it is {}.",
            from.label().to_lowercase()
        ))),
    }
}

/// How many of a seller's (or everyone's) products are in each status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StatusCounts {
    pub draft: u64,
    pub pending_review: u64,
    pub approved: u64,
    pub rejected: u64,
    pub archived: u64,
}

impl StatusCounts {
    pub fn get(&self, status: ProductStatus) -> u64 {
        match status {
            ProductStatus::Draft => self.draft,
            ProductStatus::PendingReview => self.pending_review,
            ProductStatus::Approved => self.approved,
            ProductStatus::Rejected => self.rejected,
            ProductStatus::Archived => self.archived,
        }
    }

    pub fn set(&mut self, status: ProductStatus, n: u64) {
        match status {
            ProductStatus::Draft => self.draft = n,
            ProductStatus::PendingReview => self.pending_review = n,
            ProductStatus::Approved => self.approved = n,
            ProductStatus::Rejected => self.rejected = n,
            ProductStatus::Archived => self.archived = n,
        }
    }

    pub fn total(&self) -> u64 {
        ProductStatus::ALL.iter().map(|s| self.get(*s)).sum()
    }
}

/// A page of products.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductPage {
    pub items: Vec<Product>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    /// Each listed product's Amazon status (products never synced are absent).
    #[serde(default)]
    pub amazon: Vec<(String, crate::listings::model::ListingStatus)>,
}

impl ProductPage {
    pub fn pages(&self) -> u32 {
        (self.total.div_ceil(u64::from(self.per_page.max(1))) as u32).max(1)
    }
}

/// A seller, for the admin's filter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerRef {
    pub id: String,
    pub name: String,
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
    fn status_machine_allows_only_the_documented_moves() {
        use ProductStatus::*;
        use Transition::*;
        let edit = |changed| Edit { listed_content_changed: changed };
        assert_eq!(next_status(Draft, Submit).unwrap(), PendingReview);
        assert_eq!(next_status(Rejected, Submit).unwrap(), PendingReview);
        assert_eq!(next_status(PendingReview, Approve).unwrap(), Approved);
        assert_eq!(next_status(PendingReview, Reject).unwrap(), Rejected);
        assert_eq!(next_status(Approved, edit(true)).unwrap(), PendingReview);
        assert_eq!(next_status(Approved, edit(false)).unwrap(), Approved);
        assert_eq!(next_status(Rejected, edit(true)).unwrap(), Rejected);
        for s in [Draft, PendingReview, Approved, Rejected] {
            assert_eq!(next_status(s, Archive).unwrap(), Archived);
        }
        let invalid = [
            (PendingReview, Submit),
            (Approved, Submit),
            (Draft, Approve),
            (Draft, Reject),
            (Approved, Approve),
            (Approved, Reject),
            (Rejected, Approve),
            (Rejected, Reject),
            (Archived, Submit),
            (Archived, Approve),
            (Archived, Reject),
            (Archived, Archive),
            (Archived, edit(false)),
        ];
        for (from, t) in invalid {
            let err = next_status(from, t).unwrap_err();
            assert_eq!(err.status_code(), 409, "{from:?} {t:?}");
        }
    }

    #[test]
    fn reasons_need_five_characters() {
        assert!(check_reason("bad").is_err());
        assert!(check_reason("    bad   ").is_err());
        assert_eq!(check_reason(" Blurry photos ").unwrap(), "Blurry photos");
    }
}
