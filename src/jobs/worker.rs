//! Workers: claim a due job, run its handler (renewing the lease while it runs), then mark
//! it done, schedule its next step, retry it with backoff, or fail it.

use std::{panic::AssertUnwindSafe, sync::Arc, time::Duration};

use async_trait::async_trait;
use futures::FutureExt;
use serde_json::Value;

use serde::{Serialize, de::DeserializeOwned};

use super::repo::{self, Job, JobPayload, JobStatus};
use crate::db::Db;

/// Tries before a job with transient errors is given up.
pub(crate) const MAX_ATTEMPTS: i64 = 8;
const IDLE: Duration = Duration::from_millis(400);

/// What a handler did this time.
pub(crate) enum Step {
    Done(Option<Value>),
    /// Not finished: run again after this long (not counted as a failed attempt).
    Again(Duration),
}

#[derive(Debug, Clone)]
pub(crate) struct JobError {
    /// Worth retrying (network, throttling, 5xx).
    pub transient: bool,
    pub message: String,
    /// Another worker took the job over: this one must stop without touching it.
    pub lease_lost: bool,
}

impl JobError {
    pub(crate) fn transient(message: impl Into<String>) -> Self {
        Self { transient: true, message: message.into(), lease_lost: false }
    }
    pub(crate) fn permanent(message: impl Into<String>) -> Self {
        Self { transient: false, message: message.into(), lease_lost: false }
    }
    fn lease_lost() -> Self {
        Self { transient: false, message: "the job's lease was lost to another worker".into(), lease_lost: true }
    }
}

impl From<crate::error::AppError> for JobError {
    fn from(e: crate::error::AppError) -> Self {
        Self::transient(e.to_string())
    }
}

impl From<crate::db::DbError> for JobError {
    fn from(e: crate::db::DbError) -> Self {
        Self::transient(e.to_string())
    }
}

/// A running job and the means to save its progress.
pub(crate) struct JobContext {
    pub job: Job,
    db: Db,
    owner: String,
    lease: chrono::Duration,
}

impl JobContext {
    /// The job's payload, as its kind's type. One that doesn't read is a permanent error:
    /// retrying would read it the same way.
    pub(crate) fn payload<P: JobPayload>(&self) -> Result<P, JobError> {
        serde_json::from_value(self.job.payload.clone())
            .map_err(|e| JobError::permanent(format!("the {} job's payload doesn't read: {e}", self.job.kind)))
    }

    /// What the handler saved between its steps (`Default` before the first save).
    pub(crate) fn progress<S: DeserializeOwned + Default>(&self) -> Result<S, JobError> {
        match &self.job.state {
            Value::Object(map) if map.is_empty() => Ok(S::default()),
            Value::Null => Ok(S::default()),
            state => serde_json::from_value(state.clone())
                .map_err(|e| JobError::permanent(format!("the {} job's saved state doesn't read: {e}", self.job.kind))),
        }
    }

    /// Saves the handler's state (and progress) and extends the lease. If the lease was lost
    /// (the job was taken over), stop: another worker owns it now.
    pub(crate) async fn save_progress<S: Serialize>(
        &mut self,
        state: &S,
        progress: Option<(i64, i64)>,
    ) -> Result<(), JobError> {
        let state = serde_json::to_value(state).map_err(|e| JobError::permanent(e.to_string()))?;
        let kept = repo::checkpoint(&self.db, &self.job.id, &self.owner, self.lease, Some(&state), progress).await?;
        if !kept {
            return Err(JobError::lease_lost());
        }
        self.job.state = state;
        if let Some((done, total)) = progress {
            self.job.progress_done = done;
            self.job.progress_total = total;
        }
        Ok(())
    }
}

#[async_trait]
pub(crate) trait Handler: Send + Sync {
    fn kind(&self) -> &'static str;
    async fn run(&self, ctx: &mut JobContext) -> Result<Step, JobError>;
    /// Called once when the job is given up (for a notification, say).
    async fn failed(&self, _ctx: &JobContext, _error: &JobError) {}
}

