//! Whether a user's sessions still stand: the `session_generation` and `disabled` fields of
//! the `user` table (migration 0015), and the writes that end every session at once.

use surrealdb::types::SurrealValue;

use super::password::PasswordHashString;
use crate::{
    auth::model::{Role, UserAccount},
    db::Db,
    error::AppError,
};

/// What a session is checked against on every request (through a short cache).
#[derive(Clone, Copy, Debug, PartialEq, Eq, SurrealValue)]
pub(crate) struct Standing {
    pub(crate) session_generation: i64,
    pub(crate) disabled: bool,
    pub(crate) is_admin: bool,
}

/// The user's standing; `None` when the user no longer exists.
pub(crate) async fn standing(db: &Db, user_id: &str) -> Result<Option<Standing>, AppError> {
    db.query(
        "SELECT session_generation ?? 0 AS session_generation, disabled ?? false AS disabled, role = 'admin' AS is_admin
         FROM type::record('user', $id)",
    )
    .bind(("id", user_id.to_string()))
    .await
    .and_then(|mut r| r.take(0))
    .map_err(|e| AppError::internal("reading a user's standing", e))
}

/// Ends every session of the user (the next generation); returns it, `None` when the user
/// doesn't exist. `disabled` and `password_hash`, when given, change in the same write.
pub(crate) async fn end_sessions(
    db: &Db,
    user_id: &str,
    disabled: Option<bool>,
    password_hash: Option<&PasswordHashString>,
) -> Result<Option<i64>, AppError> {
    db.query(
        "UPDATE type::record('user', $id) SET
             session_generation = (session_generation ?? 0) + 1,
             disabled = $disabled ?? (disabled ?? false),
             password_hash = $hash ?? password_hash
         RETURN VALUE session_generation",
    )
    .bind(("id", user_id.to_string()))
    .bind(("disabled", disabled))
    .bind(("hash", password_hash.map(|h| h.0.clone())))
    .await
    .and_then(|mut r| r.take(0))
    .map_err(|e| AppError::internal("ending a user's sessions", e))
}

/// The user's stored password hash (for a password change, which asks for the current one).
pub(crate) async fn password_hash(db: &Db, user_id: &str) -> Result<Option<PasswordHashString>, AppError> {
    let hash: Option<String> = db
        .query("SELECT VALUE password_hash FROM type::record('user', $id)")
        .bind(("id", user_id.to_string()))
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("reading a password hash", e))?;
    Ok(hash.map(PasswordHashString))
}

#[derive(SurrealValue)]
struct AccountRow {
    id: String,
    email: String,
    name: String,
    role: String,
    disabled: bool,
}

/// Every account, admins first, then by name (for the admins' users page).
pub(crate) async fn accounts(db: &Db) -> Result<Vec<UserAccount>, AppError> {
    let rows: Vec<AccountRow> = db
        .query(
            "SELECT <string> record::id(id) AS id, email, name, role, disabled ?? false AS disabled
             FROM user ORDER BY role, name LIMIT 1000",
        )
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("listing accounts", e))?;
    rows.into_iter()
        .map(|r| {
            let role: Role = r.role.parse().map_err(|e: String| AppError::internal("reading an account", e))?;
            Ok(UserAccount { id: r.id, email: r.email, name: r.name, role, disabled: r.disabled })
        })
        .collect()
}
