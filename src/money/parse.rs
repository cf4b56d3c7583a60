//! Reading amounts exactly: what people type (`parse_amount`) and what outside services send
//! (`parse_api_decimal`).

use super::{Currency, Money};

/// Why a typed amount was refused. The messages are written for the person typing.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("Enter an amount.")]
    Empty,
    #[error("Enter an amount like 19.99, using digits and one decimal point.")]
    Malformed,
    #[error("Use at most two decimal places.")]
    TooPrecise,
    #[error("The amount must be more than zero.")]
    NotPositive,
    #[error("The amount can be at most {max}.")]
    TooLarge { max: String },
}

/// Parses a positive decimal amount ("19.99", "50", "1,250.5") into minor units, exactly,
/// and checks it against `max_minor`. Thousands separators are allowed only in groups of three.
pub fn parse_amount(input: &str, max_minor: i64) -> Result<i64, AmountError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(AmountError::Empty);
    }
    let (whole, fraction) = match s.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (s, None),
    };
    let whole = strip_grouping(whole).ok_or(AmountError::Malformed)?;
    if whole.is_empty() && fraction.is_none_or(str::is_empty) {
        return Err(AmountError::Malformed);
    }
    if !whole.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AmountError::Malformed);
    }
    let fraction = fraction.unwrap_or("");
    if !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AmountError::Malformed);
    }
    if fraction.len() > 2 {
        return Err(AmountError::TooPrecise);
    }
    let too_large = || AmountError::TooLarge { max: Money::new(max_minor, Currency::Usd).to_decimal_string() };
    // More digits than any allowed amount has: refuse before doing arithmetic.
    if whole.trim_start_matches('0').len() > 15 {
        return Err(too_large());
    }
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| AmountError::Malformed)? };
    let cents: i64 = match fraction.len() {
        0 => 0,
        1 => fraction.parse::<i64>().map_err(|_| AmountError::Malformed)? * 10,
        _ => fraction.parse().map_err(|_| AmountError::Malformed)?,
    };
    let minor = whole.checked_mul(100).and_then(|w| w.checked_add(cents)).ok_or_else(too_large)?;
    if minor <= 0 {
        return Err(AmountError::NotPositive);
    }
    if minor > max_minor {
        return Err(too_large());
    }
    Ok(minor)
}

/// "1,250" -> "1250"; "12,50" and ",100" are malformed (None).
fn strip_grouping(whole: &str) -> Option<String> {
    if !whole.contains(',') {
        return Some(whole.to_string());
    }
    let mut parts = whole.split(',');
    let first = parts.next()?;
    if first.is_empty() || first.len() > 3 {
        return None;
    }
    let mut out = first.to_string();
    for part in parts {
        if part.len() != 3 {
            return None;
        }
        out.push_str(part);
    }
    Some(out)
}

