//! The bell's place in the top bar: loads the unread count and the poll interval with the
//! page, and renders the `Bell` island with them.

use leptos::prelude::*;

use super::bell::Bell;
use crate::{notifications::api::get_unread_count, site::use_public_config};

#[component]
pub fn NotificationBell() -> impl IntoView {
    let count = Resource::new_blocking(|| (), |_| get_unread_count());
    let poll_seconds = use_public_config().poll_seconds;
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let initial = count.await.map(|c| c.count).unwrap_or(0);
                view! { <Bell initial poll_seconds/> }
            })}
        </Suspense>
    }
}
