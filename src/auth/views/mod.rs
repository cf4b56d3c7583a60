//! Sign-in pages, and the role gate the other domains' pages use.

mod home;
mod login;
mod role;

pub use home::HomeRedirect;
pub use login::LoginPage;
pub use role::{RequireRole, provide_user, use_user};
