//! The signed-in frame every page sits in: top bar, sidebar, main area. It loads who is
//! signed in and sends anonymous visitors to /login (a convenience for people: the server
//! functions behind each page enforce access on their own).

mod sidebar;
mod topbar;

use leptos::{either::EitherOf3, prelude::*};
use leptos_router::{components::Outlet, components::Redirect, hooks::use_location};

use crate::{
    auth::{api::get_current_user, model::CurrentUser, views::provide_user},
    notifications::views::NotificationsChanged,
    ui::ErrorPage,
};
use sidebar::Sidebar;
use topbar::TopBar;

#[component]
pub fn AppLayout() -> impl IntoView {
    let user = Resource::new_blocking(|| (), |_| get_current_user());
    let location = use_location();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(user)) => EitherOf3::A(view! { <Frame user/> }),
                    Ok(None) => {
                        let here = location.pathname.get_untracked();
                        let path = format!("/login?next={}", urlencode(&here));
                        EitherOf3::B(view! { <Redirect path/> })
                    }
                    Err(e) => EitherOf3::C(view! { <ErrorPage message=e.to_string()/> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Frame(user: CurrentUser) -> impl IntoView {
    provide_user(user.clone());
    NotificationsChanged::provide();
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
