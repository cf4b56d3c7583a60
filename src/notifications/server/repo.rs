//! The `notification` table and the per-user `notification_state` row (unread count and a
//! version that changes with every change to the user's notifications). Both are written in
//! the same transaction, so the count never drifts from the rows.
//!
//! Note: in SurrealDB 3.3.5 `UPSERT <id> SET n -= 1 RETURN NONE` ignores the existing record
//! and computes from NONE; the `UPSERT`s here therefore keep the default `RETURN AFTER`.

use chrono::{DateTime, Utc};
use surrealdb::types::SurrealValue;

use super::outgoing::Outgoing;
use crate::{
    db::{Db, DbError, Flag, Tx},
    error::AppError,
    notifications::model::Notification,
};

#[derive(SurrealValue)]
struct Row {
    id: String,
    title: String,
    message: String,
    kind: String,
    action_url: Option<String>,
    is_read: bool,
    created_at: DateTime<Utc>,
}

impl TryFrom<Row> for Notification {
    type Error = AppError;
    fn try_from(row: Row) -> Result<Self, AppError> {
        let kind = row.kind.parse().map_err(|e: String| AppError::internal("reading a notification", e))?;
        Ok(Notification {
            id: row.id,
            title: row.title,
            message: row.message,
            kind,
            action_url: row.action_url,
            is_read: row.is_read,
            created_at: row.created_at,
        })
    }
}

#[derive(SurrealValue, Default)]
struct StateRow {
    unread: i64,
    version: i64,
}

/// The unread count and the change version of one user's notifications.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counter {
    pub unread: u64,
    pub version: u64,
}

const FIELDS: &str = "<string> record::id(id) AS id, title, message, kind, action_url, is_read, created_at";

/// Commits a write, mapping `THROW 'not_found'` to a 404.
async fn write(db: &Db, tx: Tx) -> Result<(), AppError> {
    match tx.commit(db).await {
        Ok(()) => Ok(()),
        Err(DbError::Thrown(reason)) if reason == "not_found" => Err(AppError::not_found("Notification")),
        Err(e) => Err(e.into_app("writing notifications")),
    }
}

/// Adds the statements that write `list` and bump each recipient's counter to `tx` (another
/// domain's transaction, or `insert`'s own).
pub(crate) fn queue(tx: &mut Tx, list: &[Outgoing]) {
    for n in list {
        tx.add(
            "CREATE type::record('notification', $id) CONTENT {
                 user: type::record('user', $user), title: $title, message: $message,
                 kind: $kind, action_url: $url, is_read: false, created_at: $now
             } RETURN NONE;
             UPSERT type::record('notification_state', $user) SET unread += 1, version += 1;",
        )
        .bind("id", n.id.clone())
        .bind("user", n.user_id.clone())
        .bind("title", n.new.title.clone())
        .bind("message", n.new.message.clone())
        .bind("kind", n.new.kind.as_str())
        .bind("url", n.new.action_url.clone())
        .bind("now", n.now);
    }
}

/// Like `queue`, written only when `flag` holds (say, "the payout moved forward").
pub(crate) fn queue_if(tx: &mut Tx, flag: &Flag, list: &[Outgoing]) {
    tx.when(flag, |tx| queue(tx, list));
}

/// Writes notifications and bumps their recipients' counters, in one transaction.
pub(crate) async fn insert(db: &Db, list: &[Outgoing]) -> Result<(), AppError> {
    let mut tx = Tx::new();
    queue(&mut tx, list);
    tx.commit(db).await.map_err(|e| e.into_app("writing notifications"))
}

/// Newest first; `limit` rows, older than `before` when given.
pub(crate) async fn list(
    db: &Db,
    user_id: &str,
    limit: u32,
    unread_only: bool,
    before: Option<&str>,
) -> Result<Vec<Notification>, AppError> {
    let mut sql = format!("SELECT {FIELDS} FROM notification WHERE user = type::record('user', $user)");
    if unread_only {
        sql.push_str(" AND is_read = false");
    }
    if before.is_some() {
        sql.push_str(" AND id < type::record('notification', $before)");
    }
    sql.push_str(" ORDER BY id DESC LIMIT $limit");
    let rows: Vec<Row> = db
        .query(sql)
        .bind(("user", user_id.to_string()))
        .bind(("before", before.unwrap_or_default().to_string()))
        .bind(("limit", i64::from(limit)))
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("listing notifications", e))?;
    rows.into_iter().map(Notification::try_from).collect()
}

pub(crate) async fn get(db: &Db, user_id: &str, id: &str) -> Result<Option<Notification>, AppError> {
    let row: Option<Row> = db
        .query(format!(
            "SELECT {FIELDS} FROM type::record('notification', $id) WHERE user = type::record('user', $user)"
        ))
        .bind(("id", id.to_string()))
        .bind(("user", user_id.to_string()))
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("reading a notification", e))?;
    row.map(Notification::try_from).transpose()
}

pub(crate) async fn counter(db: &Db, user_id: &str) -> Result<Counter, AppError> {
    let row: Option<StateRow> = db
        .query("SELECT unread, version FROM type::record('notification_state', $user)")
        .bind(("user", user_id.to_string()))
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("reading the unread count", e))?;
    let row = row.unwrap_or_default();
    Ok(Counter { unread: row.unread.max(0) as u64, version: row.version.max(0) as u64 })
}

/// Marks one of the user's notifications read or unread. `NotFound` when it isn't theirs.
pub(crate) async fn set_read(db: &Db, user_id: &str, id: &str, read: bool) -> Result<(), AppError> {
    let mut tx = Tx::new();
    tx.add(
        "LET $n = (SELECT is_read FROM ONLY type::record('notification', $id) WHERE user = type::record('user', $user));
         IF $n = NONE { THROW 'not_found' };
         IF $n.is_read != $read {
             UPDATE type::record('notification', $id) SET is_read = $read RETURN NONE;
             IF $read {
                 UPSERT type::record('notification_state', $user) SET unread -= 1, version += 1;
             } ELSE {
                 UPSERT type::record('notification_state', $user) SET unread += 1, version += 1;
             };
         };",
    )
    .bind("id", id.to_string()).bind("user", user_id.to_string()).bind("read", read);
    write(db, tx).await
}

/// Marks all of the user's notifications read.
pub(crate) async fn mark_all_read(db: &Db, user_id: &str) -> Result<(), AppError> {
    let mut tx = Tx::new();
    tx.add(
        "LET $changed = (UPDATE notification SET is_read = true
                         WHERE user = type::record('user', $user) AND is_read = false RETURN VALUE id);
         IF array::len($changed) > 0 {
             UPSERT type::record('notification_state', $user) SET unread = 0, version += 1;
         };",
    )
    .bind("user", user_id.to_string());
    write(db, tx).await
}

/// Deletes one of the user's notifications. `NotFound` when it isn't theirs.
pub(crate) async fn delete(db: &Db, user_id: &str, id: &str) -> Result<(), AppError> {
    let mut tx = Tx::new();
    tx.add(
        "LET $n = (SELECT is_read FROM ONLY type::record('notification', $id) WHERE user = type::record('user', $user));
         IF $n = NONE { THROW 'not_found' };
         DELETE type::record('notification', $id) RETURN NONE;
         IF $n.is_read {
             UPSERT type::record('notification_state', $user) SET version += 1;
         } ELSE {
             UPSERT type::record('notification_state', $user) SET unread -= 1, version += 1;
         };",
    )
    .bind("id", id.to_string()).bind("user", user_id.to_string());
    write(db, tx).await
}
