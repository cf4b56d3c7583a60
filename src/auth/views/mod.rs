//! Sign-in pages.

mod home;
mod login;

pub use home::HomeRedirect;
pub use login::LoginPage;
