//! `/seller/payouts` (the seller's payout dashboard) and `/admin/payouts`.

mod admin;
mod badges;
mod dashboard;
mod request_form;

pub use admin::AdminPayoutsPage;
pub use badges::{AccountBadge, PayoutBadge};
pub use dashboard::SellerPayoutsPage;
