//! Notification types shared by the server and the browser.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{
    auth::model::is_local_path,
    error::AppError,
    validation::{HIDDEN_CHARS_MESSAGE, char_len, has_hidden_chars},
};

pub const MAX_TITLE_CHARS: usize = 120;
pub const MAX_MESSAGE_CHARS: usize = 1000;
pub const DEFAULT_LIMIT: u32 = 20;
pub const MAX_LIMIT: u32 = 100;
/// How many the bell's dropdown shows.
pub const DROPDOWN_LIMIT: u32 = 5;

/// What kind of news it is; decides the color and icon.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum NotificationType {
    Info,
    Success,
    Warning,
    Error,
}

impl NotificationType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Success => "success",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

impl std::str::FromStr for NotificationType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "info" => Ok(Self::Info),
            "success" => Ok(Self::Success),
            "warning" => Ok(Self::Warning),
            "error" => Ok(Self::Error),
            other => Err(format!("'{other}' is not a notification type (info, success, warning, error)")),
        }
    }
}

/// One notification, as the owner sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Notification {
    /// Time-ordered id (UUID v7 without dashes); also the paging cursor.
    pub id: String,
    pub title: String,
    pub message: String,
    #[serde(rename = "type")]
    pub kind: NotificationType,
    /// A path inside Hamro to open when the notification is clicked.
    pub action_url: Option<String>,
    pub is_read: bool,
    pub created_at: DateTime<Utc>,
}

/// `GET /api/notifications/unread-count`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UnreadCount {
    pub count: u64,
}

/// What to list: newest first, `limit` at a time, optionally only unread, older than `before`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
pub struct ListQuery {
    /// 1 to 100; 20 when absent.
    pub limit: Option<u32>,
    /// Only unread notifications.
    pub unread_only: Option<bool>,
    /// An id from the previous page: list notifications older than it.
    pub before: Option<String>,
}

impl ListQuery {
    /// The limit to use, or a 400 naming the allowed range.
    pub fn checked_limit(&self) -> Result<u32, AppError> {
        match self.limit {
            None => Ok(DEFAULT_LIMIT),
            Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
            Some(n) => Err(AppError::bad_request(format!("limit must be between 1 and {MAX_LIMIT} (got {n})."))),
        }
    }
}

/// A page of notifications and whether older ones exist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationPage {
    pub items: Vec<Notification>,
    pub unread: u64,
    /// The cursor for the next (older) page, when there is one.
    pub next_before: Option<String>,
}

/// What the bell shows: the unread count and the latest few.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BellSnapshot {
    pub unread: u64,
    pub latest: Vec<Notification>,
}

/// A new notification, checked before anything is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewNotification {
    pub kind: NotificationType,
    pub title: String,
    pub message: String,
    pub action_url: Option<String>,
}

impl NewNotification {
    pub fn new(
        kind: NotificationType,
        title: impl Into<String>,
        message: impl Into<String>,
        action_url: Option<&str>,
    ) -> Result<Self, AppError> {
        let title = title.into().trim().to_string();
        let message = message.into().trim().to_string();
        let action_url = action_url.map(str::trim).filter(|u| !u.is_empty()).map(str::to_string);
        let mut fields = crate::error::FieldErrors::new();
        if title.is_empty() || char_len(&title) > MAX_TITLE_CHARS {
            fields.insert("title".into(), format!("A title needs 1 to {MAX_TITLE_CHARS} characters."));
        } else if has_hidden_chars(&title, false) {
            fields.insert("title".into(), HIDDEN_CHARS_MESSAGE.into());
        }
        if message.is_empty() || char_len(&message) > MAX_MESSAGE_CHARS {
            fields.insert("message".into(), format!("A message needs 1 to {MAX_MESSAGE_CHARS} characters."));
        } else if has_hidden_chars(&message, true) {
            fields.insert("message".into(), HIDDEN_CHARS_MESSAGE.into());
        }
        if let Some(url) = &action_url
            && !is_local_path(url)
        {
            fields.insert("action_url".into(), "A link must be a path inside Hamro, like /seller/products.".into());
        }
        if fields.is_empty() { Ok(Self { kind, title, message, action_url }) } else { Err(AppError::fields(fields)) }
    }
}

/// "99+" above 99, the number otherwise, nothing at zero.
pub fn badge_text(count: u64) -> Option<String> {
    match count {
        0 => None,
        1..=99 => Some(count.to_string()),
        _ => Some("99+".to_string()),
    }
}

/// "just now", "5 min ago", "3 h ago", "2 d ago", or the date.
pub fn relative_time(then: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let secs = (now - then).num_seconds().max(0);
    match secs {
        0..=59 => "just now".to_string(),
        60..=3599 => format!("{} min ago", secs / 60),
        3600..=86_399 => format!("{} h ago", secs / 3600),
        86_400..=604_799 => format!("{} d ago", secs / 86_400),
        _ => then.format("%b %-d, %Y").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_title_message_and_link() {
        assert!(NewNotification::new(NotificationType::Info, "Hi", "There", Some("/seller")).is_ok());
        let err = NewNotification::new(NotificationType::Info, "", "m".repeat(1001), Some("https://x.io")).unwrap_err();
        for field in ["title", "message", "action_url"] {
            assert!(err.field_error(field).is_some(), "{field}");
        }
        assert!(NewNotification::new(NotificationType::Info, "t".repeat(121), "m", None).is_err());
        assert!(
            NewNotification::new(NotificationType::Info, "é".repeat(120), "m", None).is_ok(),
            "characters, not bytes"
        );
    }

    #[test]
    fn limit_is_checked() {
        assert_eq!(ListQuery::default().checked_limit().unwrap(), 20);
        assert!(ListQuery { limit: Some(0), ..Default::default() }.checked_limit().is_err());
        assert!(ListQuery { limit: Some(101), ..Default::default() }.checked_limit().is_err());
        assert_eq!(ListQuery { limit: Some(100), ..Default::default() }.checked_limit().unwrap(), 100);
    }

    #[test]
    fn badge_caps_at_99() {
        assert_eq!(badge_text(0), None);
        assert_eq!(badge_text(7).as_deref(), Some("7"));
        assert_eq!(badge_text(100).as_deref(), Some("99+"));
    }

    #[test]
    fn relative_times_read_naturally() {
        let now = Utc::now();
        assert_eq!(relative_time(now, now), "just now");
        assert_eq!(relative_time(now - chrono::Duration::minutes(5), now), "5 min ago");
        assert_eq!(relative_time(now - chrono::Duration::hours(3), now), "3 h ago");
    }
}
