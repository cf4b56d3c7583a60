//! What Hamro keeps from a Stripe account object, and the status it derives from it.

use stripe_connect::Account;

use crate::payouts::model::AccountStatus;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct AccountFacts {
    pub id: String,
    pub status: AccountStatus,
    pub country: Option<String>,
    pub email: Option<String>,
    pub business_type: Option<String>,
    pub charges_enabled: bool,
    pub payouts_enabled: bool,
    pub details_submitted: bool,
    pub requirements_due: Vec<String>,
    /// How Stripe pays the balance out: `manual` is what Hamro asks for.
    pub payout_interval: Option<String>,
    /// The currency the account receives transfers in.
    pub default_currency: Option<String>,
}

impl From<&Account> for AccountFacts {
    fn from(a: &Account) -> Self {
        let charges_enabled = a.charges_enabled.unwrap_or(false);
        let payouts_enabled = a.payouts_enabled.unwrap_or(false);
        let details_submitted = a.details_submitted.unwrap_or(false);
        let requirements = a.requirements.as_ref();
        let requirements_due = requirements.and_then(|r| r.currently_due.clone()).unwrap_or_default();
        let disabled_reason = requirements.and_then(|r| r.disabled_reason.as_ref()).map(|d| d.as_str().to_string());
        let status = derive_status(details_submitted, payouts_enabled, disabled_reason.as_deref());
        Self {
            id: a.id.as_str().to_string(),
            status,
            country: a.country.clone(),
            email: a.email.clone(),
            business_type: a.business_type.as_ref().map(|b| b.as_str().to_string()),
            charges_enabled,
            payouts_enabled,
            details_submitted,
            requirements_due,
            payout_interval: a.settings.as_ref().and_then(|s| s.payouts.as_ref()).map(|p| p.schedule.interval.clone()),
            default_currency: a.default_currency.as_ref().map(|c| c.to_string().to_lowercase()),
        }
    }
}

/// Onboarding unfinished: pending. Finished and payable: active. Finished but Stripe wants
/// more: restricted. Rejected by Stripe: disabled.
pub(crate) fn derive_status(
    details_submitted: bool,
    payouts_enabled: bool,
    disabled_reason: Option<&str>,
) -> AccountStatus {
    if disabled_reason.is_some_and(|r| r.starts_with("rejected")) {
        AccountStatus::Disabled
    } else if !details_submitted {
        AccountStatus::Pending
    } else if payouts_enabled {
        AccountStatus::Active
    } else {
        AccountStatus::Restricted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_follows_onboarding_and_payouts() {
        assert_eq!(derive_status(false, false, Some("requirements.past_due")), AccountStatus::Pending);
        assert_eq!(derive_status(true, true, None), AccountStatus::Active);
        assert_eq!(derive_status(true, false, Some("requirements.past_due")), AccountStatus::Restricted);
        assert_eq!(derive_status(true, false, Some("rejected.fraud")), AccountStatus::Disabled);
    }
}
