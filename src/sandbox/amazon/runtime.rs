//! The sandbox's in-memory side: the usage plan's token buckets (429 when exceeded) and
//! injected faults. Per instance, like Amazon's limits are per caller.

use std::{
    collections::HashMap,
    num::NonZeroU32,
    sync::{
        Mutex,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use axum::{
    Json,
    http::{HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use governor::{DefaultDirectRateLimiter, Quota};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::usage_plan::SpOperation as Operation;

pub(crate) struct Runtime {
    limiters: HashMap<Operation, DefaultDirectRateLimiter>,
    /// Each operation's rate as this account has it (the plan, or a raised one).
    rates: HashMap<Operation, f64>,
    pub(super) faults: Mutex<Vec<Fault>>,
    /// How many requests each operation answered, and how many with 429 (for benchmarks).
    pub calls: HashMap<Operation, (AtomicU64, AtomicU64)>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Fault {
    /// 429, 500, 502, 503...
    pub status: u16,
    /// How many responses get it.
    pub count: u32,
    /// Only this operation (e.g. "putListingsItem"); all when absent.
    #[serde(default)]
    pub operation: Option<String>,
}

impl Runtime {
    /// Amazon's usage plan, with `searchOrders` at `orders_rate` requests per second.
    pub(crate) fn new(orders_rate: f64) -> Self {
        let plan = |op: Operation| match op {
            Operation::SearchOrders => (orders_rate, op.plan().1),
            other => other.plan(),
        };
        let rates = Operation::ALL.into_iter().map(|op| (op, plan(op).0)).collect();
        let limiters = Operation::ALL
            .into_iter()
            .map(|op| {
                let (rate, burst) = plan(op);
                let quota = Quota::with_period(Duration::from_secs_f64(1.0 / rate))
                    .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
                    .allow_burst(NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN));
                (op, DefaultDirectRateLimiter::direct(quota))
            })
            .collect();
        let calls = Operation::ALL.into_iter().map(|op| (op, (AtomicU64::new(0), AtomicU64::new(0)))).collect();
        Self { limiters, rates, faults: Mutex::new(Vec::new()), calls }
    }

    /// Adds the headers every SP-API answer carries, with this account's rate.
    pub(crate) fn stamp(&self, response: Response, op: Operation) -> Response {
        stamp_with(response, self.rates.get(&op).copied().unwrap_or(op.plan().0))
    }
}

pub(crate) fn sp_error(status: StatusCode, code: &str, message: &str) -> Response {
    (status, Json(json!({ "errors": [{ "code": code, "message": message }] }))).into_response()
}

/// A 500 for a storage failure (logged), as Amazon words its internal errors.
pub(crate) fn storage_error(op: Operation, e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "amazon sandbox storage failed");
    stamp(
        sp_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalFailure",
            "We encountered an internal error. Please try again.",
        ),
        op,
    )
}

/// Adds the headers every SP-API answer carries, at the usage plan's rate.
pub(crate) fn stamp(response: Response, op: Operation) -> Response {
    stamp_with(response, op.plan().0)
}

fn stamp_with(mut response: Response, rate: f64) -> Response {
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&rate.to_string()) {
        headers.insert("x-amzn-ratelimit-limit", v);
    }
    if let Ok(v) = HeaderValue::from_str(&uuid::Uuid::new_v4().to_string()) {
        headers.insert("x-amzn-requestid", v);
    }
    response
}

impl Runtime {
    /// Counts the call, then answers with an injected fault or a 429 when one applies.
    pub(crate) fn gate(&self, op: Operation) -> Option<Response> {
        if let Some((calls, _)) = self.calls.get(&op) {
            calls.fetch_add(1, Ordering::Relaxed);
        }
        let injected = {
            let mut faults = self.faults.lock().unwrap_or_else(|p| p.into_inner());
            let hit = faults.iter_mut().find(|f| f.count > 0 && f.operation.as_deref().is_none_or(|o| o == op.name()));
            hit.map(|f| {
                f.count -= 1;
                f.status
            })
        };
        let throttled = |s: &Self| {
            if let Some((_, throttled)) = s.calls.get(&op) {
                throttled.fetch_add(1, Ordering::Relaxed);
            }
        };
        if let Some(status) = injected {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
            if status == StatusCode::TOO_MANY_REQUESTS {
                throttled(self);
                return Some(self.stamp(
                    sp_error(status, "QuotaExceeded", "You exceeded your quota for the requested resource."),
                    op,
                ));
            }
            return Some(self.stamp(
                sp_error(status, "InternalFailure", "We encountered an internal error. Please try again."),
                op,
            ));
        }
        if self.limiters.get(&op).is_some_and(|l| l.check().is_err()) {
            throttled(self);
            return Some(self.stamp(
                sp_error(
                    StatusCode::TOO_MANY_REQUESTS,
                    "QuotaExceeded",
                    "You exceeded your quota for the requested resource.",
                ),
                op,
            ));
        }
        None
    }

    /// (calls, 429s) per operation so far.
    pub(crate) fn counts(&self) -> Value {
        let map: serde_json::Map<String, Value> = self
            .calls
            .iter()
            .map(|(op, (c, t))| {
                (
                    op.stats_name().to_string(),
                    json!({ "calls": c.load(Ordering::Relaxed), "throttled": t.load(Ordering::Relaxed) }),
                )
            })
            .collect();
        Value::Object(map)
    }
}
