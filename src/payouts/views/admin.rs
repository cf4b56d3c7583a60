//! `/admin/payouts`: every seller's payouts, filtered by seller and status (a GET form).

use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::PayoutBadge;
use crate::{
    auth::model::Role,
    auth::views::RequireRole,
    payouts::{api::admin_list_payouts, model::PayoutStatus},
    ui::ErrorPage,
};

#[component]
pub fn AdminPayoutsPage() -> impl IntoView {
    view! {
        <Title text="All payouts"/>
        <RequireRole role=Role::Admin>
            <AdminPayoutsBody/>
        </RequireRole>
    }
}

#[component]
fn AdminPayoutsBody() -> impl IntoView {
    let query = use_query_map();
    let param = move |k: &'static str| move || query.read().get(k).filter(|v| !v.is_empty());
    let (seller, status) = (param("seller"), param("status"));
    let data = Resource::new_blocking(
        move || (seller(), status()),
        |(seller, status)| admin_list_payouts(seller, status, None),
    );
    view! {
        <div class="page">
            <div class="page__header">
                <div>
                    <h1>"All payouts"</h1>
                    <p class="page__subtitle">"Every payout Hamro has sent to Stripe, newest first."</p>
                </div>
            </div>
            <Transition fallback=|| view! { <p class="empty">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => Either::Left(view! { <ErrorPage message=e.to_string()/> }),
                        Ok((payouts, sellers)) => {
                            let (current_seller, current_status) = (seller(), status());
                            let date = |d: chrono::DateTime<chrono::Utc>| d.format("%b %-d, %Y %H:%M").to_string();
                            Either::Right(view! {
                                <section class="card card--flush">
                                    <form method="get" action="/admin/payouts" class="filters toolbar">
                                        <div class="field">
                                            <label for="payouts-seller">"Seller"</label>
                                            <select id="payouts-seller" name="seller">
                                                <option value="">"All sellers"</option>
                                                {sellers.into_iter().map(|s| {
                                                    let selected = current_seller.as_deref() == Some(s.id.as_str());
                                                    view! { <option value=s.id selected=selected>{s.name}</option> }
                                                }).collect_view()}
                                            </select>
                                        </div>
                                        <div class="field">
                                            <label for="payouts-status">"Status"</label>
                                            <select id="payouts-status" name="status">
                                                <option value="">"All statuses"</option>
                                                {PayoutStatus::ALL.into_iter().map(|s| {
                                                    let selected = current_status.as_deref() == Some(s.as_str());
                                                    view! { <option value=s.as_str() selected=selected>{s.as_str().replace('_', " ")}</option> }
                                                }).collect_view()}
                                            </select>
                                        </div>
                                        <button type="submit" class="button">"Filter"</button>
                                    </form>
                                    {if payouts.is_empty() {
                                        Either::Left(view! { <p class="empty">"No payouts match."</p> })
                                    } else {
                                        Either::Right(view! {
                                            <div class="table-wrap">
                                                <table class="table">
                                                    <thead><tr><th>"Seller"</th><th class="num">"Amount"</th><th>"Status"</th><th>"Created"</th><th>"Stripe payout"</th><th>"Failure"</th></tr></thead>
                                                    <tbody>
                                                        {payouts.into_iter().map(|p| view! {
                                                            <tr data-testid="payout-row">
                                                                <td>{p.seller_name.clone()}</td>
                                                                <td class="num">{p.amount.display()}</td>
                                                                <td><PayoutBadge status=p.status/></td>
                                                                <td class="nowrap">{date(p.created_at)}</td>
                                                                <td><code>{p.stripe_payout_id.clone().unwrap_or_else(|| "—".into())}</code></td>
                                                                <td class="text-critical">{p.failure_message.clone().unwrap_or_default()}</td>
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
