//! `/api/products/*` (sellers, their own products) and `/api/admin/products/*` (admins).

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::{ApiJson, ApiQuery, json::OptionalJson};
use crate::{
    auth::server::guard::{AdminUser, SellerUser, SignedIn},
    error::{AppError, ErrorEnvelope},
    products::{
        model::{Product, ProductInput, ProductStatus, ProductTypeChoice, Transition, TypeSpec, type_name},
        server::{Decision, Products},
    },
};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ProductsQuery {
    /// draft, pending_review, approved, rejected or archived.
    status: Option<String>,
    /// From 1.
    page: Option<u32>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct AdminProductsQuery {
    status: Option<String>,
    /// A seller's user id.
    seller: Option<String>,
    page: Option<u32>,
}

/// An optional body with the version you read; a stale one is refused with 409.
#[derive(Deserialize, Default, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct VersionBody {
    version: Option<u64>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RejectBody {
    /// Why, in at least 5 characters; the seller sees it.
    reason: String,
    version: Option<u64>,
}

/// The seller's products, newest first, 20 a page.
#[utoipa::path(get, path = "/api/products", tag = "products", params(ProductsQuery),
    responses((status = 200, body = Vec<Product>), (status = 400, body = ErrorEnvelope),
              (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)),
    security(("session_cookie" = [])))]
pub(crate) async fn list(
    SellerUser(seller): SellerUser,
    State(products): State<Products>,
    ApiQuery(q): ApiQuery<ProductsQuery>,
) -> Result<Json<Vec<Product>>, AppError> {
    let status = ProductStatus::parse_filter(q.status.as_deref())?;
    Ok(Json(products.list_for_seller(&seller, status, q.page).await?.items))
}

/// Creates a product (a draft, or pending review with `"submit": true`).
#[utoipa::path(post, path = "/api/products", tag = "products", request_body = ProductInput,
    responses((status = 201, body = Product), (status = 400, body = ErrorEnvelope, description = "Invalid fields or a duplicate SKU"),
              (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)),
    security(("session_cookie" = [])))]
pub(crate) async fn create(
    SellerUser(seller): SellerUser,
    State(products): State<Products>,
    ApiJson(input): ApiJson<ProductInput>,
) -> Result<(StatusCode, Json<Product>), AppError> {
    let fields = input.parse()?;
    let product = products.create(&seller, fields, input.submit).await?;
    Ok((StatusCode::CREATED, Json(product)))
}

/// One product: the seller's own, or any for admins.
#[utoipa::path(get, path = "/api/products/{id}", tag = "products", params(("id" = String, Path)),
    responses((status = 200, body = Product), (status = 400, body = ErrorEnvelope),
              (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)),
    security(("session_cookie" = [])))]
pub(crate) async fn get(
    SignedIn(user): SignedIn,
    State(products): State<Products>,
    Path(id): Path<String>,
) -> Result<Json<Product>, AppError> {
    products.get_for(&user, &id).await.map(Json)
}

/// Replaces a product's content. Editing an approved product's listed content sends it
/// back to review; price and quantity changes don't.
#[utoipa::path(put, path = "/api/products/{id}", tag = "products", params(("id" = String, Path)), request_body = ProductInput,
    responses((status = 200, body = Product), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
              (status = 409, body = ErrorEnvelope, description = "Archived, or a stale version")),
    security(("session_cookie" = [])))]
pub(crate) async fn update(
    SellerUser(seller): SellerUser,
    State(products): State<Products>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ProductInput>,
) -> Result<Json<Product>, AppError> {
    let fields = input.parse()?;
    products.update(&seller, &id, input.version, fields, input.submit).await.map(Json)
}

/// Submits a draft or rejected product for review.
#[utoipa::path(post, path = "/api/products/{id}/submit", tag = "products", params(("id" = String, Path)),
    request_body(content = Option<VersionBody>),
    responses((status = 200, body = Product), (status = 404, body = ErrorEnvelope),
              (status = 409, body = ErrorEnvelope, description = "Not in a state that can be submitted")),
    security(("session_cookie" = [])))]
pub(crate) async fn submit(
    SellerUser(seller): SellerUser,
    State(products): State<Products>,
    Path(id): Path<String>,
    OptionalJson(body): OptionalJson<VersionBody>,
) -> Result<Json<Product>, AppError> {
    products.seller_transition(&seller, &id, body.version, Transition::Submit).await.map(Json)
}

