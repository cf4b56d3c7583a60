//! A product's page: `/seller/products/{id}` (the seller edits, submits, archives) and
//! `/admin/products/{id}` (an admin reads and decides).

use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::{StatusBadge, editor::ProductEditor, review::ReviewActions};
use crate::{
    auth::model::Role,
    error::AppError,
    layout::RequireRole,
    listings::views::ListingPanel,
    products::{
        api::{ArchiveProduct, SaveProduct, SubmitProduct, get_product_page},
        model::{Product, ProductStatus, ProductWithListing, product_type_label},
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
    let product = Resource::new_blocking(
        move || (id(), saved(), submit.version().get(), archive.version().get()),
        |(id, ..)| get_product_page(id),
    );
    let action_error =
        move || submit.value().get().and_then(Result::err).or_else(|| archive.value().get().and_then(Result::err));
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match product.await {
                    Err(AppError::NotFound { .. }) => view! { <NotFoundPage/> }.into_any(),
                    Err(e) => view! { <ErrorPage message=e.to_string()/> }.into_any(),
                    Ok(ProductWithListing { product: p, listing }) => view! {
                        <Title text=p.title.clone()/>
                        <div class="page">
                            <ProductHeader product=p.clone() back="/seller/products"/>
                            {move || action_error().map(|e| view! { <Banner tone=Tone::Critical><p>{e.to_string()}</p></Banner> })}
                            <RejectionNote product=p.clone()/>
                            <div class="product-layout">
                                <div>
                                    {if p.status == ProductStatus::Archived {
                                        Either::Left(view! { <ProductFacts product=p.clone()/> })
                                    } else {
                                        Either::Right(view! { <ProductEditor product=Some(p.clone()) save/> })
                                    }}
                                </div>
                                <aside class="product-side">
                                    <ProductSummary product=p.clone()/>
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

/// Submit and archive, as forms (they work without JavaScript).
#[component]
fn SellerActions(
    product: Product,
    submit: ServerAction<SubmitProduct>,
    archive: ServerAction<ArchiveProduct>,
) -> impl IntoView {
    let can_submit = matches!(product.status, ProductStatus::Draft | ProductStatus::Rejected);
    let can_archive = product.status != ProductStatus::Archived;
    let (id1, id2) = (product.id.clone(), product.id.clone());
    let (v1, v2) = (product.version.to_string(), product.version.to_string());
    view! {
        <Card title="Actions">
            <div class="button-row">
                {can_submit.then(|| view! {
                    <ActionForm action=submit>
                        <input type="hidden" name="id" value=id1/>
                        <input type="hidden" name="version" value=v1/>
                        <button type="submit" class="button button--primary">"Submit for review"</button>
                    </ActionForm>
                })}
                {can_archive.then(|| view! {
                    <ActionForm action=archive>
                        <input type="hidden" name="id" value=id2/>
                        <input type="hidden" name="version" value=v2/>
                        <button type="submit" class="button">"Archive"</button>
                    </ActionForm>
                })}
                {(!can_submit && !can_archive).then(|| view! { <p class="muted">"Archived products can't be changed."</p> })}
            </div>
        </Card>
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
    let decided = RwSignal::new(0u32);
    let product = Resource::new_blocking(move || (id(), decided.get()), |(id, _)| get_product_page(id));
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match product.await {
                    Err(AppError::NotFound { .. }) => view! { <NotFoundPage/> }.into_any(),
                    Err(e) => view! { <ErrorPage message=e.to_string()/> }.into_any(),
                    Ok(ProductWithListing { product: p, listing }) => view! {
                        <Title text=p.title.clone()/>
                        <div class="page">
                            <ProductHeader product=p.clone() back="/admin/products"/>
                            <RejectionNote product=p.clone()/>
                            <div class="product-layout">
                                <div><ProductFacts product=p.clone()/></div>
                                <aside class="product-side">
                                    <ProductSummary product=p.clone()/>
                                    {listing.map(|listing| view! {
                                        <ListingPanel listing approved=p.status == ProductStatus::Approved/>
                                    })}
                                    {(p.status == ProductStatus::PendingReview).then(|| view! {
                                        <Card title="Review">
                                            <ReviewActions product=p.clone() on_decided=Callback::new(move |_| decided.update(|n| *n += 1))/>
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

#[component]
fn ProductHeader(product: Product, back: &'static str) -> impl IntoView {
    view! {
        <div class="page__header">
            <div>
                <a href=back>"← Products"</a>
                <h1>{product.title.clone()}</h1>
                <p class="page__subtitle">{format!("SKU {} · by {}", product.sku, product.seller_name)}</p>
            </div>
            <StatusBadge status=product.status/>
        </div>
    }
}

/// A rejected product shows why, until it is approved.
#[component]
fn RejectionNote(product: Product) -> impl IntoView {
    (product.status == ProductStatus::Rejected).then(|| {
        let reason = product.rejection_reason.clone().unwrap_or_default();
        view! {
            <Banner tone=Tone::Critical>
                <p><strong>"Rejected: "</strong><span data-testid="rejection-reason">{reason}</span></p>
                <p>"Edit the product and submit it for review again."</p>
            </Banner>
        }
    })
}

/// The facts a reviewer needs, read-only.
#[component]
pub fn ProductFacts(product: Product) -> impl IntoView {
    let images = product.image_urls.clone();
    view! {
        <Card title="Details">
            <dl class="facts">
                <dt>"Price"</dt><dd>{product.price.display()}</dd>
                <dt>"Quantity"</dt><dd>{product.quantity}</dd>
                <dt>"Brand"</dt><dd>{product.brand.clone()}</dd>
                <dt>"Product type"</dt><dd>{product_type_label(&product.product_type).to_string()}</dd>
                <dt>"Condition"</dt><dd>{product.condition.label()}</dd>
                <dt>"Description"</dt>
                <dd class="prewrap">{if product.description.is_empty() { "—".to_string() } else { product.description.clone() }}</dd>
                <dt>"Images"</dt>
                <dd>
                    {if images.is_empty() {
                        Either::Left(view! { <span class="muted">"None"</span> })
                    } else {
                        Either::Right(view! {
                            <ul class="image-list">
                                {images.into_iter().map(|url| view! {
                                    <li><a href=url.clone() rel="noopener noreferrer" target="_blank">{url.clone()}</a></li>
                                }).collect_view()}
                            </ul>
                        })
                    }}
                </dd>
            </dl>
        </Card>
    }
}

#[component]
fn ProductSummary(product: Product) -> impl IntoView {
    let date = |d: chrono::DateTime<chrono::Utc>| d.format("%b %-d, %Y %H:%M UTC").to_string();
    view! {
        <Card title="Summary">
            <dl class="facts facts--compact">
                <dt>"Status"</dt><dd><StatusBadge status=product.status/></dd>
                <dt>"Amazon SKU"</dt><dd><code>{product.amazon_sku.clone()}</code></dd>
                <dt>"Created"</dt><dd>{date(product.created_at)}</dd>
                {product.submitted_at.map(|d| view! { <dt>"Submitted"</dt><dd>{date(d)}</dd> })}
                {product.reviewed_at.map(|d| view! { <dt>"Reviewed"</dt><dd>{date(d)}</dd> })}
            </dl>
        </Card>
    }
}
