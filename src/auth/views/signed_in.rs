//! Who is signed in, known while the page renders: no resource, so nothing waits on a
//! suspense and nothing is rendered twice. It is the user the session middleware resolved
//! for this request. Pages render on the server only (the browser hydrates islands, which
//! get what they need as props), so the browser build never asks.

use serde::{Deserialize, Serialize};

use crate::auth::model::CurrentUser;

/// The signed-in user as far as this render knows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignedInNow {
    /// Known: someone, or no one.
    Known(Option<CurrentUser>),
    /// The server could not read the session (the cause is logged).
    Failed,
}

/// Who is signed in, for this render (see the module's note).
#[cfg(feature = "ssr")]
pub fn signed_in_now() -> SignedInNow {
    use crate::auth::server::RequestUser;
    use leptos::prelude::with_context;
    with_context::<http::request::Parts, _>(|p| p.extensions.get::<RequestUser>().map(|RequestUser(u)| u.clone()))
        .flatten()
        .map_or(SignedInNow::Failed, SignedInNow::Known)
}

/// Who is signed in: not a question the browser build answers (see the module's note).
#[cfg(not(feature = "ssr"))]
pub fn signed_in_now() -> SignedInNow {
    SignedInNow::Failed
}
