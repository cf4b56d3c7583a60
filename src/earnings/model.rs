//! Earnings types shared by the server and the browser.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{money::Money, orders::model::Month};

/// What a ledger entry records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Sale,
    AmazonFee,
    Commission,
    Refund,
    Transfer,
    Reversal,
    Adjustment,
}

impl EntryKind {
    pub const ALL: [EntryKind; 7] =
        [Self::Sale, Self::AmazonFee, Self::Commission, Self::Refund, Self::Transfer, Self::Reversal, Self::Adjustment];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sale => "sale",
            Self::AmazonFee => "amazon_fee",
            Self::Commission => "commission",
            Self::Refund => "refund",
            Self::Transfer => "transfer",
            Self::Reversal => "reversal",
            Self::Adjustment => "adjustment",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Sale => "Sale",
            Self::AmazonFee => "Amazon fees",
            Self::Commission => "Hamro commission",
            Self::Refund => "Refund",
            Self::Transfer => "Transfer to Stripe",
            Self::Reversal => "Transfer reversal",
            Self::Adjustment => "Adjustment",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Money moving out to Stripe, rather than earned or charged.
    pub fn is_transfer(self) -> bool {
        matches!(self, Self::Transfer | Self::Reversal)
    }
}

/// One line of a seller's statement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LedgerLine {
    /// The entry's key: its source (`sale:<order item>`, `transfer:<batch>`, ...).
    pub id: String,
    pub kind: EntryKind,
    pub amount: Money,
    pub description: String,
    pub order_item_id: Option<String>,
    /// When it may be transferred; in the future while it is on hold.
    pub available_on: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// The ledger's total in this currency after this entry.
    pub balance: Money,
}

/// Where a seller's earnings in one currency stand. Always
/// `earned = held + available + transferred`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EarningsBalance {
    /// Sales less fees, commission and refunds, ever.
    pub earned: Money,
    /// Not yet released (the hold after shipping).
    pub held: Money,
    /// Released and not yet transferred (it can be negative after a refund).
    pub available: Money,
    /// Transferred to the seller's Stripe balance.
    pub transferred: Money,
    /// When the next held amount is released.
    pub next_release: Option<DateTime<Utc>>,
}

/// A seller's statement: the entries of a month (or all), with running balances.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Statement {
    pub month: Option<String>,
    pub lines: Vec<LedgerLine>,
    pub balances: Vec<EarningsBalance>,
}

/// The platform's month, for admins.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PlatformMonth {
    /// `YYYY-MM`.
    pub month: String,
    pub gross_sales: Money,
    pub amazon_fees: Money,
    pub commission: Money,
    pub refunds: Money,
    pub transferred: Money,
}

/// The platform's summary: by month, and what is held now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PlatformSummary {
    pub months: Vec<PlatformMonth>,
    pub held_now: Vec<Money>,
    pub available_now: Vec<Money>,
}

/// What a seller's dashboard shows of this month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthFigures {
    pub month: String,
    pub sales: Vec<Money>,
    pub net: Vec<Money>,
}

pub fn month_label(m: Month) -> String {
    m.label()
}
