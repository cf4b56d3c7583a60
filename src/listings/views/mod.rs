//! The listing panel and "Check with Amazon" on a product's page, and /admin/listings with bulk sync progress.

mod admin;
mod badge;
mod check_card;
mod panel;

pub use admin::AdminListingsPage;
pub use badge::ListingBadge;
pub use check_card::CheckCard;
pub use panel::ListingPanel;
