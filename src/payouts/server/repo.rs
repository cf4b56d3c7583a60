//! The `payout`, `payout_guard` and `stripe_event` tables (connected accounts are in
//! `account_repo.rs`).

use chrono::{DateTime, Utc};
use surrealdb::types::SurrealValue;

use crate::{
    db::{Db, DbError, Flag, Tx},
    error::AppError,
    money::{Currency, Money},
    notifications::server::{Outgoing, queue_if as queue_notifications_if},
    payouts::model::{PayoutOrigin, PayoutStatus, PayoutView},
};

// ---------- payouts ----------

#[derive(SurrealValue)]
struct PayoutRow {
    id: String,
    seller_id: String,
    seller_name: String,
    stripe_account_id: String,
    amount_minor: i64,
    currency: String,
    description: Option<String>,
    status: String,
    stripe_payout_id: Option<String>,
    failure_code: Option<String>,
    failure_message: Option<String>,
    arrival_date: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    paid_at: Option<DateTime<Utc>>,
    idempotency_key: String,
    origin: String,
}

/// A payout with what Hamro needs to talk to Stripe about it.
pub(crate) struct StoredPayout {
    pub view: PayoutView,
    pub stripe_account_id: String,
    pub idempotency_key: String,
}

impl TryFrom<PayoutRow> for StoredPayout {
    type Error = AppError;
    fn try_from(r: PayoutRow) -> Result<Self, AppError> {
        let bad = |what: &str| AppError::internal("reading a payout", format!("bad {what} in payout {}", r.id));
        Ok(StoredPayout {
            view: PayoutView {
                amount: Money::new(r.amount_minor, Currency::parse(&r.currency).ok_or_else(|| bad("currency"))?),
                status: PayoutStatus::parse(&r.status).ok_or_else(|| bad("status"))?,
                id: r.id,
                seller_id: r.seller_id,
                seller_name: r.seller_name,
                description: r.description,
                stripe_payout_id: r.stripe_payout_id,
                failure_code: r.failure_code,
                failure_message: r.failure_message,
                arrival_date: r.arrival_date,
                created_at: r.created_at,
                paid_at: r.paid_at,
                origin: PayoutOrigin::parse(&r.origin).unwrap_or_default(),
            },
            stripe_account_id: r.stripe_account_id,
            idempotency_key: r.idempotency_key,
        })
    }
}

const PAYOUT_FIELDS: &str = "<string> record::id(id) AS id, <string> record::id(user) AS seller_id, user.name AS seller_name, \
    stripe_account_id, amount_minor, currency, description, status, stripe_payout_id, failure_code, failure_message, \
    arrival_date, created_at, paid_at, idempotency_key, origin ?? 'hamro' AS origin";

fn rows(rows: Vec<PayoutRow>) -> Result<Vec<StoredPayout>, AppError> {
    rows.into_iter().map(StoredPayout::try_from).collect()
}

/// Why a payout request could not be recorded.
pub(crate) enum RecordError {
    /// Another request for this seller is still on its way to Stripe.
    Busy,
    Other(AppError),
}

/// A payout request as it is first recorded, before Stripe hears of it.
#[derive(Clone, Copy)]
pub(crate) struct NewPayout<'a> {
    pub id: &'a str,
    pub user_id: &'a str,
    pub stripe_account_id: &'a str,
    pub amount: Money,
    pub description: Option<&'a str>,
    /// The key every Stripe call for this payout carries.
    pub idempotency_key: &'a str,
}

/// Records a payout request (status `requested`) before Stripe is called. Refuses while
/// another request of the seller's is in flight; the guard row makes concurrent requests
/// for one seller conflict, so only one passes at a time, on any instance.
pub(crate) async fn insert_requested(db: &Db, new: &NewPayout<'_>, now: DateTime<Utc>) -> Result<(), RecordError> {
    let NewPayout { id, user_id, stripe_account_id, amount, description, idempotency_key } = *new;
    let mut tx = Tx::new();
    tx.add(
        "UPSERT type::record('payout_guard', $user) SET requests = (requests ?? 0) + 1;
         IF (SELECT VALUE id FROM payout WHERE user = type::record('user', $user) AND status = 'requested' LIMIT 1) {
             THROW 'busy'
         };
         CREATE type::record('payout', $id) CONTENT {
             user: type::record('user', $user), stripe_account_id: $account, amount_minor: $amount, currency: $currency,
             description: $description, status: 'requested', status_rank: 0, idempotency_key: $key,
             created_at: $now, updated_at: $now
         } RETURN NONE;",
    )
    .bind("id", id.to_string())
    .bind("user", user_id.to_string())
    .bind("account", stripe_account_id.to_string())
    .bind("amount", amount.amount_minor)
    .bind("currency", amount.currency.code())
    .bind("description", description.map(str::to_string))
    .bind("key", idempotency_key.to_string())
    .bind("now", now);
    match tx.commit(db).await {
        Ok(()) => Ok(()),
        Err(DbError::Thrown(reason)) if reason == "busy" => Err(RecordError::Busy),
        Err(e) => Err(RecordError::Other(e.into_app("recording a payout request"))),
    }
}

