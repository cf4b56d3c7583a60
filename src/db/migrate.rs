//! Versioned migrations: `.surql` files applied once each, in order, and recorded with a
//! checksum in a table of their set's own (`schema_migration` for Hamro's, and one per
//! sandbox in the sandboxes' database). They run at start-up and through `hamro migrate`.
//!
//! Each migration and its record are written in one transaction, so a crash leaves either
//! both or neither. When two instances start together, the second one's insert of the same
//! record id fails and it moves on: every migration still runs exactly once.
//!
//! A migration that has shipped is never edited, with one exception: taking out what never
//! belonged in it (the sandboxes' tables, which now live in their own database). Such a
//! migration lists the checksums of its earlier text in `replaces`, so databases that
//! applied the earlier text still start. Version 5 (the Stripe sandbox's tables) was retired
//! that way too: its number is not reused.

use sha2::{Digest, Sha256};
use surrealdb::types::SurrealValue;

use super::{Db, DbError, root_error};

/// Hamro's migrations, in order. Add new ones at the end; never edit one that has shipped.
const MIGRATIONS: &[Migration] = &[
    Migration::new(1, "users_and_sessions", include_str!("migrations/0001_users_and_sessions.surql")),
    Migration::new(2, "notifications", include_str!("migrations/0002_notifications.surql")),
    Migration::new(3, "products", include_str!("migrations/0003_products.surql")),
    Migration::new(4, "payouts", include_str!("migrations/0004_payouts.surql")),
    Migration {
        replaces: &["6cb8c5cbf98b53b11f6d4a1fb1ff496a65cdc62d7371686e444d56de1a261dcf"],
        ..Migration::new(6, "listings_and_jobs", include_str!("migrations/0006_listings_and_jobs.surql"))
    },
    Migration::new(7, "job_workers", include_str!("migrations/0007_job_workers.surql")),
    Migration::new(8, "product_list_indexes", include_str!("migrations/0008_product_list_indexes.surql")),
    Migration::new(9, "orders", include_str!("migrations/0009_orders.surql")),
    Migration::new(10, "earnings", include_str!("migrations/0010_earnings.surql")),
    Migration::new(
        11,
        "payouts_origin_and_schedule",
        include_str!("migrations/0011_payouts_origin_and_schedule.surql"),
    ),
    Migration::new(12, "product_listing_details", include_str!("migrations/0012_product_listing_details.surql")),
    Migration::new(13, "listing_checks", include_str!("migrations/0013_listing_checks.surql")),
    Migration::new(14, "product_counts", include_str!("migrations/0014_product_counts.surql")),
    Migration::new(15, "session_standing", include_str!("migrations/0015_session_standing.surql")),
];

/// The table Hamro's own migrations are recorded in.
const HAMRO_TABLE: &str = "schema_migration";

pub(crate) struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
    /// Checksums of this migration's earlier text that count as applied (see the module doc).
    pub replaces: &'static [&'static str],
}

impl Migration {
    pub(crate) const fn new(version: i64, name: &'static str, sql: &'static str) -> Self {
        Self { version, name, sql, replaces: &[] }
    }

    fn checksum(&self) -> String {
        hex::encode(Sha256::digest(self.sql.as_bytes()))
    }

    fn matches(&self, checksum: &str) -> bool {
        checksum == self.checksum() || self.replaces.contains(&checksum)
    }
}

