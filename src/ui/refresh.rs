//! Keeping a server-rendered page current while something on it is still moving (a payout
//! on its way, a listing Amazon is processing, a bulk sync), without shipping the page's
//! code to the browser.
//!
//! `Refresher` is an island that renders nothing. In the browser it fetches the page's own
//! address every `every_ms` (while active and the tab is visible, and at once on
//! `hamro:refresh`), and swaps in the fetched versions of the regions it was given by id.
//! A region says whether it is still moving with `data-moving="true"`; when none does, the
//! refresher rests until the next `hamro:refresh`. A region must hold no island (swapped-in
//! islands do not hydrate) and no input someone may be typing in.

use leptos::prelude::*;

#[island]
pub fn Refresher(
    /// The ids of the regions to keep current.
    targets: Vec<String>,
    /// How often to look while something moves, in milliseconds.
    every_ms: u32,
    /// Whether something moves now (the server's view when it rendered the page).
    active: bool,
) -> impl IntoView {
    Effect::new(move |_| browser::start(targets.clone(), every_ms, active));
}

#[cfg(feature = "hydrate")]
mod browser {
    use std::{cell::Cell, rc::Rc, time::Duration};

    use leptos::{prelude::*, task::spawn_local};
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    use crate::ui::events::{REFRESH, on_event};

    pub fn start(targets: Vec<String>, every_ms: u32, active: bool) {
        let active = Rc::new(Cell::new(active));
        let busy = Rc::new(Cell::new(false));
        let targets = Rc::new(targets);
        let look = {
            let active = active.clone();
            move |forced: bool| {
                if busy.get() || document().hidden() || !(forced || active.get()) {
                    return;
                }
                busy.set(true);
                let (active, busy, targets) = (active.clone(), busy.clone(), targets.clone());
                spawn_local(async move {
                    if let Some(moving) = refresh(&targets).await {
                        active.set(moving);
                    }
                    busy.set(false);
                });
            }
        };
        let tick = look.clone();
        let interval =
            set_interval_with_handle(move || tick(false), Duration::from_millis(u64::from(every_ms.max(250)))).ok();
        on_event(REFRESH, move || look(true));
        on_cleanup(move || {
            if let Some(handle) = interval {
                handle.clear();
            }
        });
    }

    /// Fetches this page and swaps in its regions. `Some(still moving)`, or `None` when the
    /// page could not be read (offline, a server error): then the next tick tries again.
    /// A fetched page without the regions (signed out, say) leaves the page as it is.
    async fn refresh(targets: &[String]) -> Option<bool> {
        let window = web_sys::window()?;
        let href = window.location().href().ok()?;
        let init = web_sys::RequestInit::new();
        init.set_method("GET");
        init.set_credentials(web_sys::RequestCredentials::SameOrigin);
        let response = JsFuture::from(window.fetch_with_str_and_init(&href, &init)).await.ok()?;
        let response: web_sys::Response = response.dyn_into().ok()?;
        if !response.ok() {
            return None;
        }
        let html = JsFuture::from(response.text().ok()?).await.ok()?.as_string()?;
        let fetched =
            web_sys::DomParser::new().ok()?.parse_from_string(&html, web_sys::SupportedType::TextHtml).ok()?;
        let mut moving = false;
        let mut found = false;
        for id in targets {
            let (Some(new), Some(old)) = (fetched.get_element_by_id(id), document().get_element_by_id(id)) else {
                continue;
            };
            found = true;
            moving |= new.get_attribute("data-moving").as_deref() == Some("true");
            let _ = old.replace_with_with_node_1(&new);
        }
        Some(found && moving)
    }
}

#[cfg(not(feature = "hydrate"))]
mod browser {
    pub fn start(_targets: Vec<String>, _every_ms: u32, _active: bool) {}
}