/// What Stripe said about a payout.
pub(crate) struct PayoutUpdate<'a> {
    pub to: PayoutStatus,
    pub stripe_payout_id: Option<&'a str>,
    pub arrival: Option<DateTime<Utc>>,
    pub failure_code: Option<&'a str>,
    pub failure_message: Option<&'a str>,
    pub paid_at: Option<DateTime<Utc>>,
}

/// Adds "move the payout forward (never backward) to what Stripe says" to `tx`. The flag
/// says it moved, for the notifications that say so (a replay or a second instance tells
/// no one twice).
pub(crate) fn advance(tx: &mut Tx, payout_id: &str, u: &PayoutUpdate<'_>) -> Flag {
    tx.add(
        "LET $moved = (UPDATE type::record('payout', $pid) SET status = $to, status_rank = $rank_to,
             stripe_payout_id = $stripe_payout_id ?? stripe_payout_id, arrival_date = $arrival ?? arrival_date,
             failure_code = $code ?? failure_code, failure_message = $message ?? failure_message,
             paid_at = $paid_at ?? paid_at, updated_at = $now
         WHERE status_rank < $rank_to RETURN VALUE id);",
    )
    .bind("pid", payout_id.to_string())
    .bind("to", u.to.as_str())
    .bind("rank_to", i64::from(u.to.rank()))
    .bind("stripe_payout_id", u.stripe_payout_id.map(str::to_string))
    .bind("arrival", u.arrival)
    .bind("code", u.failure_code.map(str::to_string))
    .bind("message", u.failure_message.map(str::to_string))
    .bind("paid_at", u.paid_at)
    .bind("now", Utc::now())
    .flag("array::len($moved) > 0")
}

/// Applies Stripe's answer to our payout (forward only), with notifications sent only when
/// it moved.
pub(crate) async fn store_advance(
    db: &Db,
    payout_id: &str,
    update: &PayoutUpdate<'_>,
    notify: &[Outgoing],
) -> Result<(), AppError> {
    let mut tx = Tx::new();
    let moved = advance(&mut tx, payout_id, update);
    queue_notifications_if(&mut tx, &moved, notify);
    tx.commit(db).await.map_err(|e| e.into_app("updating a payout"))
}

pub(crate) async fn get(db: &Db, payout_id: &str) -> Result<Option<StoredPayout>, AppError> {
    let row: Option<PayoutRow> = db
        .query(format!("SELECT {PAYOUT_FIELDS} FROM type::record('payout', $id)"))
        .bind(("id", payout_id.to_string()))
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("reading a payout", e))?;
    row.map(StoredPayout::try_from).transpose()
}

pub(crate) async fn by_stripe_id(db: &Db, stripe_payout_id: &str) -> Result<Option<StoredPayout>, AppError> {
    let row: Option<PayoutRow> = db
        .query(format!("SELECT {PAYOUT_FIELDS} FROM payout WHERE stripe_payout_id = $id LIMIT 1"))
        .bind(("id", stripe_payout_id.to_string()))
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("reading a payout", e))?;
    row.map(StoredPayout::try_from).transpose()
}

/// Payouts, newest first, optionally one seller's and one status.
pub(crate) async fn list(
    db: &Db,
    user_id: Option<&str>,
    status: Option<PayoutStatus>,
    limit: u32,
    start: u32,
) -> Result<Vec<PayoutView>, AppError> {
    let mut conditions = vec!["true"];
    if user_id.is_some() {
        conditions.push("user = type::record('user', $user)");
    }
    if status.is_some() {
        conditions.push("status = $status");
    }
    let found: Vec<PayoutRow> = db
        .query(format!(
            "SELECT {PAYOUT_FIELDS} FROM payout WHERE {} ORDER BY created_at DESC LIMIT $limit START $start",
            conditions.join(" AND ")
        ))
        .bind(("user", user_id.map(str::to_string)))
        .bind(("status", status.map(PayoutStatus::as_str)))
        .bind(("limit", i64::from(limit)))
        .bind(("start", i64::from(start)))
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("listing payouts", e))?;
    Ok(rows(found)?.into_iter().map(|p| p.view).collect())
}

