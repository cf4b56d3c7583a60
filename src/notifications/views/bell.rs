//! The notification bell in the top bar.
//!
//! Server-rendered, it is a link to /notifications showing the unread count, so it works
//! without JavaScript. Hydrated, it becomes a menu button: it polls the unread count every
//! `HAMRO_POLL_SECONDS` (paused while the tab is hidden, refreshed on focus), announces a
//! rising count to screen readers, and opens a dropdown with the latest five. The live bell
//! is an island: it reads nothing but its props, and hears of changes made elsewhere on the
//! page through `hamro:notifications-changed`.

use std::time::Duration;

use chrono::Utc;
use leptos::{either::Either, ev, html, prelude::*, task::spawn_local};
use wasm_bindgen::JsCast;

use super::{browser::fetch_unread_count, kind};
use crate::{
    notifications::{
        api::{delete_notification, get_bell, mark_all_notifications_read, mark_notification},
        model::{Notification, badge_text, relative_time},
    },
    ui::{
        Icon,
        events::{NOTIFICATIONS_CHANGED, announce, on_event},
        icons,
    },
};

fn accessible_name(count: u64) -> String {
    if count == 0 { "Notifications".to_string() } else { format!("Notifications, {count} unread") }
}

/// The bell's reactive state; `Copy`, so every handler can hold it.
#[derive(Clone, Copy)]
struct BellState {
    count: RwSignal<u64>,
    items: RwSignal<Vec<Notification>>,
    loaded: RwSignal<bool>,
    open: RwSignal<bool>,
    announcement: RwSignal<String>,
    error: RwSignal<Option<String>>,
    button: NodeRef<html::A>,
}

impl BellState {
    fn new(initial: u64) -> Self {
        Self {
            count: RwSignal::new(initial),
            items: RwSignal::new(Vec::new()),
            loaded: RwSignal::new(false),
            open: RwSignal::new(false),
            announcement: RwSignal::new(String::new()),
            error: RwSignal::new(None),
            button: NodeRef::new(),
        }
    }

    /// A new count; a rising one is announced to screen readers.
    fn set_count(self, n: u64) {
        if n > self.count.get_untracked() {
            let noun = if n == 1 { "notification" } else { "notifications" };
            self.announcement.set(format!("You have {n} unread {noun}."));
        }
        self.count.set(n);
    }

    fn load_items(self) {
        spawn_local(async move {
            match get_bell().await {
                Ok(snapshot) => {
                    self.set_count(snapshot.unread);
                    self.items.set(snapshot.latest);
                    self.loaded.set(true);
                    self.error.set(None);
                }
                Err(e) => self.error.set(Some(e.to_string())),
            }
        })
    }

    /// Asks for the unread count (a 304 when unchanged) and reloads the list if it moved.
    fn poll(self) {
        spawn_local(async move {
            if let Some(n) = fetch_unread_count().await
                && n != self.count.get_untracked()
            {
                self.set_count(n);
                self.list_is_stale();
            }
        })
    }

    /// Reload the list now if it is showing, else the next time it opens.
    fn list_is_stale(self) {
        if self.open.get_untracked() { self.load_items() } else { self.loaded.set(false) }
    }

    fn toggle(self) {
        let now_open = !self.open.get_untracked();
        self.open.set(now_open);
        if now_open && !self.loaded.get_untracked() {
            self.load_items();
        }
    }

    fn close(self, refocus: bool) {
        self.open.set(false);
        if refocus && let Some(button) = self.button.get_untracked() {
            let _ = button.focus();
        }
    }

    /// After this bell changed something: tell the page, this bell included (it reloads
    /// through its own listener).
    fn changed(self) {
        announce(NOTIFICATIONS_CHANGED);
    }

    fn report(self, result: Result<(), crate::error::AppError>) {
        match result {
            Ok(()) => self.changed(),
            Err(e) => self.error.set(Some(e.to_string())),
        }
    }
}

