//! The connection behind `Db`. Embedded (`mem://`, `surrealkv://path`), Hamro builds the
//! datastore itself, with the storage settings (`StorageSettings`: memtable, block cache),
//! because the SDK's own embedded connect passes the storage engine no options and its
//! defaults are sized for a database server (a 1 GiB memtable and a block cache of half the
//! RAM less 1 GiB here); holding the datastore also lets `shutdown` close it cleanly, which
//! flushes the memtable, so the next start does not replay the write-ahead log into memory.
//! A server (`ws://`, `wss://`, `http(s)://`) is reached through the SDK's `any` engine.

use std::{borrow::Cow, future::IntoFuture, pin::Pin, sync::Arc};

use surrealdb::{
    IndexedResults, Surreal,
    engine::{
        any::{self, Any},
        local::Db as Local,
    },
    method::IntoVariables,
};
use surrealdb_cnf::ConfigMap;
use surrealdb_core::kvs::Datastore;

use crate::config::{DatabaseSettings, StorageSettings};

/// One SDK session on a datastore (see `Db`).
pub struct Database {
    conn: Conn,
    /// The embedded datastore, for `shutdown`.
    datastore: Option<Arc<Datastore>>,
}

enum Conn {
    Embedded(Surreal<Local>),
    Remote(Surreal<Any>),
}

/// A query being built: `db.query(sql).bind(..)`, then awaited.
pub enum Query<'a> {
    Embedded(surrealdb::method::Query<'a, Local>),
    Remote(surrealdb::method::Query<'a, Any>),
}

impl<'a> Query<'a> {
    pub fn bind(self, vars: impl IntoVariables) -> Self {
        match self {
            Self::Embedded(q) => Self::Embedded(q.bind(vars)),
            Self::Remote(q) => Self::Remote(q.bind(vars)),
        }
    }
}

impl<'a> IntoFuture for Query<'a> {
    type Output = surrealdb::Result<IndexedResults>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        match self {
            Self::Embedded(q) => Box::pin(q.into_future()),
            Self::Remote(q) => Box::pin(q.into_future()),
        }
    }
}

/// Whether `url` names an embedded engine.
fn embedded_path(url: &str) -> Option<String> {
    if url == "mem://" || url == "memory" {
        Some("memory".to_string())
    } else if url.starts_with("surrealkv://") {
        Some(url.to_string())
    } else {
        None
    }
}

/// The storage engine's options, as SurrealKV's configuration keys (the in-memory engine
/// has none of these, and keeps nothing to sync).
fn config(path: &str, storage: &StorageSettings) -> ConfigMap {
    if !path.starts_with("surrealkv://") {
        return ConfigMap::empty();
    }
    ConfigMap::empty()
        .with_key_value("surrealkv_max_memtable_size", storage.memtable_bytes.to_string())
        .with_key_value("surrealkv_block_cache_capacity", storage.block_cache_bytes.to_string())
        // Every commit reaches the disk before it is acknowledged (the engine's default, pinned).
        .with_key_value("datastore_sync", "every")
}

impl Database {
    /// Opens the datastore `settings` name (embedded) or connects to it (a server).
    pub(crate) async fn open(settings: &DatabaseSettings) -> Result<Self, surrealdb::Error> {
        let Some(path) = embedded_path(&settings.url) else {
            return Ok(Self { conn: Conn::Remote(any::connect(settings.url.as_str()).await?), datastore: None });
        };
        let datastore = Self::build(&path, &settings.storage).await.map_err(|e| {
            surrealdb::Error::internal(format!("opening the embedded datastore at {}: {e:#}", settings.url))
        })?;
        if path.starts_with("surrealkv://") {
            tracing::info!(
                path = %path,
                memtable_bytes = settings.storage.memtable_bytes,
                block_cache_bytes = settings.storage.block_cache_bytes,
                sync = "every commit",
                "embedded datastore opened"
            );
        }
        let db = Surreal::<Local>::unstable_from_datastore(datastore.clone(), None).await?;
        Ok(Self { conn: Conn::Embedded(db), datastore: Some(datastore) })
    }

