//! The database: connecting by URL (`mem://`, `surrealkv://path`, `ws://host:port`), the
//! versioned migrations, and the few helpers every repository shares.

mod conn;
mod error;
pub(crate) mod migrate;
mod tx;

pub use conn::{Database, Query};
pub(crate) use error::{DbError, retry_on_conflict, root_error};
pub(crate) use tx::{Flag, Group, Tx};

use crate::config::DatabaseSettings;

/// A handle to the database, shared. It is an `Arc` because cloning a SurrealDB 3 handle
/// itself opens a new SDK session (and dropping it queues that session's removal): with the
/// handle inside `AppState`, which axum clones for every request, that was a session per
/// request, and under load the queue of session openings and drops outran the requests.
/// Hamro never changes per-session state after connecting (namespace, database, sign-in),
/// so one session shared by every task is all it needs.
pub type Db = std::sync::Arc<Database>;

/// Connects, signs in when the URL names a server, and selects the namespace and database.
pub(crate) async fn connect(settings: &DatabaseSettings) -> Result<Db, surrealdb::Error> {
    use secrecy::ExposeSecret;
    let db = Database::open(settings).await?;
    if let (Some(username), Some(password)) = (&settings.username, &settings.password) {
        // A server creates the namespace and database only for a signed-in session.
        db.signin_root(username, password.expose_secret()).await?;
    }
    db.use_ns_db(settings.namespace.as_str(), settings.database.as_str()).await?;
    Ok(std::sync::Arc::new(db))
}

/// Another session on the same connection, using `database` in `namespace` (the
/// sandboxes' own database). The same connection, because an embedded engine can be opened
/// only once per process; a session of its own, so Hamro's session keeps its database.
pub(crate) async fn session_on(db: &Db, namespace: &str, database: &str) -> Result<Db, surrealdb::Error> {
    let other = db.another_session();
    other.use_ns_db(namespace, database).await?;
    Ok(std::sync::Arc::new(other))
}

/// Answers whether the database responds (for `/healthz`).
pub(crate) async fn ping(db: &Db) -> bool {
    db.query("RETURN true").await.and_then(|mut r| r.take::<Option<bool>>(0)).map(|v| v == Some(true)).unwrap_or(false)
}

/// A new record key: a UUID v4 without dashes (URL-safe, and a plain identifier in SurrealQL).
pub(crate) fn new_key() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// Whether a string could be a key made by `new_key` (32 lowercase hex digits). Ids from
/// URLs are checked with this before they reach a query, so a bad id is a clear 400 or 404.
pub(crate) fn is_key(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// A fresh in-memory database with Hamro's migrations applied, for services' tests.
#[cfg(test)]
pub(crate) async fn memory() -> Db {
    let db = memory_bare(&new_key()).await;
    migrate::run(&db).await.expect("migrations");
    db
}

/// A fresh in-memory database without migrations, using database `name` (tests).
#[cfg(test)]
pub(crate) async fn memory_bare(name: &str) -> Db {
    let settings = DatabaseSettings {
        url: "mem://".into(),
        namespace: "test".into(),
        database: name.into(),
        username: None,
        password: None,
        storage: crate::config::StorageSettings { memtable_bytes: 8 << 20, block_cache_bytes: 8 << 20 },
    };
    connect(&settings).await.expect("an in-memory database")
}
