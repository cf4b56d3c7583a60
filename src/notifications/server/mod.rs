//! Server side of notifications: the `Notifier` service and its repository.

mod outgoing;
mod repo;
mod service;

pub(crate) use outgoing::Outgoing;
pub use repo::Counter;
/// For other domains' transactions: the statements that write notifications.
pub(crate) use repo::{queue, queue_if};
pub use service::Notifier;

#[cfg(test)]
mod service_tests;
