//! Server functions for products, at stable URLs under `/fn/products/` (sellers) and
//! `/fn/admin/products/` (admins). Each one checks the caller and their role first.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use super::model::{Product, ProductForm, ProductPage, ProductWithListing, SellerRef, StatusCounts};
use crate::error::AppError;

/// The admin's product list with what its filters need.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminProducts {
    pub page: ProductPage,
    pub sellers: Vec<SellerRef>,
}

#[server(prefix = "/fn", endpoint = "products/list", input = GetUrl)]
pub async fn list_my_products(status: Option<String>, page: Option<u32>) -> Result<ProductPage, AppError> {
    use crate::{
        auth::{model::Role, server::request},
        products::{model::ProductStatus, server::service},
    };
    let seller = request::require_role(Role::Seller).await?;
    let state = request::state()?;
    let status = ProductStatus::parse_filter(status.as_deref())?;
    service::list_for_seller(&state.db, &seller, status, page).await
}

#[server(prefix = "/fn", endpoint = "products/counts", input = GetUrl)]
pub async fn my_product_counts() -> Result<StatusCounts, AppError> {
    use crate::{
        auth::{model::Role, server::request},
        products::server::service,
    };
    let seller = request::require_role(Role::Seller).await?;
    let state = request::state()?;
    service::counts(&state.db, Some(&seller.id)).await
}

/// One product: a seller's own, or any for admins.
#[server(prefix = "/fn", endpoint = "products/get", input = GetUrl)]
pub async fn get_product(id: String) -> Result<Product, AppError> {
    use crate::{auth::server::request, products::server::service};
    let (user, state) = request::signed_in().await?;
    service::get_for(&state.db, &user, &id).await
}

/// A product's page: the product and, once it has been approved, its Amazon listing. One
/// server function, so the page has one resource and one suspense.
#[server(prefix = "/fn", endpoint = "products/page", input = GetUrl)]
pub async fn get_product_page(id: String) -> Result<ProductWithListing, AppError> {
    use crate::{auth::server::request, listings::server::service as listings, products::server::service};
    let (user, state) = request::signed_in().await?;
    let product = service::get_for(&state.db, &user, &id).await?;
    let listing = if product.may_have_listing() { Some(listings::status(&state, &user, &id).await?) } else { None };
    Ok(ProductWithListing { product, listing })
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
    use crate::{
        auth::{model::Role, server::request},
        products::server::service,
    };
    let seller = request::require_role(Role::Seller).await?;
    let state = request::state()?;
    let fields = form.parse()?;
    let submit = intent.as_deref() == Some("submit");
    let product = match id.filter(|id| !id.is_empty()) {
        None => service::create(&state.db, &state.notifier, &seller, fields, submit).await?,
        Some(id) => service::update(&state, &seller, &id, version, fields, submit).await?,
    };
    leptos_axum::redirect(&format!("/seller/products/{}", product.id));
    Ok(product)
}

#[server(prefix = "/fn", endpoint = "products/submit")]
pub async fn submit_product(id: String, version: Option<u64>) -> Result<Product, AppError> {
    use crate::{
        auth::{model::Role, server::request},
        products::{model::Transition, server::service},
    };
    let seller = request::require_role(Role::Seller).await?;
    let state = request::state()?;
    service::seller_transition(&state, &seller, &id, version, Transition::Submit).await
}

#[server(prefix = "/fn", endpoint = "products/archive")]
pub async fn archive_product(id: String, version: Option<u64>) -> Result<Product, AppError> {
    use crate::{
        auth::{model::Role, server::request},
        products::{model::Transition, server::service},
    };
    let seller = request::require_role(Role::Seller).await?;
    let state = request::state()?;
    service::seller_transition(&state, &seller, &id, version, Transition::Archive).await
}

#[server(prefix = "/fn", endpoint = "admin/products/list", input = GetUrl)]
pub async fn admin_list_products(
    status: Option<String>,
    seller: Option<String>,
    page: Option<u32>,
) -> Result<AdminProducts, AppError> {
    use crate::{
        auth::{model::Role, server::request},
        products::{model::ProductStatus, server::service},
    };
    request::require_role(Role::Admin).await?;
    let state = request::state()?;
    let status = ProductStatus::parse_filter(status.as_deref())?;
    let page = service::list_all(&state.db, seller.as_deref(), status, page).await?;
    Ok(AdminProducts { page, sellers: service::sellers(&state.db).await? })
}

#[server(prefix = "/fn", endpoint = "admin/products/counts", input = GetUrl)]
pub async fn all_product_counts() -> Result<StatusCounts, AppError> {
    use crate::{
        auth::{model::Role, server::request},
        products::server::service,
    };
    request::require_role(Role::Admin).await?;
    let state = request::state()?;
    service::counts(&state.db, None).await
}

/// Products waiting for review, oldest first.
#[server(prefix = "/fn", endpoint = "admin/products/queue", input = GetUrl)]
pub async fn get_review_queue() -> Result<Vec<Product>, AppError> {
    use crate::{
        auth::{model::Role, server::request},
        products::server::service,
    };
    request::require_role(Role::Admin).await?;
    let state = request::state()?;
    service::review_queue(&state.db).await
}

#[server(prefix = "/fn", endpoint = "admin/products/approve")]
pub async fn approve_product(id: String, version: Option<u64>) -> Result<Product, AppError> {
    use crate::{
        auth::{model::Role, server::request},
        products::server::service::{self, Decision},
    };
    let admin = request::require_role(Role::Admin).await?;
    let state = request::state()?;
    service::review(&state.db, &admin, &id, version, Decision::Approve).await
}

#[server(prefix = "/fn", endpoint = "admin/products/reject")]
pub async fn reject_product(id: String, version: Option<u64>, reason: String) -> Result<Product, AppError> {
    use crate::{
        auth::{model::Role, server::request},
        products::server::service::{self, Decision},
    };
    let admin = request::require_role(Role::Admin).await?;
    let state = request::state()?;
    service::review(&state.db, &admin, &id, version, Decision::Reject { reason }).await
}
