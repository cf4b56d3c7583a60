//! Payout types shared by the server and the browser.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{
    error::AppError,
    money::{AmountError, Currency, Money, parse_amount},
    validation::{HIDDEN_CHARS_MESSAGE, char_len, has_hidden_chars},
};

pub const MAX_DESCRIPTION_CHARS: usize = 200;
/// The largest payout one request may ask for: 10,000,000.00.
pub const MAX_PAYOUT_MINOR: i64 = 1_000_000_000;
pub const HISTORY_PAGE: u32 = 20;

/// Where a connected account stands with Stripe.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    /// Onboarding not finished.
    Pending,
    /// Can be paid out.
    Active,
    /// Stripe needs more information before paying out.
    Restricted,
    Disabled,
}

impl AccountStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Active => "active",
            Self::Restricted => "restricted",
            Self::Disabled => "disabled",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Pending => "Onboarding incomplete",
            Self::Active => "Active",
            Self::Restricted => "Restricted",
            Self::Disabled => "Disabled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Pending, Self::Active, Self::Restricted, Self::Disabled].into_iter().find(|x| x.as_str() == s)
    }
}

/// A seller's connected account, as Hamro last heard from Stripe.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StripeAccountView {
    pub stripe_account_id: String,
    pub status: AccountStatus,
    pub charges_enabled: bool,
    pub payouts_enabled: bool,
    pub details_submitted: bool,
    /// What Stripe still needs (e.g. `external_account`).
    pub requirements_due: Vec<String>,
    /// `manual` (Hamro pays out when the seller asks), or Stripe's automatic schedule.
    #[serde(default)]
    pub payout_interval: Option<String>,
    /// The currency the account receives transfers in (`usd`).
    #[serde(default)]
    pub default_currency: Option<String>,
}

/// Available and pending money, per currency.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BalanceView {
    pub available: Vec<Money>,
    pub pending: Vec<Money>,
}

impl BalanceView {
    pub fn available_in(&self, currency: Currency) -> Option<i64> {
        self.available.iter().find(|m| m.currency == currency).map(|m| m.amount_minor)
    }

    /// The amount to headline: the first currency (USD when there is money in it).
    pub fn headline(list: &[Money]) -> Money {
        list.iter()
            .find(|m| m.currency == Currency::Usd)
            .or_else(|| list.first())
            .copied()
            .unwrap_or(Money::new(0, Currency::Usd))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PayoutStatus {
    /// Recorded by Hamro, not yet accepted by Stripe.
    Requested,
    Pending,
    InTransit,
    Paid,
    Failed,
    Canceled,
}

impl PayoutStatus {
    pub const ALL: [PayoutStatus; 6] =
        [Self::Requested, Self::Pending, Self::InTransit, Self::Paid, Self::Failed, Self::Canceled];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Requested => "requested",
            Self::Pending => "pending",
            Self::InTransit => "in_transit",
            Self::Paid => "paid",
            Self::Failed => "failed",
            Self::Canceled => "canceled",
        }
    }

    /// What the seller reads: a request not yet at Stripe is simply pending to them.
    pub fn label(self) -> &'static str {
        match self {
            Self::Requested | Self::Pending => "Pending",
            Self::InTransit => "In transit",
            Self::Paid => "Paid",
            Self::Failed => "Failed",
            Self::Canceled => "Canceled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Statuses only move forward: a late `in_transit` never undoes `paid`. `failed` ranks
    /// above `paid` because a bank can return a paid payout (Stripe then sends
    /// `payout.failed` after `payout.paid`).
    pub fn rank(self) -> u8 {
        match self {
            Self::Requested => 0,
            Self::Pending => 1,
            Self::InTransit => 2,
            Self::Paid => 3,
            Self::Failed | Self::Canceled => 4,
        }
    }

    /// Paid, failed or canceled (a paid payout can still fail later, see `rank`).
    pub fn is_final(self) -> bool {
        self.rank() >= 3
    }
}

/// One payout, as its seller (or an admin) sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PayoutView {
    pub id: String,
    pub seller_id: String,
    pub seller_name: String,
    pub amount: Money,
    pub description: Option<String>,
    pub status: PayoutStatus,
    pub stripe_payout_id: Option<String>,
    pub failure_code: Option<String>,
    pub failure_message: Option<String>,
    pub arrival_date: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub paid_at: Option<DateTime<Utc>>,
    /// Who started it: Hamro (the seller asked), or Stripe on its own.
    pub origin: PayoutOrigin,
}

/// Where a payout came from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PayoutOrigin {
    /// The seller requested it in Hamro.
    #[default]
    Hamro,
    /// Stripe's automatic schedule paid the balance out.
    Automatic,
    /// Made in Stripe's dashboard.
    StripeDashboard,
}

impl PayoutOrigin {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Hamro => "hamro",
            Self::Automatic => "automatic",
            Self::StripeDashboard => "stripe_dashboard",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Hamro, Self::Automatic, Self::StripeDashboard].into_iter().find(|o| o.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Hamro => "Requested in Hamro",
            Self::Automatic => "Automatic (Stripe)",
            Self::StripeDashboard => "From Stripe's dashboard",
        }
    }
}

/// `POST /api/payouts/request`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PayoutRequestInput {
    /// Minor units: 5000 is 50.00.
    pub amount_minor: i64,
    /// `usd`, `eur`, `gbp` or `cad`; one the account holds.
    pub currency: String,
    pub description: Option<String>,
}

