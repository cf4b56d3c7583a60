//! The `job` and `job_key` tables.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use serde_json::Value;
use surrealdb::types::SurrealValue;

use crate::{
    db::{Db, DbError, new_key, retry_on_conflict, root_error},
    error::AppError,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub(crate) enum JobStatus {
    Queued,
    Running,
    Done,
    Failed,
}

impl JobStatus {
    fn parse(s: &str) -> Self {
        match s {
            "running" => Self::Running,
            "done" => Self::Done,
            "failed" => Self::Failed,
            _ => Self::Queued,
        }
    }
}

/// A job as the worker and the API see it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Job {
    pub id: String,
    pub kind: String,
    pub key: String,
    /// Jobs sharing a lane run one at a time.
    pub lane: Option<String>,
    pub payload: Value,
    /// What the handler saved between steps (survives restarts).
    pub state: Value,
    pub status: JobStatus,
    pub attempts: i64,
    pub progress_done: i64,
    pub progress_total: i64,
    pub last_error: Option<String>,
    pub result: Option<Value>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

#[derive(SurrealValue)]
struct Row {
    id: String,
    kind: String,
    key: String,
    lane: Option<String>,
    payload: Value,
    state: Value,
    status: String,
    attempts: i64,
    progress_done: i64,
    progress_total: i64,
    last_error: Option<String>,
    result: Option<Value>,
    created_at: DateTime<Utc>,
    finished_at: Option<DateTime<Utc>>,
}

impl From<Row> for Job {
    fn from(r: Row) -> Self {
        Job {
            id: r.id,
            kind: r.kind,
            key: r.key,
            lane: r.lane,
            payload: r.payload,
            state: r.state,
            status: JobStatus::parse(&r.status),
            attempts: r.attempts,
            progress_done: r.progress_done,
            progress_total: r.progress_total,
            last_error: r.last_error,
            result: r.result,
            created_at: r.created_at,
            finished_at: r.finished_at,
        }
    }
}

const FIELDS: &str = "<string> record::id(id) AS id, kind, key, lane, payload, state, status, attempts, progress_done, \
    progress_total, last_error, result, created_at, finished_at";

/// A job's payload: what it is about, typed, with the kind of job it is.
pub(crate) trait JobPayload: Serialize + DeserializeOwned + Send + Sync {
    /// The kind, as stored in `job.kind` (a constant per job type).
    const KIND: &'static str;
}

/// Queues a job, or returns the queued or running job that already has this key. Jobs with
/// the same `lane` run one at a time (in the order they become due).
pub(crate) async fn enqueue<P: JobPayload>(
    db: &Db,
    payload: &P,
    key: &str,
    lane: Option<&str>,
) -> Result<Job, AppError> {
    let kind = P::KIND;
    let payload = serde_json::to_value(payload).map_err(|e| AppError::internal("queueing a job", e))?;
    let id = new_key();
    let outcome = retry_on_conflict(|| async {
        let mut results = db
            .query(
                "BEGIN;
                 LET $active = (SELECT VALUE <string> record::id(job) FROM ONLY type::record('job_key', $key));
                 IF $active != NONE { THROW 'exists' };
                 CREATE type::record('job', $id) CONTENT { kind: $kind, key: $key, lane: $lane, payload: $payload, state: {},
                     status: 'queued', attempts: 0, run_after: time::now(), progress_done: 0, progress_total: 0,
                     created_at: time::now(), updated_at: time::now() } RETURN NONE;
                 CREATE type::record('job_key', $key) CONTENT { job: type::record('job', $id) } RETURN NONE;
                 COMMIT;",
            )
            .bind(("id", id.clone()))
            .bind(("kind", kind.to_string()))
            .bind(("key", key.to_string()))
            .bind(("lane", lane.map(str::to_string)))
            .bind(("payload", payload.clone()))
            .await?;
        match root_error(&mut results) {
            Some(e) => Err(e),
            None => Ok(()),
        }
    })
    .await;
    match outcome {
        Ok(()) => {
            tracing::info!(job_id = %id, kind, key, "job queued");
            get(db, &id).await?.ok_or_else(|| AppError::internal("queueing a job", "vanished"))
        }
        Err(DbError::Thrown(r) | DbError::RecordExists(r)) if r == "exists" || r.contains("job_key") => {
            active_for_key(db, key).await?.ok_or_else(|| AppError::conflict("That job just finished; try again."))
        }
        Err(e) => Err(e.into_app("queueing a job")),
    }
}

/// Makes the queued job with this key due now (nothing when none is queued): a recurring
/// job woken early by an event it cares about.
pub(crate) async fn wake(db: &Db, key: &str) -> Result<(), AppError> {
    retry_on_conflict(|| async {
        db.query(
            "LET $job = (SELECT VALUE job FROM ONLY type::record('job_key', $key));
             IF $job != NONE { UPDATE $job SET run_after = time::now() WHERE status = 'queued' RETURN NONE };",
        )
        .bind(("key", key.to_string()))
        .await?
        .check()?;
        Ok(())
    })
    .await
    .map_err(|e: DbError| e.into_app("waking a job"))
}

async fn active_for_key(db: &Db, key: &str) -> Result<Option<Job>, AppError> {
    let row: Option<Row> = db
        .query(format!("SELECT {FIELDS} FROM (SELECT VALUE job FROM ONLY type::record('job_key', $key))"))
        .bind(("key", key.to_string()))
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("reading a job", e))?;
    Ok(row.map(Job::from))
}

