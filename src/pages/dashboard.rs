//! `/seller` and `/admin`.

use leptos::prelude::*;
use leptos_meta::Title;

use super::api::{get_admin_overview, get_seller_overview};
use crate::{
    auth::model::Role,
    auth::views::RequireRole,
    notifications::{api::get_bell, views::NotificationSummary},
    payouts::{api::get_balance_overview, model::BalanceView},
    products::{
        api::{all_product_counts, my_product_counts},
        model::ProductStatus,
    },
    ui::{Card, ErrorPage, StatCard},
};

#[component]
pub fn SellerDashboard() -> impl IntoView {
    view! {
        <Title text="Dashboard"/>
        <RequireRole role=Role::Seller>
            <SellerDashboardBody/>
        </RequireRole>
    }
}

#[component]
fn SellerDashboardBody() -> impl IntoView {
    let overview = Resource::new_blocking(|| (), |_| get_seller_overview());
    let bell = Resource::new_blocking(|| (), |_| get_bell());
    let counts = Resource::new_blocking(|| (), |_| my_product_counts());
    let balance = Resource::new_blocking(|| (), |_| get_balance_overview());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let balance = balance.await.ok().flatten();
                let available = balance.as_ref().map(|b| BalanceView::headline(&b.available).display()).unwrap_or_else(|| "Connect Stripe".into());
                let pending = balance.as_ref().map(|b| BalanceView::headline(&b.pending).display()).unwrap_or_else(|| "—".into());
                match (overview.await, bell.await, counts.await) {
                    (Ok(o), Ok(snapshot), Ok(counts)) => view! {
                        <div class="page">
                            <div class="page__header">
                                <div>
                                    <h1>{format!("Welcome back, {}", first_name(&o.name))}</h1>
                                    <p class="page__subtitle">"Here's what's happening with your store."</p>
                                </div>
                            </div>
                            <div class="stat-grid">
                                <StatCard label="Available to pay out" hint="Your Stripe balance">
                                    <a class="stat-link" href="/seller/payouts" data-testid="dashboard-balance">
                                        {available}
                                    </a>
                                </StatCard>
                                <StatCard label="Pending balance">
                                    {pending}
                                </StatCard>
                                <StatCard label="Sales this month" hint=o.month.clone()>
                                    <a class="stat-link" href="/seller/orders" data-testid="dashboard-month-sales">
                                        {BalanceView::headline(&o.month_sales).display()}
                                    </a>
                                </StatCard>
                                <StatCard label="Net earnings this month" hint="After Amazon's fees, commission and refunds">
                                    <a class="stat-link" href="/seller/earnings" data-testid="dashboard-month-net">
                                        {BalanceView::headline(&o.month_net).display()}
                                    </a>
                                </StatCard>
                            </div>
                            <div class="stat-grid" data-testid="product-counts">
                                {[ProductStatus::Draft, ProductStatus::PendingReview, ProductStatus::Approved, ProductStatus::Rejected]
                                    .into_iter()
                                    .map(|s| view! {
                                        <StatCard label=s.label()>
                                            <a class="stat-link" href=format!("/seller/products?status={}", s.as_str())>{counts.get(s)}</a>
                                        </StatCard>
                                    })
                                    .collect_view()}
                            </div>
                            <NotificationSummary snapshot/>
                            <Card title="Your account">
                                <ul class="list">
                                    <li><span class="muted">"Name: "</span>{o.name.clone()}</li>
                                    <li><span class="muted">"Email: "</span>{o.email.clone()}</li>
                                    <li><span class="muted">"Seller since: "</span>{o.member_since.format("%B %-d, %Y").to_string()}</li>
                                </ul>
                            </Card>
                        </div>
                    }
                    .into_any(),
                    (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => view! { <ErrorPage message=e.to_string()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn AdminDashboard() -> impl IntoView {
    view! {
        <Title text="Admin"/>
        <RequireRole role=Role::Admin>
            <AdminDashboardBody/>
        </RequireRole>
    }
}

#[component]
fn AdminDashboardBody() -> impl IntoView {
    let overview = Resource::new_blocking(|| (), |_| get_admin_overview());
    let bell = Resource::new_blocking(|| (), |_| get_bell());
    let counts = Resource::new_blocking(|| (), |_| all_product_counts());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match (overview.await, bell.await, counts.await) {
                    (Ok(o), Ok(snapshot), Ok(counts)) => view! {
                        <div class="page">
                            <div class="page__header">
                                <div>
                                    <h1>{format!("Welcome back, {}", first_name(&o.name))}</h1>
                                    <p class="page__subtitle">"Moderate products and keep sellers moving."</p>
                                </div>
                            </div>
                            <div class="stat-grid">
                                <StatCard label="Pending review" hint="Waiting for a decision">
                                    <a class="stat-link" href="/admin/review" data-testid="pending-count">{counts.pending_review}</a>
                                </StatCard>
                                <StatCard label="Approved products">{counts.approved}</StatCard>
                                <StatCard label="Sellers">{o.sellers}</StatCard>
                                <StatCard label="Admins">{o.admins}</StatCard>
                            </div>
                            <NotificationSummary snapshot/>
                        </div>
                    }
                    .into_any(),
                    (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => view! { <ErrorPage message=e.to_string()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn first_name(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or(name)
}
