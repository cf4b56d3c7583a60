//! Server functions for the notification center, at stable URLs under `/fn/notifications/`.
//! Each acts only on the signed-in user's own notifications.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::{BellSnapshot, ListQuery, Notification, NotificationPage, UnreadCount};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::{
    auth::server::{guard::SignedIn, request::guarded},
    notifications::server::Notifier,
};

/// A page of the user's notifications, newest first.
#[server(prefix = "/fn", endpoint = "notifications/list", input = GetUrl)]
pub async fn list_notifications(query: ListQuery) -> Result<NotificationPage, AppError> {
    let (SignedIn(user), notifier) = guarded::<SignedIn, Notifier>().await?;
    notifier.list(&user.id, &query).await
}

/// The bell's data: unread count and the latest five.
#[server(prefix = "/fn", endpoint = "notifications/bell", input = GetUrl)]
pub async fn get_bell() -> Result<BellSnapshot, AppError> {
    let (SignedIn(user), notifier) = guarded::<SignedIn, Notifier>().await?;
    notifier.bell(&user.id).await
}

#[server(prefix = "/fn", endpoint = "notifications/unread-count", input = GetUrl)]
pub async fn get_unread_count() -> Result<UnreadCount, AppError> {
    let (SignedIn(user), notifier) = guarded::<SignedIn, Notifier>().await?;
    Ok(UnreadCount { count: notifier.counter(&user.id).await?.unread })
}

/// Marks one notification read (`read = true`) or unread.
#[server(prefix = "/fn", endpoint = "notifications/mark")]
pub async fn mark_notification(id: String, read: bool) -> Result<Notification, AppError> {
    let (SignedIn(user), notifier) = guarded::<SignedIn, Notifier>().await?;
    notifier.set_read(&user.id, &id, read).await
}

/// Marks one notification read and goes to its link (the notifications page when it has none).
#[server(prefix = "/fn", endpoint = "notifications/open")]
pub async fn open_notification(id: String) -> Result<Notification, AppError> {
    let (SignedIn(user), notifier) = guarded::<SignedIn, Notifier>().await?;
    let notification = notifier.set_read(&user.id, &id, true).await?;
    leptos_axum::redirect(notification.action_url.as_deref().unwrap_or("/notifications"));
    Ok(notification)
}

#[server(prefix = "/fn", endpoint = "notifications/mark-all-read")]
pub async fn mark_all_notifications_read() -> Result<UnreadCount, AppError> {
    let (SignedIn(user), notifier) = guarded::<SignedIn, Notifier>().await?;
    Ok(UnreadCount { count: notifier.mark_all_read(&user.id).await?.unread })
}

#[server(prefix = "/fn", endpoint = "notifications/delete")]
pub async fn delete_notification(id: String) -> Result<(), AppError> {
    let (SignedIn(user), notifier) = guarded::<SignedIn, Notifier>().await?;
    notifier.delete(&user.id, &id).await
}
