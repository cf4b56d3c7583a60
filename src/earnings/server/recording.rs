//! Writing earnings into the ledger from what the orders domain has ready, each item and
//! each refund in one transaction with the mark that says the ledger has it (entries are
//! keyed by their source, so even a repeated run writes nothing twice).
//!
//! - A shipped item whose Amazon fees are known: its sale (+gross), Amazon's fees (-fees)
//!   and the platform's commission (-commission), all available once the hold after
//!   shipping is over.
//! - A refund: the refunded amount (-), the share of the commission it took back (+, in
//!   proportion, never more than the sale's) and the fees Amazon returned (+), available no
//!   earlier than the sale. After a transfer, a refund makes the released total smaller (or
//!   negative): it is carried into the next release rather than reversed.

use chrono::{DateTime, Utc};

use super::repo::{self, NewEntry};
use crate::{
    db::{Db, Tx},
    earnings::model::EntryKind,
    error::AppError,
    money::{Currency, Money},
    notifications::{
        model::NotificationType,
        server::{Outgoing, queue as queue_notifications},
    },
    orders::server::finance_repo::{self, ReadyItem, ReadyRefund},
    validation::clip,
};

const BATCH: i64 = 200;

/// Records what the orders domain has ready; earnings are held for `hold` after shipping.
pub(super) async fn record_ready(db: &Db, hold: chrono::Duration) -> Result<(usize, usize), AppError> {
    let mut items = 0;
    for item in finance_repo::ready_for_ledger(db, BATCH).await? {
        if record_item(db, hold, &item).await? {
            items += 1;
        }
    }
    let mut refunds = 0;
    for refund in finance_repo::refunds_for_ledger(db, BATCH).await? {
        if record_refund(db, hold, &refund).await? {
            refunds += 1;
        }
    }
    if items + refunds > 0 {
        tracing::info!(items, refunds, "earnings recorded");
    }
    Ok((items, refunds))
}

/// What every entry of one item (or refund) shares.
struct Source<'a> {
    seller: &'a str,
    currency: &'a str,
    item: &'a str,
    available_on: DateTime<Utc>,
}

impl Source<'_> {
    fn add(&self, tx: &mut Tx, key: String, kind: EntryKind, amount: i64, description: String) {
        repo::append(
            tx,
            &NewEntry {
                key,
                seller_id: self.seller,
                kind,
                amount_minor: amount,
                currency: self.currency,
                order_item: Some(self.item),
                description,
                available_on: Some(self.available_on),
                transfer_batch: None,
            },
        );
    }
}

async fn record_item(db: &Db, hold: chrono::Duration, item: &ReadyItem) -> Result<bool, AppError> {
    if Currency::parse(&item.currency).is_none() {
        tracing::warn!(item = %item.key, currency = %item.currency, "an order item in a currency Hamro doesn't handle; not recorded");
        return Ok(false);
    }
    let key = item.key.as_str();
    let source =
        Source { seller: &item.seller_id, currency: &item.currency, item: key, available_on: item.shipped_at + hold };
    let title = clip(&item.title, 80);
    let mut tx = Tx::new();
    source.add(&mut tx, format!("sale:{key}"), EntryKind::Sale, item.gross_minor, format!("Sale: {title}"));
    source.add(&mut tx, format!("fee:{key}"), EntryKind::AmazonFee, -item.fees_minor, format!("Amazon fees: {title}"));
    source.add(
        &mut tx,
        format!("commission:{key}"),
        EntryKind::Commission,
        -item.commission_minor,
        format!("Hamro commission: {title}"),
    );
    finance_repo::mark_item_recorded(&mut tx, key);
    tx.commit(db).await.map_err(|e| e.into_app("recording an item's earnings"))?;
    Ok(true)
}

/// The share of the item's commission a refund of `amount` takes back: in proportion, at
/// most the whole commission (a full refund returns exactly what the sale took).
pub(crate) fn commission_back(item_commission: i64, item_gross: i64, amount: i64) -> i64 {
    if item_gross <= 0 {
        return 0;
    }
    let share = (i128::from(item_commission) * i128::from(amount.min(item_gross)) + i128::from(item_gross) / 2)
        / i128::from(item_gross);
    i64::try_from(share).unwrap_or(item_commission).min(item_commission)
}

async fn record_refund(db: &Db, hold: chrono::Duration, refund: &ReadyRefund) -> Result<bool, AppError> {
    let Some(currency) = Currency::parse(&refund.currency) else {
        tracing::warn!(refund = %refund.key, currency = %refund.currency, "a refund in a currency Hamro doesn't handle; not recorded");
        return Ok(false);
    };
    let now = Utc::now();
    let available_on = refund.shipped_at.map_or(now, |s| (s + hold).max(now));
    let title = clip(&refund.title, 80);
    let key = refund.key.as_str();
    let source = Source { seller: &refund.seller_id, currency: &refund.currency, item: &refund.item_key, available_on };
    let back = commission_back(refund.item_commission_minor, refund.item_gross_minor, refund.amount_minor);
    let mut tx = Tx::new();
    source.add(&mut tx, format!("refund:{key}"), EntryKind::Refund, -refund.amount_minor, format!("Refund: {title}"));
    if back != 0 {
        source.add(
            &mut tx,
            format!("commission_back:{key}"),
            EntryKind::Commission,
            back,
            format!("Commission returned: {title}"),
        );
    }
    if refund.fee_refund_minor != 0 {
        let description = format!("Amazon fees returned: {title}");
        source.add(&mut tx, format!("fee_back:{key}"), EntryKind::AmazonFee, refund.fee_refund_minor, description);
    }
    finance_repo::mark_refund_recorded(&mut tx, key);
    let net = Money::new(refund.amount_minor - back - refund.fee_refund_minor, currency);
    let news = [Outgoing::new(
        &refund.seller_id,
        NotificationType::Warning,
        "Refund",
        &format!("A buyer was refunded for \"{title}\": {net} comes off your earnings."),
        Some("/seller/earnings"),
    )?];
    queue_notifications(&mut tx, &news);
    tx.commit(db).await.map_err(|e| e.into_app("recording a refund"))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::commission_back;

    #[test]
    fn a_full_refund_returns_exactly_the_commission() {
        assert_eq!(commission_back(200, 1999, 1999), 200);
        assert_eq!(commission_back(200, 1999, 5000), 200, "never more than the sale took");
        assert_eq!(commission_back(200, 1999, 0), 0);
    }

    proptest! {
        #[test]
        fn partial_refunds_return_at_most_the_commission(gross in 1i64..10_000_000, bps in 0u32..=10_000, parts in 1usize..6) {
            let commission = crate::money::commission_minor(gross, bps);
            let part = gross / parts as i64;
            let back: i64 = (0..parts).map(|_| commission_back(commission, gross, part)).sum();
            prop_assert!(back <= commission + parts as i64, "rounding each part gives back at most a cent a part");
            prop_assert!(commission_back(commission, gross, gross) == commission);
        }
    }
}
