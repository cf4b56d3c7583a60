//! Product types shared by the server and the browser: the product itself, its identity on
//! Amazon and its product type's attributes, the status machine, and the form's validation
//! (run on both sides).

mod api_input;
mod identity;
mod input;
mod product;
mod rules;
mod status;
mod type_spec;

pub use api_input::*;
pub use identity::*;
pub use input::*;
pub use product::*;
pub use rules::*;
pub use status::*;
pub use type_spec::*;
