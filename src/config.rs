//! Typed settings, read once at start-up from the environment and `.env` (dotenvy).
//!
//! Every variable is listed in `.env.example`. Secrets are `SecretString`s: they never show
//! up in `Debug` output or logs. In production Hamro refuses to start when a secret is
//! missing or still holds an example value; in development it generates a key and keeps it
//! under the data directory so sessions survive restarts.

use std::{
    fmt,
    net::SocketAddr,
    path::{Path, PathBuf},
    str::FromStr,
    time::Duration,
};

use base64::Engine;
use secrecy::{ExposeSecret, SecretString};

/// Values copied from `.env.example`; a deployment that still uses one of them is misconfigured.
const EXAMPLE_SECRET_MARKERS: &[&str] = &["change-me", "changeme", "example", "replace-me"];
/// The shortest secret accepted (a 256-bit key, base64-encoded, is 44 characters).
const MIN_SECRET_LEN: usize = 32;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

impl FromStr for Environment {
    type Err = ConfigError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "development" | "dev" => Ok(Self::Development),
            "production" | "prod" => Ok(Self::Production),
            other => Err(ConfigError::Invalid {
                var: "HAMRO_ENV",
                reason: format!("'{other}' is not one of development, production"),
            }),
        }
    }
}

/// Why the settings could not be built. Start-up prints it and exits.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{var} is required in production")]
    Missing { var: &'static str },
    #[error("{var} is invalid: {reason}")]
    Invalid { var: &'static str, reason: String },
    #[error("could not keep the development key under {path}: {source}")]
    KeyFile { path: PathBuf, source: std::io::Error },
}

/// Everything Hamro reads from its environment.
#[derive(Clone)]
pub struct Settings {
    pub env: Environment,
    /// Demo mode: demo accounts are created at start-up. Never allowed in production.
    pub demo: bool,
    /// Where the server listens (LEPTOS_SITE_ADDR, as cargo-leptos sets it).
    pub addr: SocketAddr,
    /// The URL browsers use to reach Hamro; links in e-mails, Stripe return URLs.
    pub public_url: String,
    pub data_dir: PathBuf,
    pub database: DatabaseSettings,
    /// Signs the session cookie.
    pub secret_key: SecretString,
    pub session_idle: Duration,
    /// Sign-in attempts allowed per minute, per IP and per e-mail address.
    pub login_attempts_per_minute: u32,
    /// How often the browser's notification bell asks for the unread count.
    pub poll_seconds: u32,
    pub stripe: StripeSettings,
    pub amazon: AmazonSettings,
    /// How long a claimed job stays claimed without a sign of life (then another worker takes it).
    pub job_lease: Duration,
}

/// Amazon SP-API: the platform's LWA credentials, or Hamro's built-in sandbox.
#[derive(Clone)]
pub struct AmazonSettings {
    /// The SP-API host (no trailing slash).
    pub endpoint: String,
    /// The LWA token endpoint.
    pub lwa_url: String,
    pub client_id: String,
    pub client_secret: SecretString,
    pub refresh_token: SecretString,
    /// The platform's seller id: Amazon sees one seller, Hamro.
    pub seller_id: String,
    pub marketplace: crate::integrations::amazon::regions::Marketplace,
    /// True when Hamro serves and uses its own SP-API sandbox.
    pub sandbox: bool,
    /// The longest pause between retries of a throttled or failing call.
    pub max_backoff: Duration,
    /// Sandbox only: seconds before an accepted listing gets its ASIN.
    pub sandbox_asin_seconds: u64,
    /// Sandbox only: seconds a feed spends in each of IN_QUEUE and IN_PROGRESS.
    pub sandbox_feed_seconds: u64,
    /// Sandbox only: how long its access tokens live (Amazon's: an hour).
    pub sandbox_token_seconds: u64,
    /// SKUs per JSON_LISTINGS_FEED in a bulk inventory sync (Amazon allows 25,000).
    pub feed_batch: usize,
}

impl fmt::Debug for AmazonSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AmazonSettings")
            .field("endpoint", &self.endpoint)
            .field("lwa_url", &self.lwa_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("refresh_token", &"[redacted]")
            .field("seller_id", &self.seller_id)
            .field("marketplace", &self.marketplace.code)
            .field("sandbox", &self.sandbox)
            .finish()
    }
}

