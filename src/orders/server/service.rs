//! The orders service: lists of order items for sellers and admins, and what the dashboards
//! and the earnings domain read about sales.

use chrono::{DateTime, Utc};

use super::repo::{self, Filter};
use crate::{
    auth::model::CurrentUser,
    db::{Db, is_key},
    error::AppError,
    money::{Currency, Money},
    orders::model::{Month, ORDERS_PAGE, OrderItemPage, OrderStatus},
};

#[derive(Clone)]
pub struct Orders {
    db: Db,
}

fn check_page(page: Option<u32>) -> Result<u32, AppError> {
    match page.unwrap_or(1) {
        0 => Err(AppError::bad_request("page starts at 1.")),
        n if n > 100_000 => Err(AppError::bad_request("page is too large.")),
        n => Ok(n),
    }
}

impl Orders {
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    /// The seller's own order items, newest first, by status and month.
    pub async fn for_seller(
        &self,
        seller: &CurrentUser,
        status: Option<OrderStatus>,
        month: Option<Month>,
        page: Option<u32>,
    ) -> Result<OrderItemPage, AppError> {
        let page = check_page(page)?;
        let filter =
            Filter { seller_id: Some(&seller.id), status, between: month.map(Month::range), unmatched_only: false };
        let (items, total) = repo::list(&self.db, &filter, ORDERS_PAGE, (page - 1) * ORDERS_PAGE).await?;
        Ok(OrderItemPage { items, total, page, per_page: ORDERS_PAGE })
    }

    /// Every order item (admins), optionally one seller's or only those no product matched.
    pub async fn for_admin(
        &self,
        seller_id: Option<&str>,
        status: Option<OrderStatus>,
        month: Option<Month>,
        unmatched_only: bool,
        page: Option<u32>,
    ) -> Result<OrderItemPage, AppError> {
        let page = check_page(page)?;
        let seller_id = match seller_id.filter(|s| !s.is_empty()) {
            Some(s) if is_key(s) => Some(s),
            Some(_) => return Err(AppError::bad_request("That is not a valid seller id.")),
            None => None,
        };
        let filter = Filter { seller_id, status, between: month.map(Month::range), unmatched_only };
        let (items, total) = repo::list(&self.db, &filter, ORDERS_PAGE, (page - 1) * ORDERS_PAGE).await?;
        Ok(OrderItemPage { items, total, page, per_page: ORDERS_PAGE })
    }

    /// The seller's sales (gross, canceled orders aside) between two times, per currency.
    pub async fn sales_between(
        &self,
        seller: &CurrentUser,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Money>, AppError> {
        let sums = repo::gross_between(&self.db, &seller.id, from, to).await?;
        Ok(sums.into_iter().filter_map(|(c, gross)| Currency::parse(&c).map(|c| Money::new(gross, c))).collect())
    }
}
