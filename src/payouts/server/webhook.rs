//! Stripe webhooks: verified, recorded by event id, and applied in the same transaction, so
//! each event takes effect once. Payouts only move forward, so events in any order end in
//! the same state as events in order. Notifications go out only when something changed.

use chrono::{DateTime, TimeZone, Utc};
use stripe_webhook::EventObject;

use super::{
    Payouts, account_repo,
    facts::AccountFacts,
    news::{payout_news, status_news},
    repo::{self, PayoutUpdate},
};
use crate::{
    db::Tx,
    error::AppError,
    integrations::stripe::{WebhookError, verify_and_parse},
    money::{Currency, Money},
    notifications::server::{Outgoing, queue_if as queue_notifications_if},
    payouts::model::{PayoutOrigin, PayoutStatus},
};

/// What happened to a delivered event.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    Applied,
    /// Seen before: nothing done.
    Duplicate,
    /// Recorded, but about nothing Hamro tracks.
    Ignored,
}

fn time(t: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(t, 0).single().unwrap_or_else(Utc::now)
}

/// An automatic (or Stripe dashboard) payout, as it is imported.
struct Imported {
    user_id: String,
    account: String,
    stripe_id: String,
    amount: Money,
    description: Option<String>,
    origin: PayoutOrigin,
    created: DateTime<Utc>,
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
        /// A payout Hamro didn't make, imported into the seller's history first.
        import: Option<Imported>,
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

impl EventEffect {
    /// Adds the effect to the event's transaction. Notifications are written only when the
    /// change really happened: replays, races and late older events tell no one twice.
    fn add_to(&self, tx: &mut Tx) {
        match self {
            Self::Nothing => {}
            Self::Account { facts, at, news } => {
                let changed = account_repo::update_account(tx, facts, *at);
                queue_notifications_if(tx, &changed, news);
            }
            Self::Payout { import, payout_id, to, stripe_id, arrival, code, message, paid_at, news } => {
                if let Some(i) = import {
                    repo::import_external(
                        tx,
                        &repo::ExternalPayout {
                            user_id: &i.user_id,
                            stripe_account_id: &i.account,
                            stripe_payout_id: &i.stripe_id,
                            amount: i.amount,
                            description: i.description.as_deref(),
                            origin: i.origin,
                            created_at: i.created,
                        },
                    );
                }
                let update = PayoutUpdate {
                    to: *to,
                    stripe_payout_id: Some(stripe_id),
                    arrival: Some(*arrival),
                    failure_code: code.as_deref(),
                    failure_message: message.as_deref(),
                    paid_at: *paid_at,
                };
                let moved = repo::advance(tx, payout_id, &update);
                queue_notifications_if(tx, &moved, news);
            }
        }
    }
}

/// Verifies, records and applies one delivery.
pub(crate) async fn handle(payouts: &Payouts, payload: &[u8], signature: Option<&str>) -> Result<Outcome, AppError> {
    let header = signature.ok_or_else(|| AppError::bad_request("Missing Stripe-Signature header."))?;
    let verified =
        verify_and_parse(payload, header, &payouts.webhook_secrets, Utc::now().timestamp()).map_err(|e| {
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
    let effect = effect_of(payouts, event.data.object, account.as_deref(), created).await?;
    let ignored = matches!(effect, EventEffect::Nothing);
    let payable = matches!(&effect, EventEffect::Account { facts, .. } if facts.payouts_enabled);
    let mut tx = Tx::new();
    repo::record_event(&mut tx, &id, &kind, account.as_deref(), created);
    effect.add_to(&mut tx);
    let new = repo::commit_event(&payouts.db, tx).await?;
    tracing::info!(event_id = %id, kind = %kind, new, ignored, "webhook");
    if new && payable {
        payouts.transfer_soon().await;
    }
    Ok(match (new, ignored) {
        (false, _) => Outcome::Duplicate,
        (true, true) => Outcome::Ignored,
        (true, false) => Outcome::Applied,
    })
}

async fn effect_of(
    payouts: &Payouts,
    object: EventObject,
    account: Option<&str>,
    created: DateTime<Utc>,
) -> Result<EventEffect, AppError> {
    match object {
        EventObject::AccountUpdated(acct) => {
            let facts = AccountFacts::from(acct.as_ref());
            let Some((user_id, _)) = account_repo::account_by_stripe_id(&payouts.db, &facts.id).await? else {
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
            let Some(to) = PayoutStatus::parse(&p.status) else {
                tracing::warn!(status = %p.status, "unknown payout status in a webhook");
                return Ok(EventEffect::Nothing);
            };
            let ours = match p.metadata.as_ref().and_then(|m| m.get("hamro_payout_id")) {
                Some(id) => repo::get(&payouts.db, id).await?,
                None => repo::by_stripe_id(&payouts.db, p.id.as_str()).await?,
            };
            // Ours, and on the account the event says (a forged metadata id can't reach
            // another seller's payout: the signature already rules out forgery, this is belt
            // and braces).
            let ours = ours.filter(|o| account.is_none_or(|a| a == o.stripe_account_id));
            let (payout_id, seller_id, amount, import) = match ours {
                Some(ours) => (ours.view.id.clone(), ours.view.seller_id.clone(), ours.view.amount, None),
                None => {
                    // Not Hamro's: an automatic payout, or one made in Stripe's dashboard. It goes
                    // into the seller's history, marked as such, never ignored.
                    let Some(account) = account else { return Ok(EventEffect::Nothing) };
                    let Some((user_id, _)) = account_repo::account_by_stripe_id(&payouts.db, account).await? else {
                        return Ok(EventEffect::Nothing);
                    };
                    let Some(currency) = Currency::parse(&p.currency.to_string()) else {
                        tracing::warn!(currency = %p.currency, "an outside payout in a currency Hamro doesn't handle");
                        return Ok(EventEffect::Nothing);
                    };
                    let amount = Money::new(p.amount, currency);
                    let origin = if p.automatic { PayoutOrigin::Automatic } else { PayoutOrigin::StripeDashboard };
                    let import = Imported {
                        user_id: user_id.clone(),
                        account: account.to_string(),
                        stripe_id: p.id.as_str().to_string(),
                        amount,
                        description: p.description.clone(),
                        origin,
                        created: time(p.created),
                    };
                    (format!("stripe_{}", p.id.as_str()), user_id, amount, Some(import))
                }
            };
            let news = payout_news(&seller_id, to, &amount.to_string(), p.failure_message.as_deref())?;
            Ok(EventEffect::Payout {
                import,
                payout_id,
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
