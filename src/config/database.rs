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
    /// The embedded storage engine's memory (ignored for a server).
    pub storage: StorageSettings,
}

/// How much memory the embedded storage engine (SurrealKV) may hold. Its own defaults are
/// sized for a database server with the machine to itself (on 16-64 GB of RAM: a 1 GiB
/// memtable, up to two more being flushed, and a block cache of half the RAM less 1 GiB);
/// Hamro shares the machine with its web server and needs far less.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StorageSettings {
    /// `HAMRO_DB_MEMTABLE_MB` (default 32): writes collect in memory up to this size before
    /// they are flushed to a sorted file. A single transaction must fit in it.
    pub memtable_bytes: u64,
    /// `HAMRO_DB_BLOCK_CACHE_MB` (default 16): recently read blocks of the sorted files.
    pub block_cache_bytes: u64,
}

/// `HAMRO_DB_THREADS` (default and minimum 4): the embedded engine's blocking thread pool
/// (`SURREAL_KVS_THREADPOOL_SIZE`, whose own default is 16 threads at the least). It is read
/// once per process, before anything starts, so `main` sets it (see `storage_threads`).
pub const DEFAULT_STORAGE_THREADS: usize = 4;

const MIB: u64 = 1024 * 1024;

/// The thread count for `SURREAL_KVS_THREADPOOL_SIZE`, from `HAMRO_DB_THREADS`.
pub fn storage_threads(value: Option<&str>) -> usize {
    value.and_then(|v| v.trim().parse::<usize>().ok()).unwrap_or(DEFAULT_STORAGE_THREADS).max(DEFAULT_STORAGE_THREADS)
}

impl fmt::Debug for DatabaseSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DatabaseSettings")
            .field("url", &self.url)
            .field("namespace", &self.namespace)
            .field("database", &self.database)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "[redacted]"))
            .field("storage", &self.storage)
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
        storage: StorageSettings {
            memtable_bytes: megabytes(vars, "HAMRO_DB_MEMTABLE_MB", 32)?,
            block_cache_bytes: megabytes(vars, "HAMRO_DB_BLOCK_CACHE_MB", 16)?,
        },
    };
    if !["mem://", "surrealkv://", "ws://", "wss://"].iter().any(|scheme| settings.url.starts_with(scheme)) {
        return Err(ConfigError::invalid("SURREAL_URL", "use mem://, surrealkv://path or ws://host:port"));
    }
    Ok(settings)
}

fn megabytes(vars: &Vars<'_>, var: &'static str, default: u64) -> Result<u64, ConfigError> {
    let mb: u64 = vars.parse_or(var, default)?;
    if !(1..=65_536).contains(&mb) {
        return Err(ConfigError::invalid(var, "a size in MiB from 1 to 65536"));
    }
    Ok(mb * MIB)
}
