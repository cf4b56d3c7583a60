//! Server functions for earnings: a seller's statement and balances, and the platform's
//! summary for admins.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::{EarningsBalance, PlatformSummary, Statement};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::{
    auth::server::{
        guard::{AdminUser, SellerUser},
        request::guarded,
    },
    earnings::server::Earnings,
    orders::model::Month,
};

/// The seller's statement for a month (`YYYY-MM`; every entry when absent).
#[server(prefix = "/fn", endpoint = "earnings/statement", input = GetUrl)]
pub async fn get_statement(month: Option<String>) -> Result<Statement, AppError> {
    let (SellerUser(seller), earnings) = guarded::<_, Earnings>().await?;
    let month = Month::parse_filter(month.as_deref())?;
    earnings.statement(&seller, month).await
}

/// Earned, held, available and transferred, per currency.
#[server(prefix = "/fn", endpoint = "earnings/balances", input = GetUrl)]
pub async fn get_earnings_balances() -> Result<Vec<EarningsBalance>, AppError> {
    let (SellerUser(seller), earnings) = guarded::<_, Earnings>().await?;
    earnings.balances(&seller).await
}

/// The platform's months and what is held now (admins).
#[server(prefix = "/fn", endpoint = "admin/earnings/summary", input = GetUrl)]
pub async fn get_platform_summary() -> Result<PlatformSummary, AppError> {
    let (AdminUser(_), earnings) = guarded::<_, Earnings>().await?;
    earnings.platform_summary().await
}
