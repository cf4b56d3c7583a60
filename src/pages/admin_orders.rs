//! `/admin/orders` (orders with earnings): every order item, unmatched SKUs highlighted, and
//! the platform's months:
//! gross sales, Amazon's fees, commission earned, refunds, transferred, and what is held.

use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    auth::{model::Role, views::RequireRole},
    earnings::{api::get_platform_summary, model::PlatformSummary},
    money::Money,
    orders::{
        api::admin_list_orders,
        views::{OrderFilters, OrderItemsTable, filters_url},
    },
    ui::{Card, ErrorPage, Pager},
};

#[component]
pub fn AdminOrdersPage() -> impl IntoView {
    view! {
        <Title text="All orders"/>
        <RequireRole role=Role::Admin>
            <AdminOrdersBody/>
        </RequireRole>
    }
}

fn list(m: &[Money]) -> String {
    if m.is_empty() { "—".into() } else { m.iter().map(Money::display).collect::<Vec<_>>().join(" · ") }
}

#[component]
fn AdminOrdersBody() -> impl IntoView {
    let query = use_query_map();
    let param = move |k: &'static str| move || query.read().get(k).filter(|v| !v.is_empty());
    let (status, month) = (param("status"), param("month"));
    let unmatched = move || query.read().get("unmatched").as_deref() == Some("true");
    let page = move || query.read().get("page").and_then(|p| p.parse::<u32>().ok());
    let orders = Resource::new_blocking(
        move || (status(), month(), unmatched(), page()),
        |(s, m, u, p)| admin_list_orders(s, m, Some(u), p),
    );
    let summary = Resource::new_blocking(|| (), |_| get_platform_summary());
    view! {
        <div class="page">
            <div class="page__header">
                <div>
                    <h1>"All orders"</h1>
                    <p class="page__subtitle">"Every item sold on the platform's Amazon account."</p>
                </div>
            </div>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    summary.await.ok().map(|s| view! { <Summary s/> })
                })}
            </Transition>
            <section class="card card--flush">
                <OrderFilters action="/admin/orders" status=status() month=month() unmatched=unmatched()/>
                <Transition fallback=|| view! { <p class="empty">"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        match orders.await {
                            Err(e) => Either::Left(view! { <ErrorPage message=e.to_string()/> }),
                            Ok(p) if p.items.is_empty() => Either::Right(Either::Left(view! { <p class="empty">"No orders match."</p> })),
                            Ok(p) => {
                                let pages = p.pages();
                                let mut base = filters_url("/admin/orders", status(), month());
                                if unmatched() {
                                    base.push_str(if base.contains('?') { "&unmatched=true" } else { "?unmatched=true" });
                                }
                                Either::Right(Either::Right(view! {
                                    <OrderItemsTable items=p.items admin=true/>
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

#[component]
fn Summary(s: PlatformSummary) -> impl IntoView {
    view! {
        <Card title="Platform money">
            <p class="muted">{format!("Held now: {} · Released, not yet transferred: {}", list(&s.held_now), list(&s.available_now))}</p>
            {if s.months.is_empty() {
                Either::Left(view! { <p class="empty">"No sales yet."</p> })
            } else {
                Either::Right(view! {
                    <div class="table-wrap">
                        <table class="table" data-testid="platform-summary">
                            <thead><tr><th>"Month"</th><th class="num">"Gross sales"</th><th class="num">"Amazon fees"</th><th class="num">"Commission earned"</th><th class="num">"Refunds"</th><th class="num">"Transferred"</th></tr></thead>
                            <tbody>
                                {s.months.into_iter().map(|m| view! {
                                    <tr>
                                        <td>{m.month}</td>
                                        <td class="num">{m.gross_sales.display()}</td>
                                        <td class="num">{m.amazon_fees.display()}</td>
                                        <td class="num">{m.commission.display()}</td>
                                        <td class="num">{m.refunds.display()}</td>
                                        <td class="num">{m.transferred.display()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                })
            }}
        </Card>
    }
}
