//! Typed settings, read once at start-up from the environment and `.env` (dotenvy), one
//! file per concern: the environment, the database, secrets, Stripe, Amazon, and the
//! sandboxes that stand in for those two when no credentials are set.
//!
//! Every variable is listed in `.env.example`. Secrets are `SecretString`s: they never show
//! up in `Debug` output or logs. In production Hamro refuses to start when a secret is
//! missing or still holds an example value; in development it generates a key and keeps it
//! under the data directory so sessions survive restarts.

mod amazon;
mod database;
mod earnings;
mod environment;
pub(crate) mod sandbox;
mod secrets;
mod stripe;
mod vars;

use std::{fmt, net::SocketAddr, path::PathBuf, time::Duration};

use secrecy::SecretString;

pub use amazon::ListingFollow;
pub use database::{DEFAULT_STORAGE_THREADS, DatabaseSettings, StorageSettings, storage_threads};
pub use earnings::EarningsSettings;
pub use environment::Environment;
pub use sandbox::{AmazonSandboxSettings, SandboxSettings, StripeSandboxSettings};
pub use vars::ConfigError;
use vars::Vars;

use crate::integrations::{amazon::AmazonSettings, stripe::StripeSettings};

/// Everything Hamro reads from its environment.
#[derive(Clone)]
pub struct Settings {
    pub env: Environment,
    /// Demo mode: demo accounts are created at start-up. Never allowed in production.
    pub demo: bool,
    /// Demo mode's sales (`HAMRO_DEMO_SALES`, on with demo mode): a few shipped orders seeded
    /// through the SP-API sandbox on first start, and its buyers placing more over time.
    pub demo_sales: bool,
    /// Where the server listens (LEPTOS_SITE_ADDR, as cargo-leptos sets it).
    pub addr: SocketAddr,
    /// The URL browsers use to reach Hamro; links in e-mails, Stripe return URLs.
    pub public_url: String,
    pub data_dir: PathBuf,
    pub database: DatabaseSettings,
    /// Signs the session cookie.
    pub secret_key: SecretString,
    pub session_idle: Duration,
    /// `HAMRO_SESSION_MAX_HOURS` (default 168, a week): a session ends this long after
    /// sign-in, however active it was.
    pub session_max_age: Duration,
    /// Failed sign-ins allowed per minute, per client address and per account.
    pub login_attempts_per_minute: u32,
    /// `HAMRO_PLATFORM_CALLS_PER_MINUTE` (default 20): per user and kind, the calls to Stripe
    /// or Amazon a user may cause (balance, onboarding link, account refresh, payout, sync).
    pub platform_calls_per_minute: u32,
    /// `HAMRO_TRUSTED_PROXIES`: the load balancers whose `X-Forwarded-For` hops are believed.
    pub trusted_proxies: crate::security::TrustedProxies,
    /// How often the browser's notification bell asks for the unread count.
    pub poll_seconds: u32,
    /// Hamro's Stripe client: the real account, or the Stripe sandbox.
    pub stripe: StripeSettings,
    /// Hamro's SP-API client: the platform's seller account, or the SP-API sandbox.
    pub amazon: AmazonSettings,
    /// SKUs per feed in a bulk inventory sync.
    pub feed_batch: usize,
    /// How new listings are followed, and live ones rechecked.
    pub listing_follow: ListingFollow,
    /// How long a claimed job stays claimed without a sign of life (then another worker takes it).
    pub job_lease: Duration,
    /// Commission, hold, and how often orders are read and earnings transferred.
    pub earnings: EarningsSettings,
    /// The sandboxes this instance serves (none in production).
    pub sandbox: SandboxSettings,
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("env", &self.env)
            .field("demo", &self.demo)
            .field("demo_sales", &self.demo_sales)
            .field("addr", &self.addr)
            .field("public_url", &self.public_url)
            .field("data_dir", &self.data_dir)
            .field("database", &self.database)
            .field("secret_key", &"[redacted]")
            .field("session_idle", &self.session_idle)
            .field("login_attempts_per_minute", &self.login_attempts_per_minute)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("poll_seconds", &self.poll_seconds)
            .field("stripe", &self.stripe)
            .field("amazon", &self.amazon)
            .field("feed_batch", &self.feed_batch)
            .field("listing_follow", &self.listing_follow)
            .field("job_lease", &self.job_lease)
            .field("earnings", &self.earnings)
            .field("sandbox", &self.sandbox)
            .finish()
    }
}

impl Settings {
    /// Reads `.env` (if present) and then the process environment.
    pub(crate) fn from_env() -> Result<Self, ConfigError> {
        // A missing .env is normal; a malformed one is worth saying.
        if let Err(err) = dotenvy::dotenv()
            && !err.not_found()
        {
            return Err(ConfigError::invalid(".env", err.to_string()));
        }
        Self::from_lookup(|key| std::env::var(key).ok())
    }

