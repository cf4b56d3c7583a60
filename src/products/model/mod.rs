//! Product types shared by the server and the browser: the product itself, the status
//! machine, and the form's validation (run on both sides).

mod input;
mod product;
mod status;

pub use input::*;
pub use product::*;
pub use status::*;
