//! Server functions for signing in and out. Each is a public endpoint at a stable URL under
//! `/fn/auth/`; the logic lives in `server::service`.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::{CurrentUser, LoginInput, PasswordChange, UserAccount};
use crate::error::AppError;

/// Signs in with e-mail and password, rotates the session id, and sends the user on: to
/// `next` when it is a path inside Hamro, else to their dashboard (a 302 for plain form
/// posts, a client-side navigation otherwise).
#[server(prefix = "/fn", endpoint = "auth/login")]
pub async fn login(input: LoginInput, next: Option<String>) -> Result<CurrentUser, AppError> {
    use super::server::{Auth, request};
    let auth = request::service::<Auth>()?;
    let ip = request::client_ip();
    let session = request::session().await?;
    let user = auth.login(&session, ip, input).await?;
    let target = next.filter(|n| super::model::is_local_path(n)).unwrap_or_else(|| user.role.home().to_string());
    leptos_axum::redirect(&target);
    Ok(user)
}

/// Signs out: the session is deleted from the store and its cookie removed.
#[server(prefix = "/fn", endpoint = "auth/logout")]
pub async fn logout() -> Result<(), AppError> {
    use super::server::{request, service};
    let session = request::session().await?;
    service::logout(&session).await?;
    leptos_axum::redirect("/login");
    Ok(())
}

/// The signed-in user, or `None`.
#[server(prefix = "/fn", endpoint = "auth/me", input = GetUrl)]
pub async fn get_current_user() -> Result<Option<CurrentUser>, AppError> {
    use super::server::{guard::MaybeUser, request};
    let MaybeUser(user) = request::caller().await?;
    Ok(user)
}

/// Changes the signed-in user's password (the current one is checked); every other session
/// of the user ends, this one goes on.
#[server(prefix = "/fn", endpoint = "auth/password")]
pub async fn change_password(change: PasswordChange) -> Result<(), AppError> {
    use super::server::{Auth, guard::SignedIn, request};
    let (SignedIn(user), auth) = request::guarded::<_, Auth>().await?;
    let session = request::session().await?;
    auth.change_password(&session, request::client_ip(), &user, change).await?;
    leptos_axum::redirect("/settings/password?changed=1");
    Ok(())
}

/// Ends every session of the signed-in user, this one included.
#[server(prefix = "/fn", endpoint = "auth/sign-out-everywhere")]
pub async fn sign_out_everywhere() -> Result<(), AppError> {
    use super::server::{Auth, guard::SignedIn, request};
    let (SignedIn(user), auth) = request::guarded::<_, Auth>().await?;
    let session = request::session().await?;
    auth.sign_out_everywhere(&session, &user).await?;
    leptos_axum::redirect("/login");
    Ok(())
}

/// Every account, for admins.
#[server(prefix = "/fn", endpoint = "admin/users", input = GetUrl)]
pub async fn admin_list_users() -> Result<Vec<UserAccount>, AppError> {
    use super::server::{Auth, guard::AdminUser, request};
    let (AdminUser(_), auth) = request::guarded::<_, Auth>().await?;
    auth.accounts().await
}

/// An admin disables an account (ending its sessions) or enables it again.
#[server(prefix = "/fn", endpoint = "admin/users/standing")]
pub async fn admin_set_disabled(id: String, disabled: bool) -> Result<(), AppError> {
    use super::server::{Auth, guard::AdminUser, request};
    let (AdminUser(admin), auth) = request::guarded::<_, Auth>().await?;
    auth.set_disabled(&admin, &id, disabled).await?;
    leptos_axum::redirect("/admin/users");
    Ok(())
}
