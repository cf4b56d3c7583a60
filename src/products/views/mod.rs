//! Product pages: the seller's list, editor and product page; the admin's review queue,
//! product list and product page.

mod admin_list;
mod detail;
mod editor;
mod list;
mod review;
mod status;

pub use admin_list::AdminProductsPage;
pub use detail::{AdminProductPage, SellerProductPage};
pub use editor::NewProductPage;
pub use list::SellerProductsPage;
pub use review::ReviewQueuePage;
pub use status::StatusBadge;
