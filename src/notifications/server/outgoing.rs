//! `Outgoing`: a notification validated and ready to be written, with its id and time fixed,
//! so another domain can put it into its own transaction (`repo::queue`): a product approval
//! and the seller's "Product approved" commit together or not at all.

use chrono::{DateTime, Utc};

use crate::{
    error::AppError,
    notifications::model::{NewNotification, NotificationType},
};

/// A notification ready to be written.
#[derive(Clone, Debug)]
pub(crate) struct Outgoing {
    pub user_id: String,
    pub id: String,
    pub new: NewNotification,
    pub now: DateTime<Utc>,
}

impl Outgoing {
    /// Validates the content (like `Notifier::notify`) and fixes a fresh time-ordered id.
    pub(crate) fn new(
        user_id: &str,
        kind: NotificationType,
        title: &str,
        message: &str,
        action_url: Option<&str>,
    ) -> Result<Self, AppError> {
        Ok(Self::from_new(user_id, NewNotification::new(kind, title, message, action_url)?))
    }

    /// UUID v7: ids sort by creation time, so they double as the paging cursor.
    pub(crate) fn from_new(user_id: &str, new: NewNotification) -> Self {
        Self { user_id: user_id.to_string(), id: uuid::Uuid::now_v7().simple().to_string(), new, now: Utc::now() }
    }
}
