//! `Notifier`: the notification service every domain calls. Cheap to clone (it holds a
//! database handle), usable from requests, jobs and webhooks alike.

use super::{
    outgoing::Outgoing,
    repo::{self, Counter},
};
use crate::{
    auth::server::service as accounts,
    db::{Db, is_key},
    error::AppError,
    locks::KeyedLocks,
    notifications::model::{
        BellSnapshot, DROPDOWN_LIMIT, ListQuery, NewNotification, Notification, NotificationPage, NotificationType,
    },
};

/// How long this instance answers a user's unread count from memory. Writes made through
/// the `Notifier` on this instance clear it at once; a notification written inside another
/// domain's transaction, or on another instance, shows within this time (the bell polls
/// every 30 s).
pub(crate) const COUNT_FRESH_FOR: std::time::Duration = std::time::Duration::from_secs(1);
/// Users whose count is kept in memory at most (a few dozen bytes each).
const COUNT_CAPACITY: u64 = 100_000;

#[derive(Clone)]
pub struct Notifier {
    db: Db,
    /// One user's notification writes run one at a time in this process, so they never
    /// fight over the user's counter row.
    locks: std::sync::Arc<KeyedLocks>,
    /// Recently read counters: polling the bell costs no database read while they're fresh.
    counts: moka::future::Cache<String, Counter>,
}

/// Ids come from URLs and forms: anything that isn't one of ours is a 400, before any query.
fn check_id(id: &str) -> Result<&str, AppError> {
    if is_key(id) { Ok(id) } else { Err(AppError::bad_request("That is not a valid notification id.")) }
}

impl Notifier {
    pub(crate) fn new(db: Db) -> Self {
        let counts = moka::future::Cache::builder().max_capacity(COUNT_CAPACITY).time_to_live(COUNT_FRESH_FOR).build();
        Self { db, locks: std::sync::Arc::new(KeyedLocks::default()), counts }
    }

    /// Tells one user something. Validates first (title 1..=120 characters, message
    /// 1..=1000, link a path inside Hamro) and writes nothing when the input is bad.
    pub async fn notify(
        &self,
        user_id: &str,
        kind: NotificationType,
        title: &str,
        message: &str,
        action_url: Option<&str>,
    ) -> Result<Notification, AppError> {
        let new = NewNotification::new(kind, title, message, action_url)?;
        self.insert(user_id, &new).await
    }

    /// Tells every admin. Returns how many were told.
    pub async fn notify_admins(
        &self,
        kind: NotificationType,
        title: &str,
        message: &str,
        action_url: Option<&str>,
    ) -> Result<usize, AppError> {
        let new = NewNotification::new(kind, title, message, action_url)?;
        let admins = accounts::admin_ids(&self.db).await?;
        for admin in &admins {
            self.insert(admin, &new).await?;
        }
        Ok(admins.len())
    }

    async fn insert(&self, user_id: &str, new: &NewNotification) -> Result<Notification, AppError> {
        // UUID v7: ids sort by creation time, so they double as the paging cursor.
        let outgoing = Outgoing::from_new(user_id, new.clone());
        let _turn = self.locks.lock(user_id).await;
        repo::insert(&self.db, std::slice::from_ref(&outgoing)).await?;
        self.counts.invalidate(user_id).await;
        tracing::debug!(user_id, notification_id = %outgoing.id, kind = new.kind.as_str(), "notified");
        Ok(Notification {
            id: outgoing.id,
            title: new.title.clone(),
            message: new.message.clone(),
            kind: new.kind,
            action_url: new.action_url.clone(),
            is_read: false,
            created_at: outgoing.now,
        })
    }

    /// The admins to tell, as ready-to-write notifications (for another domain's transaction).
    pub(crate) async fn for_admins(
        &self,
        kind: NotificationType,
        title: &str,
        message: &str,
        action_url: Option<&str>,
    ) -> Result<Vec<Outgoing>, AppError> {
        let new = NewNotification::new(kind, title, message, action_url)?;
        let admins = accounts::admin_ids(&self.db).await?;
        Ok(admins.iter().map(|admin| Outgoing::from_new(admin, new.clone())).collect())
    }

    /// A page of the user's notifications, newest first.
    pub async fn list(&self, user_id: &str, query: &ListQuery) -> Result<NotificationPage, AppError> {
        let limit = query.checked_limit()?;
        let before = match query.before.as_deref().filter(|b| !b.is_empty()) {
            Some(b) => Some(check_id(b).map_err(|_| AppError::bad_request("`before` must be a notification id."))?),
            None => None,
        };
        // One extra row says whether an older page exists.
        let mut items = repo::list(&self.db, user_id, limit + 1, query.unread_only.unwrap_or(false), before).await?;
        let next_before = if items.len() > limit as usize {
            items.truncate(limit as usize);
            items.last().map(|n| n.id.clone())
        } else {
            None
        };
        let unread = repo::counter(&self.db, user_id).await?.unread;
        Ok(NotificationPage { items, unread, next_before })
    }

    /// The bell's view: the unread count and the latest few.
    pub(crate) async fn bell(&self, user_id: &str) -> Result<BellSnapshot, AppError> {
        let latest = repo::list(&self.db, user_id, DROPDOWN_LIMIT, false, None).await?;
        let unread = repo::counter(&self.db, user_id).await?.unread;
        Ok(BellSnapshot { unread, latest })
    }

    /// The unread count and a version that changes whenever the user's notifications do.
    /// Answered from memory while fresh (see `COUNT_FRESH_FOR`).
    pub async fn counter(&self, user_id: &str) -> Result<Counter, AppError> {
        if let Some(counter) = self.counts.get(user_id).await {
            return Ok(counter);
        }
        let counter = repo::counter(&self.db, user_id).await?;
        self.counts.insert(user_id.to_string(), counter).await;
        Ok(counter)
    }

    /// Marks one notification read (or unread again). 404 when it isn't the user's.
    pub async fn set_read(&self, user_id: &str, id: &str, read: bool) -> Result<Notification, AppError> {
        let id = check_id(id)?;
        let _turn = self.locks.lock(user_id).await;
        let written = repo::set_read(&self.db, user_id, id, read).await;
        self.counts.invalidate(user_id).await;
        written?;
        repo::get(&self.db, user_id, id).await?.ok_or_else(|| AppError::not_found("Notification"))
    }

    pub async fn mark_all_read(&self, user_id: &str) -> Result<Counter, AppError> {
        let _turn = self.locks.lock(user_id).await;
        let written = repo::mark_all_read(&self.db, user_id).await;
        self.counts.invalidate(user_id).await;
        written?;
        repo::counter(&self.db, user_id).await
    }

    /// Deletes one notification. 404 when it isn't the user's.
    pub async fn delete(&self, user_id: &str, id: &str) -> Result<(), AppError> {
        let id = check_id(id)?;
        let _turn = self.locks.lock(user_id).await;
        let deleted = repo::delete(&self.db, user_id, id).await;
        self.counts.invalidate(user_id).await;
        deleted
    }
}
