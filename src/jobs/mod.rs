//! The durable job queue: work that must happen even if the process dies (Amazon syncs).
//! Jobs live in the `job` table, are claimed with a lease (a dead worker's jobs are picked
//! up once the lease runs out), retried with exponential backoff, report progress, and are
//! idempotent per key (enqueueing a key that is already queued or running returns that job).

mod repo;
mod worker;

pub(crate) use repo::{Job, JobPayload, JobStatus, enqueue, get, latest, wake};
pub(crate) use worker::{Handler, JobContext, JobError, Step, spawn_workers};
