//! Server functions for products, at stable URLs under `/fn/products/` (sellers) and
//! `/fn/admin/products/` (admins). Each one checks the caller and their role first.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use super::model::{CatalogMatch, Product, ProductForm, ProductPage, ProductTypeChoice, StatusCounts, TypeSpec};
use crate::{auth::model::SellerRef, error::AppError};
#[cfg(feature = "ssr")]
use crate::{
    auth::server::{
        guard::{AdminUser, SellerUser},
        request::{guarded, service},
        service as accounts,
    },
    db::Db,
    products::{
        model::{ProductStatus, Transition},
        server::{Decision, Products},
    },
};

/// The admin's product list with what its filters need.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminProducts {
    pub page: ProductPage,
    pub sellers: Vec<SellerRef>,
}

#[server(prefix = "/fn", endpoint = "products/counts", input = GetUrl)]
pub async fn my_product_counts() -> Result<StatusCounts, AppError> {
    let (SellerUser(seller), products) = guarded::<_, Products>().await?;
    products.counts(Some(&seller.id)).await
}

/// Creates (no `id`) or updates a product from the form. `intent = "submit"` also sends it
/// for review. Goes to the product's page when saved.
#[server(prefix = "/fn", endpoint = "products/save")]
pub async fn save_product(
    id: Option<String>,
    version: Option<u64>,
    form: ProductForm,
    intent: Option<String>,
) -> Result<Product, AppError> {
    let (SellerUser(seller), products) = guarded::<_, Products>().await?;
    let fields = form.parse()?;
    let submit = intent.as_deref() == Some("submit");
    let product = match id.filter(|id| !id.is_empty()) {
        None => products.create(&seller, fields, submit).await?,
        Some(id) => products.update(&seller, &id, version, fields, submit).await?,
    };
    leptos_axum::redirect(&format!("/seller/products/{}", product.id));
    Ok(product)
}

#[server(prefix = "/fn", endpoint = "products/submit")]
pub async fn submit_product(id: String, version: Option<u64>) -> Result<Product, AppError> {
    let (SellerUser(seller), products) = guarded::<_, Products>().await?;
    products.seller_transition(&seller, &id, version, Transition::Submit).await
}

#[server(prefix = "/fn", endpoint = "products/archive")]
pub async fn archive_product(id: String, version: Option<u64>) -> Result<Product, AppError> {
    let (SellerUser(seller), products) = guarded::<_, Products>().await?;
    products.seller_transition(&seller, &id, version, Transition::Archive).await
}

#[server(prefix = "/fn", endpoint = "admin/products/list", input = GetUrl)]
pub async fn admin_list_products(
    status: Option<String>,
    seller: Option<String>,
    page: Option<u32>,
) -> Result<AdminProducts, AppError> {
    let db = service::<Db>()?;
    let (AdminUser(_), products) = guarded::<_, Products>().await?;
    let status = ProductStatus::parse_filter(status.as_deref())?;
    let page = products.list_all(seller.as_deref(), status, page).await?;
    Ok(AdminProducts { page, sellers: accounts::sellers(&db).await? })
}

#[server(prefix = "/fn", endpoint = "admin/products/counts", input = GetUrl)]
pub async fn all_product_counts() -> Result<StatusCounts, AppError> {
    let (AdminUser(_), products) = guarded::<_, Products>().await?;
    products.counts(None).await
}

/// Products waiting for review, oldest first.
#[server(prefix = "/fn", endpoint = "admin/products/queue", input = GetUrl)]
pub async fn get_review_queue() -> Result<Vec<Product>, AppError> {
    let (AdminUser(_), products) = guarded::<_, Products>().await?;
    products.review_queue().await
}

#[server(prefix = "/fn", endpoint = "admin/products/approve")]
pub async fn approve_product(id: String, version: Option<u64>) -> Result<Product, AppError> {
    let (AdminUser(admin), products) = guarded::<_, Products>().await?;
    products.review(&admin, &id, version, Decision::Approve).await
}

#[server(prefix = "/fn", endpoint = "admin/products/reject")]
pub async fn reject_product(id: String, version: Option<u64>, reason: String) -> Result<Product, AppError> {
    let (AdminUser(admin), products) = guarded::<_, Products>().await?;
    products.review(&admin, &id, version, Decision::Reject { reason }).await
}

/// Amazon's product types for the form's type picker.
#[server(prefix = "/fn", endpoint = "products/types", input = GetUrl)]
pub async fn search_product_types(q: String) -> Result<Vec<ProductTypeChoice>, AppError> {
    let (SellerUser(_), products) = guarded::<_, Products>().await?;
    Ok(products.types().search(&q).await?.as_ref().clone())
}

/// What a product type asks for (`offer`: an offer on an existing ASIN).
#[server(prefix = "/fn", endpoint = "products/type-spec", input = GetUrl)]
pub async fn product_type_spec(product_type: String, offer: bool) -> Result<TypeSpec, AppError> {
    let (SellerUser(_), products) = guarded::<_, Products>().await?;
    let name = super::model::type_name(&product_type)
        .ok_or_else(|| AppError::field("product_type", "Choose a product type from Amazon's list."))?;
    products.types().spec(&name, offer).await
}

/// Amazon's catalog, to find an existing ASIN to offer on (by words, barcode or ASIN).
#[server(prefix = "/fn", endpoint = "products/catalog", input = GetUrl)]
pub async fn find_on_amazon(find: String) -> Result<Vec<CatalogMatch>, AppError> {
    let (SellerUser(_), products) = guarded::<_, Products>().await?;
    products.types().find_in_catalog(&find).await
}
