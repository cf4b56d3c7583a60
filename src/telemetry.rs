//! Tracing: structured logs with an env filter (`RUST_LOG`), one span per HTTP request.

use tracing_subscriber::{EnvFilter, fmt, prelude::*};

/// The default filter when `RUST_LOG` is unset: our own logs at info, chatty crates at warn.
const DEFAULT_FILTER: &str = "info,hamro=info,surrealdb=warn,surrealdb_core=warn,tower_http=info,hyper=warn";

pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    // `try_init`: tests start several apps in one process.
    let _ = tracing_subscriber::registry().with(filter).with(fmt::layer().with_target(true)).try_init();
}

/// For tests: the same filter, written through the test harness so it shows with failures.
pub fn init_for_tests() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    let _ = tracing_subscriber::registry().with(filter).with(fmt::layer().with_test_writer()).try_init();
}
