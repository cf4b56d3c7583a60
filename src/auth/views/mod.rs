//! Sign-in pages, and the role gate the other domains' pages use.

mod home;
mod login;
mod role;
mod signed_in;

pub use home::HomeRedirect;
pub use login::LoginPage;
pub use role::{RequireRole, provide_user, use_user};
pub use signed_in::{SignedInNow, load_from_server, signed_in_now};
