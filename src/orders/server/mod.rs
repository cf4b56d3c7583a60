//! Server side of orders: the service, the pollers, and the repositories.

pub(crate) mod finance_repo;
pub(crate) mod jobs;
pub(crate) mod repo;
mod service;

pub use service::Orders;

#[cfg(test)]
mod service_tests;
#[cfg(test)]
pub(crate) mod test_support;
