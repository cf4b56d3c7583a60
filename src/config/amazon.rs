//! Amazon SP-API: the platform's LWA credentials (all four or none) and the marketplace.

use std::time::Duration;

use secrecy::SecretString;

use super::{ConfigError, Environment, Vars};
use crate::integrations::amazon::{
    AmazonSettings,
    feed::MAX_MESSAGES,
    regions::{LWA_TOKEN_URL, Marketplace, marketplace},
};

const CREDENTIALS: [&str; 4] =
    ["AMAZON_REFRESH_TOKEN", "AMAZON_LWA_APP_ID", "AMAZON_LWA_CLIENT_SECRET", "AMAZON_SELLER_ID"];

/// The marketplace Hamro sells in (`AMAZON_MARKETPLACE`, US by default).
pub(crate) fn marketplace_setting(vars: &Vars<'_>) -> Result<Marketplace, ConfigError> {
    let code = vars.text("AMAZON_MARKETPLACE").unwrap_or_else(|| "US".into());
    marketplace(&code).ok_or_else(|| {
        ConfigError::invalid(
            "AMAZON_MARKETPLACE",
            format!("'{code}' is not a marketplace code (US, CA, UK, DE, JP, ...)"),
        )
    })
}

/// The longest pause between retries of a throttled or failing call.
pub(crate) fn max_backoff(vars: &Vars<'_>) -> Result<Duration, ConfigError> {
    vars.seconds_or("HAMRO_AMAZON_MAX_BACKOFF_SECONDS", 30)
}

/// How a new listing is followed until Amazon has given it an ASIN and it is buyable, and
/// how often live listings are read back for issues Amazon raised later.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListingFollow {
    /// The first look after a submission; each later one waits twice as long (up to an hour).
    pub first_look: Duration,
    /// After this long without an ASIN the listing "Needs attention" and the seller is told.
    pub give_up: Duration,
    /// How often each live listing is read back (`getListingsItem`).
    pub recheck_every: Duration,
}

pub(crate) fn listing_follow(vars: &Vars<'_>) -> Result<ListingFollow, ConfigError> {
    Ok(ListingFollow {
        first_look: vars.seconds_or("HAMRO_LISTING_FIRST_LOOK_SECONDS", 30)?.max(Duration::from_secs(1)),
        give_up: Duration::from_secs(vars.parse_or::<u64>("HAMRO_LISTING_GIVE_UP_HOURS", 24)?.max(1) * 3600),
        recheck_every: vars.seconds_or("HAMRO_LISTING_RECHECK_SECONDS", 3600)?.max(Duration::from_secs(1)),
    })
}

/// SKUs per JSON_LISTINGS_FEED in a bulk inventory sync (Amazon allows 25,000).
pub(crate) fn feed_batch(vars: &Vars<'_>) -> Result<usize, ConfigError> {
    let batch: usize = vars.parse_or("HAMRO_FEED_BATCH", 2_500)?;
    if !(1..=MAX_MESSAGES).contains(&batch) {
        return Err(ConfigError::invalid("HAMRO_FEED_BATCH", "must be 1..=25000 (Amazon's limit per feed)"));
    }
    Ok(batch)
}

/// The platform's real SP-API settings, or `None` when no credential is set (then the
/// sandbox, which production refuses). Some but not all of the four is an error.
pub(crate) fn read(vars: &Vars<'_>, env: Environment) -> Result<Option<AmazonSettings>, ConfigError> {
    let values = CREDENTIALS.map(|name| vars.text(name));
    if values.iter().all(Option::is_none) {
        return match env {
            Environment::Production => Err(ConfigError::Missing { var: "AMAZON_REFRESH_TOKEN" }),
            Environment::Development => Ok(None),
        };
    }
    if let Some(missing) = values.iter().zip(CREDENTIALS).find(|(v, _)| v.is_none()).map(|(_, n)| n) {
        return Err(ConfigError::invalid(
            "AMAZON_*",
            format!("{missing} is missing (set all four, or none for the sandbox)"),
        ));
    }
    let [refresh, client_id, client_secret, seller_id] = values.map(Option::unwrap_or_default);
    let marketplace = marketplace_setting(vars)?;
    let amazons_sandbox = vars.flag("AMAZON_USE_SANDBOX_HOSTS")?.unwrap_or(false);
    let default_endpoint =
        if amazons_sandbox { marketplace.region.sandbox_endpoint() } else { marketplace.region.endpoint() };
    Ok(Some(AmazonSettings {
        endpoint: vars
            .text("AMAZON_SPAPI_ENDPOINT")
            .unwrap_or_else(|| default_endpoint.into())
            .trim_end_matches('/')
            .to_string(),
        lwa_url: vars.text("AMAZON_LWA_ENDPOINT").unwrap_or_else(|| LWA_TOKEN_URL.into()),
        client_id,
        client_secret: SecretString::from(client_secret),
        refresh_token: SecretString::from(refresh),
        seller_id,
        marketplace,
        max_backoff: max_backoff(vars)?,
    }))
}
