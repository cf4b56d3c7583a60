//! The dashboards' notifications card: the unread count and the latest few. The dashboard
//! loads the data (with its own, in one round) and passes it in.

use chrono::Utc;
use leptos::prelude::*;

use super::kind;
use crate::{
    notifications::model::{BellSnapshot, relative_time},
    ui::Icon,
};

#[component]
pub fn NotificationSummary(snapshot: BellSnapshot) -> impl IntoView {
    let unread = snapshot.unread;
    let latest = snapshot
        .latest
        .into_iter()
        .take(3)
        .map(|n| {
            let k = n.kind;
            view! {
                <li class=format!("summary-item {}", kind::class(k))>
                    <span class="summary-item__icon"><Icon icon=kind::icon(k)/></span>
                    <span class="summary-item__title">{n.title}</span>
                    <span class="muted nowrap">{relative_time(n.created_at, Utc::now())}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <div class="card__header">
                <h2>"Notifications"</h2>
                <a href="/notifications">"View all"</a>
            </div>
            <p class="stat__value" data-testid="dashboard-unread">{unread}</p>
            <p class="stat__hint">{if unread == 1 { "unread notification" } else { "unread notifications" }}</p>
            <ul class="list summary-list">{latest}</ul>
        </section>
    }
}
