//! Stripe webhooks: verified, recorded by event id, and applied in the same transaction, so
//! each event takes effect once. Payouts only move forward, so events in any order end in
//! the same state as events in order. Notifications go out only when something changed.

use chrono::{DateTime, TimeZone, Utc};
use stripe_webhook::EventObject;

use super::{
    facts::AccountFacts,
    repo::{self, ADVANCE_SQL, Effect, PayoutUpdate, Query, UPDATE_ACCOUNT_SQL},
};
use crate::{
    error::AppError,
    integrations::stripe::{WebhookError, verify_and_parse},
    notifications::{
        model::NotificationType,
        server::{Outgoing, outbox},
    },
    payouts::model::{AccountStatus, PayoutStatus},
    state::AppState,
};

const PAYOUTS_URL: &str = "/seller/payouts";

/// What happened to a delivered event.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Applied,
    /// Seen before: nothing done.
    Duplicate,
    /// Recorded, but about nothing Hamro tracks.
    Ignored,
}

fn time(t: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(t, 0).single().unwrap_or_else(Utc::now)
}

/// What an event does to Hamro's records.
enum EventEffect {
    Nothing,
    Account {
        facts: AccountFacts,
        at: DateTime<Utc>,
        news: Vec<Outgoing>,
    },
    Payout {
        payout_id: String,
        to: PayoutStatus,
        stripe_id: String,
        arrival: DateTime<Utc>,
        code: Option<String>,
        message: Option<String>,
        paid_at: Option<DateTime<Utc>>,
        news: Vec<Outgoing>,
    },
}

impl Effect for EventEffect {
    fn sql(&self) -> String {
        match self {
            Self::Nothing => String::new(),
            // Tell only when the status the database holds right now differs: replays and
            // races never tell twice.
            // An older event arriving late changes nothing.
            Self::Account { news, .. } => {
                format!(
                    "{UPDATE_ACCOUNT_SQL} {}",
                    outbox::sql_group_if("array::len($changed) > 0 AND $before != $status", "an", news)
                )
            }
            // Tell only when the payout actually moved forward.
            Self::Payout { news, .. } => format!(
                "LET $moved = ({} RETURN VALUE id); {}",
                ADVANCE_SQL.trim().trim_end_matches(';'),
                outbox::sql_group_if("array::len($moved) > 0", "pn", news)
            ),
        }
    }

    fn bind<'a>(&self, q: Query<'a>) -> Query<'a> {
        match self {
            Self::Nothing => q,
            Self::Account { facts, at, news } => {
                outbox::bind_group(repo::bind_account_update(q, facts, *at), "an", news)
            }
            Self::Payout { payout_id, to, stripe_id, arrival, code, message, paid_at, news } => {
                let update = PayoutUpdate {
                    to: *to,
                    stripe_payout_id: Some(stripe_id),
                    arrival: Some(*arrival),
                    failure_code: code.as_deref(),
                    failure_message: message.as_deref(),
                    paid_at: *paid_at,
                };
                outbox::bind_group(repo::bind_advance(q, payout_id, &update), "pn", news)
            }
        }
    }
}

/// Verifies, records and applies one delivery.
pub async fn handle(state: &AppState, payload: &[u8], signature: Option<&str>) -> Result<Outcome, AppError> {
    let header = signature.ok_or_else(|| AppError::bad_request("Missing Stripe-Signature header."))?;
    let verified = verify_and_parse(payload, header, &state.settings.stripe.webhook_secrets, Utc::now().timestamp())
        .map_err(|e| {
            tracing::warn!(error = %e, "webhook refused");
            match e {
                WebhookError::BadPayload(_) => AppError::bad_request("The webhook body is not a Stripe event."),
                other => AppError::bad_request(format!("Webhook signature check failed: {other}.")),
            }
        })?;
    let event = verified.event;
    let (id, kind) = (event.id.as_str().to_string(), event.type_.as_str().to_string());
    let created = time(event.created);
    let account = event.account.clone();
    let effect = effect_of(state, event.data.object, account.as_deref(), created).await?;
    let ignored = matches!(effect, EventEffect::Nothing);
    let new = repo::apply_event(&state.db, &id, &kind, account.as_deref(), created, &effect).await?;
    tracing::info!(event_id = %id, kind = %kind, new, ignored, "webhook");
    Ok(match (new, ignored) {
        (false, _) => Outcome::Duplicate,
        (true, true) => Outcome::Ignored,
        (true, false) => Outcome::Applied,
    })
}

async fn effect_of(
    state: &AppState,
    object: EventObject,
    account: Option<&str>,
    created: DateTime<Utc>,
) -> Result<EventEffect, AppError> {
    match object {
        EventObject::AccountUpdated(acct) => {
            let facts = AccountFacts::from(acct.as_ref());
            let Some((user_id, _)) = repo::account_by_stripe_id(&state.db, &facts.id).await? else {
                return Ok(EventEffect::Nothing);
            };
            let news = status_news(&user_id, &facts)?;
            Ok(EventEffect::Account { facts, at: created, news })
        }
        EventObject::PayoutCreated(p)
        | EventObject::PayoutUpdated(p)
        | EventObject::PayoutPaid(p)
        | EventObject::PayoutFailed(p)
        | EventObject::PayoutCanceled(p) => {
            let ours = match p.metadata.as_ref().and_then(|m| m.get("hamro_payout_id")) {
                Some(id) => repo::get(&state.db, id).await?,
                None => repo::by_stripe_id(&state.db, p.id.as_str()).await?,
            };
            // Ours, and on the account the event says (a forged metadata id can't reach
            // another seller's payout: the signature already rules out forgery, this is belt
            // and braces).
            let Some(ours) = ours.filter(|o| account.is_none_or(|a| a == o.stripe_account_id)) else {
                return Ok(EventEffect::Nothing);
            };
            let Some(to) = PayoutStatus::parse(&p.status) else {
                tracing::warn!(status = %p.status, "unknown payout status in a webhook");
                return Ok(EventEffect::Nothing);
            };
            let news =
                payout_news(&ours.view.seller_id, to, &ours.view.amount.to_string(), p.failure_message.as_deref())?;
            Ok(EventEffect::Payout {
                payout_id: ours.view.id.clone(),
                to,
                stripe_id: p.id.as_str().to_string(),
                arrival: time(p.arrival_date),
                code: p.failure_code.clone(),
                message: p.failure_message.clone(),
                paid_at: (to == PayoutStatus::Paid).then_some(created),
                news,
            })
        }
        _ => Ok(EventEffect::Nothing),
    }
}

/// The notification for an account reaching `facts.status` (none for pending).
fn status_news(user_id: &str, facts: &AccountFacts) -> Result<Vec<Outgoing>, AppError> {
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
pub fn account_news(user_id: &str, before: AccountStatus, facts: &AccountFacts) -> Result<Vec<Outgoing>, AppError> {
    if before == facts.status { Ok(Vec::new()) } else { status_news(user_id, facts) }
}

/// What a seller hears when a payout reaches `to`.
fn payout_news(user_id: &str, to: PayoutStatus, amount: &str, reason: Option<&str>) -> Result<Vec<Outgoing>, AppError> {
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
