//! Which database Hamro uses: `SURREAL_URL` and its namespace, database and credentials.

use std::{fmt, path::Path};

use secrecy::SecretString;

use super::{ConfigError, Vars};

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

/// The database settings; an embedded one under `data_dir` by default.
pub(crate) fn read(vars: &Vars<'_>, data_dir: &Path) -> Result<DatabaseSettings, ConfigError> {
    let settings = DatabaseSettings {
        url: vars.text("SURREAL_URL").unwrap_or_else(|| format!("surrealkv://{}/db", data_dir.display())),
        namespace: vars.text("SURREAL_NS").unwrap_or_else(|| "hamro".into()),
        database: vars.text("SURREAL_DB").unwrap_or_else(|| "main".into()),
        username: vars.text("SURREAL_USER"),
        password: vars.text("SURREAL_PASS").map(SecretString::from),
    };
    if !["mem://", "surrealkv://", "ws://", "wss://"].iter().any(|scheme| settings.url.starts_with(scheme)) {
        return Err(ConfigError::invalid("SURREAL_URL", "use mem://, surrealkv://path or ws://host:port"));
    }
    Ok(settings)
}
