//! The `stripe_account` table: each seller's connected account as Stripe last described it.

use chrono::{DateTime, SubsecRound, Utc};
use surrealdb::types::SurrealValue;

use super::facts::AccountFacts;
use crate::{
    db::{Db, DbError, Flag, Group, Tx},
    error::AppError,
    notifications::server::{Outgoing, queue as queue_notifications, queue_if as queue_notifications_if},
    payouts::model::{AccountStatus, StripeAccountView},
};

#[derive(SurrealValue)]
struct AccountRow {
    user_id: String,
    stripe_account_id: String,
    status: String,
    charges_enabled: bool,
    payouts_enabled: bool,
    details_submitted: bool,
    requirements_due: Vec<String>,
    payout_interval: Option<String>,
    default_currency: Option<String>,
}

impl AccountRow {
    fn view(self) -> StripeAccountView {
        StripeAccountView {
            stripe_account_id: self.stripe_account_id,
            status: AccountStatus::parse(&self.status).unwrap_or(AccountStatus::Pending),
            charges_enabled: self.charges_enabled,
            payouts_enabled: self.payouts_enabled,
            details_submitted: self.details_submitted,
            requirements_due: self.requirements_due,
            payout_interval: self.payout_interval,
            default_currency: self.default_currency,
        }
    }
}

const ACCOUNT_FIELDS: &str = "<string> record::id(user) AS user_id, stripe_account_id, status, charges_enabled, \
    payouts_enabled, details_submitted, requirements_due, payout_interval, default_currency";

/// Every account that can be paid (for the transfer job), with its user.
pub(crate) async fn payable_accounts(db: &Db) -> Result<Vec<(String, StripeAccountView)>, AppError> {
    let rows: Vec<AccountRow> = db
        .query(format!("SELECT {ACCOUNT_FIELDS} FROM stripe_account WHERE payouts_enabled = true"))
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("listing payable accounts", e))?;
    Ok(rows.into_iter().map(|r| (r.user_id.clone(), r.view())).collect())
}

/// Accounts not yet known to be on manual payouts (for the schedule job).
pub(crate) async fn accounts_not_manual(db: &Db) -> Result<Vec<String>, AppError> {
    db.query("SELECT VALUE stripe_account_id FROM stripe_account WHERE payout_interval != 'manual'")
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("listing payout schedules", e))
}

pub(crate) async fn set_payout_interval(db: &Db, stripe_id: &str, interval: &str) -> Result<(), AppError> {
    db.query(
        "UPDATE stripe_account SET payout_interval = $interval, updated_at = time::now() WHERE stripe_account_id = $id",
    )
    .bind(("id", stripe_id.to_string()))
    .bind(("interval", interval.to_string()))
    .await
    .and_then(|r| r.check())
    .map_err(|e| AppError::internal("recording a payout schedule", e))?;
    Ok(())
}

pub(crate) async fn account_for_user(db: &Db, user_id: &str) -> Result<Option<StripeAccountView>, AppError> {
    let row: Option<AccountRow> = db
        .query(format!("SELECT {ACCOUNT_FIELDS} FROM type::record('stripe_account', $user)"))
        .bind(("user", user_id.to_string()))
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("reading a Stripe account", e))?;
    Ok(row.map(AccountRow::view))
}

/// The user and current view of the account with this Stripe id.
pub(crate) async fn account_by_stripe_id(
    db: &Db,
    stripe_id: &str,
) -> Result<Option<(String, StripeAccountView)>, AppError> {
    let row: Option<AccountRow> = db
        .query(format!("SELECT {ACCOUNT_FIELDS} FROM stripe_account WHERE stripe_account_id = $id LIMIT 1"))
        .bind(("id", stripe_id.to_string()))
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("reading a Stripe account", e))?;
    Ok(row.map(|r| (r.user_id.clone(), r.view())))
}

/// Records a new connected account. `false` when the user already has one.
pub(crate) async fn insert_account(
    db: &Db,
    user_id: &str,
    facts: &AccountFacts,
    now: DateTime<Utc>,
    notify: &[Outgoing],
) -> Result<bool, AppError> {
    let mut tx = Tx::new();
    let group = tx.add(
        "CREATE type::record('stripe_account', $user) CONTENT {
             user: type::record('user', $user), stripe_account_id: $stripe_id, status: $status, country: $country,
             email: $email, business_type: $business_type, charges_enabled: $charges, payouts_enabled: $payouts,
             details_submitted: $details, requirements_due: $due, payout_interval: $interval,
             default_currency: $default_currency, created_at: $now, updated_at: $now
         } RETURN NONE;",
    );
    bind_facts(group, facts).bind("user", user_id.to_string()).bind("now", now);
    queue_notifications(&mut tx, notify);
    match tx.commit(db).await {
        Ok(()) => Ok(true),
        Err(DbError::RecordExists(_)) => Ok(false),
        Err(e) => Err(e.into_app("recording a Stripe account")),
    }
}

fn bind_facts<'a>(group: Group<'a>, f: &AccountFacts) -> Group<'a> {
    group
        .bind("stripe_id", f.id.clone())
        .bind("status", f.status.as_str())
        .bind("country", f.country.clone())
        .bind("email", f.email.clone())
        .bind("business_type", f.business_type.clone())
        .bind("charges", f.charges_enabled)
        .bind("payouts", f.payouts_enabled)
        .bind("details", f.details_submitted)
        .bind("due", f.requirements_due.clone())
        .bind("interval", f.payout_interval.clone())
        .bind("default_currency", f.default_currency.clone())
}

/// Adds "store what Stripe says about the account" to `tx`: applied only when the facts are
/// newer than the stored ones (`facts_at`: when they were true). The flag says the stored
/// status changed, for the notifications that say so.
pub(crate) fn update_account(tx: &mut Tx, facts: &AccountFacts, facts_at: DateTime<Utc>) -> Flag {
    let group = tx.add(
        "LET $before = (SELECT VALUE status FROM stripe_account WHERE stripe_account_id = $stripe_id LIMIT 1)[0];
         LET $changed = (UPDATE stripe_account SET status = $status, charges_enabled = $charges,
             payouts_enabled = $payouts, details_submitted = $details, requirements_due = $due, facts_at = $facts_at,
             payout_interval = $interval ?? payout_interval, default_currency = $default_currency ?? default_currency,
             updated_at = time::now()
         WHERE stripe_account_id = $stripe_id AND (facts_at = NONE OR facts_at <= $facts_at) RETURN VALUE id);",
    );
    bind_facts(group, facts).bind("facts_at", facts_at).flag("array::len($changed) > 0 AND $before != $status")
}

/// Stores what Stripe just said about the account; tells only when its status changed.
/// The facts count as of the whole second they were read in: Stripe stamps its events in
/// whole seconds, so an event created in that same second (a change made just after the
/// read) must still apply.
pub(crate) async fn store_account(db: &Db, facts: &AccountFacts, notify: &[Outgoing]) -> Result<(), AppError> {
    let mut tx = Tx::new();
    let read_at = Utc::now().trunc_subsecs(0);
    let changed = update_account(&mut tx, facts, read_at);
    queue_notifications_if(&mut tx, &changed, notify);
    tx.commit(db).await.map_err(|e| e.into_app("updating a Stripe account"))
}