fn backoff(attempts: i64) -> chrono::Duration {
    let secs = 2_i64.saturating_pow(attempts.clamp(0, 8) as u32).min(300);
    let jitter = rand::random::<u64>() % 1000;
    chrono::Duration::seconds(secs) + chrono::Duration::milliseconds(jitter as i64)
}

/// Starts `count` workers sharing these handlers; a claimed job is theirs for `lease` at
/// a time, renewed while its handler runs.
pub(crate) fn spawn_workers(db: Db, lease: Duration, handlers: Vec<Arc<dyn Handler>>, count: usize) {
    let instance = uuid::Uuid::new_v4().simple().to_string();
    let handlers = Arc::new(handlers);
    for n in 0..count {
        let (db, handlers) = (db.clone(), handlers.clone());
        let owner = format!("{instance}-{n}");
        tokio::spawn(async move {
            loop {
                match run_one(&db, lease, &handlers, &owner).await {
                    Ok(true) => {}
                    Ok(false) => tokio::time::sleep(IDLE).await,
                    Err(e) => {
                        tracing::warn!(error = %e, "job worker");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                }
            }
        });
    }
}

/// Runs one due job; false when there was none.
async fn run_one(
    db: &Db,
    lease_for: Duration,
    handlers: &[Arc<dyn Handler>],
    owner: &str,
) -> Result<bool, crate::db::DbError> {
    let lease = chrono::Duration::from_std(lease_for).unwrap_or(chrono::Duration::seconds(30));
    let kinds: Vec<&str> = handlers.iter().map(|h| h.kind()).collect();
    let Some(job) = repo::claim(db, owner, lease, &kinds).await? else { return Ok(false) };
    let Some(handler) = handlers.iter().find(|h| h.kind() == job.kind).cloned() else { return Ok(true) };
    let (id, attempts) = (job.id.clone(), job.attempts);
    tracing::info!(job_id = %id, kind = %job.kind, attempts, "job started");
    // Keep the lease alive while the handler works (stopped when the guard drops, however
    // the handler ends).
    let renew = {
        let (db, id, owner) = (db.clone(), id.clone(), owner.to_string());
        let every = lease_for / 3;
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(every).await;
                if !matches!(repo::checkpoint(&db, &id, &owner, lease, None, None).await, Ok(true)) {
                    break;
                }
            }
        })
    };
    let _renewing = AbortOnDrop(renew);
    let mut ctx = JobContext { job, db: db.clone(), owner: owner.to_string(), lease };
    // A panicking handler fails its job instead of taking the worker down with it.
    let outcome = match AssertUnwindSafe(handler.run(&mut ctx)).catch_unwind().await {
        Ok(outcome) => outcome,
        Err(panic) => {
            let what =
                panic.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| panic.downcast_ref::<String>().cloned());
            tracing::error!(job_id = %id, panic = what.as_deref().unwrap_or("?"), "job handler panicked");
            Err(JobError::permanent("the job stopped on an internal error"))
        }
    };
    drop(_renewing);
    match outcome {
        Ok(Step::Done(result)) => {
            repo::finish(db, &id, owner, JobStatus::Done, None, result.as_ref()).await?;
            tracing::info!(job_id = %id, "job done");
        }
        Ok(Step::Again(after)) => {
            let after = chrono::Duration::from_std(after).unwrap_or_default();
            repo::requeue(db, &id, owner, after, lease, None, false).await?;
        }
        Err(e) if e.lease_lost => {
            tracing::warn!(job_id = %id, "job taken over by another worker; this one stops");
        }
        Err(e) if e.transient && attempts < MAX_ATTEMPTS => {
            tracing::warn!(job_id = %id, attempts, error = %e.message, "job failed; will retry");
            repo::requeue(db, &id, owner, backoff(attempts), lease, Some(&e.message), true).await?;
        }
        Err(e) => {
            tracing::warn!(job_id = %id, attempts, error = %e.message, "job given up");
            handler.failed(&ctx, &e).await;
            repo::finish(db, &id, owner, JobStatus::Failed, Some(&e.message), None).await?;
        }
    }
    Ok(true)
}

/// Aborts a background task when dropped.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}
