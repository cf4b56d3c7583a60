//! `/notifications`: every notification, All / Unread, newest first, 20 a page. The server
//! loads the page; the list and its actions are the `NotificationCenter` island.

use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::center::{NotificationCenter, PAGE_SIZE};
use crate::{
    notifications::{
        api::{DeleteNotification, MarkAllNotificationsRead, MarkNotification, OpenNotification, list_notifications},
        model::ListQuery,
    },
    site::use_public_config,
    ui::ErrorPage,
};

/// `/notifications`; `demo_extra` is shown under the list in demo mode.
#[component]
pub fn NotificationsPage(#[prop(optional, into)] demo_extra: Option<ViewFn>) -> impl IntoView {
    let query = use_query_map();
    let unread_only = query.read_untracked().get("filter").as_deref() == Some("unread");
    let before = query.read_untracked().get("before").filter(|b| !b.is_empty());
    let demo = use_public_config().demo;

    // A failed action without JavaScript comes back here with its error in the address.
    let error = [
        ServerAction::<MarkNotification>::new().value().get_untracked().and_then(Result::err),
        ServerAction::<DeleteNotification>::new().value().get_untracked().and_then(Result::err),
        ServerAction::<MarkAllNotificationsRead>::new().value().get_untracked().and_then(Result::err),
        ServerAction::<OpenNotification>::new().value().get_untracked().and_then(Result::err),
    ]
    .into_iter()
    .flatten()
    .next()
    .map(|e| e.to_string());

    let query = ListQuery { limit: Some(PAGE_SIZE), unread_only: Some(unread_only), before: before.clone() };
    let page = Resource::new_blocking(|| (), move |_| list_notifications(query.clone()));

    view! {
        <Title text="Notifications"/>
        <div class="page">
            <Suspense fallback=|| view! { <p class="empty">"Loading…"</p> }>
                {move || {
                    let (before, error) = (before.clone(), error.clone());
                    Suspend::new(async move {
                        match page.await {
                            Err(e) => Either::Left(view! { <ErrorPage message=e.to_string()/> }),
                            Ok(page) => Either::Right(view! { <NotificationCenter page unread_only before error/> }),
                        }
                    })
                }}
            </Suspense>
            {demo.then(|| demo_extra.map(|extra| extra.run()))}
        </div>
    }
}
