//! The demo's one server function: send yourself a notification, to watch the bell work.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::{
    auth::server::{guard::SignedIn, request},
    config::Settings,
    notifications::server::Notifier,
};
use crate::{
    error::AppError,
    notifications::model::{Notification, NotificationType},
};

/// The demo-mode "send me a test notification" form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoNotification {
    pub kind: NotificationType,
    pub title: String,
    pub message: String,
    pub action_url: Option<String>,
}

/// Demo mode only: sends the signed-in user a notification of their choosing, so people
/// trying Hamro (and the end-to-end tests) can watch the bell work. Outside demo mode it
/// answers 404, as if it weren't there.
#[server(prefix = "/fn", endpoint = "notifications/demo")]
pub async fn send_demo_notification(input: DemoNotification) -> Result<Notification, AppError> {
    let settings = request::service::<std::sync::Arc<Settings>>()?;
    if !settings.demo {
        return Err(AppError::not_found("This page"));
    }
    let (SignedIn(user), notifier) = request::guarded::<_, Notifier>().await?;
    notifier.notify(&user.id, input.kind, &input.title, &input.message, input.action_url.as_deref()).await
}