pub(crate) async fn get(db: &Db, id: &str) -> Result<Option<Job>, AppError> {
    let row: Option<Row> = db
        .query(format!("SELECT {FIELDS} FROM type::record('job', $id)"))
        .bind(("id", id.to_string()))
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("reading a job", e))?;
    Ok(row.map(Job::from))
}

/// The latest jobs of a kind, newest first.
pub(crate) async fn latest(db: &Db, kind: &str, limit: i64) -> Result<Vec<Job>, AppError> {
    let rows: Vec<Row> = db
        .query(format!("SELECT {FIELDS} FROM job WHERE kind = $kind ORDER BY created_at DESC LIMIT $limit"))
        .bind(("kind", kind.to_string()))
        .bind(("limit", limit))
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("listing jobs", e))?;
    Ok(rows.into_iter().map(Job::from).collect())
}

#[derive(SurrealValue)]
struct Candidate {
    id: String,
    lane: Option<String>,
}

/// Takes the job's lane until `until`, unless another job holds it. The job's own expired
/// or current hold is taken over (a restarted job keeps its place).
async fn take_lane(db: &Db, lane: &str, id: &str, until: DateTime<Utc>, now: DateTime<Utc>) -> Result<bool, DbError> {
    let mut results = db
        .query(
            "DELETE type::record('job_lane', $lane) WHERE until < $now OR job = type::record('job', $id);
             CREATE type::record('job_lane', $lane) CONTENT { job: type::record('job', $id), until: $until } RETURN NONE;",
        )
        .bind(("lane", lane.to_string()))
        .bind(("id", id.to_string()))
        .bind(("until", until))
        .bind(("now", now))
        .await?;
    match root_error(&mut results) {
        None => Ok(true),
        Some(DbError::RecordExists(_) | DbError::Conflict) => Ok(false),
        Some(e) => Err(e),
    }
}

/// Claims one due job (queued and due, or running with an expired lease) for `owner`,
/// skipping jobs whose lane another job holds.
pub(crate) async fn claim(
    db: &Db,
    owner: &str,
    lease: chrono::Duration,
    kinds: &[&str],
) -> Result<Option<Job>, DbError> {
    let now = Utc::now();
    let candidates: Vec<Candidate> = db
        .query(
            "SELECT <string> record::id(id) AS id, lane, run_after FROM job
             WHERE kind IN $kinds AND ((status = 'queued' AND run_after <= $now) OR (status = 'running' AND lease_until < $now))
             ORDER BY run_after LIMIT 20",
        )
        .bind(("kinds", kinds.iter().map(|k| k.to_string()).collect::<Vec<_>>()))
        .bind(("now", now))
        .await?
        .take(0)?;
    for candidate in candidates {
        if let Some(lane) = &candidate.lane
            && !take_lane(db, lane, &candidate.id, now + lease, now).await?
        {
            continue;
        }
        let claimed = db
            .query(format!(
                "UPDATE type::record('job', $id) SET status = 'running', lease_owner = $owner, lease_until = $until,
                     attempts += 1, updated_at = $now, ran_by = array::union(ran_by ?? [], [$owner])
                 WHERE (status = 'queued' AND run_after <= $now) OR (status = 'running' AND lease_until < $now)
                 RETURN {FIELDS}"
            ))
            .bind(("id", candidate.id.clone()))
            .bind(("owner", owner.to_string()))
            .bind(("until", now + lease))
            .bind(("now", now))
            .await
            .and_then(|mut r| r.take::<Vec<Row>>(0));
        // Another worker claimed it in the same instant: try the next one.
        let claimed = match claimed.map_err(DbError::from) {
            Ok(rows) => rows,
            Err(DbError::Conflict) => Vec::new(),
            Err(e) => return Err(e),
        };
        if let Some(row) = claimed.into_iter().next() {
            return Ok(Some(row.into()));
        }
        if candidate.lane.is_some() {
            // Another worker has it (and holds the lane for it), or it just finished: then free the lane.
            db.query("DELETE job_lane WHERE job = type::record('job', $id) AND job.status IN ['done', 'failed']")
                .bind(("id", candidate.id.clone()))
                .await?
                .check()?;
        }
    }
    Ok(None)
}

