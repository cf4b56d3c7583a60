//! `/admin/products`: every product, filtered by seller and status (a GET form: works
//! without JavaScript).

use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::StatusBadge;
use crate::{
    auth::model::Role,
    auth::views::RequireRole,
    products::{api::admin_list_products, model::ProductStatus},
    ui::{ErrorPage, Pager},
};

#[component]
pub fn AdminProductsPage() -> impl IntoView {
    view! {
        <Title text="All products"/>
        <RequireRole role=Role::Admin>
            <AdminProductsBody/>
        </RequireRole>
    }
}

#[component]
fn AdminProductsBody() -> impl IntoView {
    let query = use_query_map();
    let param = move |k: &'static str| move || query.read().get(k).filter(|v| !v.is_empty());
    let (status, seller) = (param("status"), param("seller"));
    let page = move || query.read().get("page").and_then(|p| p.parse::<u32>().ok());
    let data = Resource::new_blocking(
        move || (status(), seller(), page()),
        |(status, seller, page)| admin_list_products(status, seller, page),
    );
    view! {
        <div class="page">
            <div class="page__header">
                <div>
                    <h1>"All products"</h1>
                    <p class="page__subtitle">"Every seller's catalogue. The review queue has the ones waiting for you."</p>
                </div>
                <a class="button" href="/admin/review">"Review queue"</a>
            </div>
            <Transition fallback=|| view! { <p class="empty">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => Either::Left(view! { <ErrorPage message=e.to_string()/> }),
                        Ok(data) => {
                            let (current_status, current_seller) = (status(), seller());
                            let pages = data.page.pages();
                            let mut base = String::from("/admin/products?");
                            if let Some(s) = &current_status { base.push_str(&format!("status={s}&")); }
                            if let Some(s) = &current_seller { base.push_str(&format!("seller={s}&")); }
                            let base = base.trim_end_matches(['&', '?']).to_string();
                            let empty = data.page.items.is_empty();
                            let rows = data.page.items.into_iter().map(|p| view! {
                                <tr data-testid="product-row">
                                    <td><a href=format!("/admin/products/{}", p.id)><strong>{p.title.clone()}</strong></a>
                                        <div class="muted">{p.sku.clone()}</div></td>
                                    <td>{p.seller_name.clone()}</td>
                                    <td class="num">{p.price.display()}</td>
                                    <td><StatusBadge status=p.status/></td>
                                    <td class="nowrap muted">{p.updated_at.format("%b %-d, %Y").to_string()}</td>
                                </tr>
                            }).collect_view();
                            Either::Right(view! {
                                <section class="card card--flush">
                                    <form method="get" action="/admin/products" class="filters toolbar">
                                        <div class="field">
                                            <label for="filter-seller">"Seller"</label>
                                            <select id="filter-seller" name="seller">
                                                <option value="">"All sellers"</option>
                                                {data.sellers.into_iter().map(|s| {
                                                    let selected = current_seller.as_deref() == Some(s.id.as_str());
                                                    view! { <option value=s.id selected=selected>{s.name}</option> }
                                                }).collect_view()}
                                            </select>
                                        </div>
                                        <div class="field">
                                            <label for="filter-status">"Status"</label>
                                            <select id="filter-status" name="status">
                                                <option value="">"All statuses"</option>
                                                {ProductStatus::ALL.into_iter().map(|s| {
                                                    let selected = current_status.as_deref() == Some(s.as_str());
                                                    view! { <option value=s.as_str() selected=selected>{s.label()}</option> }
                                                }).collect_view()}
                                            </select>
                                        </div>
                                        <button type="submit" class="button">"Filter"</button>
                                    </form>
                                    {if empty {
                                        Either::Left(view! { <p class="empty">"No products match."</p> })
                                    } else {
                                        Either::Right(view! {
                                            <div class="table-wrap">
                                                <table class="table">
                                                    <thead><tr><th>"Product"</th><th>"Seller"</th><th class="num">"Price"</th><th>"Status"</th><th>"Updated"</th></tr></thead>
                                                    <tbody>{rows}</tbody>
                                                </table>
                                            </div>
                                        })
                                    }}
                                    <Pager page=data.page.page pages base/>
                                </section>
                            })
                        }
                    }
                })}
            </Transition>
        </div>
    }
}
