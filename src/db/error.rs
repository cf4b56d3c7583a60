//! Database errors sorted by what the caller can do about them, and a retry for the write
//! conflicts that snapshot isolation produces under concurrency.

use std::{future::Future, time::Duration};

use surrealdb::{
    IndexedResults,
    types::{AlreadyExistsError, QueryError},
};

use crate::error::AppError;

#[derive(Debug, thiserror::Error)]
pub(crate) enum DbError {
    /// Two transactions wrote the same keys; the loser may retry.
    #[error("write conflict")]
    Conflict,
    /// A record with this id already exists.
    #[error("record {0} already exists")]
    RecordExists(String),
    /// A unique index already holds this value (the index's name).
    #[error("unique index {0} already holds the value")]
    IndexTaken(String),
    /// A `THROW "<reason>"` in our own SurrealQL: a business rule said no.
    #[error("refused: {0}")]
    Thrown(String),
    #[error(transparent)]
    Other(surrealdb::Error),
}

impl From<surrealdb::Error> for DbError {
    fn from(e: surrealdb::Error) -> Self {
        if matches!(e.query_details(), Some(QueryError::TransactionConflict)) {
            return Self::Conflict;
        }
        if e.is_thrown() {
            let message = e.message();
            return Self::Thrown(message.strip_prefix("An error occurred: ").unwrap_or(message).to_string());
        }
        if let Some(AlreadyExistsError::Record { id }) = e.already_exists_details() {
            return Self::RecordExists(id.clone());
        }
        // "Database index `name` already contains ..."
        if let Some(rest) = e.message().strip_prefix("Database index `")
            && let Some((index, tail)) = rest.split_once('`')
            && tail.trim_start().starts_with("already contains")
        {
            return Self::IndexTaken(index.to_string());
        }
        Self::Other(e)
    }
}

impl DbError {
    /// Turns anything unexpected into a logged `Internal`; expected outcomes are mapped by callers first.
    #[track_caller]
    pub(crate) fn into_app(self, context: &str) -> AppError {
        AppError::internal(context, self)
    }
}

/// The error that actually failed a multi-statement (possibly transactional) query. Inside a
/// failed transaction every other statement reports a generic "not executed" error, so the
/// first error by index is usually the wrong one.
pub(crate) fn root_error(results: &mut IndexedResults) -> Option<DbError> {
    let mut errors: Vec<(usize, surrealdb::Error)> = results.take_errors().into_iter().collect();
    errors.sort_by_key(|(i, _)| *i);
    let collateral =
        |e: &surrealdb::Error| matches!(e.query_details(), Some(QueryError::NotExecuted | QueryError::Cancelled));
    let pick = errors.iter().position(|(_, e)| !collateral(e)).unwrap_or(errors.len().saturating_sub(1));
    (!errors.is_empty()).then(|| DbError::from(errors.swap_remove(pick).1))
}

/// How many times a conflicting transaction is tried before the conflict is reported.
const CONFLICT_ATTEMPTS: u32 = 25;

/// Runs `op` again (with a short, growing, jittered pause) while it fails with a write
/// conflict, up to `CONFLICT_ATTEMPTS` times (about 4 s in the worst case).
pub(crate) async fn retry_on_conflict<T, F, Fut>(mut op: F) -> Result<T, DbError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, DbError>>,
{
    let mut delay = Duration::from_millis(4);
    let mut attempt = 0;
    loop {
        match op().await {
            Err(DbError::Conflict) if attempt + 1 < CONFLICT_ATTEMPTS => {
                attempt += 1;
                // Full jitter: concurrent losers spread out instead of colliding again.
                let pause = Duration::from_micros(rand::random::<u64>() % (delay.as_micros() as u64 + 1));
                tokio::time::sleep(pause).await;
                delay = (delay * 2).min(Duration::from_millis(250));
            }
            other => return other,
        }
    }
}