/// An amount an outside service wrote as a decimal ("154.99", "-2.99", "10", "5.000"), in
/// minor units of a two-decimal currency, exactly: `None` when it has a third decimal that
/// isn't zero, or isn't a plain decimal at all. (JSON numbers are read through their shortest
/// text form, which for any amount with two decimals is the amount itself.)
pub fn parse_api_decimal(input: &str) -> Option<i64> {
    let s = input.trim();
    let (negative, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if fraction.len() > 2 && fraction[2..].bytes().any(|b| b != b'0') {
        return None;
    }
    let cents = match fraction.len() {
        0 => 0,
        1 => i64::from(fraction.as_bytes()[0] - b'0') * 10,
        _ => fraction[..2].parse::<i64>().ok()?,
    };
    let whole: i64 = whole.parse().ok()?;
    let minor = whole.checked_mul(100)?.checked_add(cents)?;
    Some(if negative { -minor } else { minor })
}

#[cfg(test)]
mod tests {
    use super::{super::Currency, *};

    const MAX: i64 = 100_000_000; // 1,000,000.00

    #[test]
    fn parses_exactly() {
        assert_eq!(parse_amount("19.99", MAX), Ok(1999));
        assert_eq!(parse_amount("50", MAX), Ok(5000));
        assert_eq!(parse_amount("0.5", MAX), Ok(50));
        assert_eq!(parse_amount(".05", MAX), Ok(5));
        assert_eq!(parse_amount(" 1,250.00 ", MAX), Ok(125_000));
        assert_eq!(parse_amount("1000000.00", MAX), Ok(MAX));
        // 0.1 + 0.2 style float traps can't happen: every digit is kept.
        assert_eq!(parse_amount("0.29", MAX), Ok(29));
        assert_eq!(parse_amount("999999.99", MAX), Ok(99_999_999));
    }

    #[test]
    fn refuses_garbage_with_a_reason() {
        assert_eq!(parse_amount("", MAX), Err(AmountError::Empty));
        for bad in ["1e3", "NaN", "inf", "-1", "+1", "12.3.4", "abc", "1 000", "١٢", "12,50", ",100", ".", "0x10"] {
            assert_eq!(parse_amount(bad, MAX), Err(AmountError::Malformed), "{bad}");
        }
        assert_eq!(parse_amount("12.345", MAX), Err(AmountError::TooPrecise));
        assert_eq!(parse_amount("0", MAX), Err(AmountError::NotPositive));
        assert_eq!(parse_amount("0.00", MAX), Err(AmountError::NotPositive));
        assert!(matches!(parse_amount("1000000.01", MAX), Err(AmountError::TooLarge { .. })));
        assert!(matches!(parse_amount("99999999999999999999999", MAX), Err(AmountError::TooLarge { .. })));
    }

    #[test]
    fn displays_with_grouping() {
        assert_eq!(Money::new(125_000, Currency::Usd).display(), "$1,250.00");
        assert_eq!(Money::new(5, Currency::Eur).display(), "€0.05");
        assert_eq!(Money::new(-310, Currency::Gbp).display(), "-£3.10");
        assert_eq!(Money::new(100_000_000, Currency::Usd).to_decimal_string(), "1000000.00");
    }

    #[test]
    fn currency_codes_round_trip() {
        for c in Currency::ALL {
            assert_eq!(Currency::parse(c.code()), Some(c));
            assert_eq!(Currency::parse(c.label()), Some(c));
        }
        assert_eq!(Currency::parse("xyz"), None);
    }

    mod properties {
        use proptest::prelude::*;

        use super::*;

        proptest! {
            /// Every amount Hamro can display parses back to itself, grouped or not.
            #[test]
            fn displayed_amounts_parse_back(minor in 1..=MAX) {
                let m = Money::new(minor, Currency::Usd);
                prop_assert_eq!(parse_amount(&m.to_decimal_string(), MAX), Ok(minor));
                let grouped = m.display().trim_start_matches('$').to_string();
                prop_assert_eq!(parse_amount(&grouped, MAX), Ok(minor));
            }

            /// Anything at all: no panic, and a success is always within (0, max].
            #[test]
            fn any_input_is_refused_or_in_range(input in "\\PC{0,40}", max in 1i64..=i64::MAX) {
                if let Ok(minor) = parse_amount(&input, max) {
                    prop_assert!(minor > 0 && minor <= max);
                }
            }

            /// Digit-heavy inputs (the ones most likely to overflow) behave the same.
            #[test]
            fn numeric_looking_input_never_overflows(input in "[0-9,.]{0,40}") {
                if let Ok(minor) = parse_amount(&input, MAX) {
                    prop_assert!(minor > 0 && minor <= MAX);
                }
            }
        }
    }
}

#[cfg(test)]
mod api_decimal_tests {
    use super::parse_api_decimal;

    #[test]
    fn reads_what_services_send_exactly() {
        assert_eq!(parse_api_decimal("154.99"), Some(15_499));
        assert_eq!(parse_api_decimal("-2.99"), Some(-299));
        assert_eq!(parse_api_decimal("10"), Some(1_000));
        assert_eq!(parse_api_decimal("10.5"), Some(1_050));
        assert_eq!(parse_api_decimal("5.000"), Some(500));
        for bad in ["", "1.005", "1e3", "NaN", "1,000.00", "--1", ".5", "12.3.4"] {
            assert_eq!(parse_api_decimal(bad), None, "{bad}");
        }
    }
}
