//! Page-wide events between islands. Islands share no reactive context in the browser (each
//! hydrates on its own), so one that changed something tells the others with a DOM event on
//! `window`: the bell and the notifications list stay in step, and a payout request makes
//! the page's refresher look again at once.

/// Notifications were marked, deleted or archived on this page.
pub const NOTIFICATIONS_CHANGED: &str = "hamro:notifications-changed";
/// Something on the page changed on the server: refreshers fetch their regions now.
pub const REFRESH: &str = "hamro:refresh";

/// Dispatches the event `name` on `window` (browser only; nothing on the server).
pub fn announce(name: &str) {
    #[cfg(feature = "hydrate")]
    if let (Some(window), Ok(event)) = (web_sys::window(), web_sys::Event::new(name)) {
        let _ = window.dispatch_event(&event);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = name;
}

/// Calls `f` on every `name` event until the calling island's owner is cleaned up. Call it
/// inside an `Effect`, which runs in the browser only.
pub fn on_event(name: &'static str, f: impl Fn() + 'static) {
    let handle = leptos::prelude::window_event_listener_untyped(name, move |_| f());
    leptos::prelude::on_cleanup(move || handle.remove());
}
