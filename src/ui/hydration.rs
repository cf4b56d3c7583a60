//! The hydration marker tests and benchmarks look for.

use leptos::prelude::*;

/// Marks `<body data-hydrated="true">` once the browser has taken over the page, so tests
/// and benchmarks can tell server-rendered HTML from a live app.
#[component]
pub fn HydrationMarker() -> impl IntoView {
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}
