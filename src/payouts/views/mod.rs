//! `/seller/payouts` (the seller's payout dashboard) and `/admin/payouts`.

mod admin;
mod badges;
mod dashboard;

pub use admin::AdminPayoutsPage;
pub use badges::{AccountBadge, PayoutBadge};
pub use dashboard::SellerPayoutsPage;
