//! `/admin/review`: products waiting for review, oldest first, each with what an admin needs
//! to decide, an "Approve" button and a "Reject" button that needs a reason.

use leptos::{either::Either, prelude::*};
use leptos_meta::Title;

use super::ProductFacts;
use crate::{
    auth::model::Role,
    auth::views::RequireRole,
    products::{
        api::{ApproveProduct, RejectProduct, get_review_queue},
        model::{MIN_REASON_CHARS, Product},
    },
    ui::{Banner, ErrorPage, Tone},
};

#[component]
pub fn ReviewQueuePage() -> impl IntoView {
    view! {
        <Title text="Review queue"/>
        <RequireRole role=Role::Admin>
            <QueueBody/>
        </RequireRole>
    }
}

#[component]
fn QueueBody() -> impl IntoView {
    let queue = Resource::new_blocking(|| (), |_| get_review_queue());
    view! {
        <div class="page">
            <div class="page__header">
                <div>
                    <h1>"Review queue"</h1>
                    <p class="page__subtitle">"Products waiting for a decision, oldest first."</p>
                </div>
            </div>
            <Transition fallback=|| view! { <p class="empty">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match queue.await {
                        Err(e) => Either::Left(view! { <ErrorPage message=e.to_string()/> }),
                        Ok(items) if items.is_empty() => Either::Right(Either::Left(view! {
                            <section class="card empty" data-testid="queue-empty">"Nothing to review. You're all caught up."</section>
                        })),
                        Ok(items) => Either::Right(Either::Right(
                            items.into_iter().map(|p| view! { <ReviewCard product=p/> }).collect_view(),
                        )),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn ReviewCard(product: Product) -> impl IntoView {
    let submitted = product.submitted_at.map(|d| d.format("%b %-d, %Y %H:%M UTC").to_string()).unwrap_or_default();
    view! {
        <section class="card review-card" data-testid="review-item">
            <div class="card__header">
                <div>
                    <h2><a href=format!("/admin/products/{}", product.id)>{product.title.clone()}</a></h2>
                    <p class="muted">{format!("by {} · SKU {} · submitted {submitted}", product.seller_name, product.sku)}</p>
                </div>
            </div>
            <ProductFacts product=product.clone()/>
            <ReviewActions product/>
        </section>
    }
}

/// Approve, or reject with a reason. Each is a plain form post; the page comes back with
/// the decision made (or the error).
#[component]
pub fn ReviewActions(product: Product) -> impl IntoView {
    let approve = ServerAction::<ApproveProduct>::new();
    let reject = ServerAction::<RejectProduct>::new();
    let error =
        move || approve.value().get().and_then(Result::err).or_else(|| reject.value().get().and_then(Result::err));
    let reason_error = move || reject.value().get().and_then(Result::err).and_then(|e| e.field_error("reason"));
    let (id1, id2) = (product.id.clone(), product.id.clone());
    let (v1, v2) = (product.version.to_string(), product.version.to_string());
    let reason_id = format!("reason-{}", product.id);
    view! {
        <div class="review-actions">
            {move || error().filter(|e| e.field_error("reason").is_none()).map(|e| view! {
                <Banner tone=Tone::Critical><p data-testid="review-error">{e.to_string()}</p></Banner>
            })}
            <ActionForm action=approve>
                <input type="hidden" name="id" value=id1/>
                <input type="hidden" name="version" value=v1/>
                <button type="submit" class="button button--primary" disabled=move || approve.pending().get()>"Approve"</button>
            </ActionForm>
            <ActionForm action=reject attr:class="form reject-form">
                <input type="hidden" name="id" value=id2/>
                <input type="hidden" name="version" value=v2/>
                <div class="field">
                    <label for=reason_id.clone()>"Reason"</label>
                    <textarea id=reason_id name="reason" rows="2" required minlength=MIN_REASON_CHARS.to_string() maxlength="1000"
                        placeholder="What must change before this can be approved?"></textarea>
                    <p class="field__error">{reason_error}</p>
                </div>
                <button type="submit" class="button button--critical" disabled=move || reject.pending().get()>"Reject"</button>
            </ActionForm>
        </div>
    }
}
