//! Status badges for payouts and connected accounts.

use leptos::prelude::*;

use crate::{
    payouts::model::{AccountStatus, PayoutStatus},
    ui::{Badge, Tone},
};

#[component]
pub fn PayoutBadge(status: PayoutStatus) -> impl IntoView {
    let tone = match status {
        PayoutStatus::Requested | PayoutStatus::Pending => Tone::Attention,
        PayoutStatus::InTransit => Tone::Info,
        PayoutStatus::Paid => Tone::Success,
        PayoutStatus::Failed => Tone::Critical,
        PayoutStatus::Canceled => Tone::Neutral,
    };
    view! { <span data-testid="payout-status"><Badge tone label=status.label()/></span> }
}

#[component]
pub fn AccountBadge(status: AccountStatus) -> impl IntoView {
    let tone = match status {
        AccountStatus::Active => Tone::Success,
        AccountStatus::Pending => Tone::Attention,
        AccountStatus::Restricted => Tone::Warning,
        AccountStatus::Disabled => Tone::Critical,
    };
    view! { <span data-testid="account-status"><Badge tone label=status.label()/></span> }
}