/// The built-in SP-API sandbox's LWA client id (not a secret: the sandbox lists nothing).
pub const SANDBOX_AMAZON_CLIENT_ID: &str = "amzn1.application-oa2-client.hamro-sandbox";
pub const SANDBOX_AMAZON_SELLER_ID: &str = "A2HAMROSANDBOX";

/// Stripe: real credentials, or Hamro's built-in sandbox when none are configured.
#[derive(Clone)]
pub struct StripeSettings {
    /// The API base, ending in `/` (the client appends `v1/...`).
    pub api_base: String,
    pub secret_key: SecretString,
    pub publishable_key: Option<String>,
    /// Every webhook signing secret accepted (several during a rotation).
    pub webhook_secrets: Vec<SecretString>,
    /// Country of new connected accounts.
    pub connect_country: String,
    /// True when Hamro serves and uses its own Stripe sandbox.
    pub sandbox: bool,
    /// Sandbox only: seconds a payout spends in each of pending and in_transit.
    pub sandbox_payout_seconds: u64,
}

impl fmt::Debug for StripeSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StripeSettings")
            .field("api_base", &self.api_base)
            .field("secret_key", &"[redacted]")
            .field("publishable_key", &self.publishable_key)
            .field("webhook_secrets", &format!("[{} redacted]", self.webhook_secrets.len()))
            .field("connect_country", &self.connect_country)
            .field("sandbox", &self.sandbox)
            .finish()
    }
}

/// The fixed key the built-in sandbox accepts (it is not a secret: the sandbox moves no money).
pub const SANDBOX_STRIPE_KEY: &str = "sk_test_hamro_sandbox";

/// The address Hamro's own clients use to reach this server (loopback when bound to all interfaces).
pub fn loopback_base(addr: SocketAddr) -> String {
    let host = if addr.ip().is_unspecified() { std::net::IpAddr::from([127, 0, 0, 1]) } else { addr.ip() };
    format!("http://{}", SocketAddr::new(host, addr.port()))
}

#[derive(Clone)]
pub struct DatabaseSettings {
    /// `mem://`, `surrealkv://path` or `ws://host:port`.
    pub url: String,
    pub namespace: String,
    pub database: String,
    /// Root credentials for a remote server (`ws://`); embedded engines need none.
    pub username: Option<String>,
    pub password: Option<SecretString>,
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("env", &self.env)
            .field("demo", &self.demo)
            .field("addr", &self.addr)
            .field("public_url", &self.public_url)
            .field("data_dir", &self.data_dir)
            .field("database", &self.database)
            .field("secret_key", &"[redacted]")
            .field("session_idle", &self.session_idle)
            .field("login_attempts_per_minute", &self.login_attempts_per_minute)
            .field("poll_seconds", &self.poll_seconds)
            .field("stripe", &self.stripe)
            .field("amazon", &self.amazon)
            .field("job_lease", &self.job_lease)
            .finish()
    }
}

impl fmt::Debug for DatabaseSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DatabaseSettings")
            .field("url", &self.url)
            .field("namespace", &self.namespace)
            .field("database", &self.database)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}

