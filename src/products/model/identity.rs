//! How Amazon knows which product a listing is: a barcode (UPC, EAN, GTIN or ISBN, with its
//! check digit verified), an ASIN Amazon already has (the listing is then an offer on it),
//! or a declared exemption from barcodes.

use serde::{Deserialize, Serialize};

/// The kinds of barcode Amazon's `externally_assigned_product_identifier` takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CodeKind {
    Upc,
    Ean,
    Gtin,
    Isbn,
}

impl CodeKind {
    pub const ALL: [CodeKind; 4] = [Self::Upc, Self::Ean, Self::Gtin, Self::Isbn];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Upc => "upc",
            Self::Ean => "ean",
            Self::Gtin => "gtin",
            Self::Isbn => "isbn",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Upc => "UPC",
            Self::Ean => "EAN",
            Self::Gtin => "GTIN",
            Self::Isbn => "ISBN",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The product's identity on Amazon.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Identity {
    /// A barcode: a new product on Amazon, or matched to the item that has it.
    Code { code: CodeKind, value: String },
    /// An offer on an ASIN Amazon already has (`merchant_suggested_asin`).
    Asin { asin: String },
    /// No barcode: the brand is exempt (`supplier_declared_has_product_identifier_exemption`).
    Exempt,
}

impl Identity {
    pub fn asin(&self) -> Option<&str> {
        match self {
            Self::Asin { asin } => Some(asin),
            _ => None,
        }
    }

    /// The form's "Identifier type" value.
    pub fn kind_str(&self) -> &'static str {
        match self {
            Self::Code { code, .. } => code.as_str(),
            Self::Asin { .. } => "asin",
            Self::Exempt => "exempt",
        }
    }

    pub fn value_str(&self) -> &str {
        match self {
            Self::Code { value, .. } => value,
            Self::Asin { asin } => asin,
            Self::Exempt => "",
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Self::Code { code, value } => format!("{} {value}", code.label()),
            Self::Asin { asin } => format!("Offer on ASIN {asin}"),
            Self::Exempt => "Exempt from barcodes".into(),
        }
    }

    /// Reads the form's two fields; the error is the message for the field.
    pub fn parse(kind: &str, value: &str) -> Result<Self, String> {
        let value: String = value.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        match kind.trim() {
            "" => Err("Choose how Amazon identifies the product.".into()),
            "exempt" => Ok(Self::Exempt),
            "asin" => check_asin(&value).map(|asin| Self::Asin { asin }),
            other => match CodeKind::parse(other) {
                Some(code) => check_code(code, &value).map(|value| Self::Code { code, value }),
                None => Err("Choose an identifier type from the list.".into()),
            },
        }
    }
}

/// The GS1 check digit of `digits` (all but the last).
fn gs1_check(digits: &[u32]) -> u32 {
    let sum: u32 = digits.iter().rev().enumerate().map(|(i, d)| if i % 2 == 0 { d * 3 } else { *d }).sum();
    (10 - sum % 10) % 10
}

fn gs1_valid(value: &str) -> bool {
    let digits: Vec<u32> = value.chars().filter_map(|c| c.to_digit(10)).collect();
    digits.len() == value.len()
        && digits.len() >= 8
        && digits.split_last().is_some_and(|(last, rest)| gs1_check(rest) == *last)
}

fn isbn10_valid(value: &str) -> bool {
    let chars: Vec<char> = value.chars().collect();
    if chars.len() != 10 {
        return false;
    }
    let mut sum = 0;
    for (i, c) in chars.iter().enumerate() {
        let d = match (c.to_digit(10), i, c) {
            (Some(d), _, _) => d,
            (None, 9, 'X' | 'x') => 10,
            _ => return false,
        };
        sum += d * (10 - i as u32);
    }
    sum % 11 == 0
}

/// Checks a barcode's length and check digit; returns it as Amazon wants it.
pub fn check_code(kind: CodeKind, value: &str) -> Result<String, String> {
    let (lengths, name): (&[usize], &str) = match kind {
        CodeKind::Upc => (&[12], "A UPC has 12 digits"),
        CodeKind::Ean => (&[8, 13], "An EAN has 13 digits (or 8)"),
        CodeKind::Gtin => (&[8, 12, 13, 14], "A GTIN has 8, 12, 13 or 14 digits"),
        CodeKind::Isbn => (&[10, 13], "An ISBN has 13 digits (or 10)"),
    };
    if value.is_empty() {
        return Err(format!("Enter the {}.", kind.label()));
    }
    if !lengths.contains(&value.len()) {
        return Err(format!("{name}; this has {}.", value.len()));
    }
    let valid = match (kind, value.len()) {
        (CodeKind::Isbn, 10) => isbn10_valid(value),
        (CodeKind::Isbn, _) => (value.starts_with("978") || value.starts_with("979")) && gs1_valid(value),
        _ => gs1_valid(value),
    };
    if valid {
        Ok(value.to_uppercase())
    } else {
        Err(format!("This {} is not valid: its check digit does not match. Check for a typo.", kind.label()))
    }
}

/// An ASIN: ten letters and digits.
pub fn check_asin(value: &str) -> Result<String, String> {
    let asin = value.to_uppercase();
    if asin.len() == 10 && asin.chars().all(|c| c.is_ascii_alphanumeric()) {
        Ok(asin)
    } else {
        Err("An ASIN has 10 letters and digits, like B0CATLAMP1.".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_barcodes_of_each_kind_pass() {
        assert_eq!(check_code(CodeKind::Upc, "036000291452"), Ok("036000291452".into()));
        assert!(check_code(CodeKind::Ean, "4006381333931").is_ok());
        assert!(check_code(CodeKind::Ean, "96385074").is_ok(), "EAN-8");
        assert!(check_code(CodeKind::Gtin, "00036000291452").is_ok(), "GTIN-14");
        assert!(check_code(CodeKind::Isbn, "9780306406157").is_ok());
        assert!(check_code(CodeKind::Isbn, "0306406152").is_ok(), "ISBN-10");
        assert!(check_code(CodeKind::Isbn, "080442957X").is_ok(), "ISBN-10 with X");
    }

    #[test]
    fn a_wrong_check_digit_or_length_is_refused_with_a_reason() {
        let bad = check_code(CodeKind::Upc, "036000291453").unwrap_err();
        assert!(bad.contains("check digit"), "{bad}");
        assert!(check_code(CodeKind::Ean, "4006381333932").is_err());
        assert!(check_code(CodeKind::Gtin, "00036000291453").is_err());
        assert!(check_code(CodeKind::Isbn, "9780306406158").is_err());
        assert!(check_code(CodeKind::Isbn, "0306406153").is_err());
        assert!(check_code(CodeKind::Isbn, "4006381333931").is_err(), "an EAN that is not a book");
        assert!(check_code(CodeKind::Upc, "12345").unwrap_err().contains("12 digits"));
        assert!(check_code(CodeKind::Upc, "03600029145A").is_err());
    }

    #[test]
    fn the_form_fields_read_as_an_identity() {
        assert_eq!(
            Identity::parse("upc", "0360-0029 1452"),
            Ok(Identity::Code { code: CodeKind::Upc, value: "036000291452".into() })
        );
        assert_eq!(Identity::parse("asin", "b0catlamp1"), Ok(Identity::Asin { asin: "B0CATLAMP1".into() }));
        assert_eq!(Identity::parse("exempt", ""), Ok(Identity::Exempt));
        assert!(Identity::parse("", "").is_err());
        assert!(Identity::parse("asin", "B0SHORT").is_err());
    }
}
