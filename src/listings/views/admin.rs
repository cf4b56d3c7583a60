//! `/admin/listings`: every listing with a status filter, and "Sync all inventory" with a
//! progress bar and per-SKU results. With JavaScript a `Refresher` island keeps the
//! progress current while the sync runs; without it, a reload shows where it is.

use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::ListingBadge;
use crate::{
    auth::model::Role,
    auth::views::RequireRole,
    listings::{
        api::{StartBulkSync, admin_listings},
        model::{BulkSyncStatus, BulkSyncView, ListingStatus},
    },
    ui::{Banner, ErrorPage, Refresher, Tone},
};

#[component]
pub fn AdminListingsPage() -> impl IntoView {
    view! {
        <Title text="Amazon listings"/>
        <RequireRole role=Role::Admin>
            <ListingsBody/>
        </RequireRole>
    }
}

#[component]
fn ListingsBody() -> impl IntoView {
    let query = use_query_map();
    let status = move || query.read().get("status").filter(|s| !s.is_empty());
    let start = ServerAction::<StartBulkSync>::new();
    let data = Resource::new_blocking(status, admin_listings);
    view! {
        <div class="page">
            <div class="page__header">
                <div>
                    <h1>"Amazon listings"</h1>
                    <p class="page__subtitle">"Every product Hamro lists on Amazon under the platform's seller account."</p>
                </div>
                <ActionForm action=start>
                    <button type="submit" class="button button--primary" disabled=move || start.pending().get()>"Sync all inventory"</button>
                </ActionForm>
            </div>
            {move || start.value().get().and_then(Result::err).map(|e| view! { <Banner tone=Tone::Critical><p>{e.to_string()}</p></Banner> })}
            <Transition fallback=|| view! { <p class="empty">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => Either::Left(view! { <ErrorPage message=e.to_string()/> }),
                        Ok((listings, bulk)) => {
                            let current = status();
                            let tab = move |label: &'static str, value: Option<&'static str>| {
                                let href = value.map_or("/admin/listings".to_string(), |v| format!("/admin/listings?status={v}"));
                                let active = current.as_deref() == value;
                                view! { <a href=href aria-current=active.then_some("page")>{label}</a> }
                            };
                            Either::Right(view! {
                                {bulk.map(|b| {
                                    let running = b.finished_at.is_none();
                                    view! {
                                        <BulkProgress b/>
                                        <Refresher targets=vec!["bulk-sync".to_string()] every_ms=1000 active=running/>
                                    }
                                })}
                                <section class="card card--flush">
                                    <nav class="tabs" aria-label="Filter by status">
                                        {tab("All", None)}
                                        {[ListingStatus::NeedsAttention, ListingStatus::Submitted, ListingStatus::Pending, ListingStatus::Active, ListingStatus::Error, ListingStatus::Deleted]
                                            .into_iter()
                                            .map(|s| tab(s.label(), Some(s.as_str())))
                                            .collect_view()}
                                    </nav>
                                    {if listings.is_empty() {
                                        Either::Left(view! { <p class="empty">"No listings here."</p> })
                                    } else {
                                        Either::Right(view! {
                                            <div class="table-wrap">
                                                <table class="table">
                                                    <thead><tr><th>"Product"</th><th>"Seller"</th><th>"Status"</th><th>"ASIN"</th><th>"SKU"</th><th>"Last sync"</th></tr></thead>
                                                    <tbody>
                                                        {listings.into_iter().map(|l| view! {
                                                            <tr data-testid="listing-row">
                                                                <td><a href=format!("/admin/products/{}", l.product_id)>{l.product_title.clone()}</a></td>
                                                                <td>{l.seller_name.clone()}</td>
                                                                <td><ListingBadge status=l.status/></td>
                                                                <td>{l.asin.clone().unwrap_or_else(|| "—".into())}</td>
                                                                <td><code>{l.sku.clone()}</code></td>
                                                                <td class="nowrap muted">{l.last_synced_at.map(|d| d.format("%b %-d %H:%M").to_string()).unwrap_or_else(|| "—".into())}</td>
                                                            </tr>
                                                        }).collect_view()}
                                                    </tbody>
                                                </table>
                                            </div>
                                        })
                                    }}
                                </section>
                            })
                        }
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn BulkProgress(b: BulkSyncView) -> impl IntoView {
    let percent = if b.total > 0 {
        b.done * 100 / b.total
    } else if b.finished_at.is_some() {
        100
    } else {
        0
    };
    let title = match (b.finished_at.is_some(), b.status) {
        (true, BulkSyncStatus::Failed) => "Last inventory sync failed".to_string(),
        (true, _) => "Last inventory sync finished".to_string(),
        (false, _) => "Inventory sync in progress".to_string(),
    };
    view! {
        <section class="card" data-testid="bulk-sync" id="bulk-sync" data-moving=b.finished_at.is_none().to_string()>
            <div class="card__header">
                <h2>{title}</h2>
                <span class="muted">{format!("started {}", b.started_at.format("%b %-d %H:%M:%S UTC"))}</span>
            </div>
            <progress class="progress" max="100" value=percent.to_string() aria-label="Inventory sync progress">
                {format!("{percent}%")}
            </progress>
            <p data-testid="bulk-tally">{format!("{} of {} SKUs · {} updated · {} failed", b.done, b.total, b.succeeded, b.failed)}</p>
            {b.error.clone().filter(|_| b.status == BulkSyncStatus::Failed).map(|e| view! { <Banner tone=Tone::Critical><p>{e}</p></Banner> })}
            {(!b.results.is_empty()).then(|| view! {
                <div class="table-wrap">
                    <table class="table">
                        <thead><tr><th>"SKU"</th><th>"Result"</th><th>"Details"</th></tr></thead>
                        <tbody>
                            {b.results.iter().map(|r| view! {
                                <tr data-testid="bulk-result">
                                    <td><code>{r.sku.clone()}</code></td>
                                    <td>{if r.ok { "Updated" } else { "Failed" }}</td>
                                    <td class="muted">{r.message.clone().unwrap_or_default()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
        </section>
    }
}