    /// What the SDK's embedded connect does, with the storage options given to the engine.
    async fn build(path: &str, storage: &StorageSettings) -> anyhow::Result<Arc<Datastore>> {
        let datastore = Datastore::builder()
            .with_config(config(path, storage))
            .without_maintenance_tasks()
            .build_with_path(path)
            .await?;
        datastore.check_version().await?;
        datastore.bootstrap().await?;
        datastore.start_maintenance_tasks();
        Ok(datastore)
    }

    pub fn query<'a>(&'a self, sql: impl Into<Cow<'a, str>>) -> Query<'a> {
        match &self.conn {
            Conn::Embedded(db) => Query::Embedded(db.query(sql)),
            Conn::Remote(db) => Query::Remote(db.query(sql)),
        }
    }

    /// Selects the namespace and database this session works in.
    pub(crate) async fn use_ns_db(&self, namespace: &str, database: &str) -> Result<(), surrealdb::Error> {
        match &self.conn {
            Conn::Embedded(db) => db.use_ns(namespace).use_db(database).await,
            Conn::Remote(db) => db.use_ns(namespace).use_db(database).await,
        }
        .map(|_| ())
    }

    /// Signs this session in as root (a server creates namespaces only for a signed-in session).
    pub(crate) async fn signin_root(&self, username: &str, password: &str) -> Result<(), surrealdb::Error> {
        let root = surrealdb::opt::auth::Root { username: username.to_string(), password: password.to_string() };
        match &self.conn {
            Conn::Embedded(db) => db.signin(root).await.map(|_| ()),
            Conn::Remote(db) => db.signin(root).await.map(|_| ()),
        }
    }

    /// Another SDK session on the same datastore (embedded engines open once per process).
    pub(crate) fn another_session(&self) -> Self {
        let conn = match &self.conn {
            Conn::Embedded(db) => Conn::Embedded(db.clone()),
            Conn::Remote(db) => Conn::Remote(db.clone()),
        };
        Self { conn, datastore: self.datastore.clone() }
    }

    /// Closes an embedded datastore cleanly: its maintenance tasks stop and the storage
    /// engine flushes and closes; call it last. A server connection is left alone.
    pub async fn shutdown(&self) {
        if let Some(datastore) = &self.datastore {
            match datastore.shutdown().await {
                Ok(()) => tracing::info!("the embedded datastore is closed"),
                Err(e) => tracing::error!(error = %e, "closing the embedded datastore"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on_disk(dir: &std::path::Path) -> DatabaseSettings {
        DatabaseSettings {
            url: format!("surrealkv://{}", dir.join("db").display()),
            namespace: "test".into(),
            database: "main".into(),
            username: None,
            password: None,
            storage: StorageSettings { memtable_bytes: 4 << 20, block_cache_bytes: 4 << 20 },
        }
    }

    #[tokio::test]
    async fn an_embedded_datastore_built_with_settings_keeps_its_data_across_a_clean_shutdown() {
        let dir = std::env::temp_dir().join(format!("hamro-conn-{}", uuid::Uuid::new_v4()));
        let settings = on_disk(&dir);
        let db = crate::db::connect(&settings).await.unwrap();
        db.query("CREATE note:one SET text = 'kept'").await.unwrap().check().unwrap();
        db.shutdown().await;
        drop(db);

        let again = crate::db::connect(&settings).await.unwrap();
        let text: Option<String> = again.query("SELECT VALUE text FROM ONLY note:one").await.unwrap().take(0).unwrap();
        assert_eq!(text.as_deref(), Some("kept"));
        again.shutdown().await;
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn only_surrealkv_gets_storage_options() {
        let storage = StorageSettings { memtable_bytes: 1 << 20, block_cache_bytes: 2 << 20 };
        assert!(!config("memory", &storage).has_key("datastore_sync"));
        let kv = config("surrealkv://data/db", &storage);
        assert!(kv.has_key("surrealkv_max_memtable_size") && kv.has_key("surrealkv_block_cache_capacity"));
        assert!(kv.has_key("datastore_sync"), "every commit synced, pinned");
    }
}
