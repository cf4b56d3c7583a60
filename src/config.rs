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
    fn unknown_database_scheme_is_refused() {
        let err = settings(&[("SECRET_KEY", GOOD_KEY), ("SURREAL_URL", "postgres://x")]).unwrap_err();
        assert!(err.to_string().contains("SURREAL_URL"));
    }
}