impl Settings {
    /// Reads `.env` (if present) and then the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        // A missing .env is normal; a malformed one is worth saying.
        if let Err(err) = dotenvy::dotenv()
            && !err.not_found()
        {
            return Err(ConfigError::Invalid { var: ".env", reason: err.to_string() });
        }
        Self::from_lookup(|key| std::env::var(key).ok())
    }

    /// Builds settings from any key lookup, so tests can pass a map instead of the environment.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let var = |key: &str| get(key).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());

        let env = var("HAMRO_ENV").map(|v| v.parse()).transpose()?.unwrap_or(Environment::Development);
        let demo = parse_bool("HAMRO_DEMO", var("HAMRO_DEMO"))?.unwrap_or(false);
        if demo && env == Environment::Production {
            return Err(ConfigError::Invalid {
                var: "HAMRO_DEMO",
                reason: "demo mode is never allowed with HAMRO_ENV=production".into(),
            });
        }

        let addr: SocketAddr = parse("LEPTOS_SITE_ADDR", var("LEPTOS_SITE_ADDR"))?
            .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 3000)));
        let public_url =
            var("HAMRO_PUBLIC_URL").unwrap_or_else(|| format!("http://{addr}")).trim_end_matches('/').to_string();
        let data_dir = PathBuf::from(var("HAMRO_DATA_DIR").unwrap_or_else(|| "data".into()));

        let database = DatabaseSettings {
            url: var("SURREAL_URL").unwrap_or_else(|| format!("surrealkv://{}/db", data_dir.display())),
            namespace: var("SURREAL_NS").unwrap_or_else(|| "hamro".into()),
            database: var("SURREAL_DB").unwrap_or_else(|| "main".into()),
            username: var("SURREAL_USER"),
            password: var("SURREAL_PASS").map(SecretString::from),
        };
        if !["mem://", "surrealkv://", "ws://", "wss://"].iter().any(|scheme| database.url.starts_with(scheme)) {
            return Err(ConfigError::Invalid {
                var: "SURREAL_URL",
                reason: "use mem://, surrealkv://path or ws://host:port".into(),
            });
        }

        let secret_key = match var("SECRET_KEY") {
            Some(key) => check_secret("SECRET_KEY", key)?,
            None if env == Environment::Production => {
                return Err(ConfigError::Missing { var: "SECRET_KEY" });
            }
            None => development_key(&data_dir.join("secret_key"))?,
        };

        let session_idle_minutes: u64 =
            parse("HAMRO_SESSION_IDLE_MINUTES", var("HAMRO_SESSION_IDLE_MINUTES"))?.unwrap_or(8 * 60);
        let login_attempts_per_minute: u32 =
            parse("HAMRO_LOGIN_ATTEMPTS_PER_MINUTE", var("HAMRO_LOGIN_ATTEMPTS_PER_MINUTE"))?.unwrap_or(5);
        let poll_seconds: u32 = parse("HAMRO_POLL_SECONDS", var("HAMRO_POLL_SECONDS"))?.unwrap_or(30);
        if login_attempts_per_minute == 0 || poll_seconds == 0 || session_idle_minutes == 0 {
            return Err(ConfigError::Invalid {
                var: "HAMRO_*",
                reason: "limits, intervals and expiries must be greater than zero".into(),
            });
        }

        let stripe = stripe_settings(&var, env, addr, &secret_key)?;
        let amazon = amazon_settings(&var, env, addr, &secret_key)?;

        Ok(Self {
            env,
            demo,
            addr,
            public_url,
            data_dir,
            database,
            secret_key,
            session_idle: Duration::from_secs(session_idle_minutes * 60),
            login_attempts_per_minute,
            poll_seconds,
            stripe,
            amazon,
            job_lease: Duration::from_secs(
                parse("HAMRO_JOB_LEASE_SECONDS", var("HAMRO_JOB_LEASE_SECONDS"))?.unwrap_or(30).max(2),
            ),
        })
    }

    pub fn is_production(&self) -> bool {
        self.env == Environment::Production
    }

    /// 64 bytes of key material for signing cookies, derived from SECRET_KEY.
    pub fn cookie_key_material(&self) -> [u8; 64] {
        use sha2::{Digest, Sha512};
        let mut out = [0u8; 64];
        out.copy_from_slice(&Sha512::digest(self.secret_key.expose_secret().as_bytes()));
        out
    }
}

/// A value derived from SECRET_KEY for the sandboxes (so every instance sharing the key agrees).
fn derive(secret_key: &SecretString, purpose: &str) -> Result<String, ConfigError> {
    use hmac::{Hmac, Mac};
    let mut mac = <Hmac<sha2::Sha256>>::new_from_slice(secret_key.expose_secret().as_bytes())
        .map_err(|e| ConfigError::Invalid { var: "SECRET_KEY", reason: e.to_string() })?;
    mac.update(purpose.as_bytes());
    Ok(hex::encode(mac.finalize().into_bytes())[..40].to_string())
}

