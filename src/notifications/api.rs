//! Server functions for the notification center, at stable URLs under `/fn/notifications/`.
//! Each acts only on the signed-in user's own notifications.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::{BellSnapshot, ListQuery, Notification, NotificationPage, UnreadCount};
use crate::error::AppError;

/// A page of the user's notifications, newest first.
#[server(prefix = "/fn", endpoint = "notifications/list", input = GetUrl)]
pub async fn list_notifications(query: ListQuery) -> Result<NotificationPage, AppError> {
    let (user, state) = crate::auth::server::request::signed_in().await?;
    state.notifier.list(&user.id, &query).await
}

/// The bell's data: unread count and the latest five.
#[server(prefix = "/fn", endpoint = "notifications/bell", input = GetUrl)]
pub async fn get_bell() -> Result<BellSnapshot, AppError> {
    let (user, state) = crate::auth::server::request::signed_in().await?;
    state.notifier.bell(&user.id).await
}

#[server(prefix = "/fn", endpoint = "notifications/unread-count", input = GetUrl)]
pub async fn get_unread_count() -> Result<UnreadCount, AppError> {
    let (user, state) = crate::auth::server::request::signed_in().await?;
    Ok(UnreadCount { count: state.notifier.counter(&user.id).await?.unread })
}

/// Marks one notification read (`read = true`) or unread.
#[server(prefix = "/fn", endpoint = "notifications/mark")]
pub async fn mark_notification(id: String, read: bool) -> Result<Notification, AppError> {
    let (user, state) = crate::auth::server::request::signed_in().await?;
    state.notifier.set_read(&user.id, &id, read).await
}

/// Marks one notification read and goes to its link (the notifications page when it has none).
#[server(prefix = "/fn", endpoint = "notifications/open")]
pub async fn open_notification(id: String) -> Result<Notification, AppError> {
    let (user, state) = crate::auth::server::request::signed_in().await?;
    let notification = state.notifier.set_read(&user.id, &id, true).await?;
    leptos_axum::redirect(notification.action_url.as_deref().unwrap_or("/notifications"));
    Ok(notification)
}

#[server(prefix = "/fn", endpoint = "notifications/mark-all-read")]
pub async fn mark_all_notifications_read() -> Result<UnreadCount, AppError> {
    let (user, state) = crate::auth::server::request::signed_in().await?;
    Ok(UnreadCount { count: state.notifier.mark_all_read(&user.id).await?.unread })
}

#[server(prefix = "/fn", endpoint = "notifications/delete")]
pub async fn delete_notification(id: String) -> Result<(), AppError> {
    let (user, state) = crate::auth::server::request::signed_in().await?;
    state.notifier.delete(&user.id, &id).await
}

/// Demo mode only: sends the signed-in user a notification of their choosing, so people
/// trying Hamro (and the end-to-end tests) can watch the bell work. 404 outside demo mode.
#[server(prefix = "/fn", endpoint = "notifications/demo")]
pub async fn send_demo_notification(input: super::model::DemoNotification) -> Result<Notification, AppError> {
    let (user, state) = crate::auth::server::request::signed_in().await?;
    if !state.settings.demo {
        return Err(AppError::not_found("This page"));
    }
    state.notifier.notify(&user.id, input.kind, &input.title, &input.message, input.action_url.as_deref()).await
}
