//! `/seller/products`: the seller's products with their review status and Amazon status,
//! a status filter and pages.

use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::api::list_my_products;
use crate::{
    auth::{model::Role, views::RequireRole},
    listings::{model::ListingStatus, views::ListingBadge},
    products::{api::my_product_counts, model::ProductStatus, views::StatusBadge},
    ui::{ErrorPage, Pager},
};

#[component]
pub fn SellerProductsPage() -> impl IntoView {
    view! {
        <Title text="Products"/>
        <RequireRole role=Role::Seller>
            <ProductsBody/>
        </RequireRole>
    }
}

#[component]
fn ProductsBody() -> impl IntoView {
    let query = use_query_map();
    let status = move || query.read().get("status").filter(|s| !s.is_empty());
    let page = move || query.read().get("page").and_then(|p| p.parse::<u32>().ok());
    let amazon = move || query.read().get("amazon").filter(|s| !s.is_empty());
    let products = Resource::new_blocking(
        move || (status(), page(), amazon()),
        |(status, page, amazon)| list_my_products(status, page, amazon),
    );
    let counts = Resource::new_blocking(|| (), |_| my_product_counts());

    view! {
        <div class="page">
            <div class="page__header">
                <div>
                    <h1>"Products"</h1>
                    <p class="page__subtitle">"Create products and send them for review. Approved products can be listed on Amazon."</p>
                </div>
                <a class="button button--primary" href="/seller/products/new">"New product"</a>
            </div>
            <section class="card card--flush">
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let counts = counts.await.unwrap_or_default();
                        let current = status();
                        let attention = amazon().is_some();
                        let tab = move |label: String, value: Option<&'static str>| {
                            let href = match value {
                                Some(v) => format!("/seller/products?status={v}"),
                                None => "/seller/products".to_string(),
                            };
                            let active = !attention && current.as_deref() == value;
                            view! { <a href=href aria-current=active.then_some("page")>{label}</a> }
                        };
                        view! {
                            <nav class="tabs" aria-label="Filter by status">
                                {tab(format!("All ({})", counts.total()), None)}
                                {ProductStatus::ALL
                                    .into_iter()
                                    .map(|s| tab(format!("{} ({})", s.label(), counts.get(s)), Some(s.as_str())))
                                    .collect_view()}
                                <a href="/seller/products?amazon=needs_attention" aria-current=attention.then_some("page")>
                                    "Needs attention on Amazon"
                                </a>
                            </nav>
                        }
                    })}
                </Suspense>
                <Transition fallback=|| view! { <p class="empty">"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        match products.await {
                            Err(e) => Either::Left(view! { <ErrorPage message=e.to_string()/> }),
                            Ok(p) if p.page.items.is_empty() => Either::Right(Either::Left(view! {
                                <div class="empty">
                                    <p>"No products here yet."</p>
                                    <p><a href="/seller/products/new">"Create your first product"</a></p>
                                </div>
                            })),
                            Ok(p) => {
                                let pages = p.page.pages();
                                let base = match status() {
                                    Some(s) => format!("/seller/products?status={s}"),
                                    None => "/seller/products".to_string(),
                                };
                                let amazon = p.amazon.clone();
                                let rows = p.page.items.into_iter().map(|product| {
                                    let listing = amazon.iter().find(|(id, _)| *id == product.id).map_or(ListingStatus::NotListed, |(_, s)| *s);
                                    view! {
                                    <tr data-testid="product-row">
                                        <td>
                                            <a href=format!("/seller/products/{}", product.id)><strong>{product.title.clone()}</strong></a>
                                            <div class="muted">{product.sku.clone()}</div>
                                        </td>
                                        <td class="num">{product.price.display()}</td>
                                        <td class="num">{product.quantity}</td>
                                        <td><StatusBadge status=product.status/></td>
                                        <td><ListingBadge status=listing/></td>
                                        <td class="nowrap muted">{product.updated_at.format("%b %-d, %Y").to_string()}</td>
                                    </tr>
                                }}).collect_view();
                                Either::Right(Either::Right(view! {
                                    <div class="table-wrap">
                                        <table class="table">
                                            <thead>
                                                <tr>
                                                    <th>"Product"</th>
                                                    <th class="num">"Price"</th>
                                                    <th class="num">"Quantity"</th>
                                                    <th>"Status"</th>
                                                    <th>"Amazon"</th>
                                                    <th>"Updated"</th>
                                                </tr>
                                            </thead>
                                            <tbody>{rows}</tbody>
                                        </table>
                                    </div>
                                    <Pager page=p.page.page pages base/>
                                }))
                            }
                        }
                    })}
                </Transition>
            </section>
        </div>
    }
}
