//! The database: connecting by URL (`mem://`, `surrealkv://path`, `ws://host:port`), the
//! versioned migrations, and the few helpers every repository shares.

mod error;
pub mod migrate;

pub use error::{DbError, retry_on_conflict, root_error};

use surrealdb::{
    Surreal,
    engine::any::{self, Any},
    opt::auth::Root,
};

use crate::config::DatabaseSettings;

/// A handle to the database, shared. It is an `Arc` because cloning a SurrealDB 3 handle
/// itself opens a new SDK session (and dropping it queues that session's removal): with the
/// handle inside `AppState`, which axum clones for every request, that was a session per
/// request, and under load the queue of session openings and drops outran the requests.
/// Hamro never changes per-session state after connecting (namespace, database, sign-in),
/// so one session shared by every task is all it needs.
pub type Db = std::sync::Arc<Surreal<Any>>;

/// Connects, signs in when the URL names a server, and selects the namespace and database.
pub async fn connect(settings: &DatabaseSettings) -> Result<Db, surrealdb::Error> {
    use secrecy::ExposeSecret;
    let db = any::connect(settings.url.as_str()).await?;
    if let (Some(username), Some(password)) = (&settings.username, &settings.password) {
        // A server creates the namespace and database only for a signed-in session.
        db.signin(Root { username: username.clone(), password: password.expose_secret().to_string() }).await?;
    }
    db.use_ns(settings.namespace.as_str()).use_db(settings.database.as_str()).await?;
    Ok(std::sync::Arc::new(db))
}

/// Answers whether the database responds (for `/healthz`).
pub async fn ping(db: &Db) -> bool {
    db.query("RETURN true").await.and_then(|mut r| r.take::<Option<bool>>(0)).map(|v| v == Some(true)).unwrap_or(false)
}

/// A new record key: a UUID v4 without dashes (URL-safe, and a plain identifier in SurrealQL).
pub fn new_key() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// Whether a string could be a key made by `new_key` (32 lowercase hex digits). Ids from
/// URLs are checked with this before they reach a query, so a bad id is a clear 400 or 404.
pub fn is_key(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}
