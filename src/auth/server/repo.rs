//! The `user` table: SurrealQL with bound parameters, rows mapped to model types.

use surrealdb::types::SurrealValue;

use super::password::PasswordHashString;
use chrono::{DateTime, Utc};

use crate::{
    auth::model::{CurrentUser, Role, SellerRef},
    db::{Db, DbError, new_key, retry_on_conflict, root_error},
    error::AppError,
};

/// A user row, with the password hash that never leaves the server.
#[derive(SurrealValue)]
struct UserRow {
    id: String,
    email: String,
    name: String,
    role: String,
    password_hash: String,
    session_generation: i64,
    disabled: bool,
}

pub struct StoredUser {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub(crate) password_hash: PasswordHashString,
    /// The generation a new session records (see `standing_repo`).
    pub(crate) session_generation: i64,
    /// Disabled by an admin: cannot sign in.
    pub(crate) disabled: bool,
}

impl StoredUser {
    pub fn to_current(&self) -> CurrentUser {
        CurrentUser { id: self.id.clone(), email: self.email.clone(), name: self.name.clone(), role: self.role }
    }
}

impl TryFrom<UserRow> for StoredUser {
    type Error = AppError;
    fn try_from(row: UserRow) -> Result<Self, AppError> {
        let role = row.role.parse().map_err(|e: String| AppError::internal("reading a user row", e))?;
        Ok(Self {
            id: row.id,
            email: row.email,
            name: row.name,
            role,
            password_hash: PasswordHashString(row.password_hash),
            session_generation: row.session_generation,
            disabled: row.disabled,
        })
    }
}

const USER_FIELDS: &str = "<string> record::id(id) AS id, email, name, role, password_hash, \
     session_generation ?? 0 AS session_generation, disabled ?? false AS disabled";

pub async fn find_by_email(db: &Db, email: &str) -> Result<Option<StoredUser>, AppError> {
    let row: Option<UserRow> = db
        .query(format!("SELECT {USER_FIELDS} FROM user WHERE email = $email LIMIT 1"))
        .bind(("email", email.to_string()))
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("finding a user by email", e))?;
    row.map(StoredUser::try_from).transpose()
}

/// The ids of every user with this role (admins, for `notify_admins`).
pub(crate) async fn ids_with_role(db: &Db, role: Role) -> Result<Vec<String>, AppError> {
    db.query("SELECT VALUE <string> record::id(id) FROM user WHERE role = $role")
        .bind(("role", role.as_str()))
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("listing users by role", e))
}

/// Inserts a user; an e-mail address already in use is a field error, checked and written
/// in one transaction (the unique index is the last line of defence).
pub(crate) async fn insert(
    db: &Db,
    email: &str,
    name: &str,
    role: Role,
    hash: &PasswordHashString,
) -> Result<CurrentUser, AppError> {
    let id = new_key();
    let outcome = retry_on_conflict(|| async {
        let mut results = db
            .query(
                "BEGIN;
                 IF (SELECT VALUE id FROM user WHERE email = $email LIMIT 1) { THROW 'email_taken' };
                 CREATE type::record('user', $id) CONTENT { email: $email, name: $name, role: $role, password_hash: $hash };
                 COMMIT;",
            )
            .bind(("id", id.clone()))
            .bind(("email", email.to_string()))
            .bind(("name", name.to_string()))
            .bind(("role", role.as_str()))
            .bind(("hash", hash.0.clone()))
            .await?;
        match root_error(&mut results) {
            Some(e) => Err(e),
            None => Ok(()),
        }
    })
    .await;
    match outcome {
        Ok(()) => Ok(CurrentUser { id, email: email.to_string(), name: name.to_string(), role }),
        Err(DbError::Thrown(reason)) if reason == "email_taken" => {
            Err(AppError::field("email", "An account with this email address already exists."))
        }
        Err(e) => Err(e.into_app("creating a user")),
    }
}

#[derive(SurrealValue)]
struct SellerRow {
    id: String,
    name: String,
}

/// Every seller, by name.
pub(crate) async fn sellers(db: &Db) -> Result<Vec<SellerRef>, AppError> {
    let rows: Vec<SellerRow> = db
        .query("SELECT <string> record::id(id) AS id, name FROM user WHERE role = 'seller' ORDER BY name")
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("listing sellers", e))?;
    Ok(rows.into_iter().map(|r| SellerRef { id: r.id, name: r.name }).collect())
}

pub(crate) async fn created_at(db: &Db, id: &str) -> Result<Option<DateTime<Utc>>, AppError> {
    db.query("SELECT VALUE created_at FROM type::record('user', $id)")
        .bind(("id", id.to_string()))
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("reading when an account was created", e))
}

#[derive(SurrealValue)]
struct RoleCount {
    role: String,
    n: i64,
}

/// How many users have each role.
pub(crate) async fn role_counts(db: &Db) -> Result<Vec<(Role, u64)>, AppError> {
    let rows: Vec<RoleCount> = db
        .query("SELECT role, count() AS n FROM user GROUP BY role")
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("counting users", e))?;
    Ok(rows.into_iter().filter_map(|r| r.role.parse().ok().map(|role| (role, r.n.max(0) as u64))).collect())
}
