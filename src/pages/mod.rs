//! The composing layer: the signed-in frame and the pages that show several domains at
//! once (the dashboards, a product with its Amazon listing, the seller's products with
//! their listing status). Domains below never import it.

mod admin_orders;
pub mod api;
mod dashboard;
mod layout;
pub mod model;
mod product;
mod seller_products;

pub use admin_orders::AdminOrdersPage;
pub use dashboard::{AdminDashboard, SellerDashboard};
pub use layout::AppLayout;
pub use product::{AdminProductPage, SellerProductPage};
pub use seller_products::SellerProductsPage;
