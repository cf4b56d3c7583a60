//! The Product Type Definitions API 2020-09-01: `searchDefinitionsProductTypes`,
//! `getDefinitionsProductType`, and the schema document its link points to (fetched
//! without SP-API credentials, like the presigned link it is, and checked against the
//! definition's Base64 MD5 checksum).

use base64::Engine;
use md5::{Digest, Md5};
use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde_json::Value;

use super::{AmazonError, SpApi, limits::Operation};

/// Which attributes a definition asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Requirements {
    /// Product facts and sales terms: a new product.
    Listing,
    /// Sales terms only: an offer on an ASIN that already exists.
    ListingOfferOnly,
}

impl Requirements {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Listing => "LISTING",
            Self::ListingOfferOnly => "LISTING_OFFER_ONLY",
        }
    }
}

/// One `ProductType` of a search.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductTypeMatch {
    pub name: String,
    pub display_name: String,
}

/// A `PropertyGroup`: attributes the definition shows together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PropertyGroup {
    pub name: String,
    pub title: String,
    pub property_names: Vec<String>,
}

/// The parts of `ProductTypeDefinition` Hamro uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Definition {
    pub product_type: String,
    pub display_name: String,
    /// `productTypeVersion.version`: with the product type, the schema's cache key.
    pub version: String,
    pub requirements: Requirements,
    pub schema_url: String,
    /// Base64 MD5 of the schema document.
    pub checksum: String,
    pub property_groups: Vec<PropertyGroup>,
}

fn protocol(what: &str) -> impl Fn(serde_json::Error) -> AmazonError + '_ {
    move |e| AmazonError::Protocol(format!("{what}: {e}"))
}

impl SpApi {
    /// `searchDefinitionsProductTypes` by keywords (comma-separated words) or by an item name.
    pub async fn search_product_types(
        &self,
        keywords: Option<&str>,
        item_name: Option<&str>,
    ) -> Result<Vec<ProductTypeMatch>, AmazonError> {
        let mut query = vec![self.marketplace_query()];
        if let Some(k) = keywords.filter(|k| !k.trim().is_empty()) {
            query.push(("keywords", k.split_whitespace().collect::<Vec<_>>().join(",")));
        }
        if let Some(n) = item_name.filter(|n| !n.trim().is_empty()) {
            query.push(("itemName", n.trim().to_string()));
        }
        let reply = self
            .call(
                Operation::SearchDefinitionsProductTypes,
                Method::GET,
                "/definitions/2020-09-01/productTypes",
                &query,
                None,
                None,
            )
            .await?;
        serde_json::from_value(reply.body["productTypes"].clone()).map_err(protocol("productTypes"))
    }

    /// `getDefinitionsProductType`, LATEST version, requirements enforced.
    pub async fn product_type_definition(
        &self,
        product_type: &str,
        requirements: Requirements,
    ) -> Result<Definition, AmazonError> {
        let query = [
            self.marketplace_query(),
            ("sellerId", self.seller_id.clone()),
            ("productTypeVersion", "LATEST".into()),
            ("requirements", requirements.as_str().into()),
            ("requirementsEnforced", "ENFORCED".into()),
            ("locale", "en_US".into()),
        ];
        let path = format!("/definitions/2020-09-01/productTypes/{}", super::client::url_segment(product_type));
        let reply = self.call(Operation::GetDefinitionsProductType, Method::GET, &path, &query, None, None).await?;
        if reply.status == StatusCode::NOT_FOUND {
            return Err(AmazonError::NotFound);
        }
        let b = &reply.body;
        let text = |v: &Value, what: &str| {
            v.as_str().map(str::to_string).ok_or_else(|| AmazonError::Protocol(format!("definition without {what}")))
        };
        let mut property_groups: Vec<PropertyGroup> = b["propertyGroups"]
            .as_object()
            .map(|groups| {
                groups
                    .iter()
                    .map(|(name, g)| PropertyGroup {
                        name: name.clone(),
                        title: g["title"].as_str().unwrap_or(name).to_string(),
                        property_names: serde_json::from_value(g["propertyNames"].clone()).unwrap_or_default(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        property_groups.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Definition {
            product_type: text(&b["productType"], "productType")?,
            display_name: text(&b["displayName"], "displayName")?,
            version: text(&b["productTypeVersion"]["version"], "productTypeVersion")?,
            requirements,
            schema_url: text(&b["schema"]["link"]["resource"], "schema link")?,
            checksum: text(&b["schema"]["checksum"], "schema checksum")?,
            property_groups,
        })
    }

    /// Downloads the definition's schema and checks it against the checksum.
    pub async fn product_type_schema(&self, definition: &Definition) -> Result<Value, AmazonError> {
        let response = self
            .http
            .get(&definition.schema_url)
            .send()
            .await
            .map_err(|e| AmazonError::Unavailable(format!("product type schema: {e}")))?;
        if !response.status().is_success() {
            return Err(AmazonError::Unavailable(format!("product type schema answered {}", response.status())));
        }
        let bytes =
            response.bytes().await.map_err(|e| AmazonError::Unavailable(format!("product type schema: {e}")))?;
        let checksum = base64::engine::general_purpose::STANDARD.encode(Md5::digest(&bytes));
        if checksum != definition.checksum {
            return Err(AmazonError::Protocol(format!(
                "the {} schema's checksum is {checksum}, the definition says {}",
                definition.product_type, definition.checksum
            )));
        }
        serde_json::from_slice(&bytes).map_err(protocol("product type schema"))
    }
}
