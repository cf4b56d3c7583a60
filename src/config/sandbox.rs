//! The built-in sandboxes: when Hamro has no credentials for a service (development only), it
//! serves a stand-in for it on its own address and points its real client there. This file
//! builds both sides: the client's settings (the sandbox's URL and credentials) and the
//! sandbox's own settings (what it accepts, how fast it moves).

use std::{net::SocketAddr, time::Duration};

use secrecy::SecretString;

use super::{ConfigError, Vars, secrets::derive, stripe};
use crate::integrations::{amazon::AmazonSettings, stripe::StripeSettings};

/// The API key the Stripe sandbox accepts (not a secret: the sandbox moves no money).
pub(crate) const SANDBOX_STRIPE_KEY: &str = "sk_test_hamro_sandbox";
/// The SP-API sandbox's LWA client id and the seller it lists for (not secrets either).
pub(crate) const SANDBOX_AMAZON_CLIENT_ID: &str = "amzn1.application-oa2-client.hamro-sandbox";
pub(crate) const SANDBOX_AMAZON_SELLER_ID: &str = "A2HAMROSANDBOX";

/// Which sandboxes this instance serves, and where they keep their state.
#[derive(Clone, Debug)]
pub struct SandboxSettings {
    /// The database, in Hamro's namespace, that holds the sandboxes' state (never Hamro's own).
    pub database: String,
    pub stripe: Option<StripeSandboxSettings>,
    pub amazon: Option<AmazonSandboxSettings>,
}

impl SandboxSettings {
    pub(crate) fn any(&self) -> bool {
        self.stripe.is_some() || self.amazon.is_some()
    }
}

#[derive(Clone)]
pub struct StripeSandboxSettings {
    /// The API key it accepts.
    pub api_key: String,
    /// Signs the webhook events it sends.
    pub webhook_secret: SecretString,
    /// Where it delivers them: Hamro's webhook endpoint.
    pub webhook_url: String,
    /// The base of the links people follow (the onboarding pages).
    pub public_url: String,
    /// How long a payout spends in each of pending and in_transit.
    pub payout_step: Duration,
}

impl std::fmt::Debug for StripeSandboxSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StripeSandboxSettings")
            .field("webhook_url", &self.webhook_url)
            .field("payout_step", &self.payout_step)
            .finish_non_exhaustive()
    }
}

#[derive(Clone)]
pub struct AmazonSandboxSettings {
    pub client_id: String,
    pub client_secret: SecretString,
    pub refresh_token: SecretString,
    /// Signs its access tokens, so every instance sharing the secret key accepts the others'.
    pub token_key: SecretString,
    /// The one seller account it knows (the platform's).
    pub seller_id: String,
    /// The marketplace it serves.
    pub marketplace_id: &'static str,
    /// Its own address, for the feed documents' upload and download URLs.
    pub base_url: String,
    /// How long before an accepted listing gets its ASIN.
    pub asin_delay: Duration,
    /// How long a feed spends in each of IN_QUEUE and IN_PROGRESS.
    pub feed_step: Duration,
    /// How long its access tokens live (Amazon's: an hour).
    pub token_lifetime: Duration,
    /// The platform account's `searchOrders` rate: the documented 0.0056 per second unless
    /// raised (Amazon raises it for sellers who need more; the tests do).
    pub orders_rate: f64,
    /// Demo mode's buyers: orders placed per minute for live listings (0: none; 0.5 when
    /// demo sales are on).
    pub orders_per_minute: f64,
    /// How long after an order it ships (and Amazon posts its fees).
    pub ship_after: Duration,
    /// One shipped order in this many is refunded (0: none).
    pub refund_one_in: u32,
}

impl std::fmt::Debug for AmazonSandboxSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AmazonSandboxSettings")
            .field("base_url", &self.base_url)
            .field("asin_delay", &self.asin_delay)
            .field("feed_step", &self.feed_step)
            .finish_non_exhaustive()
    }
}

/// The address Hamro's own clients use to reach this server (loopback when bound to all interfaces).
pub(crate) fn loopback_base(addr: SocketAddr) -> String {
    let host = if addr.ip().is_unspecified() { std::net::IpAddr::from([127, 0, 0, 1]) } else { addr.ip() };
    format!("http://{}", SocketAddr::new(host, addr.port()))
}

/// The database the sandboxes use (`HAMRO_SANDBOX_DB`, `sandbox` by default).
pub(crate) fn database(vars: &Vars<'_>, hamro_database: &str) -> Result<String, ConfigError> {
    let name = vars.text("HAMRO_SANDBOX_DB").unwrap_or_else(|| "sandbox".into());
    if name == hamro_database {
        return Err(ConfigError::invalid(
            "HAMRO_SANDBOX_DB",
            "must differ from SURREAL_DB: the sandboxes keep their own state",
        ));
    }
    Ok(name)
}

