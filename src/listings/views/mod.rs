//! The listing panel on a product's page, and /admin/listings with bulk sync progress.

mod admin;
mod badge;
mod panel;

pub use admin::AdminListingsPage;
pub use badge::ListingBadge;
pub use panel::ListingPanel;
