//! "Not listed", "Submitted", "Pending", "Active", "Error", "Delisted", "Needs attention".

use leptos::prelude::*;

use crate::{
    listings::model::ListingStatus,
    ui::{Badge, Tone},
};

#[component]
pub fn ListingBadge(status: ListingStatus) -> impl IntoView {
    let tone = match status {
        ListingStatus::NotListed | ListingStatus::Deleted => Tone::Neutral,
        ListingStatus::Submitted | ListingStatus::Pending => Tone::Attention,
        ListingStatus::Active => Tone::Success,
        ListingStatus::Inactive | ListingStatus::NeedsAttention => Tone::Warning,
        ListingStatus::Error => Tone::Critical,
    };
    view! { <span data-testid="listing-status"><Badge tone label=status.label()/></span> }
}