/// The sandbox's LWA client secret and refresh token for this SECRET_KEY.
pub fn sandbox_amazon_credentials(secret_key: &SecretString) -> Result<(String, String), ConfigError> {
    Ok((
        format!("amzn1.oa2-cs.v1.{}", derive(secret_key, "hamro amazon sandbox client secret")?),
        format!("Atzr|hamro-sandbox|{}", derive(secret_key, "hamro amazon sandbox refresh token")?),
    ))
}

/// Real SP-API credentials (all of them), or the sandbox (none of them).
fn amazon_settings(
    var: &impl Fn(&str) -> Option<String>,
    env: Environment,
    addr: SocketAddr,
    secret_key: &SecretString,
) -> Result<AmazonSettings, ConfigError> {
    use crate::integrations::amazon::regions::{LWA_TOKEN_URL, marketplace};
    let code = var("AMAZON_MARKETPLACE").unwrap_or_else(|| "US".into());
    let marketplace = marketplace(&code).ok_or_else(|| ConfigError::Invalid {
        var: "AMAZON_MARKETPLACE",
        reason: format!("'{code}' is not a marketplace code (US, CA, UK, DE, JP, ...)"),
    })?;
    let max_backoff = Duration::from_secs(
        parse("HAMRO_AMAZON_MAX_BACKOFF_SECONDS", var("HAMRO_AMAZON_MAX_BACKOFF_SECONDS"))?.unwrap_or(30),
    );
    let sandbox_asin_seconds = parse("HAMRO_SANDBOX_ASIN_SECONDS", var("HAMRO_SANDBOX_ASIN_SECONDS"))?.unwrap_or(3);
    let sandbox_feed_seconds = parse("HAMRO_SANDBOX_FEED_SECONDS", var("HAMRO_SANDBOX_FEED_SECONDS"))?.unwrap_or(2);
    let sandbox_token_seconds =
        parse("HAMRO_SANDBOX_TOKEN_SECONDS", var("HAMRO_SANDBOX_TOKEN_SECONDS"))?.unwrap_or(3600);
    let feed_batch: usize = parse("HAMRO_FEED_BATCH", var("HAMRO_FEED_BATCH"))?.unwrap_or(2_500);
    if !(1..=crate::integrations::amazon::feed::MAX_MESSAGES).contains(&feed_batch) {
        return Err(ConfigError::Invalid {
            var: "HAMRO_FEED_BATCH",
            reason: "must be 1..=25000 (Amazon's limit per feed)".into(),
        });
    }
    let names = ["AMAZON_REFRESH_TOKEN", "AMAZON_LWA_APP_ID", "AMAZON_LWA_CLIENT_SECRET", "AMAZON_SELLER_ID"];
    let values: Vec<Option<String>> = names.iter().map(|n| var(n)).collect();
    if values.iter().all(Option::is_some) {
        let [refresh, client_id, client_secret, seller_id] =
            [0, 1, 2, 3].map(|i| values[i].clone().unwrap_or_default());
        let amazons_sandbox = parse_bool("AMAZON_USE_SANDBOX_HOSTS", var("AMAZON_USE_SANDBOX_HOSTS"))?.unwrap_or(false);
        let default_endpoint =
            if amazons_sandbox { marketplace.region.sandbox_endpoint() } else { marketplace.region.endpoint() };
        return Ok(AmazonSettings {
            endpoint: var("AMAZON_SPAPI_ENDPOINT")
                .unwrap_or_else(|| default_endpoint.into())
                .trim_end_matches('/')
                .to_string(),
            lwa_url: var("AMAZON_LWA_ENDPOINT").unwrap_or_else(|| LWA_TOKEN_URL.into()),
            client_id,
            client_secret: SecretString::from(client_secret),
            refresh_token: SecretString::from(refresh),
            seller_id,
            marketplace,
            sandbox: false,
            max_backoff,
            sandbox_asin_seconds,
            sandbox_feed_seconds,
            sandbox_token_seconds,
            feed_batch,
        });
    }
    if let Some(missing) = values.iter().zip(names).find(|(v, _)| v.is_none()).map(|(_, n)| n)
        && values.iter().any(Option::is_some)
    {
        return Err(ConfigError::Invalid {
            var: "AMAZON_*",
            reason: format!("{missing} is missing (set all four, or none for the sandbox)"),
        });
    }
    if env == Environment::Production {
        return Err(ConfigError::Missing { var: "AMAZON_REFRESH_TOKEN" });
    }
    let base = format!("{}/sandbox/amazon", loopback_base(addr));
    let (client_secret, refresh_token) = sandbox_amazon_credentials(secret_key)?;
    Ok(AmazonSettings {
        endpoint: var("AMAZON_SPAPI_ENDPOINT").unwrap_or_else(|| base.clone()),
        lwa_url: var("AMAZON_LWA_ENDPOINT").unwrap_or_else(|| format!("{base}/auth/o2/token")),
        client_id: SANDBOX_AMAZON_CLIENT_ID.into(),
        client_secret: SecretString::from(client_secret),
        refresh_token: SecretString::from(refresh_token),
        seller_id: SANDBOX_AMAZON_SELLER_ID.into(),
        marketplace,
        sandbox: true,
        max_backoff,
        sandbox_asin_seconds,
        sandbox_feed_seconds,
        sandbox_token_seconds,
        feed_batch,
    })
}

