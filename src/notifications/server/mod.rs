//! Server side of notifications: the `Notifier` service and its repository.

pub mod outbox;
mod repo;
mod service;

pub use outbox::Outgoing;
pub use service::Notifier;
