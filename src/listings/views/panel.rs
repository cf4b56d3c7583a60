//! The "Amazon" card on a product's page: the listing's status, ASIN, SKU, marketplace,
//! last sync and issues, with "Sync to Amazon" and "Delist from Amazon" (which asks first).
//! Forms work without JavaScript; with it, the card refreshes while a sync is under way.

use std::time::Duration;

use leptos::{either::Either, prelude::*};
use leptos_router::hooks::{use_location, use_query_map};

use super::ListingBadge;
use crate::ui::refresh_while;
use crate::{
    listings::{
        api::{DelistFromAmazon, SyncToAmazon, get_listing},
        model::{IssueSeverity, ListingStatus, ListingView},
    },
    ui::{Banner, Tone},
};

/// The card, given the listing as the page loaded it. It takes no part in the page's
/// suspense: the page loads product and listing together, and from then on the card updates
/// itself (after its actions, and every two seconds while Amazon is working) in the browser.
#[component]
pub fn ListingPanel(listing: ListingView, approved: bool) -> impl IntoView {
    let sync = ServerAction::<SyncToAmazon>::new();
    let delist = ServerAction::<DelistFromAmazon>::new();
    let product_id = listing.product_id.clone();
    let current = RwSignal::new(listing);
    let tick = RwSignal::new(0u32);
    // Reload after an action or a tick; the first run (hydration) keeps what the server sent.
    Effect::new(move |ran: Option<()>| {
        sync.version().track();
        delist.version().track();
        tick.track();
        if ran.is_some() {
            let id = product_id.clone();
            leptos::task::spawn_local(async move {
                if let Ok(l) = get_listing(id).await {
                    current.set(l);
                }
            });
        }
    });
    // While Amazon is working on it, look again every two seconds (browser only).
    let working = move || {
        current.with_untracked(|l| l.busy || matches!(l.status, ListingStatus::Submitted | ListingStatus::Pending))
    };
    refresh_while(|| Duration::from_secs(2), working, tick);
    let error = move || sync.value().get().and_then(Result::err).or_else(|| delist.value().get().and_then(Result::err));
    view! {
        <section class="card" data-testid="listing-panel">
            <div class="card__header"><h2>"Amazon"</h2></div>
            {move || error().map(|e| view! { <Banner tone=Tone::Critical><p>{e.to_string()}</p></Banner> })}
            {move || view! { <ListingDetails l=current.get() approved sync delist/> }}
        </section>
    }
}

#[component]
fn ListingDetails(
    l: ListingView,
    approved: bool,
    sync: ServerAction<SyncToAmazon>,
    delist: ServerAction<DelistFromAmazon>,
) -> impl IntoView {
    let query = use_query_map();
    let path = use_location().pathname;
    let confirming = move || query.read().get("confirm").as_deref() == Some("delist");
    let date = |d: chrono::DateTime<chrono::Utc>| d.format("%b %-d, %Y %H:%M UTC").to_string();
    let live = l.status.is_live() || l.status == ListingStatus::Error;
    let (sync_id, delist_id) = (l.product_id.clone(), l.product_id.clone());
    let issues = l.issues.clone();
    view! {
        <dl class="facts facts--compact">
            <dt>"Status"</dt><dd><ListingBadge status=l.status/>{l.busy.then(|| view! { <span class="muted">" · working…"</span> })}</dd>
            <dt>"ASIN"</dt><dd data-testid="listing-asin">{l.asin.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>"SKU"</dt><dd><code>{l.sku.clone()}</code></dd>
            <dt>"Marketplace"</dt><dd>{format!("Amazon {} ({})", l.marketplace, l.marketplace_id)}</dd>
            <dt>"Last sync"</dt><dd>{l.last_synced_at.map(date).unwrap_or_else(|| "Never".into())}</dd>
        </dl>
        {l.last_error.clone().filter(|_| l.status == ListingStatus::Error).map(|e| view! {
            <Banner tone=Tone::Critical><p data-testid="listing-error">{e}</p></Banner>
        })}
        {(!issues.is_empty()).then(|| view! {
            <ul class="issue-list" data-testid="listing-issues">
                {issues.into_iter().map(|i| {
                    let tone = if i.severity == IssueSeverity::Error { "issue issue--error" } else { "issue" };
                    view! {
                        <li class=tone>
                            <strong>{i.severity.as_str()}</strong>
                            {i.attribute_names.first().map(|a| view! { <code>{a.clone()}</code> })}
                            <p>{i.message.clone()}</p>
                            <p class="muted">{i.next_step()}</p>
                        </li>
                    }
                }).collect_view()}
            </ul>
        })}
        <div class="button-row listing-actions">
            {approved.then(|| view! {
                <ActionForm action=sync>
                    <input type="hidden" name="product_id" value=sync_id/>
                    <button type="submit" class="button button--primary" disabled=move || sync.pending().get()>"Sync to Amazon"</button>
                </ActionForm>
            })}
            {live.then_some(move || {
                if confirming() {
                    let id = delist_id.clone();
                    Either::Left(view! {
                        <ActionForm action=delist attr:class="confirm-box">
                            <input type="hidden" name="product_id" value=id/>
                            <p><strong>"Delist this product from Amazon?"</strong>" It stops selling there until you sync it again."</p>
                            <div class="button-row">
                                <button type="submit" class="button button--critical">"Yes, delist"</button>
                                <a class="button" href=path.get()>"Cancel"</a>
                            </div>
                        </ActionForm>
                    })
                } else {
                    Either::Right(view! { <a class="button" href=format!("{}?confirm=delist", path.get())>"Delist from Amazon"</a> })
                }
            })}
        </div>
    }
}
