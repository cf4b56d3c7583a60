//! The notification center: the one way Hamro tells people what happened. Other domains
//! call `server::Notifier::notify` / `notify_admins`; people read them in the bell and on
//! /notifications; the REST API has the same operations.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod server;
pub mod views;