/// Requests recorded but never confirmed by Stripe (the process stopped mid-way), older than `before`.
/// The seller's request whose outcome Stripe hasn't confirmed yet, if any.
pub(crate) async fn unresolved_request(db: &Db, user_id: &str) -> Result<Option<StoredPayout>, AppError> {
    let found: Vec<PayoutRow> = db
        .query(format!(
            "SELECT {PAYOUT_FIELDS} FROM payout WHERE user = type::record('user', $user) AND status = 'requested' LIMIT 1"
        ))
        .bind(("user", user_id.to_string()))
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("finding an unconfirmed payout request", e))?;
    Ok(rows(found)?.into_iter().next())
}

pub(crate) async fn stuck_requests(db: &Db, before: DateTime<Utc>) -> Result<Vec<StoredPayout>, AppError> {
    let found: Vec<PayoutRow> = db
        .query(format!(
            "SELECT {PAYOUT_FIELDS} FROM payout WHERE status = 'requested' AND created_at < $before LIMIT 50"
        ))
        .bind(("before", before))
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("finding stuck payout requests", e))?;
    rows(found)
}

// ---------- webhook events ----------

/// A payout Hamro didn't make (automatic, or from Stripe's dashboard), as a webhook told it.
pub(crate) struct ExternalPayout<'a> {
    pub(crate) user_id: &'a str,
    pub(crate) stripe_account_id: &'a str,
    pub(crate) stripe_payout_id: &'a str,
    pub(crate) amount: Money,
    pub(crate) description: Option<&'a str>,
    pub(crate) origin: PayoutOrigin,
    pub(crate) created_at: DateTime<Utc>,
}

/// Adds "import this payout into the seller's history, once" to `tx`: its record is keyed
/// by Stripe's id. The flag says it is new (the event's update goes in after it).
pub(crate) fn import_external(tx: &mut Tx, p: &ExternalPayout<'_>) -> String {
    let id = format!("stripe_{}", p.stripe_payout_id);
    tx.add(
        "IF (SELECT id FROM ONLY type::record('payout', $id)) = NONE {
             CREATE type::record('payout', $id) CONTENT {
                 user: type::record('user', $user), stripe_account_id: $account, stripe_payout_id: $stripe_id,
                 amount_minor: $amount, currency: $currency, description: $description, status: 'pending', status_rank: 1,
                 idempotency_key: $key, origin: $origin, created_at: $created, updated_at: time::now()
             } RETURN NONE;
         };",
    )
    .bind("id", id.clone())
    .bind("user", p.user_id.to_string())
    .bind("account", p.stripe_account_id.to_string())
    .bind("stripe_id", p.stripe_payout_id.to_string())
    .bind("amount", p.amount.amount_minor)
    .bind("currency", p.amount.currency.code())
    .bind("description", p.description.map(str::to_string))
    .bind("key", format!("stripe:{}", p.stripe_payout_id))
    .bind("origin", p.origin.as_str())
    .bind("created", p.created_at);
    id
}

/// Adds "record this Stripe event" to `tx`: the event's effect goes in the same
/// transaction, so a second delivery of it (`commit_event` answers `false`) does nothing.
pub(crate) fn record_event(tx: &mut Tx, event_id: &str, kind: &str, account: Option<&str>, created: DateTime<Utc>) {
    tx.add(
        "CREATE type::record('stripe_event', $event_id) CONTENT { type: $event_type, account: $event_account,
             created: $event_created, processed_at: time::now() } RETURN NONE;",
    )
    .bind("event_id", event_id.to_string())
    .bind("event_type", kind.to_string())
    .bind("event_account", account.map(str::to_string))
    .bind("event_created", created);
}

/// Commits an event's transaction (`record_event` plus its effect). `false` when the event
/// was already recorded: it takes effect once.
pub(crate) async fn commit_event(db: &Db, tx: Tx) -> Result<bool, AppError> {
    match tx.commit(db).await {
        Ok(()) => Ok(true),
        Err(DbError::RecordExists(_)) => Ok(false),
        Err(e) => Err(e.into_app("applying a Stripe event")),
    }
}
