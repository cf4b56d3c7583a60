//! The payout logic shared by server functions, REST and background work.
//!
//! Money safety: a payout request is recorded (status `requested`, with a unique
//! idempotency key) before Stripe is called; Stripe is called with that key, so a retry or
//! a crash-and-resume can't create a second payout; one seller's requests run one at a time
//! (an in-process lock, and a guard row that makes concurrent transactions conflict across
//! instances); and the amount is checked against the balance Stripe reports right then.

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};

use super::{
    facts::AccountFacts,
    repo::{self, PayoutUpdate, RecordError},
};
use crate::{
    auth::model::CurrentUser,
    db::{is_key, new_key},
    error::AppError,
    integrations::stripe::StripeFailure,
    money::{Currency, Money},
    notifications::{model::NotificationType, server::Outgoing},
    payouts::model::{
        AccountStatus, BalanceView, HISTORY_PAGE, PayoutAsk, PayoutDashboard, PayoutStatus, PayoutView,
        StripeAccountView,
    },
    state::AppState,
};

const PAYOUTS_URL: &str = "/seller/payouts";
/// Demo mode funds each new account like this, so the dashboard has money to show.
const DEMO_AVAILABLE: i64 = 125_000;
const DEMO_PENDING: i64 = 31_000;

fn upstream(context: &str, e: StripeFailure) -> AppError {
    tracing::warn!(error = %e, context, "Stripe call failed");
    match e {
        StripeFailure::Refused { message, .. } => AppError::upstream(format!("Stripe refused: {message}")),
        StripeFailure::Unavailable(_) => {
            AppError::upstream("Stripe is not answering right now. Please try again in a minute.")
        }
        StripeFailure::Protocol(_) => {
            AppError::upstream("Stripe gave an answer Hamro couldn't read. Please try again later.")
        }
    }
}

fn timestamp(t: i64) -> Option<DateTime<Utc>> {
    Utc.timestamp_opt(t, 0).single()
}

/// The seller's connected account; a clear 409 when there isn't one yet.
async fn require_account(state: &AppState, user: &CurrentUser) -> Result<StripeAccountView, AppError> {
    repo::account_for_user(&state.db, &user.id).await?.ok_or_else(|| {
        AppError::conflict("Connect a Stripe account first: use \"Connect Stripe\" on the payouts page.")
    })
}

/// Creates the seller's Express account (once: a second call returns the first).
pub async fn connect(state: &AppState, user: &CurrentUser) -> Result<StripeAccountView, AppError> {
    if let Some(existing) = repo::account_for_user(&state.db, &user.id).await? {
        return Ok(existing);
    }
    let _turn = state.payout_locks.lock(&user.id).await;
    if let Some(existing) = repo::account_for_user(&state.db, &user.id).await? {
        return Ok(existing);
    }
    // Keyed by the user: even two instances racing here get the same Stripe account.
    let account = state
        .stripe
        .create_account(&user.email, &user.id, &format!("hamro-account-{}", user.id))
        .await
        .map_err(|e| upstream("creating a connected account", e))?;
    let facts = AccountFacts::from(&account);
    let notify = [Outgoing::new(
        &user.id,
        NotificationType::Info,
        "Stripe account created",
        "Your Stripe account is ready. Complete onboarding to get paid.",
        Some(PAYOUTS_URL),
    )?];
    repo::insert_account(&state.db, &user.id, &facts, Utc::now(), &notify).await?;
    tracing::info!(user_id = %user.id, stripe_account = %facts.id, "connected account created");
    if state.settings.demo {
        fund_demo_account(state, &user.id, &facts.id).await;
    }
    require_account(state, user).await
}

/// Demo mode: $1,250.00 available and $310.00 pending, through real transfers (the pending
/// part is tied to a charge that hasn't settled). Keyed, so it happens once per seller.
async fn fund_demo_account(state: &AppState, user_id: &str, account: &str) {
    let (available_key, pending_key) =
        (format!("hamro-demo-available-{user_id}"), format!("hamro-demo-pending-{user_id}"));
    if let Err(e) = state.stripe.create_transfer(account, DEMO_AVAILABLE, Currency::Usd, None, &available_key).await {
        tracing::warn!(error = %e, "demo funding (available) failed");
    }
    let pending = state
        .stripe
        .create_transfer(account, DEMO_PENDING, Currency::Usd, Some("ch_demo_unsettled_sales"), &pending_key)
        .await;
    if let Err(e) = pending {
        tracing::warn!(error = %e, "demo funding (pending) failed");
    }
}