/// Hamro's Stripe client pointed at the Stripe sandbox, and the sandbox's settings. Its
/// webhook secret derives from the secret key, so instances sharing the key (and a
/// database) accept each other's events.
pub(crate) fn stripe(
    vars: &Vars<'_>,
    secret_key: &SecretString,
    addr: SocketAddr,
    public_url: &str,
) -> Result<(StripeSettings, StripeSandboxSettings), ConfigError> {
    let webhook_secret = format!("whsec_{}", derive(secret_key, "hamro stripe sandbox webhook secret")?);
    let client = StripeSettings {
        api_base: stripe::with_slash(
            vars.text("STRIPE_API_BASE").unwrap_or_else(|| format!("{}/sandbox/stripe/", loopback_base(addr))),
        ),
        secret_key: SecretString::from(SANDBOX_STRIPE_KEY.to_string()),
        publishable_key: Some("pk_test_hamro_sandbox".into()),
        webhook_secrets: vec![SecretString::from(webhook_secret.clone())],
        connect_country: stripe::connect_country(vars),
    };
    let sandbox = StripeSandboxSettings {
        api_key: SANDBOX_STRIPE_KEY.into(),
        webhook_secret: SecretString::from(webhook_secret),
        webhook_url: format!("{}/api/webhooks/stripe", loopback_base(addr)),
        public_url: public_url.to_string(),
        payout_step: vars.seconds_or("HAMRO_SANDBOX_PAYOUT_SECONDS", 3)?,
    };
    Ok((client, sandbox))
}

/// Hamro's SP-API client pointed at the SP-API sandbox, and the sandbox's settings. The LWA
/// client secret and refresh token derive from the secret key.
pub(crate) fn amazon(
    vars: &Vars<'_>,
    secret_key: &SecretString,
    addr: SocketAddr,
    demo_sales: bool,
) -> Result<(AmazonSettings, AmazonSandboxSettings), ConfigError> {
    let base = format!("{}/sandbox/amazon", loopback_base(addr));
    let client_secret = format!("amzn1.oa2-cs.v1.{}", derive(secret_key, "hamro amazon sandbox client secret")?);
    let refresh_token = format!("Atzr|hamro-sandbox|{}", derive(secret_key, "hamro amazon sandbox refresh token")?);
    let marketplace = super::amazon::marketplace_setting(vars)?;
    let client = AmazonSettings {
        endpoint: vars.text("AMAZON_SPAPI_ENDPOINT").unwrap_or_else(|| base.clone()),
        lwa_url: vars.text("AMAZON_LWA_ENDPOINT").unwrap_or_else(|| format!("{base}/auth/o2/token")),
        client_id: SANDBOX_AMAZON_CLIENT_ID.into(),
        client_secret: SecretString::from(client_secret.clone()),
        refresh_token: SecretString::from(refresh_token.clone()),
        seller_id: SANDBOX_AMAZON_SELLER_ID.into(),
        marketplace,
        max_backoff: super::amazon::max_backoff(vars)?,
    };
    let sandbox = AmazonSandboxSettings {
        client_id: SANDBOX_AMAZON_CLIENT_ID.into(),
        client_secret: SecretString::from(client_secret),
        refresh_token: SecretString::from(refresh_token),
        token_key: SecretString::from(derive(secret_key, "hamro amazon sandbox access token")?),
        seller_id: SANDBOX_AMAZON_SELLER_ID.into(),
        marketplace_id: marketplace.id,
        base_url: base,
        asin_delay: vars.seconds_or("HAMRO_SANDBOX_ASIN_SECONDS", 3)?,
        feed_step: vars.seconds_or("HAMRO_SANDBOX_FEED_SECONDS", 2)?,
        token_lifetime: vars.seconds_or("HAMRO_SANDBOX_TOKEN_SECONDS", 3600)?,
        orders_rate: vars.parse_or("HAMRO_SANDBOX_ORDERS_RATE", 0.0056_f64)?.clamp(0.0001, 100.0),
        orders_per_minute: vars
            .parse_or("HAMRO_SANDBOX_ORDERS_PER_MINUTE", if demo_sales { 0.5_f64 } else { 0.0 })?
            .clamp(0.0, 600.0),
        ship_after: vars.seconds_or("HAMRO_SANDBOX_SHIP_SECONDS", 20)?,
        refund_one_in: vars.parse_or("HAMRO_SANDBOX_REFUND_ONE_IN", 10)?,
    };
    Ok((client, sandbox))
}
