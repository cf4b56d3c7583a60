//! A product's page with its Amazon listing: `/seller/products/{id}` (the seller edits,
//! submits, archives) and `/admin/products/{id}` (an admin reads and decides).

use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{api::get_product_page, model::ProductWithListing};
use crate::{
    auth::{model::Role, views::RequireRole},
    error::AppError,
    listings::views::{CheckCard, ListingPanel},
    products::{
        api::{ArchiveProduct, SaveProduct, SubmitProduct},
        model::ProductStatus,
        views::{
            ProductEditor, ProductFacts, ProductHeader, ProductSummary, RejectionNote, ReviewActions, SellerActions,
            TypePicker,
        },
    },
    ui::{Banner, Card, ErrorPage, NotFoundPage, Tone},
};

fn product_id() -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || params.read().get("id").unwrap_or_default()
}

#[component]
pub fn SellerProductPage() -> impl IntoView {
    view! {
        <RequireRole role=Role::Seller>
            <SellerProductBody/>
        </RequireRole>
    }
}

#[component]
fn SellerProductBody() -> impl IntoView {
    let id = product_id();
    let save = ServerAction::<SaveProduct>::new();
    let submit = ServerAction::<SubmitProduct>::new();
    let archive = ServerAction::<ArchiveProduct>::new();
    // Reload after a successful change (not after a failed one: the form keeps what was typed).
    let saved = move || save.value().get().and_then(Result::ok).map(|p| p.version);
    let query = use_query_map();
    let wanted_type = move || query.read().get("type").filter(|t| !t.is_empty());
    let choosing = move || query.read().get("choose_type").is_some() || query.read().get("q").is_some();
    let type_q = move || query.read().get("q");
    let product = Resource::new_blocking(
        move || (id(), wanted_type(), type_q(), saved(), submit.version().get(), archive.version().get()),
        |(id, wanted, q, ..)| get_product_page(id, wanted, q),
    );
    let action_error =
        move || submit.value().get().and_then(Result::err).or_else(|| archive.value().get().and_then(Result::err));
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match product.await {
                    Err(AppError::NotFound { .. }) => view! { <NotFoundPage/> }.into_any(),
                    Err(e) => view! { <ErrorPage message=e.to_string()/> }.into_any(),
                    Ok(ProductWithListing { product: p, listing, spec, spec_error, check, type_matches }) => view! {
                        <Title text=p.title.clone()/>
                        <div class="page">
                            <ProductHeader product=p.clone() back="/seller/products"/>
                            {spec_error.map(|e| view! { <Banner tone=Tone::Critical><p>{e}</p></Banner> })}
                            {move || action_error().map(|e| view! { <Banner tone=Tone::Critical><p>{e.to_string()}</p></Banner> })}
                            <RejectionNote product=p.clone()/>
                            <div class="product-layout">
                                <div>
                                    {match (p.status == ProductStatus::Archived, spec.clone()) {
                                        (true, _) | (false, None) => Either::Left(view! { <ProductFacts product=p.clone() spec=spec.clone()/> }),
                                        (false, Some(spec)) => Either::Right(view! {
                                            {choosing().then(|| view! {
                                                <TypePicker base=format!("/seller/products/{}", p.id) q=type_q().unwrap_or_default() found=type_matches.clone()/>
                                            })}
                                            <ProductEditor product=Some(p.clone()) spec save/>
                                        }),
                                    }}
                                </div>
                                <aside class="product-side">
                                    <ProductSummary product=p.clone()/>
                                    {(p.status != ProductStatus::Archived).then(|| view! { <CheckCard product_id=p.id.clone() latest=check.clone()/> })}
                                    {listing.map(|listing| view! {
                                        <ListingPanel listing approved=p.status == ProductStatus::Approved/>
                                    })}
                                    <SellerActions product=p submit archive/>
                                </aside>
                            </div>
                        </div>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
pub fn AdminProductPage() -> impl IntoView {
    view! {
        <RequireRole role=Role::Admin>
            <AdminProductBody/>
        </RequireRole>
    }
}

#[component]
fn AdminProductBody() -> impl IntoView {
    let id = product_id();
    let product = Resource::new_blocking(id, |id| get_product_page(id, None, None));
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match product.await {
                    Err(AppError::NotFound { .. }) => view! { <NotFoundPage/> }.into_any(),
                    Err(e) => view! { <ErrorPage message=e.to_string()/> }.into_any(),
                    Ok(ProductWithListing { product: p, listing, spec, check, .. }) => view! {
                        <Title text=p.title.clone()/>
                        <div class="page">
                            <ProductHeader product=p.clone() back="/admin/products"/>
                            <RejectionNote product=p.clone()/>
                            <div class="product-layout">
                                <div><ProductFacts product=p.clone() spec/></div>
                                <aside class="product-side">
                                    <ProductSummary product=p.clone()/>
                                    <CheckCard product_id=p.id.clone() latest=check/>
                                    {listing.map(|listing| view! {
                                        <ListingPanel listing approved=p.status == ProductStatus::Approved/>
                                    })}
                                    {(p.status == ProductStatus::PendingReview).then(|| view! {
                                        <Card title="Review">
                                            <ReviewActions product=p.clone()/>
                                        </Card>
                                    })}
                                </aside>
                            </div>
                        </div>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}
