//! `/`: sends each visitor where they belong.

use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::auth::views::{SignedInNow, signed_in_now};

#[component]
pub fn HomeRedirect() -> impl IntoView {
    let path = match signed_in_now() {
        SignedInNow::Known(Some(user)) => user.role.home(),
        SignedInNow::Known(None) | SignedInNow::Failed => "/login",
    };
    view! { <Redirect path/> }
}
