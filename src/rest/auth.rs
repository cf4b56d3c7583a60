//! `/api/auth/*`: sign in, sign out, who am I. Same service as the sign-in form.

use axum::{Extension, Json, extract::State, http::StatusCode};
use tower_sessions::Session;

use super::ApiJson;
use crate::{
    auth::{
        model::{CurrentUser, LoginInput},
        server::{Auth, guard::SignedIn, service},
    },
    error::{AppError, ErrorEnvelope},
    security::ClientAddr,
};

/// Sign in. Sets the session cookie (HttpOnly, SameSite=Lax; Secure in production).
#[utoipa::path(post, path = "/api/auth/login", tag = "auth", request_body = LoginInput,
    responses(
        (status = 200, body = CurrentUser, description = "Signed in; the session cookie is set"),
        (status = 400, body = ErrorEnvelope, description = "Malformed JSON or invalid fields"),
        (status = 401, body = ErrorEnvelope, description = "Invalid email or password"),
        (status = 429, body = ErrorEnvelope, description = "Too many failed attempts; see Retry-After"),
        (status = 503, body = ErrorEnvelope, description = "Busy checking other sign-ins; see Retry-After"),
    ))]
pub(crate) async fn login(
    State(auth): State<Auth>,
    Extension(client): Extension<ClientAddr>,
    session: Session,
    ApiJson(input): ApiJson<LoginInput>,
) -> Result<Json<CurrentUser>, AppError> {
    auth.login(&session, client.0, input).await.map(Json)
}

/// Sign out: the session is deleted and the cookie cleared.
#[utoipa::path(post, path = "/api/auth/logout", tag = "auth",
    responses((status = 204, description = "Signed out (also when no one was signed in)")))]
pub(crate) async fn logout(session: Session) -> Result<StatusCode, AppError> {
    service::logout(&session).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/auth/me", tag = "auth",
    responses((status = 200, body = CurrentUser), (status = 401, body = ErrorEnvelope, description = "Not signed in")),
    security(("session_cookie" = [])))]
pub(crate) async fn me(SignedIn(user): SignedIn) -> Json<CurrentUser> {
    Json(user)
}
