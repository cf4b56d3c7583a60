//! Role guards. Every server function and REST handler takes one of these before touching
//! data (REST as an axum extractor, server functions through `request::caller`); page
//! redirects are a convenience, never the enforcement.

use axum::{extract::FromRequestParts, http::request::Parts};
use tower_sessions::Session;

use crate::{
    auth::model::{CurrentUser, Role},
    error::AppError,
};

/// The session key under which the signed-in user is kept.
pub(crate) const USER_KEY: &str = "user";
/// When the session was last seen active (unix seconds).
const SEEN_KEY: &str = "seen";
/// Activity extends the session's idle expiry, at most this often (each extension is a write).
const EXTEND_EVERY_SECS: i64 = 300;

/// The user stored in this session, if any. Being asked counts as activity: the session's
/// idle expiry is pushed back (saved at most every five minutes, to keep reads cheap).
/// Whether the session still stands is `sessions`' question; `request_user` asks both.
pub(crate) async fn user_in(session: &Session) -> Result<Option<CurrentUser>, AppError> {
    let user =
        session.get::<CurrentUser>(USER_KEY).await.map_err(|e| AppError::internal("reading the session user", e))?;
    if user.is_some() {
        let now = chrono::Utc::now().timestamp();
        let seen = session.get::<i64>(SEEN_KEY).await.ok().flatten();
        if seen.is_none_or(|seen| now - seen >= EXTEND_EVERY_SECS) {
            session.insert(SEEN_KEY, now).await.map_err(|e| AppError::internal("extending the session", e))?;
        }
    }
    Ok(user)
}

/// Records activity now (at sign-in), so the next extension is five minutes away.
pub(crate) async fn mark_seen(session: &Session) -> Result<(), AppError> {
    session
        .insert(SEEN_KEY, chrono::Utc::now().timestamp())
        .await
        .map_err(|e| AppError::internal("extending the session", e))
}

/// 401 when no one is signed in, 403 when the role is not the one required.
pub(crate) fn require(user: Option<CurrentUser>, role: Option<Role>) -> Result<CurrentUser, AppError> {
    let user = user.ok_or(AppError::Unauthorized)?;
    match role {
        Some(role) if user.role != role => Err(AppError::Forbidden),
        _ => Ok(user),
    }
}

/// The request's user, as `request_user::resolve` found it. A request it could not resolve
/// is refused (500, the cause logged there), never let through on a guess.
fn signed_in_user(parts: &Parts) -> Result<Option<CurrentUser>, AppError> {
    match parts.extensions.get::<RequestUser>() {
        Some(RequestUser(user)) => Ok(user.clone()),
        None => Err(AppError::internal("guard", "the request's user was not resolved")),
    }
}

/// Whoever is signed in, or no one (never refuses).
pub(crate) struct MaybeUser(pub Option<CurrentUser>);
/// Any signed-in user.
pub(crate) struct SignedIn(pub CurrentUser);
/// A signed-in seller.
pub(crate) struct SellerUser(pub CurrentUser);
/// A signed-in admin.
pub(crate) struct AdminUser(pub CurrentUser);

/// The signed-in user of this request (`None`: no one), as the session middleware
/// (`request_user::resolve`) found it, in the request's extensions.
#[derive(Clone, Debug)]
pub(crate) struct RequestUser(pub Option<CurrentUser>);

/// A guard checks a resolved user: what server functions use, so they need not clone the
/// request to run an extractor.
pub(crate) trait Guard: Sized {
    fn check(user: Option<CurrentUser>) -> Result<Self, AppError>;
}

impl Guard for MaybeUser {
    fn check(user: Option<CurrentUser>) -> Result<Self, AppError> {
        Ok(Self(user))
    }
}

impl Guard for SignedIn {
    fn check(user: Option<CurrentUser>) -> Result<Self, AppError> {
        require(user, None).map(Self)
    }
}

impl Guard for SellerUser {
    fn check(user: Option<CurrentUser>) -> Result<Self, AppError> {
        require(user, Some(Role::Seller)).map(Self)
    }
}

impl Guard for AdminUser {
    fn check(user: Option<CurrentUser>) -> Result<Self, AppError> {
        require(user, Some(Role::Admin)).map(Self)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for MaybeUser {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        signed_in_user(parts).map(Self)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        require(signed_in_user(parts)?, None).map(Self)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for SellerUser {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        require(signed_in_user(parts)?, Some(Role::Seller)).map(Self)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for AdminUser {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        require(signed_in_user(parts)?, Some(Role::Admin)).map(Self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role) -> CurrentUser {
        CurrentUser { id: "u1".into(), email: "a@b.co".into(), name: "A".into(), role }
    }

    #[test]
    fn guards_answer_401_then_403() {
        assert_eq!(require(None, None).unwrap_err(), AppError::Unauthorized);
        assert_eq!(require(None, Some(Role::Admin)).unwrap_err(), AppError::Unauthorized);
        assert_eq!(require(Some(user(Role::Seller)), Some(Role::Admin)).unwrap_err(), AppError::Forbidden);
        assert!(require(Some(user(Role::Admin)), Some(Role::Admin)).is_ok());
        assert!(require(Some(user(Role::Seller)), None).is_ok());
    }
}