/// A fresh single-use onboarding link (Stripe's hosted pages; the sandbox's here).
pub async fn onboarding_url(state: &AppState, user: &CurrentUser) -> Result<String, AppError> {
    let account = require_account(state, user).await?;
    let base = &state.settings.public_url;
    let link = state
        .stripe
        .create_account_link(
            &account.stripe_account_id,
            &format!("{base}/seller/payouts/onboarding"),
            &format!("{base}/seller/payouts?onboarding=done"),
            // Links are single-use, so each request gets its own (its retries share the key).
            &format!("hamro-link-{}-{}", account.stripe_account_id, new_key()),
        )
        .await
        .map_err(|e| upstream("creating an account link", e))?;
    Ok(link.url)
}

/// Asks Stripe for the account's current state and stores it (used when a seller comes
/// back from onboarding, before the webhook may have arrived).
pub async fn refresh_account(state: &AppState, user: &CurrentUser) -> Result<Option<StripeAccountView>, AppError> {
    let Some(current) = repo::account_for_user(&state.db, &user.id).await? else { return Ok(None) };
    let account = state
        .stripe
        .retrieve_account(&current.stripe_account_id)
        .await
        .map_err(|e| upstream("reading a connected account", e))?;
    let facts = AccountFacts::from(&account);
    let notify = super::webhook::account_news(&user.id, current.status, &facts)?;
    repo::update_account(&state.db, &facts, &notify).await?;
    repo::account_for_user(&state.db, &user.id).await
}

pub async fn account_status(state: &AppState, user: &CurrentUser) -> Result<Option<StripeAccountView>, AppError> {
    repo::account_for_user(&state.db, &user.id).await
}

/// Available and pending money, as Stripe reports it now.
pub async fn balance(state: &AppState, user: &CurrentUser) -> Result<BalanceView, AppError> {
    stripe_balance(state, &require_account(state, user).await?).await
}

async fn stripe_balance(state: &AppState, account: &StripeAccountView) -> Result<BalanceView, AppError> {
    let balance =
        state.stripe.balance(&account.stripe_account_id).await.map_err(|e| upstream("reading a balance", e))?;
    let to_money = |amount: i64, currency: &stripe_types::Currency| {
        Currency::parse(&currency.to_string()).map(|c| Money::new(amount, c))
    };
    Ok(BalanceView {
        available: balance.available.iter().filter_map(|a| to_money(a.amount, &a.currency)).collect(),
        pending: balance.pending.iter().filter_map(|a| to_money(a.amount, &a.currency)).collect(),
    })
}

/// The balance for pages, of an account the caller has already loaded: Stripe's answer,
/// reused for a few seconds (see `balance_cache`).
pub async fn balance_for_display(state: &AppState, account: &StripeAccountView) -> Result<BalanceView, AppError> {
    if let Some(cached) = state.balances.get(&account.stripe_account_id).await {
        return Ok(cached);
    }
    let fresh = stripe_balance(state, account).await?;
    state.balances.put(&account.stripe_account_id, fresh.clone()).await;
    Ok(fresh)
}

