//! The earnings service: what sellers and admins read of the ledger, and what the payouts
//! domain asks of it to transfer released earnings.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use super::{batch_repo, recording, repo};
use crate::{
    auth::model::CurrentUser,
    db::Db,
    earnings::model::{EarningsBalance, EntryKind, LedgerLine, PlatformMonth, PlatformSummary, Statement},
    error::AppError,
    money::{Currency, Money},
    notifications::server::{Notifier, Outgoing},
    orders::model::Month,
};

/// Each seller's ledger, the hold, and transfer batches.
#[derive(Clone)]
pub struct Earnings {
    pub(super) db: Db,
    pub(super) notifier: Notifier,
    /// How long after shipping earnings are held (the return window).
    pub(super) hold: chrono::Duration,
}

/// Released earnings of one seller in one currency, on their way to Stripe in one transfer.
#[derive(Clone, Debug)]
pub struct TransferBatch {
    /// Derived from the entries it covers: the transfer's idempotency key is built from it.
    pub id: String,
    pub seller_id: String,
    pub currency: Currency,
    pub amount_minor: i64,
    pub created_at: DateTime<Utc>,
    row: batch_repo::BatchRow,
}

impl Earnings {
    pub fn new(db: Db, notifier: Notifier, hold: chrono::Duration) -> Self {
        Self { db, notifier, hold }
    }

    /// The seller's entries of a month (all when `None`), each with the running balance of
    /// its currency, and the balances as of now.
    pub async fn statement(&self, seller: &CurrentUser, month: Option<Month>) -> Result<Statement, AppError> {
        let between = month.map(Month::range);
        let mut running: Vec<(String, i64)> = match between {
            Some((from, _)) => repo::totals_before(&self.db, &seller.id, from).await?,
            None => Vec::new(),
        };
        let mut lines = Vec::new();
        for row in repo::entries(&self.db, &seller.id, between).await? {
            let (Some(kind), Some(currency)) = (EntryKind::parse(&row.kind), Currency::parse(&row.currency)) else {
                return Err(AppError::internal("reading the ledger", format!("bad entry {}", row.id)));
            };
            let total = match running.iter_mut().find(|(c, _)| *c == row.currency) {
                Some((_, total)) => {
                    *total += row.amount_minor;
                    *total
                }
                None => {
                    running.push((row.currency.clone(), row.amount_minor));
                    row.amount_minor
                }
            };
            lines.push(LedgerLine {
                id: row.id,
                kind,
                amount: Money::new(row.amount_minor, currency),
                description: row.description,
                order_item_id: row.order_item,
                available_on: row.available_on,
                created_at: row.created_at,
                balance: Money::new(total, currency),
            });
        }
        Ok(Statement { month: month.map(Month::label), lines, balances: self.balances(seller).await? })
    }

    /// Earned, held, available and transferred, per currency.
    pub async fn balances(&self, seller: &CurrentUser) -> Result<Vec<EarningsBalance>, AppError> {
        let now = Utc::now();
        let next = repo::next_releases(&self.db, &seller.id, now).await?;
        let mut out = Vec::new();
        for s in repo::sums(&self.db, Some(&seller.id), now).await? {
            let Some(currency) = Currency::parse(&s.currency) else { continue };
            let money = |minor| Money::new(minor, currency);
            out.push(EarningsBalance {
                earned: money(s.earned),
                held: money(s.earned - s.released),
                available: money(s.released + s.moved),
                transferred: money(-s.moved),
                next_release: next.iter().find(|(c, _)| *c == s.currency).map(|(_, at)| *at),
            });
        }
        Ok(out)
    }

    /// What is on hold now, per currency (for the payouts page).
    pub async fn on_hold(&self, seller: &CurrentUser) -> Result<Vec<Money>, AppError> {
        Ok(self.balances(seller).await?.into_iter().map(|b| b.held).collect())
    }

    /// Earned in a month (sales less fees, commission and refunds), per currency.
    pub async fn net_in(&self, seller: &CurrentUser, month: Month) -> Result<Vec<Money>, AppError> {
        let mut net: Vec<Money> = Vec::new();
        for row in repo::entries(&self.db, &seller.id, Some(month.range())).await? {
            let (Some(kind), Some(currency)) = (EntryKind::parse(&row.kind), Currency::parse(&row.currency)) else {
                continue;
            };
            if kind.is_transfer() {
                continue;
            }
            match net.iter_mut().find(|m| m.currency == currency) {
                Some(m) => m.amount_minor += row.amount_minor,
                None => net.push(Money::new(row.amount_minor, currency)),
            }
        }
        Ok(net)
    }

