//! `/`: sends each visitor where they belong.

use leptos::{either::Either, prelude::*};
use leptos_router::components::Redirect;

use crate::auth::views::{SignedInNow, load_from_server, signed_in_now};

#[component]
pub fn HomeRedirect() -> impl IntoView {
    let path = match signed_in_now() {
        SignedInNow::Known(Some(user)) => user.role.home(),
        SignedInNow::Known(None) | SignedInNow::Failed => "/login",
        SignedInNow::Unknown => {
            load_from_server();
            return Either::Right(());
        }
    };
    Either::Left(view! { <Redirect path/> })
}
