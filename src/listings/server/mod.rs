//! Server side of listings: the service, its repository, and the job handlers.

pub mod handlers;
mod repo;
pub mod service;

pub use repo::statuses;
