//! Shared presentational components: cards, stat cards, badges, banners, icons and the
//! status pages. No data fetching here; pages pass in what to show.

mod badge;
mod banner;
mod card;
pub mod events;
mod icon;
pub mod icons;
mod pager;
mod refresh;
mod status_page;

pub use badge::{Badge, Tone};
pub use banner::Banner;
pub use card::{Card, StatCard};
pub use icon::Icon;
pub use pager::Pager;
pub use refresh::Refresher;
pub use status_page::{ErrorPage, ForbiddenPage, NotFoundPage};

/// Sets the HTTP status of the page being server-rendered (no-op in the browser).
/// Only effective before the first chunk is sent: call it synchronously or on an Async route.
pub fn set_page_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>()
        && let Ok(status) = http::StatusCode::from_u16(code)
    {
        res.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}
