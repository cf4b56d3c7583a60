//! Server side of auth: users, passwords, sessions in SurrealDB, rate limits and guards.

pub mod demo;
pub mod guard;
pub mod password;
pub mod rate_limit;
pub mod repo;
pub mod request;
pub mod service;
pub mod session_cache;
pub mod session_store;
