//! Product pages: the seller's editor, the admin's review queue and product list, and the
//! pieces the composed product page (`pages::product`) is made of.

mod admin_list;
mod editor;
mod parts;
mod review;
mod status;
mod type_fields;
mod type_picker;

pub use admin_list::AdminProductsPage;
pub use editor::ProductEditor;
pub use parts::{ProductFacts, ProductHeader, ProductSummary, RejectionNote, SellerActions};
pub use review::{ReviewActions, ReviewQueuePage};
pub use status::StatusBadge;
pub use type_picker::{NewProductPage, TypePicker};
