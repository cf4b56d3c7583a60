//! The "Amazon" card on a product's page: the listing's status, ASIN, SKU, marketplace,
//! last sync and issues, with "Sync to Amazon" and "Delist from Amazon" (which asks first).
//! It is server-rendered and its actions are plain form posts; with JavaScript a `Refresher`
//! island keeps the card current while Amazon is working on the listing.

use leptos::{either::Either, prelude::*};
use leptos_router::hooks::{use_location, use_query_map};

use super::ListingBadge;
use crate::{
    listings::{
        api::{DelistFromAmazon, SyncToAmazon},
        model::{IssueSeverity, ListingStatus, ListingView},
    },
    ui::{Banner, Refresher, Tone},
};

/// The card, given the listing as the page loaded it. After "Sync to Amazon" or a delist the
/// page comes back with the listing busy, and the refresher looks again every two seconds
/// until Amazon is done.
#[component]
pub fn ListingPanel(listing: ListingView, approved: bool) -> impl IntoView {
    let sync = ServerAction::<SyncToAmazon>::new();
    let delist = ServerAction::<DelistFromAmazon>::new();
    let working = listing.busy || matches!(listing.status, ListingStatus::Submitted | ListingStatus::Pending);
    let error = sync
        .value()
        .get_untracked()
        .and_then(Result::err)
        .or_else(|| delist.value().get_untracked().and_then(Result::err));
    view! {
        <section class="card" data-testid="listing-panel" id="listing-panel" data-moving=working.to_string()>
            <div class="card__header"><h2>"Amazon"</h2></div>
            {error.map(|e| view! { <Banner tone=Tone::Critical><p>{e.to_string()}</p></Banner> })}
            <ListingDetails l=listing approved sync delist/>
        </section>
        <Refresher targets=vec!["listing-panel".to_string()] every_ms=2000 active=working/>
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
