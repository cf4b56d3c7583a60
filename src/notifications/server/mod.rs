//! Server side of notifications: the `Notifier` service and its repository.

mod repo;
mod service;

pub use service::Notifier;