/// Real Stripe credentials (checked against the environment), or the sandbox.
fn stripe_settings(
    var: &impl Fn(&str) -> Option<String>,
    env: Environment,
    addr: SocketAddr,
    secret_key: &SecretString,
) -> Result<StripeSettings, ConfigError> {
    let connect_country = var("STRIPE_CONNECT_COUNTRY").unwrap_or_else(|| "US".into()).to_uppercase();
    let sandbox_payout_seconds: u64 =
        parse("HAMRO_SANDBOX_PAYOUT_SECONDS", var("HAMRO_SANDBOX_PAYOUT_SECONDS"))?.unwrap_or(3);
    let with_slash = |base: String| if base.ends_with('/') { base } else { format!("{base}/") };
    match var("STRIPE_SECRET_KEY") {
        Some(key) => {
            let live = key.starts_with("sk_live_") || key.starts_with("rk_live_");
            let test = key.starts_with("sk_test_") || key.starts_with("rk_test_");
            if !live && !test {
                return Err(ConfigError::Invalid {
                    var: "STRIPE_SECRET_KEY",
                    reason: "must start with sk_live_ or sk_test_".into(),
                });
            }
            if live && env != Environment::Production {
                return Err(ConfigError::Invalid {
                    var: "STRIPE_SECRET_KEY",
                    reason: "a live key (sk_live_) is only allowed with HAMRO_ENV=production".into(),
                });
            }
            if test && env == Environment::Production {
                return Err(ConfigError::Invalid {
                    var: "STRIPE_SECRET_KEY",
                    reason: "a test key (sk_test_) is not allowed with HAMRO_ENV=production".into(),
                });
            }
            let webhook_secrets: Vec<SecretString> = var("STRIPE_WEBHOOK_SECRET")
                .ok_or(ConfigError::Missing { var: "STRIPE_WEBHOOK_SECRET" })?
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| SecretString::from(s.to_string()))
                .collect();
            if webhook_secrets.is_empty() || webhook_secrets.iter().any(|s| !s.expose_secret().starts_with("whsec_")) {
                return Err(ConfigError::Invalid {
                    var: "STRIPE_WEBHOOK_SECRET",
                    reason: "use whsec_... (comma-separated while rotating)".into(),
                });
            }
            Ok(StripeSettings {
                api_base: with_slash(var("STRIPE_API_BASE").unwrap_or_else(|| "https://api.stripe.com/".into())),
                secret_key: SecretString::from(key),
                publishable_key: var("STRIPE_PUBLISHABLE_KEY"),
                webhook_secrets,
                connect_country,
                sandbox: false,
                sandbox_payout_seconds,
            })
        }
        None if env == Environment::Production => Err(ConfigError::Missing { var: "STRIPE_SECRET_KEY" }),
        None => {
            // The sandbox signs its webhooks with a secret derived from SECRET_KEY, so every
            // instance sharing that key (and a database) accepts the others' events.
            let derived = format!("whsec_{}", derive(secret_key, "hamro stripe sandbox webhook secret")?);
            Ok(StripeSettings {
                api_base: with_slash(
                    var("STRIPE_API_BASE").unwrap_or_else(|| format!("{}/sandbox/stripe/", loopback_base(addr))),
                ),
                secret_key: SecretString::from(SANDBOX_STRIPE_KEY.to_string()),
                publishable_key: Some("pk_test_hamro_sandbox".into()),
                webhook_secrets: vec![SecretString::from(derived)],
                connect_country,
                sandbox: true,
                sandbox_payout_seconds,
            })
        }
    }
}