/// Requests a payout. Checked first (onboarding done, a currency the account holds, no
/// more than Stripe says is available); nothing is written when a check fails.
pub async fn request(state: &AppState, user: &CurrentUser, ask: PayoutAsk) -> Result<PayoutView, AppError> {
    let account = require_account(state, user).await?;
    if !account.payouts_enabled {
        return Err(AppError::conflict("Finish Stripe onboarding before requesting a payout."));
    }
    let _turn = state.payout_locks.lock(&user.id).await;
    // Always Stripe's current answer here, never the pages' cached one; and the pages'
    // copy is stale from now on.
    state.balances.forget(&account.stripe_account_id).await;
    let balance = stripe_balance(state, &account).await?;
    let Some(available) = balance.available_in(ask.amount.currency) else {
        return Err(AppError::field("currency", format!("Your Stripe balance holds no {}.", ask.amount.currency)));
    };
    if ask.amount.amount_minor > available {
        return Err(AppError::field(
            "amount",
            format!("You can pay out at most {} right now.", Money::new(available.max(0), ask.amount.currency)),
        ));
    }
    let id = new_key();
    let key = format!("hamro-payout-{id}");
    let description = ask.description.as_deref();
    let new = repo::NewPayout {
        id: &id,
        user_id: &user.id,
        stripe_account_id: &account.stripe_account_id,
        amount: ask.amount,
        description,
        idempotency_key: &key,
    };
    match repo::insert_requested(&state.db, &new, Utc::now()).await {
        Ok(()) => {}
        Err(RecordError::Busy) => {
            return Err(AppError::conflict("Another payout request is still being processed. Try again in a moment."));
        }
        Err(RecordError::Other(e)) => return Err(e),
    }
    tracing::info!(payout_id = %id, user_id = %user.id, amount = ask.amount.amount_minor, "payout requested");
    let sent = send(state, &id).await;
    state.balances.forget(&account.stripe_account_id).await;
    sent?;
    let stored =
        repo::get(&state.db, &id).await?.ok_or_else(|| AppError::internal("requesting a payout", "vanished"))?;
    match stored.view.status {
        PayoutStatus::Failed => Err(AppError::conflict(format!(
            "Stripe refused the payout: {}",
            stored.view.failure_message.unwrap_or_else(|| "no reason given".into())
        ))),
        _ => Ok(stored.view),
    }
}

/// Sends a recorded request to Stripe with its own idempotency key, and stores the answer.
/// Safe to repeat: Stripe replays the first payout for the same key.
async fn send(state: &AppState, payout_id: &str) -> Result<(), AppError> {
    let stored = repo::get(&state.db, payout_id).await?.ok_or_else(|| AppError::not_found("Payout"))?;
    let p = &stored.view;
    let result = state
        .stripe
        .create_payout(
            &stored.stripe_account_id,
            p.amount.amount_minor,
            p.amount.currency,
            p.description.as_deref(),
            &p.id,
            &stored.idempotency_key,
        )
        .await;
    match result {
        Ok(payout) => {
            let to = PayoutStatus::parse(&payout.status).unwrap_or(PayoutStatus::Pending);
            let update = PayoutUpdate {
                to,
                stripe_payout_id: Some(payout.id.as_str()),
                arrival: timestamp(payout.arrival_date),
                failure_code: payout.failure_code.as_deref(),
                failure_message: payout.failure_message.as_deref(),
                paid_at: None,
            };
            let notify = [Outgoing::new(
                &p.seller_id,
                NotificationType::Info,
                "Payout requested",
                &format!("Your payout of {} is on its way to your bank.", p.amount),
                Some(PAYOUTS_URL),
            )?];
            repo::advance(&state.db, &p.id, &update, &notify).await
        }
        Err(StripeFailure::Refused { code, message, .. }) => {
            tracing::warn!(payout_id = %p.id, ?code, %message, "Stripe refused a payout");
            let update = PayoutUpdate {
                to: PayoutStatus::Failed,
                stripe_payout_id: None,
                arrival: None,
                failure_code: Some(code.as_deref().unwrap_or("refused")),
                failure_message: Some(&message),
                paid_at: None,
            };
            repo::advance(&state.db, &p.id, &update, &[]).await
        }
        // Unknown outcome: the request stays `requested`, and `reconcile` sends it again
        // with the same key later (Stripe replays it if it did arrive).
        Err(e) => Err(upstream("creating a payout", e)),
    }
}

/// Stripe keeps idempotency keys for 24 hours; past this age a key may be forgotten, so a
/// request is looked for among the account's payouts before it is sent again.
const KEY_MEMORY: chrono::Duration = chrono::Duration::hours(23);

/// Did an old request reach Stripe after all? Its payout carries our id in its metadata.
async fn sent_earlier(state: &AppState, stored: &repo::StoredPayout) -> Result<bool, AppError> {
    let recent = state
        .stripe
        .list_payouts(&stored.stripe_account_id, 100, None)
        .await
        .map_err(|e| upstream("listing payouts", e))?;
    let ours = recent
        .data
        .into_iter()
        .find(|p| p.metadata.as_ref().and_then(|m| m.get("hamro_payout_id")).is_some_and(|id| *id == stored.view.id));
    let Some(payout) = ours else { return Ok(false) };
    let update = PayoutUpdate {
        to: PayoutStatus::parse(&payout.status).unwrap_or(PayoutStatus::Pending),
        stripe_payout_id: Some(payout.id.as_str()),
        arrival: timestamp(payout.arrival_date),
        failure_code: payout.failure_code.as_deref(),
        failure_message: payout.failure_message.as_deref(),
        paid_at: None,
    };
    repo::advance(&state.db, &stored.view.id, &update, &[]).await?;
    tracing::info!(payout_id = %stored.view.id, stripe_payout_id = %payout.id, "found an old payout request at Stripe");
    Ok(true)
}