#[island]
pub fn Bell(initial: u64, poll_seconds: u32) -> impl IntoView {
    let state = BellState::new(initial);
    let root = NodeRef::<html::Div>::new();

    // Browser only: polling, tab visibility, focus, Escape and clicks outside.
    Effect::new(move |_| {
        let every = Duration::from_secs(u64::from(poll_seconds.max(1)));
        let interval = set_interval_with_handle(
            move || {
                if !document().hidden() {
                    state.poll()
                }
            },
            every,
        )
        .ok();
        let visibility = window_event_listener(ev::visibilitychange, move |_| {
            if !document().hidden() {
                state.poll()
            }
        });
        let focus = window_event_listener(ev::focus, move |_| state.poll());
        // Changes made here or elsewhere on the page (the notifications list) refresh the
        // bell: the open list at once (it brings the count), else the count.
        on_event(NOTIFICATIONS_CHANGED, move || {
            if state.open.get_untracked() {
                state.load_items();
            } else {
                state.loaded.set(false);
                state.poll();
            }
        });
        let keys = window_event_listener(ev::keydown, move |e: web_sys::KeyboardEvent| {
            if e.key() == "Escape" && state.open.get_untracked() {
                state.close(true);
            }
        });
        let clicks = window_event_listener(ev::click, move |e: web_sys::MouseEvent| {
            if !state.open.get_untracked() {
                return;
            }
            let target = e.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
            if !root.get_untracked().is_some_and(|r| r.contains(target.as_ref())) {
                state.close(false);
            }
        });
        on_cleanup(move || {
            if let Some(handle) = interval {
                handle.clear();
            }
            visibility.remove();
            focus.remove();
            keys.remove();
            clicks.remove();
        });
    });

    view! {
        <div class="bell" node_ref=root>
            <a
                href="/notifications"
                role="button"
                class="bell__button"
                node_ref=state.button
                aria-haspopup="dialog"
                aria-controls="bell-panel"
                aria-expanded=move || state.open.get().to_string()
                aria-label=move || accessible_name(state.count.get())
                on:click=move |e| {
                    e.prevent_default();
                    state.toggle();
                }
                on:keydown=move |e| {
                    if e.key() == " " {
                        e.prevent_default();
                        state.toggle();
                    }
                }
            >
                <Icon icon=icons::BELL width="20" height="20"/>
                {move || {
                    badge_text(state.count.get())
                        .map(|text| view! { <span class="bell__badge" data-testid="unread-count" aria-hidden="true">{text}</span> })
                }}
            </a>
            <span class="visually-hidden" role="status" aria-live="polite">{move || state.announcement.get()}</span>
            <Show when=move || state.open.get()>
                <BellPanel state/>
            </Show>
        </div>
    }
}

#[component]
fn BellPanel(state: BellState) -> impl IntoView {
    let panel = NodeRef::<html::Div>::new();
    // Focus moves into the dropdown when it opens.
    Effect::new(move |_| {
        if let Some(p) = panel.get() {
            let _ = p.focus();
        }
    });
    let mark_all = move |_| {
        spawn_local(async move {
            let result = mark_all_notifications_read().await.map(|c| state.count.set(c.count));
            state.report(result);
        })
    };
    let list = move || {
        if state.loaded.get() && !state.items.with(Vec::is_empty) {
            let rows = state.items.get().into_iter().map(|n| view! { <BellItem n state/> }).collect_view();
            Either::Right(view! { <ul class="bell__list">{rows}</ul> })
        } else {
            let text = if state.loaded.get() { "You're all caught up." } else { "Loading…" };
            Either::Left(view! { <p class="bell__empty">{text}</p> })
        }
    };
    view! {
        <div class="bell__panel" id="bell-panel" role="dialog" aria-label="Notifications" tabindex="-1" node_ref=panel>
            <div class="bell__header">
                <h2>"Notifications"</h2>
                <button type="button" class="button button--plain" on:click=mark_all disabled=move || state.count.get() == 0>
                    "Mark all as read"
                </button>
            </div>
            {move || state.error.get().map(|e| view! { <p class="bell__error" role="alert">{e}</p> })}
            {list}
            <div class="bell__footer">
                <a href="/notifications">"View all"</a>
            </div>
        </div>
    }
}

#[component]
fn BellItem(n: Notification, state: BellState) -> impl IntoView {
    let Notification { id, title, message, kind: k, action_url, is_read, created_at } = n;
    let (open_id, mark_id, delete_id) = (id.clone(), id.clone(), id);
    let target = action_url.unwrap_or_else(|| "/notifications".to_string());
    let on_open = move |_| {
        let (id, target) = (open_id.clone(), target.clone());
        spawn_local(async move {
            // Opening it is what matters; a failed mark-read shows up as unread later.
            let _ = mark_notification(id, true).await;
            state.close(false);
            let _ = window().location().set_href(&target);
        })
    };
    let on_mark = move |_| {
        let id = mark_id.clone();
        spawn_local(async move { state.report(mark_notification(id, !is_read).await.map(|_| ())) })
    };
    let on_delete = move |_| {
        let id = delete_id.clone();
        spawn_local(async move { state.report(delete_notification(id).await) })
    };
    let class = format!("bell-item {}{}", kind::class(k), if is_read { "" } else { " is-unread" });
    view! {
        <li class=class data-testid="bell-item" data-read=is_read.to_string()>
            <span class="bell-item__icon" title=kind::label(k)><Icon icon=kind::icon(k)/></span>
            <div class="bell-item__body">
                <button type="button" class="bell-item__title" on:click=on_open>
                    <span class="visually-hidden">{kind::label(k)}": "</span>
                    {title}
                </button>
                <p class="bell-item__message">{message}</p>
                <time class="bell-item__time" datetime=created_at.to_rfc3339()>{relative_time(created_at, Utc::now())}</time>
            </div>
            <div class="bell-item__actions">
                <button type="button" class="button button--plain" on:click=on_mark>
                    {if is_read { "Mark as unread" } else { "Mark as read" }}
                </button>
                <button type="button" class="button button--plain" on:click=on_delete>"Delete"</button>
            </div>
        </li>
    }
}
