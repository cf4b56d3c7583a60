//! Amazon's product types as Hamro uses them: searched with `searchDefinitionsProductTypes`,
//! each chosen type's definition and schema fetched (`getDefinitionsProductType`, the
//! schema's link, its checksum checked), compiled, and turned into the form's fields. Kept
//! in memory by product type and requirements for a day, and the compiled schema by
//! product type, requirements and `productTypeVersion`, so a new version is picked up.

use std::{sync::Arc, time::Duration};

use moka::future::Cache;

use super::type_spec::spec_from;
use crate::{
    error::AppError,
    integrations::amazon::{
        AmazonError, CatalogQuery, Definition, Requirements, SpApi, meta_schema::SchemaValidator, regions::Marketplace,
    },
    products::model::{CatalogMatch, ProductTypeChoice, TypeSpec},
};

/// A product type ready to check products against.
pub(crate) struct LoadedType {
    pub spec: TypeSpec,
    pub validator: SchemaValidator,
}

type Versioned = (String, Requirements, String);

#[derive(Clone)]
pub(crate) struct ProductTypes {
    amazon: Arc<SpApi>,
    pub(crate) market: Marketplace,
    /// (type, requirements) -> the definition's version, for a day.
    versions: Cache<(String, Requirements), String>,
    /// (type, requirements, version) -> the compiled schema.
    loaded: Cache<Versioned, Arc<LoadedType>>,
    searches: Cache<String, Arc<Vec<ProductTypeChoice>>>,
}

fn amazon_error(what: &str, e: AmazonError) -> AppError {
    match e {
        AmazonError::NotFound => AppError::field("product_type", "Amazon has no such product type. Search for one."),
        other => {
            tracing::warn!(error = %other, "{what}");
            AppError::upstream(format!("Amazon could not be reached for {what}. Try again in a moment."))
        }
    }
}

impl ProductTypes {
    pub(crate) fn new(amazon: Arc<SpApi>, market: Marketplace) -> Self {
        let day = Duration::from_secs(24 * 3600);
        Self {
            amazon,
            market,
            versions: Cache::builder().max_capacity(2_000).time_to_live(day).build(),
            loaded: Cache::builder().max_capacity(500).build(),
            searches: Cache::builder().max_capacity(1_000).time_to_live(Duration::from_secs(3600)).build(),
        }
    }

    /// Types matching what the seller typed (words, or the product's name).
    pub(crate) async fn search(&self, query: &str) -> Result<Arc<Vec<ProductTypeChoice>>, AppError> {
        let query = query.trim().to_lowercase();
        if query.chars().count() > 100 {
            return Err(AppError::field("q", "Search with at most 100 characters."));
        }
        if let Some(hit) = self.searches.get(&query).await {
            return Ok(hit);
        }
        let words = query.split_whitespace().count();
        // One or two words are keywords; more read as an item name.
        let (keywords, item_name) =
            if words <= 2 { (Some(query.as_str()), None) } else { (None, Some(query.as_str())) };
        let found = self
            .amazon
            .search_product_types(keywords, item_name)
            .await
            .map_err(|e| amazon_error("the product type search", e))?;
        let found: Arc<Vec<ProductTypeChoice>> = Arc::new(
            found.into_iter().map(|t| ProductTypeChoice { name: t.name, display_name: t.display_name }).collect(),
        );
        self.searches.insert(query, found.clone()).await;
        Ok(found)
    }

    /// The type's definition, schema and form fields.
    pub(crate) async fn load(
        &self,
        product_type: &str,
        requirements: Requirements,
    ) -> Result<Arc<LoadedType>, AppError> {
        let key = (product_type.to_string(), requirements);
        if let Some(version) = self.versions.get(&key).await
            && let Some(loaded) = self.loaded.get(&(key.0.clone(), requirements, version)).await
        {
            return Ok(loaded);
        }
        let definition = self
            .amazon
            .product_type_definition(product_type, requirements)
            .await
            .map_err(|e| amazon_error("the product type's definition", e))?;
        let versioned = (key.0.clone(), requirements, definition.version.clone());
        let loaded = match self.loaded.get(&versioned).await {
            Some(loaded) => loaded,
            None => {
                let loaded = Arc::new(self.fetch_schema(&definition).await?);
                self.loaded.insert(versioned, loaded.clone()).await;
                loaded
            }
        };
        self.versions.insert(key, definition.version).await;
        Ok(loaded)
    }

    async fn fetch_schema(&self, definition: &Definition) -> Result<LoadedType, AppError> {
        let schema = self
            .amazon
            .product_type_schema(definition)
            .await
            .map_err(|e| amazon_error("the product type's schema", e))?;
        compile(definition, &schema)
    }

    /// Items of Amazon's catalog matching words, or a barcode or ASIN typed as digits.
    pub(crate) async fn find_in_catalog(&self, query: &str) -> Result<Vec<CatalogMatch>, AppError> {
        let q = query.trim();
        if q.is_empty() || q.chars().count() > 100 {
            return Err(AppError::field("find", "Search with 1 to 100 characters."));
        }
        let digits: String = q.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        let search = match digits.len() {
            12 if digits.chars().all(|c| c.is_ascii_digit()) => {
                CatalogQuery::Identifier { kind: "UPC", value: &digits }
            }
            8 | 13 if digits.chars().all(|c| c.is_ascii_digit()) => {
                CatalogQuery::Identifier { kind: "EAN", value: &digits }
            }
            14 if digits.chars().all(|c| c.is_ascii_digit()) => {
                CatalogQuery::Identifier { kind: "GTIN", value: &digits }
            }
            10 if digits.chars().all(|c| c.is_ascii_alphanumeric()) && digits.chars().any(|c| c.is_ascii_digit()) => {
                CatalogQuery::Identifier { kind: "ASIN", value: &digits }
            }
            _ => CatalogQuery::Keywords(q),
        };
        let found = self.amazon.search_catalog(search, 10).await.map_err(|e| amazon_error("the catalog search", e))?;
        Ok(found
            .into_iter()
            .map(|i| CatalogMatch {
                asin: i.asin,
                item_name: i.item_name,
                brand: i.brand,
                product_type: i.product_type,
            })
            .collect())
    }

    /// Puts a type in the cache without asking Amazon (tests).
    #[cfg(test)]
    pub(crate) async fn preload(&self, definition: &Definition, schema: &serde_json::Value) {
        let loaded = Arc::new(compile(definition, schema).expect("the schema compiles"));
        let key = (definition.product_type.clone(), definition.requirements);
        self.loaded.insert((key.0.clone(), key.1, definition.version.clone()), loaded).await;
        self.versions.insert(key, definition.version.clone()).await;
    }
}

fn compile(definition: &Definition, schema: &serde_json::Value) -> Result<LoadedType, AppError> {
    let validator =
        SchemaValidator::new(schema).map_err(|e| AppError::internal("compiling a product type schema", e))?;
    Ok(LoadedType { spec: spec_from(definition, schema), validator })
}
