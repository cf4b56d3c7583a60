//! The OpenAPI document: every REST path, its schemas, and the cookie security scheme.

use utoipa::{
    Modify, OpenApi,
    openapi::security::{ApiKey, ApiKeyValue, SecurityScheme},
};

use super::{auth, health, notifications};
use crate::{
    auth::model::{CurrentUser, LoginInput, Role},
    error::{ErrorBody, ErrorEnvelope},
    notifications::model::{Notification, NotificationType, UnreadCount},
    startup::SESSION_COOKIE,
};

#[derive(OpenApi)]
#[openapi(
    info(title = "Hamro API", description = "The Hamro seller platform's JSON API. Sign in with POST /api/auth/login; \
        the session cookie it sets authenticates every other call."),
    paths(
        health::healthz, auth::login, auth::logout, auth::me,
        notifications::list, notifications::unread_count, notifications::mark_read, notifications::mark_unread,
        notifications::mark_all_read, notifications::delete,
    ),
    components(schemas(
        CurrentUser, LoginInput, Role, ErrorEnvelope, ErrorBody, health::Health,
        Notification, NotificationType, UnreadCount,
    )),
    modifiers(&SessionCookie),
    tags(
        (name = "auth", description = "Signing in and out"),
        (name = "notifications", description = "The signed-in user's notifications"),
        (name = "system", description = "Health"),
    ),
)]
pub struct ApiDoc;

struct SessionCookie;

impl Modify for SessionCookie {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session_cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(SESSION_COOKIE))),
        );
    }
}
