//! `/seller/orders`, and the order table the admins' page (`pages::admin_orders`) shows.

mod seller;
mod table;

pub use seller::{SellerOrdersPage, filters_url};
pub use table::{OrderFilters, OrderItemsTable, OrderStatusBadge};
