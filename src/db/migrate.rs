//! Versioned migrations: `.surql` files applied once each, in order, and recorded in the
//! `schema_migration` table with a checksum. They run at start-up and through `hamro migrate`.
//!
//! Each migration and its record are written in one transaction, so a crash leaves either
//! both or neither. When two instances start together, the second one's insert of the same
//! record id fails and it moves on: every migration still runs exactly once.

use sha2::{Digest, Sha256};
use surrealdb::types::SurrealValue;

use super::{Db, DbError, root_error};

/// Every migration, in order. Add new ones at the end; never edit one that has shipped.
const MIGRATIONS: &[Migration] = &[
    Migration { version: 1, name: "users_and_sessions", sql: include_str!("migrations/0001_users_and_sessions.surql") },
    Migration { version: 2, name: "notifications", sql: include_str!("migrations/0002_notifications.surql") },
    Migration { version: 3, name: "products", sql: include_str!("migrations/0003_products.surql") },
    Migration { version: 4, name: "payouts", sql: include_str!("migrations/0004_payouts.surql") },
    Migration { version: 5, name: "stripe_sandbox", sql: include_str!("migrations/0005_stripe_sandbox.surql") },
    Migration { version: 6, name: "listings_and_jobs", sql: include_str!("migrations/0006_listings_and_jobs.surql") },
    Migration { version: 7, name: "job_workers", sql: include_str!("migrations/0007_job_workers.surql") },
    Migration {
        version: 8,
        name: "product_list_indexes",
        sql: include_str!("migrations/0008_product_list_indexes.surql"),
    },
];

const BOOTSTRAP: &str = "
    DEFINE TABLE IF NOT EXISTS schema_migration SCHEMAFULL;
    DEFINE FIELD IF NOT EXISTS version ON schema_migration TYPE int;
    DEFINE FIELD IF NOT EXISTS name ON schema_migration TYPE string;
    DEFINE FIELD IF NOT EXISTS checksum ON schema_migration TYPE string;
    DEFINE FIELD IF NOT EXISTS applied_at ON schema_migration TYPE datetime DEFAULT time::now();
";

pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

impl Migration {
    fn checksum(&self) -> String {
        hex::encode(Sha256::digest(self.sql.as_bytes()))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum MigrationError {
    #[error("migration {version} ({name}) failed: {source}")]
    Failed { version: i64, name: &'static str, source: DbError },
    #[error("migration {version} ({name}) was changed after it was applied; add a new migration instead")]
    Changed { version: i64, name: &'static str },
    #[error("reading applied migrations: {0}")]
    Read(DbError),
}

#[derive(SurrealValue)]
struct Applied {
    version: i64,
    checksum: String,
}

/// Applies every migration not yet recorded. Returns the versions it applied.
pub async fn run(db: &Db) -> Result<Vec<i64>, MigrationError> {
    run_list(db, MIGRATIONS).await
}

async fn run_list(db: &Db, migrations: &[Migration]) -> Result<Vec<i64>, MigrationError> {
    db.query(BOOTSTRAP).await.and_then(|r| r.check()).map_err(|e| MigrationError::Read(e.into()))?;
    let mut applied_now = Vec::new();
    for migration in migrations {
        let applied = applied(db).await?;
        if let Some(done) = applied.iter().find(|a| a.version == migration.version) {
            if done.checksum != migration.checksum() {
                return Err(MigrationError::Changed { version: migration.version, name: migration.name });
            }
            continue;
        }
        let sql = format!(
            "BEGIN;\n{}\n;CREATE type::record('schema_migration', $version) CONTENT {{ version: $version, name: $name, checksum: $checksum }};\nCOMMIT;",
            migration.sql
        );
        let result = db
            .query(sql)
            .bind(("version", migration.version))
            .bind(("name", migration.name))
            .bind(("checksum", migration.checksum()))
            .await;
        let failure = match result {
            Ok(mut results) => root_error(&mut results),
            Err(e) => Some(e.into()),
        };
        match failure {
            None => {
                tracing::info!(version = migration.version, name = migration.name, "migration applied");
                applied_now.push(migration.version);
            }
            // Another instance applied it first.
            Some(DbError::RecordExists(_) | DbError::Conflict) => {
                tracing::info!(version = migration.version, "migration applied by another instance");
            }
            Some(source) => {
                return Err(MigrationError::Failed { version: migration.version, name: migration.name, source });
            }
        }
    }
    Ok(applied_now)
}

async fn applied(db: &Db) -> Result<Vec<Applied>, MigrationError> {
    db.query("SELECT version, checksum FROM schema_migration ORDER BY version")
        .await
        .and_then(|mut r| r.take::<Vec<Applied>>(0))
        .map_err(|e| MigrationError::Read(e.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn memory_db() -> Db {
        let db = surrealdb::engine::any::connect("mem://").await.unwrap();
        db.use_ns("test").use_db("test").await.unwrap();
        std::sync::Arc::new(db)
    }

    #[tokio::test]
    async fn applies_each_migration_once_in_order() {
        let db = memory_db().await;
        let first = run(&db).await.unwrap();
        assert_eq!(first, MIGRATIONS.iter().map(|m| m.version).collect::<Vec<_>>());
        assert!(run(&db).await.unwrap().is_empty(), "a second run applies nothing");
        let count: Option<i64> =
            db.query("SELECT count() FROM schema_migration GROUP ALL").await.unwrap().take((0, "count")).unwrap();
        assert_eq!(count, Some(MIGRATIONS.len() as i64));
    }

    #[tokio::test]
    async fn a_failing_migration_leaves_nothing_behind() {
        let db = memory_db().await;
        let broken = [Migration { version: 1, name: "broken", sql: "DEFINE TABLE thing SCHEMAFULL; THROW 'boom';" }];
        let err = run_list(&db, &broken).await.unwrap_err();
        assert!(matches!(err, MigrationError::Failed { version: 1, .. }));
        assert!(applied(&db).await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn an_edited_migration_is_refused() {
        let db = memory_db().await;
        run_list(&db, &[Migration { version: 1, name: "a", sql: "DEFINE TABLE a SCHEMALESS;" }]).await.unwrap();
        let err =
            run_list(&db, &[Migration { version: 1, name: "a", sql: "DEFINE TABLE b SCHEMALESS;" }]).await.unwrap_err();
        assert!(matches!(err, MigrationError::Changed { version: 1, .. }));
    }
}
