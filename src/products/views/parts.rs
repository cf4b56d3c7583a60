//! The pieces of a product's page: its header, the rejection note, the facts a reviewer
//! reads, the summary, and the seller's actions (forms that work without JavaScript).

use leptos::{either::Either, prelude::*};

use super::StatusBadge;
use crate::{
    products::{
        api::{ArchiveProduct, SubmitProduct},
        model::{Product, ProductStatus, TypeSpec, product_type_label},
    },
    ui::{Banner, Card, Tone},
};

/// Submit and archive, as forms (they work without JavaScript).
#[component]
pub fn SellerActions(
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
pub fn ProductHeader(product: Product, back: &'static str) -> impl IntoView {
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
pub fn RejectionNote(product: Product) -> impl IntoView {
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

/// The facts a reviewer needs, read-only, with the type's attributes under their labels.
#[component]
pub fn ProductFacts(product: Product, #[prop(optional_no_strip)] spec: Option<TypeSpec>) -> impl IntoView {
    let images = product.image_urls.clone();
    let attributes: Vec<(String, String)> = product
        .attributes
        .iter()
        .map(|(name, value)| {
            let label = spec.as_ref().map_or(name.as_str(), |s| s.label_of(name)).to_string();
            (label, value.as_form_text())
        })
        .collect();
    let identity = product.identity.as_ref().map_or_else(|| "Not given yet".to_string(), |i| i.describe());
    view! {
        <Card title="Details">
            <dl class="facts">
                <dt>"Price"</dt><dd>{product.price.display()}</dd>
                <dt>"Quantity"</dt><dd>{product.quantity}</dd>
                <dt>"Brand"</dt><dd>{product.brand.clone()}</dd>
                <dt>"Product type"</dt><dd>{product_type_label(&product.product_type).to_string()}</dd>
                <dt>"Identity"</dt><dd data-testid="identity">{identity}</dd>
                <dt>"Condition"</dt><dd>{product.condition.label()}</dd>
                {(!product.condition_note.is_empty()).then(|| view! { <dt>"Condition note"</dt><dd>{product.condition_note.clone()}</dd> })}
                {product.list_price.map(|p| view! { <dt>"List price"</dt><dd>{p.display()}</dd> })}
                {attributes.into_iter().map(|(label, value)| view! {
                    <dt>{label}</dt><dd class="prewrap" data-testid="attribute">{value}</dd>
                }).collect_view()}
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
pub fn ProductSummary(product: Product) -> impl IntoView {
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