    /// Builds settings from any key lookup, so tests can pass a map instead of the environment.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let vars = Vars::new(&get);
        // No default: a deployment that forgot it must not run with development's
        // non-Secure cookies and public sandbox keys.
        let env: Environment = vars
            .text("HAMRO_ENV")
            .ok_or(ConfigError::Unset {
                var: "HAMRO_ENV",
                hint: "development (the run command sets it) or production",
            })?
            .parse()?;
        let demo = vars.flag("HAMRO_DEMO")?.unwrap_or(false);
        if demo && env == Environment::Production {
            return Err(ConfigError::invalid("HAMRO_DEMO", "demo mode is never allowed with HAMRO_ENV=production"));
        }
        let demo_sales = demo && vars.flag("HAMRO_DEMO_SALES")?.unwrap_or(true);
        let addr: SocketAddr = vars.parse_or("LEPTOS_SITE_ADDR", SocketAddr::from(([127, 0, 0, 1], 3000)))?;
        let public_url =
            vars.text("HAMRO_PUBLIC_URL").unwrap_or_else(|| format!("http://{addr}")).trim_end_matches('/').to_string();
        let data_dir = PathBuf::from(vars.text("HAMRO_DATA_DIR").unwrap_or_else(|| "data".into()));
        let database = database::read(&vars, &data_dir)?;
        let secret_key = secrets::secret_key(&vars, env, &data_dir)?;
        if env == Environment::Production && database.url.starts_with("mem://") {
            return Err(ConfigError::invalid(
                "SURREAL_URL",
                "mem:// keeps everything in memory and loses it on restart; production needs surrealkv://path or ws://host:port",
            ));
        }

        let session_idle_minutes: u64 = vars.parse_or("HAMRO_SESSION_IDLE_MINUTES", 8 * 60)?;
        let session_max_hours: u64 = vars.parse_or("HAMRO_SESSION_MAX_HOURS", 7 * 24)?;
        let login_attempts_per_minute: u32 = vars.parse_or("HAMRO_LOGIN_ATTEMPTS_PER_MINUTE", 5)?;
        let platform_calls_per_minute: u32 =
            vars.parse_or("HAMRO_PLATFORM_CALLS_PER_MINUTE", crate::security::DEFAULT_CALLS_PER_MINUTE)?;
        let poll_seconds: u32 = vars.parse_or("HAMRO_POLL_SECONDS", 30)?;
        if login_attempts_per_minute == 0
            || platform_calls_per_minute == 0
            || poll_seconds == 0
            || session_idle_minutes == 0
            || session_max_hours == 0
        {
            return Err(ConfigError::invalid("HAMRO_*", "limits, intervals and expiries must be greater than zero"));
        }

        let mut sandboxes =
            SandboxSettings { database: sandbox::database(&vars, &database.database)?, stripe: None, amazon: None };
        let stripe = match stripe::read(&vars, env)? {
            Some(real) => real,
            None => {
                let (client, sandbox) = sandbox::stripe(&vars, &secret_key, addr, &public_url)?;
                sandboxes.stripe = Some(sandbox);
                client
            }
        };
        let amazon = match amazon::read(&vars, env)? {
            Some(real) => real,
            None => {
                let (client, sandbox) = sandbox::amazon(&vars, &secret_key, addr, demo_sales)?;
                sandboxes.amazon = Some(sandbox);
                client
            }
        };

