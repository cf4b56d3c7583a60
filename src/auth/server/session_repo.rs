//! The `session` table: one row per tower-sessions record, its data as JSON text.

use chrono::{DateTime, Utc};
use surrealdb::types::SurrealValue;

use crate::db::{Db, DbError, retry_on_conflict, root_error};

#[derive(SurrealValue)]
pub(crate) struct SessionRow {
    pub data: String,
    pub expires_at: DateTime<Utc>,
}

/// Creates a session row; `false` when the id is taken (it never overwrites one).
pub(crate) async fn create(db: &Db, id: &str, data: &str, expires_at: DateTime<Utc>) -> Result<bool, DbError> {
    let mut results = db
        .query("CREATE type::record('session', $id) CONTENT { data: $data, expires_at: $expires_at } RETURN NONE")
        .bind(("id", id.to_string()))
        .bind(("data", data.to_string()))
        .bind(("expires_at", expires_at))
        .await?;
    match root_error(&mut results) {
        None => Ok(true),
        Some(DbError::RecordExists(_)) => Ok(false),
        Some(e) => Err(e),
    }
}

/// Updates an existing session row. Never creates one: a request still in flight when its
/// session was signed out (here or on another instance) must not bring the session back.
/// Concurrent saves of one session (a page and the bell's poll both pushing the idle expiry
/// back) conflict; the loser tries again rather than failing its request.
pub(crate) async fn save(db: &Db, id: &str, data: &str, expires_at: DateTime<Utc>) -> Result<(), DbError> {
    retry_on_conflict(|| async {
        db.query("UPDATE type::record('session', $id) CONTENT { data: $data, expires_at: $expires_at } RETURN NONE")
            .bind(("id", id.to_string()))
            .bind(("data", data.to_string()))
            .bind(("expires_at", expires_at))
            .await?
            .check()?;
        Ok(())
    })
    .await
}

/// The session, unless it has expired.
pub(crate) async fn load(db: &Db, id: &str) -> Result<Option<SessionRow>, DbError> {
    Ok(db
        .query("SELECT data, expires_at FROM type::record('session', $id) WHERE expires_at > time::now()")
        .bind(("id", id.to_string()))
        .await?
        .take(0)?)
}

pub(crate) async fn delete(db: &Db, id: &str) -> Result<(), DbError> {
    db.query("DELETE type::record('session', $id)").bind(("id", id.to_string())).await?.check()?;
    Ok(())
}

pub(crate) async fn delete_expired(db: &Db) -> Result<(), DbError> {
    db.query("DELETE session WHERE expires_at <= time::now()").await?.check()?;
    Ok(())
}
