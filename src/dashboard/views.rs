//! `/seller` and `/admin`.

use leptos::prelude::*;
use leptos_meta::Title;

use super::api::{get_admin_overview, get_seller_overview};
use crate::{
    auth::model::Role,
    layout::RequireRole,
    notifications::{api::get_bell, views::NotificationSummary},
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
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match (overview.await, bell.await) {
                    (Ok(o), Ok(snapshot)) => view! {
                        <div class="page">
                            <div class="page__header">
                                <div>
                                    <h1>{format!("Welcome back, {}", first_name(&o.name))}</h1>
                                    <p class="page__subtitle">"Here's what's happening with your store."</p>
                                </div>
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
                    (Err(e), _) | (_, Err(e)) => view! { <ErrorPage message=e.to_string()/> }.into_any(),
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
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match (overview.await, bell.await) {
                    (Ok(o), Ok(snapshot)) => view! {
                        <div class="page">
                            <div class="page__header">
                                <div>
                                    <h1>{format!("Welcome back, {}", first_name(&o.name))}</h1>
                                    <p class="page__subtitle">"Moderate products and keep sellers moving."</p>
                                </div>
                            </div>
                            <div class="stat-grid">
                                <StatCard label="Sellers">{o.sellers}</StatCard>
                                <StatCard label="Admins">{o.admins}</StatCard>
                            </div>
                            <NotificationSummary snapshot/>
                        </div>
                    }
                    .into_any(),
                    (Err(e), _) | (_, Err(e)) => view! { <ErrorPage message=e.to_string()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn first_name(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or(name)
}
