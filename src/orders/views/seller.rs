//! `/seller/orders`: the seller's order items from Amazon, newest first, with price, Amazon's
//! fees, the platform's commission and the net, filtered by status and month.

use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::table::{OrderFilters, OrderItemsTable};
use crate::{
    auth::{model::Role, views::RequireRole},
    orders::api::list_my_orders,
    ui::{ErrorPage, Pager},
};

#[component]
pub fn SellerOrdersPage() -> impl IntoView {
    view! {
        <Title text="Orders"/>
        <RequireRole role=Role::Seller>
            <OrdersBody/>
        </RequireRole>
    }
}

#[component]
fn OrdersBody() -> impl IntoView {
    let query = use_query_map();
    let param = move |k: &'static str| move || query.read().get(k).filter(|v| !v.is_empty());
    let (status, month) = (param("status"), param("month"));
    let page = move || query.read().get("page").and_then(|p| p.parse::<u32>().ok());
    let orders = Resource::new_blocking(move || (status(), month(), page()), |(s, m, p)| list_my_orders(s, m, p));
    view! {
        <div class="page">
            <div class="page__header">
                <div>
                    <h1>"Orders"</h1>
                    <p class="page__subtitle">"What sold on Amazon: each item, what Amazon and Hamro take, and what you earn."</p>
                </div>
                <a class="button" href="/seller/earnings">"Earnings statement"</a>
            </div>
            <section class="card card--flush">
                <OrderFilters action="/seller/orders" status=status() month=month()/>
                <Transition fallback=|| view! { <p class="empty">"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        match orders.await {
                            Err(e) => Either::Left(view! { <ErrorPage message=e.to_string()/> }),
                            Ok(p) if p.items.is_empty() => Either::Right(Either::Left(view! {
                                <p class="empty">"No orders here yet. Orders for your listed products appear as Amazon reports them."</p>
                            })),
                            Ok(p) => {
                                let pages = p.pages();
                                let base = filters_url("/seller/orders", status(), month());
                                Either::Right(Either::Right(view! {
                                    <OrderItemsTable items=p.items admin=false/>
                                    <Pager page=p.page pages base/>
                                }))
                            }
                        }
                    })}
                </Transition>
            </section>
        </div>
    }
}

/// The list's URL with its filters (the pager adds the page).
pub fn filters_url(path: &str, status: Option<String>, month: Option<String>) -> String {
    let params: Vec<String> = [("status", status), ("month", month)]
        .into_iter()
        .filter_map(|(k, v)| {
            v.map(|v| format!("{k}={}", v.replace(|c: char| !c.is_ascii_alphanumeric() && c != '-' && c != '_', "")))
        })
        .collect();
    if params.is_empty() { path.to_string() } else { format!("{path}?{}", params.join("&")) }
}