    /// A month's statement as CSV: one row per entry, amounts as exact decimals.
    pub async fn csv(&self, seller: &CurrentUser, month: Month) -> Result<String, AppError> {
        let statement = self.statement(seller, Some(month)).await?;
        let mut out = csv::Writer::from_writer(Vec::new());
        let csv_error = |e: csv::Error| AppError::internal("writing a CSV statement", e);
        out.write_record(["date", "kind", "description", "amount", "currency", "balance", "available_on", "entry"])
            .map_err(csv_error)?;
        for l in &statement.lines {
            out.write_record([
                l.created_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                l.kind.as_str().to_string(),
                l.description.clone(),
                l.amount.to_decimal_string(),
                l.amount.currency.label().to_string(),
                l.balance.to_decimal_string(),
                l.available_on.map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)).unwrap_or_default(),
                l.id.clone(),
            ])
            .map_err(csv_error)?;
        }
        let bytes = out.into_inner().map_err(|e| AppError::internal("writing a CSV statement", e))?;
        String::from_utf8(bytes).map_err(|e| AppError::internal("writing a CSV statement", e))
    }

    /// The platform's last twelve months, and what is held and available now (admins).
    pub async fn platform_summary(&self) -> Result<PlatformSummary, AppError> {
        let now = Utc::now();
        let mut months: Vec<PlatformMonth> = Vec::new();
        for row in repo::month_sums(&self.db, now - chrono::Duration::days(366)).await? {
            let (Some(kind), Some(currency)) = (EntryKind::parse(&row.kind), Currency::parse(&row.currency)) else {
                continue;
            };
            let zero = Money::new(0, currency);
            let index = match months.iter().position(|m| m.month == row.month && m.gross_sales.currency == currency) {
                Some(i) => i,
                None => {
                    months.push(PlatformMonth {
                        month: row.month.clone(),
                        gross_sales: zero,
                        amazon_fees: zero,
                        commission: zero,
                        refunds: zero,
                        transferred: zero,
                    });
                    months.len() - 1
                }
            };
            let m = &mut months[index];
            match kind {
                EntryKind::Sale => m.gross_sales.amount_minor += row.total,
                EntryKind::AmazonFee => m.amazon_fees.amount_minor -= row.total,
                // The seller's entry is negative; the platform earns its opposite.
                EntryKind::Commission => m.commission.amount_minor -= row.total,
                EntryKind::Refund => m.refunds.amount_minor -= row.total,
                EntryKind::Transfer | EntryKind::Reversal => m.transferred.amount_minor -= row.total,
                EntryKind::Adjustment => {}
            }
        }
        months.sort_by(|a, b| b.month.cmp(&a.month));
        let (mut held_now, mut available_now) = (Vec::new(), Vec::new());
        for s in repo::sums(&self.db, None, now).await? {
            if let Some(currency) = Currency::parse(&s.currency) {
                held_now.push(Money::new(s.earned - s.released, currency));
                available_now.push(Money::new(s.released + s.moved, currency));
            }
        }
        Ok(PlatformSummary { months, held_now, available_now })
    }

    /// Records what the orders domain has ready (shipped items with their fees, refunds).
    pub(crate) async fn record_ready(&self) -> Result<(usize, usize), AppError> {
        recording::record_ready(&self.db, self.hold).await
    }

    /// The currencies in which the seller has released earnings no transfer covers, or an
    /// open batch, with the amount waiting.
    pub(crate) async fn transferable(&self, seller_id: &str) -> Result<Vec<(Currency, i64)>, AppError> {
        let now = Utc::now();
        let mut out = Vec::new();
        for currency in Currency::ALL {
            let open = batch_repo::open_batch(&self.db, seller_id, currency.code()).await?;
            let waiting: i64 = match open {
                Some(batch) => batch.amount_minor,
                None => batch_repo::uncovered(&self.db, seller_id, currency.code(), now)
                    .await?
                    .iter()
                    .map(|e| e.amount_minor)
                    .sum(),
            };
            if waiting != 0 {
                out.push((currency, waiting));
            }
        }
        Ok(out)
    }

    /// The batch to transfer now: the open one left by an interrupted run (resent with the
    /// same key), or a new one covering every released entry. `None` while the released total
    /// is not positive (a refund after a transfer is carried into the next release).
    pub(crate) async fn next_batch(
        &self,
        seller_id: &str,
        currency: Currency,
    ) -> Result<Option<TransferBatch>, AppError> {
        if let Some(row) = batch_repo::open_batch(&self.db, seller_id, currency.code()).await? {
            return Ok(Some(TransferBatch::from_row(row, currency)));
        }
        let entries = batch_repo::uncovered(&self.db, seller_id, currency.code(), Utc::now()).await?;
        let amount: i64 = entries.iter().map(|e| e.amount_minor).sum();
        if amount <= 0 {
            return Ok(None);
        }
        let keys: Vec<String> = entries.into_iter().map(|e| e.key).collect();
        // A refused transfer's key can't be used again (Stripe remembers the refusal): the
        // same entries after a failure make a new batch.
        let failures = batch_repo::failed_count(&self.db, seller_id, currency.code()).await?;
        let id = batch_id(seller_id, currency, &keys, failures);
        if !batch_repo::create_batch(&self.db, &id, seller_id, currency.code(), amount, &keys).await? {
            // Another worker batched some of these first; its batch is open now.
            return Ok(batch_repo::open_batch(&self.db, seller_id, currency.code())
                .await?
                .map(|r| TransferBatch::from_row(r, currency)));
        }
        Ok(batch_repo::open_batch(&self.db, seller_id, currency.code())
            .await?
            .map(|r| TransferBatch::from_row(r, currency)))
    }

    /// Stripe took the batch's transfer: the ledger records it and the seller is told.
    pub(crate) async fn batch_sent(
        &self,
        batch: &TransferBatch,
        stripe_transfer_id: &str,
        news: &[Outgoing],
    ) -> Result<(), AppError> {
        batch_repo::batch_sent(&self.db, &batch.row, stripe_transfer_id, news).await
    }

    /// Stripe refused the batch's transfer: its entries wait for a later batch.
    pub(crate) async fn batch_failed(&self, batch: &TransferBatch, reason: &str) -> Result<(), AppError> {
        batch_repo::batch_failed(&self.db, &batch.id, reason).await
    }

    /// Tells the admins, once, that a seller's earnings in `currency` are held because their
    /// Stripe account cannot receive it.
    pub(crate) async fn alert_unreceivable(
        &self,
        seller_id: &str,
        currency: Currency,
        account_currency: &str,
    ) -> Result<bool, AppError> {
        let message = format!(
            "A seller has earnings in {currency} but their Stripe account receives {}. The earnings are held, not converted; \
             add a {currency} bank account on Stripe, or settle them by hand.",
            account_currency.to_uppercase()
        );
        let news = self
            .notifier
            .for_admins(
                crate::notifications::model::NotificationType::Warning,
                "Earnings held: currency",
                &message,
                Some("/admin/orders"),
            )
            .await?;
        batch_repo::alert_once(&self.db, &format!("{seller_id}:{}", currency.code()), &news).await
    }
}

impl TransferBatch {
    fn from_row(row: batch_repo::BatchRow, currency: Currency) -> Self {
        Self {
            id: row.id.clone(),
            seller_id: row.seller_id.clone(),
            currency,
            amount_minor: row.amount_minor,
            created_at: row.created_at,
            row,
        }
    }
}

/// A batch's id: from the seller, the currency, the entries it covers and how many of the
/// seller's batches failed before, so the same entries make the same batch (and the same
/// idempotency key) until Stripe refuses one.
fn batch_id(seller_id: &str, currency: Currency, entries: &[String], failures: i64) -> String {
    let mut hash = Sha256::new();
    hash.update(seller_id.as_bytes());
    hash.update(currency.code().as_bytes());
    hash.update(failures.to_be_bytes());
    for e in entries {
        hash.update([0x1f]);
        hash.update(e.as_bytes());
    }
    hex::encode(hash.finalize())[..32].to_string()
}
