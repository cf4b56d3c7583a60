//! The account logic shared by the server functions, the REST endpoints and the CLI:
//! signing in and out, creating accounts, and what other domains may ask about users.

use std::{net::IpAddr, time::Duration};

use chrono::{DateTime, Utc};
use secrecy::SecretString;
use tower_sessions::Session;

use super::{guard::USER_KEY, password, rate_limit::LoginLimiter, repo, sessions::SessionPolicy, standing_repo};
pub(crate) use crate::auth::model::MIN_NEW_PASSWORD_LEN;
use crate::{
    auth::model::{
        CurrentUser, LoginInput, MAX_PASSWORD_LEN, PasswordChange, Role, SellerRef, UserAccount, normalize_email,
    },
    db::Db,
    error::AppError,
    validation::validate,
};

/// Signing in and out, the sign-in limits, and whether sessions still stand.
#[derive(Clone)]
pub struct Auth {
    db: Db,
    limiter: LoginLimiter,
    sessions: SessionPolicy,
}

impl Auth {
    /// `session_max_age`: how long a session may last however active it is.
    pub(crate) fn new(db: Db, attempts_per_minute: u32, session_max_age: Duration) -> Self {
        let sessions = SessionPolicy::new(db.clone(), session_max_age);
        Self { db, limiter: LoginLimiter::new(attempts_per_minute), sessions }
    }

    /// The session's user while the session stands (see `sessions`); a session that no
    /// longer does is deleted, and the answer is no one.
    pub(crate) async fn current(&self, session: &Session) -> Result<Option<CurrentUser>, AppError> {
        self.sessions.current(session).await
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
        self.limiter.check(ip, &email).await?;

        let found = repo::find_by_email(&self.db, &email).await?;
        let stored = found.as_ref().map(|u| u.password_hash.clone());
        let matches = password::verify(SecretString::from(input.password), stored).await?;
        let Some(user) = found.filter(|_| matches) else {
            self.limiter.failed(ip, &email).await;
            tracing::info!(%ip, "sign-in refused: invalid credentials");
            return Err(AppError::InvalidCredentials);
        };
        if user.disabled {
            tracing::info!(user_id = %user.id, "sign-in refused: the account is disabled");
            return Err(AppError::conflict("This account has been disabled. Contact the platform's admins."));
        }

        let current = user.to_current();
        // A new id at sign-in, so a session id planted before sign-in is worthless after it.
        session.cycle_id().await.map_err(|e| AppError::internal("rotating the session id", e))?;
        session.insert(USER_KEY, &current).await.map_err(|e| AppError::internal("storing the session user", e))?;
        self.sessions.begin(session, user.session_generation).await?;
        super::guard::mark_seen(session).await?;
        tracing::info!(user_id = %current.id, role = current.role.as_str(), "signed in");
        Ok(current)
    }
}

impl Auth {
    /// Changes the signed-in user's password, after checking the current one (wrong guesses
    /// count against the sign-in limits). Every other session of the user ends; this one
    /// goes on, under a new id.
    pub(crate) async fn change_password(
        &self,
        session: &Session,
        ip: IpAddr,
        user: &CurrentUser,
        change: PasswordChange,
    ) -> Result<(), AppError> {
        change.check()?;
        self.limiter.check(ip, &user.email).await?;
        let stored = standing_repo::password_hash(&self.db, &user.id).await?;
        if !password::verify(SecretString::from(change.current_password), stored).await? {
            self.limiter.failed(ip, &user.email).await;
            return Err(AppError::field("current_password", "That is not your current password."));
        }
        let hash = password::hash(SecretString::from(change.new_password)).await?;
        let generation = self.sessions.end_all(&user.id, None, Some(&hash)).await?;
        session.cycle_id().await.map_err(|e| AppError::internal("rotating the session id", e))?;
        self.sessions.begin(session, generation).await?;
        tracing::info!(user_id = %user.id, "password changed; other sessions ended");
        Ok(())
    }

    /// Ends every session of the signed-in user, this one included.
    pub(crate) async fn sign_out_everywhere(&self, session: &Session, user: &CurrentUser) -> Result<(), AppError> {
        self.sessions.end_all(&user.id, None, None).await?;
        tracing::info!(user_id = %user.id, "signed out everywhere");
        session.flush().await.map_err(|e| AppError::internal("deleting the session", e))
    }

    /// An admin disables (ending every session) or enables an account; never their own.
    pub(crate) async fn set_disabled(
        &self,
        admin: &CurrentUser,
        user_id: &str,
        disabled: bool,
    ) -> Result<(), AppError> {
        if admin.id == user_id {
            return Err(AppError::conflict("You can't disable or enable your own account."));
        }
        self.sessions.end_all(user_id, Some(disabled), None).await?;
        tracing::info!(admin_id = %admin.id, user_id, disabled, "account standing changed");
        Ok(())
    }

    /// Every account (for the admins' users page).
    pub(crate) async fn accounts(&self) -> Result<Vec<UserAccount>, AppError> {
        standing_repo::accounts(&self.db).await
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
