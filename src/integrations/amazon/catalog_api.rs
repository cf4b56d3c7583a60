//! Catalog Items 2022-04-01 `searchCatalogItems` (by a product identifier or by keywords)
//! and Listings Restrictions 2021-08-01 `getListingsRestrictions` (may this seller list
//! that ASIN in that condition).

use reqwest::Method;
use serde_json::Value;

use super::{AmazonError, SpApi, limits::Operation};

/// What `searchCatalogItems` is asked to find.
#[derive(Clone, Copy, Debug)]
pub enum CatalogQuery<'a> {
    /// `identifiersType` (UPC, EAN, GTIN, ISBN, ASIN) and the identifier.
    Identifier {
        kind: &'a str,
        value: &'a str,
    },
    Keywords(&'a str),
}

/// An item of the catalog, as a seller needs it to recognise their product.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogItem {
    pub asin: String,
    pub item_name: String,
    pub brand: Option<String>,
    /// Amazon's product type for the item, when it says.
    pub product_type: Option<String>,
}

/// One reason a listing is restricted (`Restriction.reasons[]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Restriction {
    pub message: String,
    /// APPROVAL_REQUIRED, ASIN_NOT_FOUND or NOT_ELIGIBLE.
    pub reason_code: Option<String>,
    /// Where the seller can ask for approval, when Amazon gives one.
    pub approval_link: Option<String>,
}

impl SpApi {
    /// `searchCatalogItems` in the configured marketplace: at most `page_size` items.
    pub async fn search_catalog(&self, q: CatalogQuery<'_>, page_size: u32) -> Result<Vec<CatalogItem>, AmazonError> {
        let mut query = vec![
            self.marketplace_query(),
            ("includedData", "summaries,identifiers,productTypes".into()),
            ("pageSize", page_size.clamp(1, 20).to_string()),
            ("locale", "en_US".into()),
        ];
        match q {
            CatalogQuery::Identifier { kind, value } => {
                query.push(("identifiersType", kind.to_string()));
                query.push(("identifiers", value.to_string()));
            }
            CatalogQuery::Keywords(words) => {
                query.push(("keywords", words.split_whitespace().collect::<Vec<_>>().join(",")));
            }
        }
        let reply = self
            .call(Operation::SearchCatalogItems, Method::GET, "/catalog/2022-04-01/items", &query, None, None)
            .await?;
        let items = reply.body["items"]
            .as_array()
            .ok_or_else(|| AmazonError::Protocol("searchCatalogItems answered without items".into()))?;
        Ok(items
            .iter()
            .filter_map(|item| {
                let summary = summary_for(item, &self.marketplace_id);
                Some(CatalogItem {
                    asin: item["asin"].as_str()?.to_string(),
                    item_name: summary["itemName"].as_str().unwrap_or_default().to_string(),
                    brand: summary["brand"].as_str().map(str::to_string),
                    product_type: item["productTypes"]
                        .as_array()
                        .and_then(|t| t.iter().find(|t| t["marketplaceId"] == self.marketplace_id.as_str()))
                        .and_then(|t| t["productType"].as_str())
                        .map(str::to_string),
                })
            })
            .collect())
    }

    /// `getListingsRestrictions` for an ASIN in a condition (Amazon's `condition_type` value).
    pub async fn listing_restrictions(&self, asin: &str, condition: &str) -> Result<Vec<Restriction>, AmazonError> {
        let query = [
            ("asin", asin.to_string()),
            ("conditionType", condition.to_string()),
            ("sellerId", self.seller_id.clone()),
            self.marketplace_query(),
            ("reasonLocale", "en_US".into()),
        ];
        let reply = self
            .call(
                Operation::GetListingsRestrictions,
                Method::GET,
                "/listings/2021-08-01/restrictions",
                &query,
                None,
                None,
            )
            .await?;
        let restrictions = reply.body["restrictions"]
            .as_array()
            .ok_or_else(|| AmazonError::Protocol("getListingsRestrictions answered without restrictions".into()))?;
        Ok(restrictions
            .iter()
            .filter(|r| r["marketplaceId"] == self.marketplace_id.as_str())
            .flat_map(|r| r["reasons"].as_array().cloned().unwrap_or_default())
            .map(|reason| Restriction {
                message: reason["message"].as_str().unwrap_or("Amazon restricts this listing.").to_string(),
                reason_code: reason["reasonCode"].as_str().map(str::to_string),
                approval_link: reason["links"][0]["resource"].as_str().map(str::to_string),
            })
            .collect())
    }
}

fn summary_for<'a>(item: &'a Value, marketplace_id: &str) -> &'a Value {
    item["summaries"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["marketplaceId"] == marketplace_id))
        .unwrap_or(&Value::Null)
}
