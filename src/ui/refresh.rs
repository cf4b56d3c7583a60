//! Refreshing a page's data while something on it is still moving (a payout on its way, a
//! listing Amazon is processing, a bulk sync): browser only, paused while the tab is hidden.

use std::time::Duration;

use leptos::prelude::*;

/// Every `every()`, while the tab is visible and `moving()` is true, bumps `tick`, which the
/// page's resources track. The timer stops with the component.
pub fn refresh_while(
    every: impl Fn() -> Duration + 'static,
    moving: impl Fn() -> bool + Clone + 'static,
    tick: RwSignal<u32>,
) {
    Effect::new(move |_| {
        let moving = moving.clone();
        let handle = set_interval_with_handle(
            move || {
                if moving() && !document().hidden() {
                    tick.update(|t| *t = t.wrapping_add(1));
                }
            },
            every(),
        )
        .ok();
        on_cleanup(move || {
            if let Some(h) = handle {
                h.clear();
            }
        });
    });
}