fn parse<T: FromStr>(var: &'static str, value: Option<String>) -> Result<Option<T>, ConfigError>
where
    T::Err: fmt::Display,
{
    value.map(|v| v.parse::<T>().map_err(|e| ConfigError::Invalid { var, reason: e.to_string() })).transpose()
}

fn parse_bool(var: &'static str, value: Option<String>) -> Result<Option<bool>, ConfigError> {
    value
        .map(|v| match v.to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "on" => Ok(true),
            "0" | "false" | "no" | "off" => Ok(false),
            _ => Err(ConfigError::Invalid { var, reason: format!("'{v}' is not true or false") }),
        })
        .transpose()
}

/// Rejects secrets that are too short or still carry a placeholder from `.env.example`.
fn check_secret(var: &'static str, value: String) -> Result<SecretString, ConfigError> {
    let lower = value.to_ascii_lowercase();
    if EXAMPLE_SECRET_MARKERS.iter().any(|marker| lower.contains(marker)) {
        return Err(ConfigError::Invalid { var, reason: "still set to the example value".into() });
    }
    if value.len() < MIN_SECRET_LEN {
        return Err(ConfigError::Invalid {
            var,
            reason: format!("must be at least {MIN_SECRET_LEN} characters (use `openssl rand -base64 48`)"),
        });
    }
    Ok(SecretString::from(value))
}

/// Development only: a random key generated once and kept in the data directory.
fn development_key(path: &Path) -> Result<SecretString, ConfigError> {
    let key_error = |source| ConfigError::KeyFile { path: path.to_path_buf(), source };
    if let Ok(existing) = std::fs::read_to_string(path) {
        let existing = existing.trim().to_string();
        if existing.len() >= MIN_SECRET_LEN {
            return Ok(SecretString::from(existing));
        }
    }
    let mut bytes = [0u8; 48];
    rand::Rng::fill(&mut rand::thread_rng(), &mut bytes[..]);
    let key = base64::engine::general_purpose::STANDARD.encode(bytes);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(key_error)?;
    }
    write_private(path, &key).map_err(key_error)?;
    Ok(SecretString::from(key))
}

