//! Order types shared by the server and the browser.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::{error::AppError, money::Money};

/// Order items per page.
pub const ORDERS_PAGE: u32 = 25;

/// Where an order (and each of its items) is, as Amazon says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    Pending,
    Unshipped,
    PartiallyShipped,
    Shipped,
    Canceled,
    Unfulfillable,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 6] =
        [Self::Pending, Self::Unshipped, Self::PartiallyShipped, Self::Shipped, Self::Canceled, Self::Unfulfillable];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Unshipped => "unshipped",
            Self::PartiallyShipped => "partially_shipped",
            Self::Shipped => "shipped",
            Self::Canceled => "canceled",
            Self::Unfulfillable => "unfulfillable",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Pending => "Pending",
            Self::Unshipped => "Unshipped",
            Self::PartiallyShipped => "Partially shipped",
            Self::Shipped => "Shipped",
            Self::Canceled => "Canceled",
            Self::Unfulfillable => "Unfulfillable",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Statuses only move forward: an order that shipped never goes back to unshipped, and
    /// a canceled one stays canceled.
    pub fn rank(self) -> u8 {
        match self {
            Self::Pending => 0,
            Self::Unshipped => 1,
            Self::PartiallyShipped => 2,
            Self::Shipped => 3,
            Self::Canceled | Self::Unfulfillable => 4,
        }
    }

    /// A `?status=` filter: empty means all.
    pub fn parse_filter(s: Option<&str>) -> Result<Option<Self>, AppError> {
        match s.map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(s) => Self::parse(s).map(Some).ok_or_else(|| {
                AppError::bad_request(format!(
                    "Unknown status '{s}'. Use pending, unshipped, partially_shipped, shipped, canceled or unfulfillable."
                ))
            }),
        }
    }
}

/// A calendar month, `2026-11`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn of(t: DateTime<Utc>) -> Self {
        Self { year: t.year(), month: t.month() }
    }

    /// `2026-11`; a clear 400 otherwise.
    pub fn parse(s: &str) -> Result<Self, AppError> {
        let bad = || AppError::bad_request(format!("'{s}' is not a month: use YYYY-MM, like 2026-11."));
        let (y, m) = s.trim().split_once('-').ok_or_else(bad)?;
        let (year, month) = (y.parse::<i32>().map_err(|_| bad())?, m.parse::<u32>().map_err(|_| bad())?);
        if y.len() != 4 || m.len() != 2 || !(1..=12).contains(&month) || !(2000..=2100).contains(&year) {
            return Err(bad());
        }
        Ok(Self { year, month })
    }

    pub fn parse_filter(s: Option<&str>) -> Result<Option<Self>, AppError> {
        s.map(str::trim).filter(|s| !s.is_empty()).map(Self::parse).transpose()
    }

    /// Its first instant, and the first instant of the next month.
    pub fn range(self) -> (DateTime<Utc>, DateTime<Utc>) {
        let start = NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or_default();
        let next = if self.month == 12 {
            NaiveDate::from_ymd_opt(self.year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(self.year, self.month + 1, 1)
        }
        .unwrap_or_default();
        let at = |d: NaiveDate| d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
        (at(start), at(next))
    }

    pub fn label(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
}

/// One item of an order, as its seller (or an admin) sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OrderItemView {
    /// Hamro's key for the item: `<Amazon order id>:<order item id>`.
    pub id: String,
    pub amazon_order_id: String,
    pub order_item_id: String,
    pub sku: String,
    pub title: String,
    /// The product it sold, when Hamro knows the SKU.
    pub product_id: Option<String>,
    pub seller_id: Option<String>,
    pub seller_name: Option<String>,
    pub status: OrderStatus,
    pub quantity: i64,
    /// Price times quantity.
    pub gross: Money,
    /// Amazon's fees for the item, once the Finances API has them.
    pub amazon_fees: Option<Money>,
    /// The platform's commission.
    pub commission: Money,
    /// What the seller earns: gross minus fees minus commission (once the fees are known).
    pub net: Option<Money>,
    /// Refunded so far.
    pub refunded: Money,
    pub purchased_at: DateTime<Utc>,
    pub shipped_at: Option<DateTime<Utc>>,
}

/// A page of order items, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OrderItemPage {
    pub items: Vec<OrderItemView>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

impl OrderItemPage {
    pub fn pages(&self) -> u32 {
        (self.total.div_ceil(u64::from(self.per_page.max(1))) as u32).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_strictly_and_span_their_days() {
        let nov = Month::parse("2026-11").unwrap();
        assert_eq!(nov.label(), "2026-11");
        let (start, end) = nov.range();
        assert_eq!(start.to_rfc3339(), "2026-11-01T00:00:00+00:00");
        assert_eq!(end.to_rfc3339(), "2026-12-01T00:00:00+00:00");
        assert_eq!(Month::parse("2026-12").unwrap().range().1.to_rfc3339(), "2027-01-01T00:00:00+00:00");
        for bad in ["2026-13", "2026-1", "26-11", "november", "2026-11-01", ""] {
            assert!(Month::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn statuses_only_move_forward() {
        assert!(OrderStatus::Shipped.rank() > OrderStatus::Unshipped.rank());
        assert!(OrderStatus::Canceled.rank() > OrderStatus::Shipped.rank());
        assert!(OrderStatus::parse_filter(Some("sent")).is_err());
        assert_eq!(OrderStatus::parse_filter(Some("")).unwrap(), None);
    }
}