/// Archives a product.
#[utoipa::path(post, path = "/api/products/{id}/archive", tag = "products", params(("id" = String, Path)),
    request_body(content = Option<VersionBody>),
    responses((status = 200, body = Product), (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)),
    security(("session_cookie" = [])))]
pub(crate) async fn archive(
    SellerUser(seller): SellerUser,
    State(products): State<Products>,
    Path(id): Path<String>,
    OptionalJson(body): OptionalJson<VersionBody>,
) -> Result<Json<Product>, AppError> {
    products.seller_transition(&seller, &id, body.version, Transition::Archive).await.map(Json)
}

/// Every seller's products (admins).
#[utoipa::path(get, path = "/api/admin/products", tag = "admin", params(AdminProductsQuery),
    responses((status = 200, body = Vec<Product>), (status = 400, body = ErrorEnvelope),
              (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)),
    security(("session_cookie" = [])))]
pub(crate) async fn admin_list(
    _admin: AdminUser,
    State(products): State<Products>,
    ApiQuery(q): ApiQuery<AdminProductsQuery>,
) -> Result<Json<Vec<Product>>, AppError> {
    let status = ProductStatus::parse_filter(q.status.as_deref())?;
    Ok(Json(products.list_all(q.seller.as_deref(), status, q.page).await?.items))
}

/// Approves a product waiting for review. The seller is told.
#[utoipa::path(post, path = "/api/admin/products/{id}/approve", tag = "admin", params(("id" = String, Path)),
    request_body(content = Option<VersionBody>),
    responses((status = 200, body = Product), (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
              (status = 409, body = ErrorEnvelope, description = "Already reviewed, or changed since read")),
    security(("session_cookie" = [])))]
pub(crate) async fn approve(
    AdminUser(admin): AdminUser,
    State(products): State<Products>,
    Path(id): Path<String>,
    OptionalJson(body): OptionalJson<VersionBody>,
) -> Result<Json<Product>, AppError> {
    products.review(&admin, &id, body.version, Decision::Approve).await.map(Json)
}

/// Rejects a product waiting for review, with a reason the seller sees.
#[utoipa::path(post, path = "/api/admin/products/{id}/reject", tag = "admin", params(("id" = String, Path)),
    request_body = RejectBody,
    responses((status = 200, body = Product), (status = 400, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)),
    security(("session_cookie" = [])))]
pub(crate) async fn reject(
    AdminUser(admin): AdminUser,
    State(products): State<Products>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RejectBody>,
) -> Result<Json<Product>, AppError> {
    products.review(&admin, &id, body.version, Decision::Reject { reason: body.reason }).await.map(Json)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct TypeSearchQuery {
    /// Words ("lamp"), or the product's name.
    q: String,
}

/// Amazon's product types matching a search (`searchDefinitionsProductTypes`).
#[utoipa::path(get, path = "/api/product-types", tag = "products", params(TypeSearchQuery),
    responses((status = 200, body = Vec<ProductTypeChoice>), (status = 502, body = ErrorEnvelope)),
    security(("session_cookie" = [])))]
pub(crate) async fn product_types(
    SellerUser(_seller): SellerUser,
    State(products): State<Products>,
    ApiQuery(q): ApiQuery<TypeSearchQuery>,
) -> Result<Json<Vec<ProductTypeChoice>>, AppError> {
    Ok(Json(products.types().search(&q.q).await?.as_ref().clone()))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct TypeSpecQuery {
    /// The fields of an offer on an existing ASIN (LISTING_OFFER_ONLY) instead.
    #[serde(default)]
    offer: bool,
}

/// What a product type asks for: its attributes as the product form shows them, from
/// Amazon's definition and schema (`attributes` of a product's body).
#[utoipa::path(get, path = "/api/product-types/{product_type}", tag = "products",
    params(("product_type" = String, Path), TypeSpecQuery),
    responses((status = 200, body = TypeSpec), (status = 400, body = ErrorEnvelope), (status = 502, body = ErrorEnvelope)),
    security(("session_cookie" = [])))]
pub(crate) async fn product_type(
    SellerUser(_seller): SellerUser,
    State(products): State<Products>,
    Path(product_type): Path<String>,
    ApiQuery(q): ApiQuery<TypeSpecQuery>,
) -> Result<Json<TypeSpec>, AppError> {
    let name = type_name(&product_type).ok_or_else(|| AppError::bad_request("That is not a product type name."))?;
    products.types().spec(&name, q.offer).await.map(Json)
}
