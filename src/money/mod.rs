//! Money: an integer amount in minor units (cents) and a currency. Never a float.
//!
//! Amounts typed by people ("19.99", "50", "1,250.00") are parsed exactly, digit by digit;
//! anything else ("1e3", "-1", "NaN", "12.345") is refused with a message saying why
//! (`parse`). Amounts from outside services are read exactly too, and the platform's
//! commission is integer arithmetic with one documented rounding rule (`commission`).

use std::fmt;

use serde::{Deserialize, Serialize};

/// The currencies Hamro handles. All have two decimal places.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Currency {
    #[default]
    Usd,
    Eur,
    Gbp,
    Cad,
}

impl Currency {
    pub const ALL: [Currency; 4] = [Currency::Usd, Currency::Eur, Currency::Gbp, Currency::Cad];

    /// The lower-case ISO 4217 code Stripe uses ("usd").
    pub fn code(self) -> &'static str {
        match self {
            Self::Usd => "usd",
            Self::Eur => "eur",
            Self::Gbp => "gbp",
            Self::Cad => "cad",
        }
    }

    /// The upper-case code people read ("USD").
    pub fn label(self) -> &'static str {
        match self {
            Self::Usd => "USD",
            Self::Eur => "EUR",
            Self::Gbp => "GBP",
            Self::Cad => "CAD",
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Self::Usd => "$",
            Self::Eur => "€",
            Self::Gbp => "£",
            Self::Cad => "CA$",
        }
    }

    /// Parses "usd" or "USD".
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code().eq_ignore_ascii_case(code.trim()))
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// An amount of money: minor units and a currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Money {
    /// In the currency's minor unit (cents): 1999 is 19.99.
    pub amount_minor: i64,
    pub currency: Currency,
}

impl Money {
    pub fn new(amount_minor: i64, currency: Currency) -> Self {
        Self { amount_minor, currency }
    }

    /// "$1,250.00", "-€3.10".
    pub fn display(&self) -> String {
        let sign = if self.amount_minor < 0 { "-" } else { "" };
        let abs = self.amount_minor.unsigned_abs();
        format!("{sign}{}{}.{:02}", self.currency.symbol(), group_thousands(abs / 100), abs % 100)
    }

    /// "1250.00": what a form field shows for this amount.
    pub fn to_decimal_string(&self) -> String {
        let sign = if self.amount_minor < 0 { "-" } else { "" };
        let abs = self.amount_minor.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

fn group_thousands(mut n: u64) -> String {
    let mut groups = Vec::new();
    loop {
        if n < 1000 {
            groups.push(n.to_string());
            break;
        }
        groups.push(format!("{:03}", n % 1000));
        n /= 1000;
    }
    groups.reverse();
    groups.join(",")
}

mod commission;
mod parse;

pub use commission::commission_minor;
pub use parse::{AmountError, parse_amount, parse_api_decimal};
