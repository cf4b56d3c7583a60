//! Whether a session still stands. A session ends, besides by its idle expiry (the session
//! layer's), when:
//! - it is older than the absolute lifetime (`HAMRO_SESSION_MAX_HOURS`, default a week),
//!   however active it was;
//! - its user's session generation moved on (a password change, "Sign out everywhere",
//!   disabling the account), the user was disabled or deleted, or the role changed.
//!
//! Each request checks the user's standing through a cache of a few seconds: on the
//! instance that made the change it takes effect at once, on others within
//! `STANDING_FRESH_FOR`. A session that no longer stands is deleted there and then.

use std::time::Duration;

use moka::future::Cache;
use tower_sessions::Session;

use super::{
    guard::user_in,
    password::PasswordHashString,
    standing_repo::{self, Standing},
};
use crate::{auth::model::CurrentUser, db::Db, error::AppError};

/// When the session began (unix seconds).
const SIGNED_IN_KEY: &str = "signed_in_at";
/// The user's session generation when it began.
const GENERATION_KEY: &str = "generation";
/// How long a user's standing is answered from memory.
pub(crate) const STANDING_FRESH_FOR: Duration = Duration::from_secs(5);

#[derive(Clone)]
pub(crate) struct SessionPolicy {
    db: Db,
    max_age: Duration,
    standings: Cache<String, Option<Standing>>,
}

impl SessionPolicy {
    pub(crate) fn new(db: Db, max_age: Duration) -> Self {
        let standings = Cache::builder().max_capacity(50_000).time_to_live(STANDING_FRESH_FOR).build();
        Self { db, max_age, standings }
    }

    /// Records when, and at which generation of the user's sessions, this one began.
    pub(crate) async fn begin(&self, session: &Session, generation: i64) -> Result<(), AppError> {
        let store = |e| AppError::internal("starting the session", e);
        session.insert(SIGNED_IN_KEY, chrono::Utc::now().timestamp()).await.map_err(store)?;
        session.insert(GENERATION_KEY, generation).await.map_err(store)
    }

    /// The session's user while the session stands; otherwise the session is deleted and
    /// the answer is no one.
    pub(crate) async fn current(&self, session: &Session) -> Result<Option<CurrentUser>, AppError> {
        let Some(user) = user_in(session).await? else { return Ok(None) };
        let began: Option<i64> = session.get(SIGNED_IN_KEY).await.ok().flatten();
        let generation: Option<i64> = session.get(GENERATION_KEY).await.ok().flatten();
        let age = began.map(|t| chrono::Utc::now().timestamp().saturating_sub(t));
        let ended = match (age, self.standing(&user.id).await?) {
            (None, _) => Some("began before sessions recorded their start"),
            (Some(age), _) if age >= self.max_age.as_secs() as i64 => Some("older than its absolute lifetime"),
            (_, None) => Some("the user no longer exists"),
            (_, Some(s)) if s.disabled => Some("the account is disabled"),
            (_, Some(s)) if Some(s.session_generation) != generation => Some("the user's sessions were ended"),
            (_, Some(s)) if s.is_admin != user.is_admin() => Some("the user's role changed"),
            _ => None,
        };
        let Some(reason) = ended else { return Ok(Some(user)) };
        tracing::info!(user_id = %user.id, reason, "session ended");
        session.flush().await.map_err(|e| AppError::internal("ending a session", e))?;
        Ok(None)
    }

    async fn standing(&self, user_id: &str) -> Result<Option<Standing>, AppError> {
        if let Some(standing) = self.standings.get(user_id).await {
            return Ok(standing);
        }
        let standing = standing_repo::standing(&self.db, user_id).await?;
        self.standings.insert(user_id.to_string(), standing).await;
        Ok(standing)
    }

    /// Ends every session of the user (and sets `disabled` or the password hash in the same
    /// write); returns the new generation.
    pub(crate) async fn end_all(
        &self,
        user_id: &str,
        disabled: Option<bool>,
        password_hash: Option<&PasswordHashString>,
    ) -> Result<i64, AppError> {
        let generation = standing_repo::end_sessions(&self.db, user_id, disabled, password_hash).await;
        self.standings.invalidate(user_id).await;
        generation?.ok_or_else(|| AppError::not_found("The account"))
    }
}
