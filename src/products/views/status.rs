//! The status badge: "Draft", "Pending review", "Approved", "Rejected", "Archived".

use leptos::prelude::*;

use crate::{
    products::model::ProductStatus,
    ui::{Badge, Tone},
};

pub fn tone(status: ProductStatus) -> Tone {
    match status {
        ProductStatus::Draft => Tone::Neutral,
        ProductStatus::PendingReview => Tone::Attention,
        ProductStatus::Approved => Tone::Success,
        ProductStatus::Rejected => Tone::Critical,
        ProductStatus::Archived => Tone::Info,
    }
}

#[component]
pub fn StatusBadge(status: ProductStatus) -> impl IntoView {
    view! { <span data-testid="product-status"><Badge tone=tone(status) label=status.label()/></span> }
}
