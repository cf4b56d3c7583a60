//! `/api/auth/password`, `/api/auth/sign-out-everywhere` and `/api/admin/users/*`: a user's
//! own password and sessions, and admins disabling accounts. Same service as the pages.

use axum::{
    Extension, Json,
    extract::{Path, State},
    http::StatusCode,
};
use tower_sessions::Session;

use super::ApiJson;
use crate::{
    auth::{
        model::{PasswordChange, UserAccount},
        server::{
            Auth,
            guard::{AdminUser, SignedIn},
        },
    },
    error::{AppError, ErrorEnvelope},
    security::ClientAddr,
};

/// Change the signed-in user's password. Every other session of the user ends; this one
/// goes on (under a new session id: the response sets the cookie again).
#[utoipa::path(post, path = "/api/auth/password", tag = "auth", request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed; other sessions ended"),
        (status = 400, body = ErrorEnvelope, description = "Wrong current password, or a new one that doesn't qualify"),
        (status = 401, body = ErrorEnvelope), (status = 429, body = ErrorEnvelope)),
    security(("session_cookie" = [])))]
pub(crate) async fn change_password(
    SignedIn(user): SignedIn,
    State(auth): State<Auth>,
    Extension(client): Extension<ClientAddr>,
    session: Session,
    ApiJson(change): ApiJson<PasswordChange>,
) -> Result<StatusCode, AppError> {
    auth.change_password(&session, client.0, &user, change).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// End every session of the signed-in user, this one included.
#[utoipa::path(post, path = "/api/auth/sign-out-everywhere", tag = "auth",
    responses((status = 204, description = "Every session ended"), (status = 401, body = ErrorEnvelope)),
    security(("session_cookie" = [])))]
pub(crate) async fn sign_out_everywhere(
    SignedIn(user): SignedIn,
    State(auth): State<Auth>,
    session: Session,
) -> Result<StatusCode, AppError> {
    auth.sign_out_everywhere(&session, &user).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Every account (admins).
#[utoipa::path(get, path = "/api/admin/users", tag = "admin",
    responses((status = 200, body = [UserAccount]), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)),
    security(("session_cookie" = [])))]
pub(crate) async fn list(
    AdminUser(_admin): AdminUser,
    State(auth): State<Auth>,
) -> Result<Json<Vec<UserAccount>>, AppError> {
    auth.accounts().await.map(Json)
}

/// Disable an account: its sessions end and it cannot sign in (admins; not their own).
#[utoipa::path(post, path = "/api/admin/users/{id}/disable", tag = "admin",
    params(("id" = String, Path, description = "The user's id")),
    responses((status = 204), (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope, description = "Your own account")),
    security(("session_cookie" = [])))]
pub(crate) async fn disable(
    AdminUser(admin): AdminUser,
    State(auth): State<Auth>,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    auth.set_disabled(&admin, &id, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Enable a disabled account again (admins).
#[utoipa::path(post, path = "/api/admin/users/{id}/enable", tag = "admin",
    params(("id" = String, Path, description = "The user's id")),
    responses((status = 204), (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope, description = "Your own account")),
    security(("session_cookie" = [])))]
pub(crate) async fn enable(
    AdminUser(admin): AdminUser,
    State(auth): State<Auth>,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    auth.set_disabled(&admin, &id, false).await?;
    Ok(StatusCode::NO_CONTENT)
}
