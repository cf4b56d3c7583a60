//! The signed-in frame every page sits in: top bar, sidebar, main area. Anonymous visitors
//! are sent to /login (a convenience for people: the server functions behind each page
//! enforce access on their own).
//!
//! Who is signed in is known synchronously (`signed_in_now`), so the frame and the page
//! inside it are built once per request: no suspense waits on the user, and every
//! resource a page creates is created once, at the page's own level.

mod sidebar;
mod topbar;

use leptos::{either::EitherOf3, prelude::*};
use leptos_router::{components::Outlet, components::Redirect, hooks::use_location};

use crate::{
    auth::{
        model::CurrentUser,
        views::{SignedInNow, provide_user, signed_in_now},
    },
    ui::ErrorPage,
};
use sidebar::Sidebar;
use topbar::TopBar;

#[component]
pub fn AppLayout() -> impl IntoView {
    match signed_in_now() {
        SignedInNow::Known(Some(user)) => EitherOf3::A(view! { <Frame user/> }),
        SignedInNow::Known(None) => {
            let here = use_location().pathname.get_untracked();
            let path = format!("/login?next={}", urlencode(&here));
            EitherOf3::B(view! { <Redirect path/> })
        }
        SignedInNow::Failed => {
            EitherOf3::C(view! { <ErrorPage message="Your session could not be read. Try again in a moment."/> })
        }
    }
}

#[component]
fn Frame(user: CurrentUser) -> impl IntoView {
    provide_user(user.clone());
    view! {
        <div class="shell">
            <input type="checkbox" id="nav-toggle" class="nav-toggle visually-hidden" aria-label="Show navigation"/>
            <TopBar user=user.clone()/>
            <Sidebar role=user.role/>
            <main class="main" id="main">
                <Outlet/>
            </main>
        </div>
    }
}

/// Percent-encodes a path for a query parameter.
fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