/// Extends the lease, saves the handler's state and progress. False when the lease was lost.
pub(crate) async fn checkpoint(
    db: &Db,
    id: &str,
    owner: &str,
    lease: chrono::Duration,
    state: Option<&Value>,
    progress: Option<(i64, i64)>,
) -> Result<bool, DbError> {
    let mut sets = vec!["lease_until = $until", "updated_at = time::now()"];
    if state.is_some() {
        sets.push("state = $state");
    }
    if progress.is_some() {
        sets.push("progress_done = $done, progress_total = $total");
    }
    let kept: Vec<Value> = db
        .query(format!(
            "UPDATE type::record('job', $id) SET {} WHERE status = 'running' AND lease_owner = $owner RETURN VALUE id;
             UPDATE job_lane SET until = $until WHERE job = type::record('job', $id);",
            sets.join(", ")
        ))
        .bind(("id", id.to_string()))
        .bind(("owner", owner.to_string()))
        .bind(("until", Utc::now() + lease))
        .bind(("state", state.cloned()))
        .bind(("done", progress.map_or(0, |p| p.0)))
        .bind(("total", progress.map_or(0, |p| p.1)))
        .await?
        .take(0)?;
    Ok(!kept.is_empty())
}

/// Ends a job (done or failed) and frees its key.
pub(crate) async fn finish(
    db: &Db,
    id: &str,
    owner: &str,
    status: JobStatus,
    error: Option<&str>,
    result: Option<&Value>,
) -> Result<(), DbError> {
    let status = if status == JobStatus::Done { "done" } else { "failed" };
    db.query(
        "BEGIN;
         LET $job = (UPDATE type::record('job', $id) SET status = $status, last_error = $error, result = $result,
                     lease_until = NONE, finished_at = time::now(), updated_at = time::now()
                     WHERE lease_owner = $owner AND status = 'running' RETURN AFTER);
         IF array::len($job) > 0 {
             DELETE job_key WHERE job = type::record('job', $id);
             DELETE job_lane WHERE job = type::record('job', $id);
         };
         COMMIT;",
    )
    .bind(("id", id.to_string()))
    .bind(("owner", owner.to_string()))
    .bind(("status", status))
    .bind(("error", error.map(str::to_string)))
    .bind(("result", result.cloned()))
    .await?
    .check()?;
    Ok(())
}

/// Puts a job back in the queue to run again after `after` (a retry, or the next step). It
/// keeps its lane until then (plus a lease), so a job's steps aren't interleaved with others'.
pub(crate) async fn requeue(
    db: &Db,
    id: &str,
    owner: &str,
    after: chrono::Duration,
    lease: chrono::Duration,
    error: Option<&str>,
    count_attempt: bool,
) -> Result<(), DbError> {
    let attempts = if count_attempt { "" } else { ", attempts -= 1" };
    let at = Utc::now() + after;
    db.query(format!(
        "UPDATE type::record('job', $id) SET status = 'queued', run_after = $at, lease_until = NONE, lease_owner = NONE,
             last_error = $error, updated_at = time::now(){attempts}
         WHERE lease_owner = $owner AND status = 'running';
         UPDATE job_lane SET until = $hold WHERE job = type::record('job', $id);"
    ))
    .bind(("id", id.to_string()))
    .bind(("owner", owner.to_string()))
    .bind(("hold", at + lease))
    .bind(("at", at))
    .bind(("error", error.map(str::to_string)))
    .await?
    .check()?;
    Ok(())
}
