//! A product as sellers and admins see it, its condition and Amazon product type, and pages
//! of products.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Attributes, Identity, ProductStatus};
use crate::money::Money;

/// Products per page in lists.
pub const PAGE_SIZE: u32 = 20;

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

/// A product type's name as people read it: "LIGHT_FIXTURE" -> "Light Fixture".
pub fn product_type_label(code: &str) -> String {
    code.split('_')
        .map(|w| {
            let lower = w.to_lowercase();
            let mut chars = lower.chars();
            chars.next().map(|c| c.to_uppercase().chain(chars).collect::<String>()).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
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
    /// Amazon's product type (LIGHT_FIXTURE, ...), chosen from Amazon's definitions.
    pub product_type: String,
    pub condition: Condition,
    /// About a used or refurbished item's condition.
    pub condition_note: String,
    /// The manufacturer's suggested price, when the seller gives one.
    pub list_price: Option<Money>,
    /// The barcode, existing ASIN or exemption (required to submit).
    pub identity: Option<Identity>,
    /// The product type's own attributes (bullet points, country of origin, ...).
    pub attributes: Attributes,
    /// The main image first, then up to eight more.
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
    /// The product's content, as the form and the Amazon document see it.
    pub fn fields(&self) -> ProductFields {
        ProductFields {
            title: self.title.clone(),
            description: self.description.clone(),
            sku: self.sku.clone(),
            price: self.price,
            quantity: self.quantity,
            brand: self.brand.clone(),
            product_type: self.product_type.clone(),
            condition: self.condition,
            condition_note: self.condition_note.clone(),
            list_price: self.list_price,
            identity: self.identity.clone(),
            attributes: self.attributes.clone(),
            image_urls: self.image_urls.clone(),
        }
    }

    /// Approved products can be on Amazon, and archived ones may still be (until delisted).
    pub fn may_have_listing(&self) -> bool {
        matches!(self.status, ProductStatus::Approved | ProductStatus::Archived)
    }
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
    pub condition_note: String,
    pub list_price: Option<Money>,
    pub identity: Option<Identity>,
    pub attributes: Attributes,
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
            || self.condition_note != p.condition_note
            || self.identity != p.identity
            || self.attributes != p.attributes
    }
}

/// A page of products (whole, or as table rows).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductPage<T = Product> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

/// What a product table shows of a product, and no more: the page carries these in its
/// HTML and hydration data instead of whole products.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductRow {
    pub id: String,
    pub title: String,
    pub sku: String,
    pub price: Money,
    pub quantity: u32,
    pub status: ProductStatus,
    pub updated_at: DateTime<Utc>,
}

impl From<&Product> for ProductRow {
    fn from(p: &Product) -> Self {
        Self {
            id: p.id.clone(),
            title: p.title.clone(),
            sku: p.sku.clone(),
            price: p.price,
            quantity: p.quantity,
            status: p.status,
            updated_at: p.updated_at,
        }
    }
}

impl<T> ProductPage<T> {
    pub fn pages(&self) -> u32 {
        (self.total.div_ceil(u64::from(self.per_page.max(1))) as u32).max(1)
    }
}