        Ok(Self {
            env,
            demo,
            demo_sales,
            addr,
            public_url,
            data_dir,
            database,
            secret_key,
            session_idle: Duration::from_secs(session_idle_minutes * 60),
            session_max_age: Duration::from_secs(session_max_hours * 3600),
            login_attempts_per_minute,
            platform_calls_per_minute,
            trusted_proxies: crate::security::TrustedProxies::parse(
                &vars.text("HAMRO_TRUSTED_PROXIES").unwrap_or_default(),
            )
            .map_err(|reason| ConfigError::invalid("HAMRO_TRUSTED_PROXIES", reason))?,
            poll_seconds,
            stripe,
            amazon,
            feed_batch: amazon::feed_batch(&vars)?,
            listing_follow: amazon::listing_follow(&vars)?,
            job_lease: vars.seconds_or("HAMRO_JOB_LEASE_SECONDS", 30)?.max(Duration::from_secs(2)),
            earnings: earnings::read(&vars)?,
            sandbox: sandboxes,
        })
    }

    pub(crate) fn is_production(&self) -> bool {
        self.env == Environment::Production
    }

    /// 64 bytes of key material for signing cookies, derived from SECRET_KEY.
    pub(crate) fn cookie_key_material(&self) -> [u8; 64] {
        secrets::cookie_key_material(&self.secret_key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;
    use std::collections::HashMap;

    /// Settings from `pairs`, in development unless they say otherwise.
    fn settings(pairs: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let mut map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        map.entry("HAMRO_ENV".into()).or_insert_with(|| "development".into());
        Settings::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn the_environment_must_be_named_and_production_keeps_its_data() {
        let err = Settings::from_lookup(|k| (k == "SECRET_KEY").then(|| GOOD_KEY.to_string())).unwrap_err();
        assert!(matches!(err, ConfigError::Unset { var: "HAMRO_ENV", .. }), "{err}");
        let err = settings(&[("HAMRO_ENV", "staging")]).unwrap_err();
        assert!(err.to_string().contains("HAMRO_ENV"), "{err}");
        let err =
            settings(&[("HAMRO_ENV", "production"), ("SECRET_KEY", GOOD_KEY), ("SURREAL_URL", "mem://")]).unwrap_err();
        assert!(err.to_string().contains("mem://"), "{err}");
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
        let sandbox = s.sandbox.amazon.as_ref().unwrap();
        assert!(!debug.contains(sandbox.client_secret.expose_secret()));
        assert!(!debug.contains(s.sandbox.stripe.as_ref().unwrap().webhook_secret.expose_secret()));
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
        let sandbox = s.sandbox.stripe.as_ref().expect("the Stripe sandbox is served");
        assert_eq!(s.stripe.api_base, "http://127.0.0.1:3000/sandbox/stripe/");
        assert!(s.stripe.webhook_secrets[0].expose_secret().starts_with("whsec_"));
        assert_eq!(s.stripe.webhook_secrets[0].expose_secret(), sandbox.webhook_secret.expose_secret());
        assert_eq!(s.stripe.secret_key.expose_secret(), sandbox.api_key);
        let rotated = settings(&[
            ("SECRET_KEY", GOOD_KEY),
            ("STRIPE_SECRET_KEY", "sk_test_abc"),
            ("STRIPE_WEBHOOK_SECRET", "whsec_old, whsec_new"),
            ("STRIPE_API_BASE", "http://localhost:12111"),
        ])
        .unwrap();
        assert!(rotated.sandbox.stripe.is_none());
        assert_eq!(rotated.stripe.webhook_secrets.len(), 2);
        assert_eq!(rotated.stripe.api_base, "http://localhost:12111/");
    }

    #[test]
    fn no_amazon_credentials_mean_the_sandbox_and_some_are_an_error() {
        let s = settings(&[("SECRET_KEY", GOOD_KEY)]).unwrap();
        let sandbox = s.sandbox.amazon.as_ref().expect("the SP-API sandbox is served");
        assert_eq!(s.amazon.client_secret.expose_secret(), sandbox.client_secret.expose_secret());
        assert_eq!(s.amazon.refresh_token.expose_secret(), sandbox.refresh_token.expose_secret());
        assert_eq!(s.amazon.seller_id, sandbox.seller_id);
        let partial = settings(&[("SECRET_KEY", GOOD_KEY), ("AMAZON_SELLER_ID", "A1")]).unwrap_err();
        assert!(partial.to_string().contains("AMAZON_REFRESH_TOKEN is missing"), "{partial}");
    }

    #[test]
    fn unknown_database_scheme_is_refused() {
        let err = settings(&[("SECRET_KEY", GOOD_KEY), ("SURREAL_URL", "postgres://x")]).unwrap_err();
        assert!(err.to_string().contains("SURREAL_URL"));
    }

    #[test]
    fn the_sandboxes_never_share_hamros_database() {
        let err = settings(&[("SECRET_KEY", GOOD_KEY), ("HAMRO_SANDBOX_DB", "main")]).unwrap_err();
        assert!(err.to_string().contains("HAMRO_SANDBOX_DB"));
    }
    #[test]
    fn the_embedded_engine_gets_small_memory_settings_that_can_be_changed() {
        let s = settings(&[("SURREAL_URL", "mem://")]).unwrap();
        assert_eq!(s.database.storage, StorageSettings { memtable_bytes: 32 << 20, block_cache_bytes: 16 << 20 });
        let s =
            settings(&[("SURREAL_URL", "mem://"), ("HAMRO_DB_MEMTABLE_MB", "64"), ("HAMRO_DB_BLOCK_CACHE_MB", "8")])
                .unwrap();
        assert_eq!(s.database.storage, StorageSettings { memtable_bytes: 64 << 20, block_cache_bytes: 8 << 20 });
        for bad in ["0", "-1", "lots", "70000"] {
            let err = settings(&[("SURREAL_URL", "mem://"), ("HAMRO_DB_MEMTABLE_MB", bad)]).unwrap_err();
            assert!(err.to_string().contains("HAMRO_DB_MEMTABLE_MB"), "{bad}: {err}");
        }
        assert_eq!(storage_threads(None), DEFAULT_STORAGE_THREADS);
        assert_eq!(storage_threads(Some("8")), 8);
        assert_eq!(storage_threads(Some("1")), DEFAULT_STORAGE_THREADS, "never below the engine's minimum");
        assert_eq!(storage_threads(Some("many")), DEFAULT_STORAGE_THREADS);
    }
}
