//! Server functions for the composed pages: each reads from more than one domain, at the
//! stable URLs those pages have always used.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::{AdminOverview, ProductWithListing, SellerOverview, SellerProducts};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::{
    auth::server::{
        guard::{AdminUser, SellerUser, SignedIn},
        request::{guarded, service},
        service as accounts,
    },
    db::Db,
    earnings::server::Earnings,
    listings::server::Listings,
    orders::{model::Month, server::Orders},
    products::{
        model::{ProductRow, ProductStatus},
        server::Products,
    },
};

/// The seller's products (20 a page, newest first) with their Amazon status.
#[server(prefix = "/fn", endpoint = "products/list", input = GetUrl)]
pub async fn list_my_products(
    status: Option<String>,
    page: Option<u32>,
    amazon: Option<String>,
) -> Result<SellerProducts, AppError> {
    let listings = service::<Listings>()?;
    let (SellerUser(seller), products) = guarded::<_, Products>().await?;
    let page = match amazon.as_deref().filter(|a| !a.is_empty()) {
        // The products whose Amazon listing needs the seller, most recent first.
        Some("needs_attention") => {
            let ids = listings.needing_attention(&seller.id).await?;
            let mut items = Vec::with_capacity(ids.len());
            for id in &ids {
                items.push(ProductRow::from(&products.get_for(&seller, id).await?));
            }
            let total = items.len() as u64;
            crate::products::model::ProductPage { items, total, page: 1, per_page: total.max(1) as u32 }
        }
        Some(_) => return Err(AppError::bad_request("amazon is needs_attention or absent.")),
        None => {
            let status = ProductStatus::parse_filter(status.as_deref())?;
            products.rows_for_seller(&seller, status, page).await?
        }
    };
    let ids: Vec<String> = page.items.iter().map(|p| p.id.clone()).collect();
    let amazon = listings.statuses(&ids).await?;
    Ok(SellerProducts { page, amazon })
}

/// A product's page: the product, its product type's fields (of `product_type` when the
/// seller is changing it), the latest check with Amazon and, once approved, its listing.
/// One server function, so the page has one resource and one suspense.
#[server(prefix = "/fn", endpoint = "products/page", input = GetUrl)]
pub async fn get_product_page(
    id: String,
    product_type: Option<String>,
    type_search: Option<String>,
) -> Result<ProductWithListing, AppError> {
    let listings = service::<Listings>()?;
    let (SignedIn(user), products) = guarded::<_, Products>().await?;
    let product = products.get_for(&user, &id).await?;
    let listing = if product.may_have_listing() { Some(listings.view(&product).await?) } else { None };
    let check = listings.latest_check(&user, &id).await?;
    let wanted = product_type
        .as_deref()
        .and_then(crate::products::model::type_name)
        .unwrap_or_else(|| product.product_type.clone());
    let offer = product.identity.as_ref().and_then(|i| i.asin()).is_some() && wanted == product.product_type;
    let (spec, spec_error) = match products.types().spec(&wanted, offer).await {
        Ok(spec) => (Some(spec), None),
        Err(e) => (None, Some(e.to_string())),
    };
    let type_matches = match type_search.filter(|q| !q.trim().is_empty()) {
        Some(q) => products.types().search(&q).await?.as_ref().clone(),
        None => Vec::new(),
    };
    Ok(ProductWithListing { product, listing, spec, spec_error, check, type_matches })
}

#[server(prefix = "/fn", endpoint = "dashboard/seller", input = GetUrl)]
pub async fn get_seller_overview() -> Result<SellerOverview, AppError> {
    let (orders, earnings) = (service::<Orders>()?, service::<Earnings>()?);
    let (SellerUser(user), db) = guarded::<_, Db>().await?;
    let member_since = accounts::member_since(&db, &user).await?;
    let month = Month::of(chrono::Utc::now());
    let (from, to) = month.range();
    let month_sales = orders.sales_between(&user, from, to).await?;
    let month_net = earnings.net_in(&user, month).await?;
    Ok(SellerOverview {
        name: user.name,
        email: user.email,
        member_since,
        month: month.label(),
        month_sales,
        month_net,
    })
}

#[server(prefix = "/fn", endpoint = "dashboard/admin", input = GetUrl)]
pub async fn get_admin_overview() -> Result<AdminOverview, AppError> {
    let (AdminUser(user), db) = guarded::<_, Db>().await?;
    let (sellers, admins) = accounts::role_counts(&db).await?;
    Ok(AdminOverview { name: user.name, sellers, admins })
}
