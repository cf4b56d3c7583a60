//! The live part of /notifications: header, list and paging. It is an island: it takes the
//! page the server loaded as props. Every action is a real form (a plain POST without
//! JavaScript); with JavaScript it is sent in place, the list reloads, and the bell hears of
//! it through `hamro:notifications-changed` (and the list of the bell's changes).

use chrono::Utc;
use leptos::{ev::SubmitEvent, prelude::*, server_fn::ServerFn, task::spawn_local};

use super::kind;
use crate::{
    error::AppError,
    notifications::{
        api::{
            DeleteNotification, MarkAllNotificationsRead, MarkNotification, OpenNotification, delete_notification,
            list_notifications, mark_all_notifications_read, mark_notification, open_notification,
        },
        model::{ListQuery, Notification, NotificationPage, relative_time},
    },
    ui::{
        Banner, Icon, Tone,
        events::{NOTIFICATIONS_CHANGED, announce, on_event},
    },
};

pub const PAGE_SIZE: u32 = 20;

/// What a row's form asks for.
#[derive(Clone, Copy)]
enum Act {
    Open,
    Mark(bool),
    Delete,
    MarkAll,
}

#[derive(Clone, Copy)]
struct Center {
    page: RwSignal<NotificationPage>,
    error: RwSignal<Option<String>>,
    unread_only: bool,
    before: StoredValue<Option<String>>,
}

impl Center {
    fn reload(self) {
        let query =
            ListQuery { limit: Some(PAGE_SIZE), unread_only: Some(self.unread_only), before: self.before.get_value() };
        spawn_local(async move {
            match list_notifications(query).await {
                Ok(p) => self.page.set(p),
                Err(e) => self.error.set(Some(e.to_string())),
            }
        });
    }

    /// The in-place version of a form: the server function, then everyone reloads.
    fn submit(self, ev: SubmitEvent, id: String, act: Act) {
        ev.prevent_default();
        spawn_local(async move {
            let result: Result<(), AppError> = match act {
                // The server function's redirect (through the hook `hydrate` sets) opens the link.
                Act::Open => open_notification(id).await.map(|_| ()),
                Act::Mark(read) => mark_notification(id, read).await.map(|_| ()),
                Act::Delete => delete_notification(id).await,
                Act::MarkAll => mark_all_notifications_read().await.map(|_| ()),
            };
            match result {
                Ok(()) => {
                    self.error.set(None);
                    announce(NOTIFICATIONS_CHANGED);
                }
                Err(e) => self.error.set(Some(e.to_string())),
            }
        });
    }
}

#[island]
pub fn NotificationCenter(
    page: NotificationPage,
    unread_only: bool,
    before: Option<String>,
    /// A failed no-JavaScript action's error, from the address.
    error: Option<String>,
) -> impl IntoView {
    let center = Center {
        page: RwSignal::new(page),
        error: RwSignal::new(error),
        unread_only,
        before: StoredValue::new(before.clone()),
    };
    Effect::new(move |_| on_event(NOTIFICATIONS_CHANGED, move || center.reload()));

    let tab = move |label: &'static str, href: &'static str, active: bool| {
        view! { <a href=href aria-current=active.then_some("page")>{label}</a> }
    };
    let paging = move || {
        let older = center.page.with(|p| p.next_before.clone()).map(|cursor| {
            let filter = if unread_only { "filter=unread&" } else { "" };
            format!("/notifications?{filter}before={cursor}")
        });
        let newest =
            before.as_ref().map(|_| if unread_only { "/notifications?filter=unread" } else { "/notifications" });
        (older.is_some() || newest.is_some()).then(|| {
            view! {
                <div class="pagination">
                    {newest.map(|href| view! { <a class="button" href=href>"Newest"</a> })}
                    <span></span>
                    {older.map(|href| view! { <a class="button" href=href rel="next">"Older"</a> })}
                </div>
            }
        })
    };
    view! {
        <div class="page__header">
            <div>
                <h1>"Notifications"</h1>
                <p class="page__subtitle" data-testid="unread-summary">{move || format!("{} unread", center.page.with(|p| p.unread))}</p>
            </div>
            <form method="post" action=MarkAllNotificationsRead::url() on:submit=move |ev| center.submit(ev, String::new(), Act::MarkAll)>
                <button type="submit" class="button">"Mark all as read"</button>
            </form>
        </div>
        {move || center.error.get().map(|e| view! { <Banner tone=Tone::Critical><p>{e}</p></Banner> })}
        <section class="card card--flush">
            <nav class="tabs" aria-label="Filter notifications">
                {tab("All", "/notifications", !unread_only)}
                {tab("Unread", "/notifications?filter=unread", unread_only)}
            </nav>
            {move || center.page.with(|p| p.items.is_empty()).then(|| view! { <p class="empty">"Nothing here. You're all caught up."</p> })}
            <ul class="notification-list">
                <For each=move || center.page.get().items key=|n| (n.id.clone(), n.is_read) let:n>
                    <Row n center/>
                </For>
            </ul>
            {paging}
        </section>
    }
}

#[component]
fn Row(n: Notification, center: Center) -> impl IntoView {
    let Notification { id, title, message, kind: k, is_read, created_at, .. } = n;
    let (open_id, mark_id, delete_id) = (id.clone(), id.clone(), id.clone());
    let class = format!("notification {}{}", kind::class(k), if is_read { "" } else { " is-unread" });
    view! {
        <li class=class data-testid="notification-item" data-read=is_read.to_string()>
            <span class="notification__icon" title=kind::label(k)><Icon icon=kind::icon(k)/></span>
            <div class="notification__body">
                <form method="post" action=OpenNotification::url() class="inline-form"
                    on:submit=move |ev| center.submit(ev, open_id.clone(), Act::Open)>
                    <input type="hidden" name="id" value=id.clone()/>
                    <button type="submit" class="notification__title">
                        <span class="visually-hidden">{kind::label(k)}": "</span>
                        {title}
                    </button>
                </form>
                <p class="notification__message">{message}</p>
                <time class="notification__time" datetime=created_at.to_rfc3339()>{relative_time(created_at, Utc::now())}</time>
            </div>
            <div class="notification__actions">
                <form method="post" action=MarkNotification::url() class="inline-form"
                    on:submit=move |ev| center.submit(ev, mark_id.clone(), Act::Mark(!is_read))>
                    <input type="hidden" name="id" value=id.clone()/>
                    <input type="hidden" name="read" value=(!is_read).to_string()/>
                    <button type="submit" class="button button--plain">{if is_read { "Mark as unread" } else { "Mark as read" }}</button>
                </form>
                <form method="post" action=DeleteNotification::url() class="inline-form"
                    on:submit=move |ev| center.submit(ev, delete_id.clone(), Act::Delete)>
                    <input type="hidden" name="id" value=id/>
                    <button type="submit" class="button button--plain">"Delete"</button>
                </form>
            </div>
        </li>
    }
}
