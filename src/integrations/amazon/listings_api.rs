//! The Listings Items API 2021-08-01: put, patch, get and delete one SKU's listing.

use reqwest::{Method, StatusCode};
use serde_json::Value;

use super::{
    AmazonError, ItemStatus, Requirements, SpApi, Submission,
    client::{Reply, url_segment},
    limits::Operation,
};

impl SpApi {
    pub(super) fn item_path(&self, sku: &str) -> String {
        format!("/listings/2021-08-01/items/{}/{}", url_segment(&self.seller_id), url_segment(sku))
    }

    pub(super) fn marketplace_query(&self) -> (&'static str, String) {
        ("marketplaceIds", self.marketplace_id.clone())
    }

    pub(super) fn submission(reply: Reply) -> Result<Submission, AmazonError> {
        if reply.status == StatusCode::NOT_FOUND {
            return Err(AmazonError::NotFound);
        }
        serde_json::from_value(reply.body).map_err(|e| AmazonError::Protocol(format!("submission response: {e}")))
    }

    /// `putListingsItem`: creates or fully replaces the listing.
    pub async fn put_listing(
        &self,
        sku: &str,
        product_type: &str,
        requirements: Requirements,
        attributes: Value,
    ) -> Result<Submission, AmazonError> {
        self.put(Operation::PutListingsItem, sku, product_type, requirements, attributes).await
    }

    /// `putListingsItem` with `mode=VALIDATION_PREVIEW`: Amazon checks the listing as it
    /// would a real one (VALID or INVALID with its issues) and stores nothing.
    pub async fn preview_listing(
        &self,
        sku: &str,
        product_type: &str,
        requirements: Requirements,
        attributes: Value,
    ) -> Result<Submission, AmazonError> {
        self.put(Operation::PreviewListingsItem, sku, product_type, requirements, attributes).await
    }

    async fn put(
        &self,
        op: Operation,
        sku: &str,
        product_type: &str,
        requirements: Requirements,
        attributes: Value,
    ) -> Result<Submission, AmazonError> {
        let body = serde_json::json!({
            "productType": product_type, "requirements": requirements.as_str(), "attributes": attributes
        });
        let mut query = vec![self.marketplace_query(), ("issueLocale", "en_US".into())];
        if op == Operation::PreviewListingsItem {
            query.push(("mode", "VALIDATION_PREVIEW".into()));
        }
        Self::submission(self.call(op, Method::PUT, &self.item_path(sku), &query, Some(&body), Some(sku)).await?)
    }

    /// `patchListingsItem` with JSON-Patch-style operations.
    pub async fn patch_listing(
        &self,
        sku: &str,
        product_type: &str,
        patches: Value,
    ) -> Result<Submission, AmazonError> {
        let body = serde_json::json!({ "productType": product_type, "patches": patches });
        let query = [self.marketplace_query(), ("issueLocale", "en_US".into())];
        Self::submission(
            self.call(
                Operation::PatchListingsItem,
                Method::PATCH,
                &self.item_path(sku),
                &query,
                Some(&body),
                Some(sku),
            )
            .await?,
        )
    }

    /// `getListingsItem` with summaries, issues, offers and fulfillment availability.
    pub async fn get_listing(&self, sku: &str) -> Result<Option<ItemStatus>, AmazonError> {
        let query = [
            self.marketplace_query(),
            ("includedData", "summaries,issues,offers,fulfillmentAvailability".into()),
            ("issueLocale", "en_US".into()),
        ];
        let reply =
            self.call(Operation::GetListingsItem, Method::GET, &self.item_path(sku), &query, None, Some(sku)).await?;
        if reply.status == StatusCode::NOT_FOUND {
            return Ok(None);
        }
        let summary = reply.body["summaries"]
            .as_array()
            .and_then(|s| s.iter().find(|s| s["marketplaceId"] == self.marketplace_id.as_str()))
            .cloned()
            .unwrap_or(Value::Null);
        let issues = serde_json::from_value(reply.body["issues"].clone()).unwrap_or_default();
        Ok(Some(ItemStatus {
            asin: summary["asin"].as_str().map(str::to_string),
            status: serde_json::from_value(summary["status"].clone()).unwrap_or_default(),
            issues,
        }))
    }

    /// `deleteListingsItem`.
    pub async fn delete_listing(&self, sku: &str) -> Result<Submission, AmazonError> {
        let query = [self.marketplace_query(), ("issueLocale", "en_US".into())];
        Self::submission(
            self.call(Operation::DeleteListingsItem, Method::DELETE, &self.item_path(sku), &query, None, Some(sku))
                .await?,
        )
    }
}
