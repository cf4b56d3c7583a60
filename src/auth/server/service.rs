//! The account logic shared by the server functions, the REST endpoints and the CLI:
//! signing in and out, creating accounts, and what other domains may ask about users.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use secrecy::SecretString;
use tower_sessions::Session;

use super::{guard::USER_KEY, password, rate_limit::LoginLimiter, repo};
use crate::{
    auth::model::{CurrentUser, LoginInput, MAX_PASSWORD_LEN, Role, SellerRef, normalize_email},
    db::Db,
    error::AppError,
    validation::validate,
};

/// The shortest password an account may be given (sign-in accepts whatever was set).
pub(crate) const MIN_NEW_PASSWORD_LEN: usize = 10;

/// Signing in: the users and the sign-in rate limits.
#[derive(Clone)]
pub struct Auth {
    db: Db,
    limiter: LoginLimiter,
}

impl Auth {
    pub(crate) fn new(db: Db, attempts_per_minute: u32) -> Self {
        Self { db, limiter: LoginLimiter::new(attempts_per_minute) }
    }

    /// Forgets idle rate-limit entries now and then, for as long as the process runs.
    pub(crate) fn spawn_cleanup(&self) {
        self.limiter.spawn_cleanup();
    }

    /// Checks the credentials and, when they match, starts a fresh session for the user.
    pub(crate) async fn login(
        &self,
        session: &Session,
        ip: IpAddr,
        input: LoginInput,
    ) -> Result<CurrentUser, AppError> {
        validate(&input)?;
        let email = normalize_email(&input.email);
        self.limiter.check(ip, &email)?;

        let found = repo::find_by_email(&self.db, &email).await?;
        let stored = found.as_ref().map(|u| u.password_hash.clone());
        let matches = password::verify(SecretString::from(input.password), stored).await?;
        let Some(user) = found.filter(|_| matches) else {
            tracing::info!(%ip, "sign-in refused: invalid credentials");
            return Err(AppError::InvalidCredentials);
        };

        let current = user.to_current();
        // A new id at sign-in, so a session id planted before sign-in is worthless after it.
        session.cycle_id().await.map_err(|e| AppError::internal("rotating the session id", e))?;
        session.insert(USER_KEY, &current).await.map_err(|e| AppError::internal("storing the session user", e))?;
        super::guard::mark_seen(session).await?;
        tracing::info!(user_id = %current.id, role = current.role.as_str(), "signed in");
        Ok(current)
    }
}

/// Deletes the session from the store; the cookie is removed with the response.
pub(crate) async fn logout(session: &Session) -> Result<(), AppError> {
    if let Ok(Some(user)) = session.get::<CurrentUser>(USER_KEY).await {
        tracing::info!(user_id = %user.id, "signed out");
    }
    session.flush().await.map_err(|e| AppError::internal("deleting the session", e))
}

/// What a new account needs.
pub struct NewAccount {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub password: SecretString,
}

/// Creates an account, or reports that the e-mail address is taken.
pub async fn create_account(db: &Db, account: NewAccount) -> Result<CurrentUser, AppError> {
    use secrecy::ExposeSecret;
    let email = normalize_email(&account.email);
    let probe = LoginInput { email: email.clone(), password: "x".into() };
    validate(&probe)?;
    let name = account.name.trim().to_string();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::field("name", "Enter a name of 1 to 100 characters."));
    }
    let len = account.password.expose_secret().chars().count();
    if len < MIN_NEW_PASSWORD_LEN || len > MAX_PASSWORD_LEN as usize {
        return Err(AppError::field(
            "password",
            format!("Use a password of {MIN_NEW_PASSWORD_LEN} to {MAX_PASSWORD_LEN} characters."),
        ));
    }
    let hash = password::hash(account.password).await?;
    repo::insert(db, &email, &name, account.role, &hash).await
}

/// Every seller, by name (for admins' filters).
pub(crate) async fn sellers(db: &Db) -> Result<Vec<SellerRef>, AppError> {
    repo::sellers(db).await
}

/// When the user's account was created.
pub(crate) async fn member_since(db: &Db, user: &CurrentUser) -> Result<DateTime<Utc>, AppError> {
    repo::created_at(db, &user.id).await?.ok_or_else(|| AppError::not_found("Your account"))
}

/// How many users have each role: (sellers, admins).
pub(crate) async fn role_counts(db: &Db) -> Result<(u64, u64), AppError> {
    let counts = repo::role_counts(db).await?;
    let count = |role: Role| counts.iter().find(|(r, _)| *r == role).map_or(0, |(_, n)| *n);
    Ok((count(Role::Seller), count(Role::Admin)))
}

/// The ids of every admin (whom `notify_admins` tells).
pub(crate) async fn admin_ids(db: &Db) -> Result<Vec<String>, AppError> {
    repo::ids_with_role(db, Role::Admin).await
}
