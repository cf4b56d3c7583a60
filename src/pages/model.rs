//! What the composed pages show: a domain's records together with another's.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{
    listings::model::{CheckReport, ListingStatus, ListingView},
    money::Money,
    products::model::{Product, ProductPage, ProductRow, ProductTypeChoice, TypeSpec},
};

/// A product's page: the product and, when it may be on Amazon, its listing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductWithListing {
    pub product: Product,
    pub listing: Option<ListingView>,
    /// What the product's type asks for (`None` when Amazon could not be asked).
    pub spec: Option<TypeSpec>,
    pub spec_error: Option<String>,
    /// The latest "Check with Amazon".
    pub check: Option<CheckReport>,
    /// Product types matching the seller's search, when changing the type.
    pub type_matches: Vec<ProductTypeChoice>,
}

/// The seller's product list, with each listed product's Amazon status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerProducts {
    #[serde(flatten)]
    pub page: ProductPage<ProductRow>,
    /// Products never synced are absent.
    #[serde(default)]
    pub amazon: Vec<(String, ListingStatus)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerOverview {
    pub name: String,
    pub email: String,
    pub member_since: DateTime<Utc>,
    /// "December 2026": the month the figures below are for.
    pub month: String,
    /// This month's sales on Amazon (gross), per currency.
    pub month_sales: Vec<Money>,
    /// This month's net earnings (sales less Amazon's fees, commission and refunds).
    pub month_net: Vec<Money>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminOverview {
    pub name: String,
    pub sellers: u64,
    pub admins: u64,
}
