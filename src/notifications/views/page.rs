//! `/notifications`: every notification, All / Unread, newest first, 20 a page. Each action
//! is a form: a plain POST without JavaScript, an in-place update with it.

use chrono::Utc;
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{NotificationsChanged, kind};
use crate::{
    notifications::{
        api::{DeleteNotification, MarkAllNotificationsRead, MarkNotification, OpenNotification, list_notifications},
        model::{ListQuery, Notification, relative_time},
    },
    site::use_public_config,
    ui::{Banner, ErrorPage, Icon, Tone},
};

const PAGE_SIZE: u32 = 20;

/// `/notifications`; `demo_extra` is shown under the list in demo mode.
#[component]
pub fn NotificationsPage(#[prop(optional, into)] demo_extra: Option<ViewFn>) -> impl IntoView {
    let query = use_query_map();
    let unread_only = move || query.read().get("filter").as_deref() == Some("unread");
    let before = move || query.read().get("before").filter(|b| !b.is_empty());

    let mark = ServerAction::<MarkNotification>::new();
    let delete = ServerAction::<DeleteNotification>::new();
    let mark_all = ServerAction::<MarkAllNotificationsRead>::new();
    let open = ServerAction::<OpenNotification>::new();
    let demo = use_public_config().demo;

    // Refetched whenever notifications change here, in the bell, or anywhere else on the page.
    let changed = NotificationsChanged::version();
    let page = Resource::new_blocking(
        move || (unread_only(), before(), changed.map(|v| v.get()).unwrap_or_default()),
        |(unread_only, before, ..)| {
            list_notifications(ListQuery { limit: Some(PAGE_SIZE), unread_only: Some(unread_only), before })
        },
    );

    // Tell the bell (and this page's list) when this page changed something.
    Effect::new(move |previous: Option<(usize, usize, usize)>| {
        let now = (mark.version().get(), delete.version().get(), mark_all.version().get());
        if previous.is_some_and(|p| p != now) {
            NotificationsChanged::bump();
        }
        now
    });

    let action_error = move || {
        [
            mark.value().get().and_then(Result::err).map(|e| e.to_string()),
            delete.value().get().and_then(Result::err).map(|e| e.to_string()),
            mark_all.value().get().and_then(Result::err).map(|e| e.to_string()),
            open.value().get().and_then(Result::err).map(|e| e.to_string()),
        ]
        .into_iter()
        .flatten()
        .next()
    };

    let tab = move |label: &'static str, href: &'static str, active: bool| {
        view! { <a href=href aria-current=active.then_some("page")>{label}</a> }
    };

    view! {
        <Title text="Notifications"/>
        <div class="page">
            <div class="page__header">
                <div>
                    <h1>"Notifications"</h1>
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            page.await.ok().map(|p| view! { <p class="page__subtitle" data-testid="unread-summary">{format!("{} unread", p.unread)}</p> })
                        })}
                    </Transition>
                </div>
                <ActionForm action=mark_all>
                    <button type="submit" class="button" disabled=move || mark_all.pending().get()>"Mark all as read"</button>
                </ActionForm>
            </div>
            {move || action_error().map(|e| view! { <Banner tone=Tone::Critical><p>{e}</p></Banner> })}
            <section class="card card--flush">
                <nav class="tabs" aria-label="Filter notifications">
                    {move || tab("All", "/notifications", !unread_only())}
                    {move || tab("Unread", "/notifications?filter=unread", unread_only())}
                </nav>
                <Transition fallback=|| view! { <p class="empty">"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        match page.await {
                            Err(e) => Either::Left(view! { <ErrorPage message=e.to_string()/> }),
                            Ok(p) => {
                                let empty = p.items.is_empty();
                                let older = p.next_before.clone().map(|cursor| {
                                    let filter = if unread_only() { "filter=unread&" } else { "" };
                                    format!("/notifications?{filter}before={cursor}")
                                });
                                let newest = before().map(|_| if unread_only() { "/notifications?filter=unread" } else { "/notifications" });
                                let rows = p.items.into_iter().map(|n| view! { <Row n mark delete open/> }).collect_view();
                                Either::Right(view! {
                                    {empty.then(|| view! { <p class="empty">"Nothing here. You're all caught up."</p> })}
                                    <ul class="notification-list">{rows}</ul>
                                    {(older.is_some() || newest.is_some()).then(|| view! {
                                        <div class="pagination">
                                            {newest.map(|href| view! { <a class="button" href=href>"Newest"</a> })}
                                            <span></span>
                                            {older.map(|href| view! { <a class="button" href=href rel="next">"Older"</a> })}
                                        </div>
                                    })}
                                })
                            }
                        }
                    })}
                </Transition>
            </section>
            {demo.then(|| demo_extra.map(|extra| extra.run()))}
        </div>
    }
}

#[component]
fn Row(
    n: Notification,
    mark: ServerAction<MarkNotification>,
    delete: ServerAction<DeleteNotification>,
    open: ServerAction<OpenNotification>,
) -> impl IntoView {
    let Notification { id, title, message, kind: k, is_read, created_at, .. } = n;
    let (open_id, mark_id, delete_id) = (id.clone(), id.clone(), id);
    let class = format!("notification {}{}", kind::class(k), if is_read { "" } else { " is-unread" });
    view! {
        <li class=class data-testid="notification-item" data-read=is_read.to_string()>
            <span class="notification__icon" title=kind::label(k)><Icon icon=kind::icon(k)/></span>
            <div class="notification__body">
                <ActionForm action=open attr:class="inline-form">
                    <input type="hidden" name="id" value=open_id/>
                    <button type="submit" class="notification__title">
                        <span class="visually-hidden">{kind::label(k)}": "</span>
                        {title}
                    </button>
                </ActionForm>
                <p class="notification__message">{message}</p>
                <time class="notification__time" datetime=created_at.to_rfc3339()>{relative_time(created_at, Utc::now())}</time>
            </div>
            <div class="notification__actions">
                <ActionForm action=mark attr:class="inline-form">
                    <input type="hidden" name="id" value=mark_id/>
                    <input type="hidden" name="read" value=(!is_read).to_string()/>
                    <button type="submit" class="button button--plain">{if is_read { "Mark as unread" } else { "Mark as read" }}</button>
                </ActionForm>
                <ActionForm action=delete attr:class="inline-form">
                    <input type="hidden" name="id" value=delete_id/>
                    <button type="submit" class="button button--plain">"Delete"</button>
                </ActionForm>
            </div>
        </li>
    }
}
