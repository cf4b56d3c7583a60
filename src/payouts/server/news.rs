//! What sellers are told about their Stripe account and their payouts.

use super::facts::AccountFacts;
use crate::{
    error::AppError,
    notifications::{model::NotificationType, server::Outgoing},
    payouts::model::{AccountStatus, PayoutStatus},
};

/// The seller's payouts page, where every payout notification links.
pub(super) const PAYOUTS_URL: &str = "/seller/payouts";

/// The notification for an account reaching `facts.status` (none for pending).
pub(super) fn status_news(user_id: &str, facts: &AccountFacts) -> Result<Vec<Outgoing>, AppError> {
    let due = if facts.requirements_due.is_empty() {
        "more information".to_string()
    } else {
        facts.requirements_due.join(", ")
    };
    let (kind, title, message) = match facts.status {
        AccountStatus::Pending => return Ok(Vec::new()),
        AccountStatus::Active => (
            NotificationType::Success,
            "Onboarding complete",
            "Your Stripe account is ready: you can request payouts now.".to_string(),
        ),
        AccountStatus::Restricted => {
            (NotificationType::Warning, "Stripe account restricted", format!("Stripe needs {due} before paying out."))
        }
        AccountStatus::Disabled => (
            NotificationType::Warning,
            "Stripe account disabled",
            "Stripe disabled payouts on your account. Contact Hamro support.".to_string(),
        ),
    };
    Ok(vec![Outgoing::new(user_id, kind, title, &message, Some(PAYOUTS_URL))?])
}

/// The same news, for a refresh outside a webhook (compared with the status we had).
pub(crate) fn account_news(
    user_id: &str,
    before: AccountStatus,
    facts: &AccountFacts,
) -> Result<Vec<Outgoing>, AppError> {
    if before == facts.status { Ok(Vec::new()) } else { status_news(user_id, facts) }
}

/// What a seller hears when a payout reaches `to`.
pub(super) fn payout_news(
    user_id: &str,
    to: PayoutStatus,
    amount: &str,
    reason: Option<&str>,
) -> Result<Vec<Outgoing>, AppError> {
    let news = match to {
        PayoutStatus::Paid => Outgoing::new(
            user_id,
            NotificationType::Success,
            "Payout paid",
            &format!("{amount} has arrived in your bank account."),
            Some(PAYOUTS_URL),
        )?,
        PayoutStatus::Failed => Outgoing::new(
            user_id,
            NotificationType::Error,
            "Payout failed",
            &format!(
                "Your payout of {amount} failed: {}. Check your bank details with Stripe, then request it again.",
                reason.unwrap_or("the bank refused it")
            ),
            Some("/seller/payouts/onboarding"),
        )?,
        PayoutStatus::Canceled => Outgoing::new(
            user_id,
            NotificationType::Warning,
            "Payout canceled",
            &format!("Your payout of {amount} was canceled; the money is back in your balance."),
            Some(PAYOUTS_URL),
        )?,
        _ => return Ok(Vec::new()),
    };
    Ok(vec![news])
}