/// The dashboard's request form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutForm {
    /// A decimal amount, e.g. "50.00".
    pub amount: String,
    pub currency: String,
    pub description: String,
}

/// A checked payout request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayoutAsk {
    pub amount: Money,
    pub description: Option<String>,
}

impl PayoutRequestInput {
    pub fn check(&self) -> Result<PayoutAsk, AppError> {
        let currency = Currency::parse(&self.currency)
            .ok_or_else(|| AppError::field("currency", "Choose USD, EUR, GBP or CAD."))?;
        if self.amount_minor <= 0 {
            return Err(AppError::field("amount", "The amount must be more than zero."));
        }
        if self.amount_minor > MAX_PAYOUT_MINOR {
            return Err(AppError::field("amount", "That amount is larger than any payout Hamro makes."));
        }
        Ok(PayoutAsk {
            amount: Money::new(self.amount_minor, currency),
            description: check_description(self.description.as_deref())?,
        })
    }
}

impl PayoutForm {
    pub fn check(&self) -> Result<PayoutAsk, AppError> {
        let minor = parse_amount(&self.amount, MAX_PAYOUT_MINOR).map_err(|e| {
            let message = match e {
                AmountError::TooLarge { .. } => "That amount is larger than any payout Hamro makes.".to_string(),
                other => other.to_string(),
            };
            AppError::field("amount", message)
        })?;
        let currency = if self.currency.trim().is_empty() { "usd" } else { self.currency.as_str() };
        PayoutRequestInput {
            amount_minor: minor,
            currency: currency.to_string(),
            description: Some(self.description.clone()),
        }
        .check()
    }
}

fn check_description(d: Option<&str>) -> Result<Option<String>, AppError> {
    match d.map(str::trim).filter(|d| !d.is_empty()) {
        None => Ok(None),
        Some(d) if char_len(d) > MAX_DESCRIPTION_CHARS => {
            Err(AppError::field("description", format!("Use at most {MAX_DESCRIPTION_CHARS} characters.")))
        }
        Some(d) if has_hidden_chars(d, false) => Err(AppError::field("description", HIDDEN_CHARS_MESSAGE)),
        Some(d) => Ok(Some(d.to_string())),
    }
}

/// Everything the payout dashboard shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutDashboard {
    pub account: Option<StripeAccountView>,
    /// None until the account exists (or when Stripe could not be reached: see `notice`).
    pub balance: Option<BalanceView>,
    pub payouts: Vec<PayoutView>,
    /// Earnings on hold (the return window), per currency, from Hamro's ledger.
    #[serde(default)]
    pub on_hold: Vec<Money>,
    /// A problem worth telling the seller (Stripe unreachable), without failing the page.
    pub notice: Option<String>,
}

/// A notice the payouts page shows after a redirect (`?notice=<code>`). The URL carries a
/// code, never text: a link from anywhere could otherwise put any words on Hamro's page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PayoutNotice {
    ConnectFirst,
    OnboardingUnavailable,
}

impl PayoutNotice {
    const ALL: [Self; 2] = [Self::ConnectFirst, Self::OnboardingUnavailable];

    pub fn code(self) -> &'static str {
        match self {
            Self::ConnectFirst => "connect_first",
            Self::OnboardingUnavailable => "onboarding_unavailable",
        }
    }

    /// The notice for a code; unknown codes show nothing.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|n| n.code() == code)
    }

    pub fn message(self) -> &'static str {
        match self {
            Self::ConnectFirst => "Connect a Stripe account first: use \"Connect Stripe\" below.",
            Self::OnboardingUnavailable => {
                "Stripe onboarding could not be opened just now. Please try again in a moment."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_come_from_codes_and_unknown_codes_show_nothing() {
        for notice in PayoutNotice::ALL {
            assert_eq!(PayoutNotice::from_code(notice.code()), Some(notice));
        }
        assert_eq!(PayoutNotice::from_code("Your account is suspended, call +1 555 0100"), None);
    }

    #[test]
    fn statuses_only_move_forward() {
        assert!(PayoutStatus::Paid.rank() > PayoutStatus::InTransit.rank());
        assert!(PayoutStatus::InTransit.rank() > PayoutStatus::Pending.rank());
        assert!(PayoutStatus::Failed.is_final() && PayoutStatus::Canceled.is_final());
    }

    #[test]
    fn requests_are_checked() {
        let ok = PayoutRequestInput { amount_minor: 5000, currency: "usd".into(), description: None }.check().unwrap();
        assert_eq!(ok.amount, Money::new(5000, Currency::Usd));
        for (amount, currency) in [(0, "usd"), (-5, "usd"), (5000, "xyz"), (MAX_PAYOUT_MINOR + 1, "usd")] {
            assert!(
                PayoutRequestInput { amount_minor: amount, currency: currency.into(), description: None }
                    .check()
                    .is_err()
            );
        }
        let form =
            PayoutForm { amount: "50.00".into(), currency: "".into(), description: " Rent ".into() }.check().unwrap();
        assert_eq!(form.amount.amount_minor, 5000);
        assert_eq!(form.description.as_deref(), Some("Rent"));
        for bad in ["", "0", "-1", "1e3", "12.345", "abc", "99999999999999"] {
            let err = PayoutForm { amount: bad.into(), ..Default::default() }.check().unwrap_err();
            assert!(err.field_error("amount").is_some(), "{bad}");
        }
    }
}
