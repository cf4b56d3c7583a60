//! `/api/notifications/*`: the notification center over REST. Every operation acts on the
//! signed-in user's own notifications; someone else's id is a 404, as if it didn't exist.

use axum::{
    Json,
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};

use super::ApiQuery;
use crate::{
    auth::server::guard::SignedIn,
    error::{AppError, ErrorEnvelope},
    notifications::{
        model::{ListQuery, Notification, UnreadCount},
        server::Notifier,
    },
};

/// The user's notifications, newest first.
#[utoipa::path(get, path = "/api/notifications", tag = "notifications", params(ListQuery),
    responses(
        (status = 200, body = Vec<Notification>),
        (status = 400, body = ErrorEnvelope, description = "limit outside 1..=100, or a bad `before` id"),
        (status = 401, body = ErrorEnvelope),
    ),
    security(("session_cookie" = [])))]
pub(crate) async fn list(
    SignedIn(user): SignedIn,
    State(notifier): State<Notifier>,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<Vec<Notification>>, AppError> {
    Ok(Json(notifier.list(&user.id, &query).await?.items))
}

/// The unread count. Answers `If-None-Match` with 304 while nothing changed for this user,
/// so polling costs one key read and no body.
#[utoipa::path(get, path = "/api/notifications/unread-count", tag = "notifications",
    params(("If-None-Match" = Option<String>, Header, description = "The ETag of the last answer")),
    responses(
        (status = 200, body = UnreadCount, headers(("ETag" = String))),
        (status = 304, description = "Unchanged since the ETag sent"),
        (status = 401, body = ErrorEnvelope),
    ),
    security(("session_cookie" = [])))]
pub(crate) async fn unread_count(
    SignedIn(user): SignedIn,
    State(notifier): State<Notifier>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let counter = notifier.counter(&user.id).await?;
    // The user's id is part of the tag: a browser shared by two accounts never gets the
    // other one's count from its cache.
    let etag = format!("\"{}.{}\"", user.id, counter.version);
    let etag_value = HeaderValue::from_str(&etag).map_err(|e| AppError::internal("building an ETag", e))?;
    let cache = [
        (header::ETAG, etag_value),
        (header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache")),
        (header::VARY, HeaderValue::from_static("Cookie")),
    ];
    let unchanged = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    if unchanged {
        return Ok((StatusCode::NOT_MODIFIED, cache).into_response());
    }
    Ok((cache, Json(UnreadCount { count: counter.unread })).into_response())
}

/// Marks a notification read.
#[utoipa::path(put, path = "/api/notifications/{id}/read", tag = "notifications",
    params(("id" = String, Path, description = "Notification id")),
    responses((status = 200, body = Notification), (status = 400, body = ErrorEnvelope),
              (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)),
    security(("session_cookie" = [])))]
pub(crate) async fn mark_read(
    SignedIn(user): SignedIn,
    State(notifier): State<Notifier>,
    Path(id): Path<String>,
) -> Result<Json<Notification>, AppError> {
    notifier.set_read(&user.id, &id, true).await.map(Json)
}

/// Marks a notification unread again.
#[utoipa::path(put, path = "/api/notifications/{id}/unread", tag = "notifications",
    params(("id" = String, Path, description = "Notification id")),
    responses((status = 200, body = Notification), (status = 400, body = ErrorEnvelope),
              (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)),
    security(("session_cookie" = [])))]
pub(crate) async fn mark_unread(
    SignedIn(user): SignedIn,
    State(notifier): State<Notifier>,
    Path(id): Path<String>,
) -> Result<Json<Notification>, AppError> {
    notifier.set_read(&user.id, &id, false).await.map(Json)
}

/// Marks every notification read; answers the new unread count (0).
#[utoipa::path(put, path = "/api/notifications/mark-all-read", tag = "notifications",
    responses((status = 200, body = UnreadCount), (status = 401, body = ErrorEnvelope)),
    security(("session_cookie" = [])))]
pub(crate) async fn mark_all_read(
    SignedIn(user): SignedIn,
    State(notifier): State<Notifier>,
) -> Result<Json<UnreadCount>, AppError> {
    let counter = notifier.mark_all_read(&user.id).await?;
    Ok(Json(UnreadCount { count: counter.unread }))
}

/// Deletes a notification.
#[utoipa::path(delete, path = "/api/notifications/{id}", tag = "notifications",
    params(("id" = String, Path, description = "Notification id")),
    responses((status = 204, description = "Deleted"), (status = 400, body = ErrorEnvelope),
              (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)),
    security(("session_cookie" = [])))]
pub(crate) async fn delete(
    SignedIn(user): SignedIn,
    State(notifier): State<Notifier>,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    notifier.delete(&user.id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
