//! Server functions behind the dashboards. Each checks the role first.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::{AdminOverview, SellerOverview};
use crate::error::AppError;

#[server(prefix = "/fn", endpoint = "dashboard/seller", input = GetUrl)]
pub async fn get_seller_overview() -> Result<SellerOverview, AppError> {
    use crate::auth::{model::Role, server::request};
    let user = request::require_role(Role::Seller).await?;
    let state = request::state()?;
    super::server::seller_overview(&state.db, &user).await
}

#[server(prefix = "/fn", endpoint = "dashboard/admin", input = GetUrl)]
pub async fn get_admin_overview() -> Result<AdminOverview, AppError> {
    use crate::auth::{model::Role, server::request};
    let user = request::require_role(Role::Admin).await?;
    let state = request::state()?;
    super::server::admin_overview(&state.db, &user).await
}