/// Re-sends requests left `requested` by a crash or an outage (same idempotency keys; an
/// old one is first looked for at Stripe, whose key memory is a day).
pub async fn reconcile(state: &AppState) -> Result<usize, AppError> {
    let stuck = repo::stuck_requests(&state.db, Utc::now() - chrono::Duration::seconds(60)).await?;
    let mut resent = 0;
    for stored in stuck {
        let _turn = state.payout_locks.lock(&stored.view.seller_id).await;
        if stored.view.created_at < Utc::now() - KEY_MEMORY {
            match sent_earlier(state, &stored).await {
                Ok(true) => continue,
                Ok(false) => {}
                Err(e) => {
                    tracing::warn!(payout_id = %stored.view.id, error = %e, "could not look for an old payout at Stripe");
                    continue;
                }
            }
        }
        match send(state, &stored.view.id).await {
            Ok(()) => resent += 1,
            Err(e) => tracing::warn!(payout_id = %stored.view.id, error = %e, "payout still not confirmed by Stripe"),
        }
    }
    Ok(resent)
}

/// Every minute, for as long as the process runs.
pub fn spawn_reconciler(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            match reconcile(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(resent = n, "resent stuck payout requests"),
                Err(e) => tracing::warn!(error = %e, "payout reconciliation failed"),
            }
        }
    });
}

fn check_page(page: Option<u32>) -> Result<u32, AppError> {
    match page.unwrap_or(1) {
        0 => Err(AppError::bad_request("page starts at 1.")),
        n if n > 10_000 => Err(AppError::bad_request("page is too large.")),
        n => Ok(n),
    }
}

pub async fn history(state: &AppState, user: &CurrentUser, page: Option<u32>) -> Result<Vec<PayoutView>, AppError> {
    let page = check_page(page)?;
    repo::list(&state.db, Some(&user.id), None, HISTORY_PAGE, (page - 1) * HISTORY_PAGE).await
}

/// Everything /seller/payouts shows. Stripe being unreachable is a notice on the page, not
/// an error page: the history is Hamro's own.
pub async fn dashboard(state: &AppState, user: &CurrentUser) -> Result<PayoutDashboard, AppError> {
    let account = repo::account_for_user(&state.db, &user.id).await?;
    let payouts = history(state, user, None).await?;
    let (balance, notice) = match &account {
        None => (None, None),
        Some(account) => match balance_for_display(state, account).await {
            Ok(b) => (Some(b), None),
            Err(e) => (None, Some(e.to_string())),
        },
    };
    Ok(PayoutDashboard { account, balance, payouts, notice })
}

/// All sellers' payouts (admins).
pub async fn admin_list(
    state: &AppState,
    seller_id: Option<&str>,
    status: Option<PayoutStatus>,
    page: Option<u32>,
) -> Result<Vec<PayoutView>, AppError> {
    let page = check_page(page)?;
    let seller_id = match seller_id.filter(|s| !s.is_empty()) {
        Some(s) if is_key(s) => Some(s),
        Some(_) => return Err(AppError::bad_request("That is not a valid seller id.")),
        None => None,
    };
    repo::list(&state.db, seller_id, status, HISTORY_PAGE, (page - 1) * HISTORY_PAGE).await
}

/// `?status=` for payouts.
pub fn parse_status(s: Option<&str>) -> Result<Option<PayoutStatus>, AppError> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => PayoutStatus::parse(s).map(Some).ok_or_else(|| {
            AppError::bad_request(format!(
                "Unknown status '{s}'. Use requested, pending, in_transit, paid, failed or canceled."
            ))
        }),
    }
}

/// True when the account can be paid out now (for pages deciding what to show).
pub fn payable(account: &StripeAccountView) -> bool {
    account.payouts_enabled && account.status == AccountStatus::Active
}
