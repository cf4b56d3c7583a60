//! `surreal start ...`: the SurrealDB server binary, as the `surreal` CLI builds it.

use std::process::ExitCode;

fn main() -> ExitCode {
    surrealdb_server::init(surrealdb_server::core::CommunityComposer())
}
