//! Dashboard queries.

use chrono::{DateTime, Utc};
use surrealdb::types::SurrealValue;

use super::model::{AdminOverview, SellerOverview};
use crate::{auth::model::CurrentUser, db::Db, error::AppError};

#[derive(SurrealValue)]
struct RoleCount {
    role: String,
    n: i64,
}

pub async fn seller_overview(db: &Db, user: &CurrentUser) -> Result<SellerOverview, AppError> {
    let created: Option<DateTime<Utc>> = db
        .query("SELECT VALUE created_at FROM type::record('user', $id)")
        .bind(("id", user.id.clone()))
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("loading the seller overview", e))?;
    let member_since = created.ok_or_else(|| AppError::not_found("Your account"))?;
    Ok(SellerOverview { name: user.name.clone(), email: user.email.clone(), member_since })
}

pub async fn admin_overview(db: &Db, user: &CurrentUser) -> Result<AdminOverview, AppError> {
    let counts: Vec<RoleCount> = db
        .query("SELECT role, count() AS n FROM user GROUP BY role")
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("counting users", e))?;
    let count = |role: &str| counts.iter().find(|c| c.role == role).map(|c| c.n.max(0) as u64).unwrap_or(0);
    Ok(AdminOverview { name: user.name.clone(), sellers: count("seller"), admins: count("admin") })
}
