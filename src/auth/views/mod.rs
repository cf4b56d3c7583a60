//! Sign-in pages, the password and sessions page, the admins' users page, and the role gate
//! the other domains' pages use.

mod home;
mod login;
mod password;
mod role;
mod signed_in;
mod users;

pub use home::HomeRedirect;
pub use login::LoginPage;
pub use password::PasswordPage;
pub use role::{RequireRole, provide_user, use_user};
pub use signed_in::{SignedInNow, signed_in_now};
pub use users::AdminUsersPage;
