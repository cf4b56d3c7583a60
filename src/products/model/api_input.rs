//! The REST body of a product (`POST /api/products`, `PUT /api/products/{id}`): the same
//! fields as the form, typed, checked by the same rules.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{
    ProductFields,
    rules::{Raw, check},
};
use crate::error::AppError;

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
    /// An Amazon product type (see `GET /api/product-types`), e.g. `LIGHT_FIXTURE`.
    /// `PRODUCT`, Amazon's generic type, only for an offer on an existing ASIN.
    pub product_type: String,
    /// `new` (the default), `used_like_new`, `used_very_good`, `used_good`, `used_acceptable`, `refurbished`.
    #[serde(default)]
    pub condition: Option<String>,
    #[serde(default)]
    pub condition_note: String,
    /// A decimal in the price's currency.
    #[serde(default)]
    pub list_price: Option<String>,
    /// The barcode, an existing ASIN, or an exemption: required to submit.
    #[serde(default)]
    pub identity: Option<InputIdentity>,
    /// The main image first, then up to eight more.
    #[serde(default)]
    pub image_urls: Vec<String>,
    /// The product type's own attributes (see `GET /api/product-types/{product_type}`):
    /// a string, or a list of strings for list fields such as `bullet_point`.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub attributes: BTreeMap<String, AttrInput>,
    /// For updates: the version you last read. A stale version is refused with 409.
    #[serde(default)]
    pub version: Option<u64>,
    /// On create and update: submit for review right away.
    #[serde(default)]
    pub submit: bool,
}

/// `identity` in the REST body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InputIdentity {
    /// upc, ean, gtin, isbn, asin or exempt.
    pub kind: String,
    #[serde(default)]
    pub value: String,
}

/// One attribute's value in the REST body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AttrInput {
    One(String),
    Many(Vec<String>),
}

impl ProductInput {
    pub fn parse(&self) -> Result<ProductFields, AppError> {
        let identity = self.identity.as_ref().map_or(("", ""), |i| (i.kind.as_str(), i.value.as_str()));
        let attributes = self
            .attributes
            .iter()
            .map(|(k, v)| {
                let text = match v {
                    AttrInput::One(s) => s.clone(),
                    AttrInput::Many(list) => list.join("\n"),
                };
                (k.clone(), text)
            })
            .collect();
        check(Raw {
            title: &self.title,
            description: &self.description,
            sku: &self.sku,
            price: &self.price,
            currency: self.currency.as_deref(),
            quantity: Some(self.quantity),
            brand: &self.brand,
            product_type: Some(&self.product_type),
            condition: self.condition.as_deref(),
            condition_note: &self.condition_note,
            list_price: self.list_price.as_deref().unwrap_or_default(),
            identity,
            image_urls: self.image_urls.iter().map(String::as_str).collect(),
            attributes,
        })
    }
}
