//! Notifications written inside another domain's transaction: a product approval and the
//! seller's "Product approved" commit together or not at all.
//!
//! `Outgoing` is a validated notification with its id and time fixed; `sql` renders the
//! statements (parameters `$n0_*`, `$n1_*`, ...) to splice between `BEGIN` and `COMMIT`,
//! and `bind` binds their values.

use chrono::{DateTime, Utc};
use surrealdb::{engine::any::Any, method::Query};

use crate::{
    error::AppError,
    notifications::model::{NewNotification, NotificationType},
};

/// A notification ready to be written.
#[derive(Clone, Debug)]
pub struct Outgoing {
    pub user_id: String,
    pub id: String,
    pub new: NewNotification,
    pub now: DateTime<Utc>,
}

impl Outgoing {
    /// Validates the content (like `Notifier::notify`) and fixes a fresh time-ordered id.
    pub fn new(
        user_id: &str,
        kind: NotificationType,
        title: &str,
        message: &str,
        action_url: Option<&str>,
    ) -> Result<Self, AppError> {
        Ok(Self::from_new(user_id, NewNotification::new(kind, title, message, action_url)?))
    }

    pub fn from_new(user_id: &str, new: NewNotification) -> Self {
        Self { user_id: user_id.to_string(), id: uuid::Uuid::now_v7().simple().to_string(), new, now: Utc::now() }
    }
}

/// The statements that write `list` and bump each recipient's counter.
pub fn sql(list: &[Outgoing]) -> String {
    sql_group("n", list)
}

/// Binds the values `sql(list)` refers to.
pub fn bind<'a>(query: Query<'a, Any>, list: &[Outgoing]) -> Query<'a, Any> {
    bind_group(query, "n", list)
}

/// Like `sql`, with parameters named after `group`, so several groups (say, one per
/// outcome, each inside its own `IF`) can share a transaction.
pub fn sql_group(group: &str, list: &[Outgoing]) -> String {
    let mut out = String::new();
    for i in 0..list.len() {
        let p = format!("{group}{i}");
        out.push_str(&format!(
            "CREATE type::record('notification', ${p}_id) CONTENT {{
                 user: type::record('user', ${p}_user), title: ${p}_title, message: ${p}_message,
                 kind: ${p}_kind, action_url: ${p}_url, is_read: false, created_at: ${p}_now
             }} RETURN NONE;
             UPSERT type::record('notification_state', ${p}_user) SET unread += 1, version += 1;\n"
        ));
    }
    out
}

/// `sql_group` run only when `condition` (SurrealQL) holds; nothing at all for an empty list.
pub fn sql_group_if(condition: &str, group: &str, list: &[Outgoing]) -> String {
    if list.is_empty() { String::new() } else { format!("IF {condition} {{ {} }};\n", sql_group(group, list)) }
}

pub fn bind_group<'a>(mut query: Query<'a, Any>, group: &str, list: &[Outgoing]) -> Query<'a, Any> {
    for (i, n) in list.iter().enumerate() {
        let p = format!("{group}{i}");
        query = query
            .bind((format!("{p}_id"), n.id.clone()))
            .bind((format!("{p}_user"), n.user_id.clone()))
            .bind((format!("{p}_title"), n.new.title.clone()))
            .bind((format!("{p}_message"), n.new.message.clone()))
            .bind((format!("{p}_kind"), n.new.kind.as_str()))
            .bind((format!("{p}_url"), n.new.action_url.clone()))
            .bind((format!("{p}_now"), n.now));
    }
    query
}
