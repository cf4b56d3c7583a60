//! Every SP-API region's endpoints (production and Amazon's own sandbox) and every
//! marketplace's id. `AMAZON_MARKETPLACE` picks one by its two-letter code.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Region {
    /// North America: US, CA, MX, BR.
    Na,
    /// Europe, the Middle East, Africa and India.
    Eu,
    /// Far East: JP, AU, SG.
    Fe,
}

impl Region {
    pub fn endpoint(self) -> &'static str {
        match self {
            Self::Na => "https://sellingpartnerapi-na.amazon.com",
            Self::Eu => "https://sellingpartnerapi-eu.amazon.com",
            Self::Fe => "https://sellingpartnerapi-fe.amazon.com",
        }
    }

    /// Amazon's static sandbox for the region.
    pub fn sandbox_endpoint(self) -> &'static str {
        match self {
            Self::Na => "https://sandbox.sellingpartnerapi-na.amazon.com",
            Self::Eu => "https://sandbox.sellingpartnerapi-eu.amazon.com",
            Self::Fe => "https://sandbox.sellingpartnerapi-fe.amazon.com",
        }
    }
}

/// Login with Amazon's token endpoint (one for every region).
pub const LWA_TOKEN_URL: &str = "https://api.amazon.com/auth/o2/token";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Marketplace {
    pub code: &'static str,
    pub id: &'static str,
    pub region: Region,
    pub currency: &'static str,
    pub language_tag: &'static str,
}

const fn m(
    code: &'static str,
    id: &'static str,
    region: Region,
    currency: &'static str,
    language_tag: &'static str,
) -> Marketplace {
    Marketplace { code, id, region, currency, language_tag }
}

pub const MARKETPLACES: &[Marketplace] = &[
    m("US", "ATVPDKIKX0DER", Region::Na, "USD", "en_US"),
    m("CA", "A2EUQ1WTGCTBG2", Region::Na, "CAD", "en_CA"),
    m("MX", "A1AM78C64UM0Y8", Region::Na, "MXN", "es_MX"),
    m("BR", "A2Q3Y263D00KWC", Region::Na, "BRL", "pt_BR"),
    m("UK", "A1F83G8C2ARO7P", Region::Eu, "GBP", "en_GB"),
    m("DE", "A1PA6795UKMFR9", Region::Eu, "EUR", "de_DE"),
    m("FR", "A13V1IB3VIYZZH", Region::Eu, "EUR", "fr_FR"),
    m("IT", "APJ6JRA9NG5V4", Region::Eu, "EUR", "it_IT"),
    m("ES", "A1RKKUPIHCS9HS", Region::Eu, "EUR", "es_ES"),
    m("NL", "A1805IZSGTT6HS", Region::Eu, "EUR", "nl_NL"),
    m("SE", "A2NODRKZP88ZB9", Region::Eu, "SEK", "sv_SE"),
    m("PL", "A1C3SOZRARQ6R3", Region::Eu, "PLN", "pl_PL"),
    m("BE", "AMEN7PMS3EDWL", Region::Eu, "EUR", "fr_BE"),
    m("TR", "A33AVAJ2PDY3EV", Region::Eu, "TRY", "tr_TR"),
    m("AE", "A2VIGQ35RCS4UG", Region::Eu, "AED", "en_AE"),
    m("SA", "A17E79C6D8DWNP", Region::Eu, "SAR", "ar_SA"),
    m("EG", "ARBP9OOSHTCHU", Region::Eu, "EGP", "ar_EG"),
    m("IN", "A21TJRUUN4KGV", Region::Eu, "INR", "en_IN"),
    m("JP", "A1VC38T7YXB528", Region::Fe, "JPY", "ja_JP"),
    m("AU", "A39IBJ37TRP1C6", Region::Fe, "AUD", "en_AU"),
    m("SG", "A19VAU5U5O7RUS", Region::Fe, "SGD", "en_SG"),
];

pub fn marketplace(code: &str) -> Option<Marketplace> {
    let code = code.trim().to_uppercase();
    let code = if code == "GB" { "UK".to_string() } else { code };
    MARKETPLACES.iter().copied().find(|m| m.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_us_marketplace_is_in_north_america() {
        let us = marketplace("us").unwrap();
        assert_eq!(us.id, "ATVPDKIKX0DER");
        assert_eq!(us.region.endpoint(), "https://sellingpartnerapi-na.amazon.com");
        assert_eq!(marketplace("GB").unwrap().region, Region::Eu);
        assert!(marketplace("XX").is_none());
        let mut ids: Vec<&str> = MARKETPLACES.iter().map(|m| m.id).collect();
        ids.dedup();
        assert_eq!(ids.len(), MARKETPLACES.len());
    }
}
