//! The OpenAPI document: every REST path, its schemas, and the cookie security scheme.

use utoipa::{
    Modify, OpenApi,
    openapi::security::{ApiKey, ApiKeyValue, SecurityScheme},
};

use super::{auth, health};
use crate::{
    auth::model::{CurrentUser, LoginInput, Role},
    error::{ErrorBody, ErrorEnvelope},
    startup::SESSION_COOKIE,
};

#[derive(OpenApi)]
#[openapi(
    info(title = "Hamro API", description = "The Hamro seller platform's JSON API. Sign in with POST /api/auth/login; \
        the session cookie it sets authenticates every other call."),
    paths(health::healthz, auth::login, auth::logout, auth::me),
    components(schemas(CurrentUser, LoginInput, Role, ErrorEnvelope, ErrorBody, health::Health)),
    modifiers(&SessionCookie),
    tags((name = "auth", description = "Signing in and out"), (name = "system", description = "Health")),
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
