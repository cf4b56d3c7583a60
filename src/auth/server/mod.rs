//! Server side of auth: users, passwords, sessions in SurrealDB, rate limits and guards.

pub(crate) mod guard;
mod password;
mod rate_limit;
pub mod repo;
pub(crate) mod request;
pub(crate) mod request_user;
pub mod service;
pub mod session_cache;
mod session_repo;
pub(crate) mod session_store;
mod sessions;
mod standing_repo;

pub(crate) use guard::RequestUser;
pub use service::Auth;

/// The session cookie's name.
pub(crate) const SESSION_COOKIE: &str = "hamro_session";

#[cfg(test)]
mod service_tests;