#[cfg(unix)]
fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::{io::Write, os::unix::fs::OpenOptionsExt};
    let mut file = std::fs::OpenOptions::new().create(true).write(true).truncate(true).mode(0o600).open(path)?;
    file.write_all(contents.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    std::fs::write(path, contents)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn settings(pairs: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Settings::from_lookup(|k| map.get(k).cloned())
    }

    const GOOD_KEY: &str = "q8Jx0b1sN3v9Lk2mZp7Rt4Wc6Yh5Ud0Ae1Gf3Ij5Kl7Mn9";

    #[test]
    fn production_requires_a_secret_key() {
        let err = settings(&[("HAMRO_ENV", "production"), ("SURREAL_URL", "mem://")]).unwrap_err();
        assert!(matches!(err, ConfigError::Missing { var: "SECRET_KEY" }));
    }

    #[test]
    fn example_and_short_secrets_are_refused() {
        let err = settings(&[("SECRET_KEY", "change-me-to-a-long-random-string-of-48-chars")]).unwrap_err();
        assert!(err.to_string().contains("example value"));
        let err = settings(&[("SECRET_KEY", "short")]).unwrap_err();
        assert!(err.to_string().contains("at least 32"));
    }

    #[test]
    fn demo_mode_is_refused_in_production() {
        let err =
            settings(&[("HAMRO_ENV", "production"), ("HAMRO_DEMO", "true"), ("SECRET_KEY", GOOD_KEY)]).unwrap_err();
        assert!(err.to_string().contains("HAMRO_DEMO"));
    }

    #[test]
    fn secrets_never_show_in_debug_output() {
        let s = settings(&[
            ("SECRET_KEY", GOOD_KEY),
            ("SURREAL_URL", "mem://"),
            ("SURREAL_PASS", "super-secret-db-password"),
        ])
        .unwrap();
        let debug = format!("{s:?}");
        assert!(!debug.contains(GOOD_KEY));
        assert!(!debug.contains("super-secret-db-password"));
    }

    #[test]
    fn development_generates_and_keeps_a_key() {
        let dir = std::env::temp_dir().join(format!("hamro-config-{}", uuid::Uuid::new_v4()));
        let dir_str = dir.to_string_lossy().to_string();
        let first = settings(&[("HAMRO_DATA_DIR", &dir_str), ("SURREAL_URL", "mem://")]).unwrap();
        let second = settings(&[("HAMRO_DATA_DIR", &dir_str), ("SURREAL_URL", "mem://")]).unwrap();
        assert_eq!(first.secret_key.expose_secret(), second.secret_key.expose_secret());
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn stripe_keys_must_match_the_environment() {
        let live = settings(&[
            ("SECRET_KEY", GOOD_KEY),
            ("STRIPE_SECRET_KEY", "sk_live_abc"),
            ("STRIPE_WEBHOOK_SECRET", "whsec_x"),
        ])
        .unwrap_err();
        assert!(live.to_string().contains("live key"));
        let test_in_prod = settings(&[
            ("HAMRO_ENV", "production"),
            ("SECRET_KEY", GOOD_KEY),
            ("STRIPE_SECRET_KEY", "sk_test_abc"),
            ("STRIPE_WEBHOOK_SECRET", "whsec_x"),
        ])
        .unwrap_err();
        assert!(test_in_prod.to_string().contains("test key"));
        let prod_without = settings(&[("HAMRO_ENV", "production"), ("SECRET_KEY", GOOD_KEY)]).unwrap_err();
        assert!(matches!(prod_without, ConfigError::Missing { var: "STRIPE_SECRET_KEY" }));
    }

    #[test]
    fn no_stripe_key_means_the_sandbox_on_this_server() {
        let s = settings(&[("SECRET_KEY", GOOD_KEY), ("LEPTOS_SITE_ADDR", "0.0.0.0:3000")]).unwrap();
        assert!(s.stripe.sandbox);
        assert_eq!(s.stripe.api_base, "http://127.0.0.1:3000/sandbox/stripe/");
        assert!(s.stripe.webhook_secrets[0].expose_secret().starts_with("whsec_"));
        let rotated = settings(&[
            ("SECRET_KEY", GOOD_KEY),
            ("STRIPE_SECRET_KEY", "sk_test_abc"),
            ("STRIPE_WEBHOOK_SECRET", "whsec_old, whsec_new"),
            ("STRIPE_API_BASE", "http://localhost:12111"),
        ])
        .unwrap();
        assert_eq!(rotated.stripe.webhook_secrets.len(), 2);
        assert_eq!(rotated.stripe.api_base, "http://localhost:12111/");
    }

    #[test]
    fn unknown_database_scheme_is_refused() {
        let err = settings(&[("SECRET_KEY", GOOD_KEY), ("SURREAL_URL", "postgres://x")]).unwrap_err();
        assert!(err.to_string().contains("SURREAL_URL"));
    }
}
