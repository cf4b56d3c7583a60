//! The HTML shell, the root component and the route table.

use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos_meta::MetaTags;
use leptos_meta::{Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{ParentRoute, Route, Router, Routes},
    path,
};

#[cfg(feature = "ssr")]
use crate::assets::BundleTags;
use crate::{
    auth::views::{AdminUsersPage, HomeRedirect, LoginPage, PasswordPage},
    demo::views::{DemoAccounts, DemoSender},
    earnings::views::EarningsPage,
    listings::views::AdminListingsPage,
    notifications::views::NotificationsPage,
    orders::views::SellerOrdersPage,
    pages::{
        AdminDashboard, AdminOrdersPage, AdminProductPage, AppLayout, SellerDashboard, SellerProductPage,
        SellerProductsPage,
    },
    payouts::views::{AdminPayoutsPage, SellerPayoutsPage},
    products::views::{AdminProductsPage, NewProductPage, ReviewQueuePage},
    site::provide_public_config,
    ui::NotFoundPage,
};

/// The sign-in page, with the demo accounts under the form in demo mode.
#[component]
fn Login() -> impl IntoView {
    view! { <LoginPage demo_note=|| view! { <DemoAccounts/> }/> }
}

/// /notifications, with the demo's "send yourself one" form in demo mode.
#[component]
fn Notifications() -> impl IntoView {
    view! { <NotificationsPage demo_extra=|| view! { <DemoSender/> }/> }
}

/// The document around every server-rendered page. It also sets the page's
/// Content-Security-Policy, for the nonce Leptos puts on this page's inline scripts.
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    if let (Some(nonce), Some(response)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>()) {
        // `cargo leptos watch` reloads the page through a websocket.
        let reload = std::env::var("LEPTOS_WATCH").is_ok().then_some("ws:");
        let policy = crate::security::content_security_policy(&nonce, reload);
        if let Ok(value) = axum::http::HeaderValue::from_str(&policy) {
            response.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <AutoReload options=options.clone()/>
                // `/pkg/hamro.css` and the bundle, by their content-hashed names in a hashed build.
                <BundleTags options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The root component, rendered on the server. In the browser only its islands hydrate
/// (`crate::hydrate`).
///
/// Every route renders in `SsrMode::Async`: the page is sent once its data is loaded, so
/// redirects (anonymous users to /login) and status codes (403, 404) are real HTTP answers
/// that work without JavaScript.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_public_config();
    view! {
        <Title formatter=|text: String| if text.is_empty() { "Hamro".to_string() } else { format!("{text} · Hamro") }/>
        <Router>
            <Routes fallback=|| view! { <NotFoundPage/> }>
                <Route path=path!("/login") view=Login ssr=SsrMode::Async/>
                <Route path=path!("/") view=HomeRedirect ssr=SsrMode::Async/>
                <ParentRoute path=path!("") view=AppLayout ssr=SsrMode::Async>
                    <Route path=path!("/seller") view=SellerDashboard ssr=SsrMode::Async/>
                    <Route path=path!("/admin") view=AdminDashboard ssr=SsrMode::Async/>
                    <Route path=path!("/notifications") view=Notifications ssr=SsrMode::Async/>
                    <Route path=path!("/seller/products") view=SellerProductsPage ssr=SsrMode::Async/>
                    <Route path=path!("/seller/products/new") view=NewProductPage ssr=SsrMode::Async/>
                    <Route path=path!("/seller/products/:id") view=SellerProductPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/review") view=ReviewQueuePage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/products") view=AdminProductsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/products/:id") view=AdminProductPage ssr=SsrMode::Async/>
                    <Route path=path!("/seller/orders") view=SellerOrdersPage ssr=SsrMode::Async/>
                    <Route path=path!("/seller/earnings") view=EarningsPage ssr=SsrMode::Async/>
                    <Route path=path!("/seller/payouts") view=SellerPayoutsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/payouts") view=AdminPayoutsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/listings") view=AdminListingsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/orders") view=AdminOrdersPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/users") view=AdminUsersPage ssr=SsrMode::Async/>
                    <Route path=path!("/settings/password") view=PasswordPage ssr=SsrMode::Async/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