/// The statements that define a set's record table (if it isn't there yet).
fn bootstrap(table: &str) -> String {
    format!(
        "DEFINE TABLE IF NOT EXISTS {table} SCHEMAFULL;
         DEFINE FIELD IF NOT EXISTS version ON {table} TYPE int;
         DEFINE FIELD IF NOT EXISTS name ON {table} TYPE string;
         DEFINE FIELD IF NOT EXISTS checksum ON {table} TYPE string;
         DEFINE FIELD IF NOT EXISTS applied_at ON {table} TYPE datetime DEFAULT time::now();"
    )
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum MigrationError {
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

/// Applies every one of Hamro's migrations not yet recorded. Returns the versions it applied.
pub(crate) async fn run(db: &Db) -> Result<Vec<i64>, MigrationError> {
    apply(db, HAMRO_TABLE, MIGRATIONS).await
}

/// Applies a set of migrations recorded in `table` (a name of our own, never user input).
pub(crate) async fn apply(db: &Db, table: &'static str, migrations: &[Migration]) -> Result<Vec<i64>, MigrationError> {
    db.query(bootstrap(table)).await.and_then(|r| r.check()).map_err(|e| MigrationError::Read(e.into()))?;
    let mut applied_now = Vec::new();
    for migration in migrations {
        let applied = applied(db, table).await?;
        if let Some(done) = applied.iter().find(|a| a.version == migration.version) {
            if !migration.matches(&done.checksum) {
                return Err(MigrationError::Changed { version: migration.version, name: migration.name });
            }
            continue;
        }
        let sql = format!(
            "BEGIN;\n{}\n;CREATE type::record($table, $version) CONTENT {{ version: $version, name: $name, checksum: $checksum }};\nCOMMIT;",
            migration.sql
        );
        let result = db
            .query(sql)
            .bind(("table", table))
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

async fn applied(db: &Db, table: &str) -> Result<Vec<Applied>, MigrationError> {
    db.query("SELECT version, checksum FROM type::table($table) ORDER BY version")
        .bind(("table", table.to_string()))
        .await
        .and_then(|mut r| r.take::<Vec<Applied>>(0))
        .map_err(|e| MigrationError::Read(e.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn memory_db() -> Db {
        crate::db::memory_bare("test").await
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
        let broken = [Migration::new(1, "broken", "DEFINE TABLE thing SCHEMAFULL; THROW 'boom';")];
        let err = apply(&db, HAMRO_TABLE, &broken).await.unwrap_err();
        assert!(matches!(err, MigrationError::Failed { version: 1, .. }));
        assert!(applied(&db, HAMRO_TABLE).await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn an_edited_migration_is_refused() {
        let db = memory_db().await;
        apply(&db, HAMRO_TABLE, &[Migration::new(1, "a", "DEFINE TABLE a SCHEMALESS;")]).await.unwrap();
        let err = apply(&db, HAMRO_TABLE, &[Migration::new(1, "a", "DEFINE TABLE b SCHEMALESS;")]).await.unwrap_err();
        assert!(matches!(err, MigrationError::Changed { version: 1, .. }));
    }

    #[tokio::test]
    async fn an_edit_that_lists_the_earlier_checksum_is_accepted() {
        let db = memory_db().await;
        const FIRST: &str = "DEFINE TABLE a SCHEMALESS; DEFINE TABLE sandbox_thing SCHEMALESS;";
        apply(&db, HAMRO_TABLE, &[Migration::new(1, "a", FIRST)]).await.unwrap();
        let earlier: &'static str = Box::leak(Migration::new(1, "a", FIRST).checksum().into_boxed_str());
        let edited = Migration {
            replaces: Box::leak(Box::new([earlier])),
            ..Migration::new(1, "a", "DEFINE TABLE a SCHEMALESS;")
        };
        assert!(apply(&db, HAMRO_TABLE, &[edited]).await.unwrap().is_empty(), "counts as applied");
    }

    #[tokio::test]
    async fn sets_are_recorded_apart() {
        let db = memory_db().await;
        let one = [Migration::new(1, "x", "DEFINE TABLE x SCHEMALESS;")];
        let other = [Migration::new(1, "y", "DEFINE TABLE y SCHEMALESS;")];
        assert_eq!(apply(&db, "first_migration", &one).await.unwrap(), [1]);
        assert_eq!(apply(&db, "second_migration", &other).await.unwrap(), [1]);
    }

    #[test]
    fn no_sandbox_table_in_hamros_migrations() {
        for m in MIGRATIONS {
            assert!(
                !m.sql.to_lowercase().contains("sandbox"),
                "migration {} ({}) mentions a sandbox",
                m.version,
                m.name
            );
        }
    }
}
