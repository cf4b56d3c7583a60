//! Who is signed in, known while the page renders: no resource, so nothing waits on a
//! suspense and nothing is rendered twice. On the server it is the user the session
//! middleware resolved for this request; the value travels in the page's hydration data,
//! and the browser reads it from there while hydrating.

use leptos::prelude::SharedValue;
use serde::{Deserialize, Serialize};

use crate::auth::model::CurrentUser;

/// The signed-in user as far as this render knows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignedInNow {
    /// Known: someone, or no one.
    Known(Option<CurrentUser>),
    /// The server could not read the session (the cause is logged).
    Failed,
    /// Not known here: the browser rendering a page it navigated to on its own (after
    /// signing in, say). The caller loads the page from the server, which knows.
    Unknown,
}

/// Who is signed in, for this render (see the module's note).
pub fn signed_in_now() -> SignedInNow {
    SharedValue::new(current).into_inner()
}

#[cfg(feature = "ssr")]
fn current() -> SignedInNow {
    use crate::auth::server::RequestUser;
    use leptos::prelude::with_context;
    with_context::<http::request::Parts, _>(|p| p.extensions.get::<RequestUser>().map(|RequestUser(u)| u.clone()))
        .flatten()
        .map_or(SignedInNow::Failed, SignedInNow::Known)
}

#[cfg(not(feature = "ssr"))]
fn current() -> SignedInNow {
    SignedInNow::Unknown
}

/// Loads the current address from the server: what a browser does with a page it cannot
/// render on its own. Nothing on the server (its answer is already the right page).
pub fn load_from_server() {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}
