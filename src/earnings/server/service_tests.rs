//! The ledger, against an in-memory database: what an item and a refund write (once), the
//! hold, transfer batches (the same until sent, new after a refusal), refunds before and
//! after a transfer, append-only entries, and the invariants over random histories.

use chrono::Utc;
use proptest::prelude::*;

use super::{Earnings, recording::commission_back};
use crate::{
    earnings::model::{EarningsBalance, EntryKind},
    money::{Currency, Money, commission_minor},
    orders::server::test_support::{Fixture, fixture},
};

fn usd(minor: i64) -> Money {
    Money::new(minor, Currency::Usd)
}

fn earnings(f: &Fixture, hold_days: i64) -> Earnings {
    Earnings::new(f.db.clone(), f.notifier.clone(), chrono::Duration::days(hold_days))
}

async fn balance(e: &Earnings, f: &Fixture) -> EarningsBalance {
    e.balances(&f.seller)
        .await
        .unwrap()
        .into_iter()
        .find(|b| b.earned.currency == Currency::Usd)
        .expect("a USD balance")
}

/// Makes the next batch and has Stripe take it; its amount.
async fn transfer(e: &Earnings, f: &Fixture, stripe_id: &str) -> Option<i64> {
    let batch = e.next_batch(&f.seller.id, Currency::Usd).await.unwrap()?;
    e.batch_sent(&batch, stripe_id, &[]).await.unwrap();
    Some(batch.amount_minor)
}

#[tokio::test]
async fn a_shipped_item_with_its_fees_becomes_three_entries_once() {
    let f = fixture(1_000).await;
    let e = earnings(&f, 0);
    f.sold("112-0000001-0000001", 1, "24.99", 375).await;
    assert_eq!(e.record_ready().await.unwrap(), (1, 0));
    assert_eq!(e.record_ready().await.unwrap(), (0, 0), "nothing is written twice");
    let statement = e.statement(&f.seller, None).await.unwrap();
    let kinds: Vec<(EntryKind, i64)> = statement.lines.iter().map(|l| (l.kind, l.amount.amount_minor)).collect();
    assert_eq!(kinds, [(EntryKind::Sale, 2_499), (EntryKind::AmazonFee, -375), (EntryKind::Commission, -250)]);
    assert_eq!(statement.lines.last().unwrap().balance, usd(1_874), "the running balance");
    let b = balance(&e, &f).await;
    assert_eq!((b.earned, b.held, b.available, b.transferred), (usd(1_874), usd(0), usd(1_874), usd(0)));
    assert_eq!(e.statement(&f.other, None).await.unwrap().lines.len(), 0, "another seller's ledger is empty");
}

#[tokio::test]
async fn earnings_are_held_until_shipping_plus_the_hold() {
    let f = fixture(1_000).await;
    let e = earnings(&f, 14);
    f.sold("112-0000002-0000002", 1, "24.99", 375).await;
    e.record_ready().await.unwrap();
    let b = balance(&e, &f).await;
    assert_eq!((b.held, b.available), (usd(1_874), usd(0)));
    let release = b.next_release.expect("a release date");
    assert!((release - (Utc::now() + chrono::Duration::days(14))).num_minutes().abs() < 5, "{release}");
    assert!(e.next_batch(&f.seller.id, Currency::Usd).await.unwrap().is_none(), "nothing to transfer yet");
    assert_eq!(e.on_hold(&f.seller).await.unwrap(), vec![usd(1_874)]);
}

#[tokio::test]
async fn a_batch_is_the_same_until_sent_and_a_refused_one_is_batched_anew() {
    let f = fixture(1_000).await;
    let e = earnings(&f, 0);
    f.sold("112-0000003-0000003", 1, "24.99", 375).await;
    e.record_ready().await.unwrap();
    let first = e.next_batch(&f.seller.id, Currency::Usd).await.unwrap().unwrap();
    let again = e.next_batch(&f.seller.id, Currency::Usd).await.unwrap().unwrap();
    assert_eq!((first.id.clone(), first.amount_minor), (again.id.clone(), 1_874), "an open batch is resent as it is");
    e.batch_failed(&first, "No such destination").await.unwrap();
    let retry = e.next_batch(&f.seller.id, Currency::Usd).await.unwrap().unwrap();
    assert_ne!(retry.id, first.id, "a refused transfer's key is never used again");
    assert_eq!(retry.amount_minor, 1_874);
    e.batch_sent(&retry, "tr_1", &[]).await.unwrap();
    e.batch_sent(&retry, "tr_1", &[]).await.unwrap();
    let b = balance(&e, &f).await;
    assert_eq!((b.available, b.transferred), (usd(0), usd(1_874)), "recorded once");
    assert!(e.next_batch(&f.seller.id, Currency::Usd).await.unwrap().is_none());
}

#[tokio::test]
async fn a_refund_before_the_transfer_lowers_what_is_released() {
    let f = fixture(1_000).await;
    let e = earnings(&f, 0);
    let item = f.sold("112-0000004-0000004", 2, "24.99", 750).await;
    e.record_ready().await.unwrap();
    assert!(f.refunded(&item, "refund-1", 2_499, 300).await);
    assert!(!f.refunded(&item, "refund-1", 2_499, 300).await, "a duplicated finance event writes nothing");
    assert_eq!(e.record_ready().await.unwrap(), (0, 1));
    // Sale 49.98 - fees 7.50 - commission 5.00 = 37.48; refund -24.99 + commission back 2.50 + fees back 3.00.
    assert_eq!(transfer(&e, &f, "tr_2").await, Some(3_748 - 2_499 + 250 + 300));
    assert!(f.told(&f.seller.id).await.contains(&"Refund".to_string()));
}

#[tokio::test]
async fn a_refund_after_the_transfer_is_carried_into_the_next_release() {
    let f = fixture(1_000).await;
    let e = earnings(&f, 0);
    let first = f.sold("112-0000005-0000005", 1, "24.99", 375).await;
    e.record_ready().await.unwrap();
    assert_eq!(transfer(&e, &f, "tr_3").await, Some(1_874));
    f.refunded(&first, "refund-2", 2_499, 300).await;
    e.record_ready().await.unwrap();
    let b = balance(&e, &f).await;
    assert_eq!(b.available, usd(-2_499 + 250 + 300), "owed back, carried forward");
    assert_eq!(transfer(&e, &f, "tr_4").await, None, "nothing is transferred while the balance is negative");
    f.sold("112-0000006-0000006", 2, "24.99", 750).await;
    e.record_ready().await.unwrap();
    assert_eq!(transfer(&e, &f, "tr_5").await, Some(3_748 - 1_949), "the next release pays the refund back first");
    let b = balance(&e, &f).await;
    assert_eq!((b.available, b.transferred), (usd(0), usd(1_874 + 1_799)));
}

#[tokio::test]
async fn ledger_entries_cannot_be_changed_or_removed() {
    let f = fixture(1_000).await;
    let e = earnings(&f, 0);
    f.sold("112-0000007-0000007", 1, "24.99", 375).await;
    e.record_ready().await.unwrap();
    let update = f.db.query("UPDATE ledger_entry SET amount_minor = 0").await.and_then(|r| r.check());
    assert!(update.is_err(), "an update is refused");
    let delete = f.db.query("DELETE ledger_entry").await.and_then(|r| r.check());
    assert!(delete.is_err(), "a delete is refused");
    assert_eq!(balance(&e, &f).await.earned, usd(1_874), "and nothing changed");
}

/// One step of a random history.
#[derive(Clone, Debug)]
enum Step {
    Sell { quantity: i64, cents: i64, fee_bps: i64 },
    Refund { which: usize, percent: i64, fee_back_percent: i64 },
    Transfer,
    RefusedTransfer,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (1i64..4, 100i64..50_000, 0i64..3_000).prop_map(|(quantity, cents, fee_bps)| Step::Sell { quantity, cents, fee_bps }),
        2 => (0usize..8, 1i64..=100, 0i64..=100).prop_map(|(which, percent, fee_back_percent)| Step::Refund { which, percent, fee_back_percent }),
        2 => Just(Step::Transfer),
        1 => Just(Step::RefusedTransfer),
    ]
}

/// What the test expects, kept on its own.
#[derive(Default)]
struct Model {
    /// (item key, gross, fees, commission, refunded so far)
    items: Vec<(String, i64, i64, i64, i64)>,
    earned: i64,
    commission: i64,
    transferred: i64,
}

async fn run_history(steps: Vec<Step>, bps: u32) -> Result<(), TestCaseError> {
    let f = fixture(bps).await;
    let e = earnings(&f, 0);
    let mut m = Model::default();
    for (n, s) in steps.into_iter().enumerate() {
        match s {
            Step::Sell { quantity, cents, fee_bps } => {
                let gross = quantity * cents;
                let fees = gross * fee_bps / 10_000;
                let unit = format!("{}.{:02}", cents / 100, cents % 100);
                let key = f.sold(&format!("113-{n:07}-0000000"), quantity, &unit, fees).await;
                let commission = commission_minor(gross, bps);
                m.earned += gross - fees - commission;
                m.commission += commission;
                m.items.push((key, gross, fees, commission, 0));
            }
            Step::Refund { which, percent, fee_back_percent } => {
                let Some(len) = Some(m.items.len()).filter(|l| *l > 0) else { continue };
                let (key, gross, fees, commission, refunded) = m.items[which % len].clone();
                let amount = (gross * percent / 100).min(gross - refunded);
                if amount <= 0 {
                    continue;
                }
                let fee_back = fees * fee_back_percent / 100 * amount / gross;
                f.refunded(&key, &format!("refund-{n}"), amount, fee_back).await;
                let back = commission_back(commission, gross, amount);
                m.earned += -amount + back + fee_back;
                m.commission -= back;
                m.items[which % len].4 += amount;
            }
            Step::Transfer => {
                e.record_ready().await.unwrap();
                if let Some(amount) = transfer(&e, &f, &format!("tr_{n}")).await {
                    prop_assert!(amount > 0, "only a positive release is transferred");
                    m.transferred += amount;
                }
            }
            Step::RefusedTransfer => {
                e.record_ready().await.unwrap();
                if let Some(batch) = e.next_batch(&f.seller.id, Currency::Usd).await.unwrap() {
                    e.batch_failed(&batch, "refused").await.unwrap();
                }
            }
        }
        e.record_ready().await.unwrap();
        let Some(b) = e.balances(&f.seller).await.unwrap().into_iter().next() else { continue };
        let statement = e.statement(&f.seller, None).await.unwrap();
        let entries: i64 = statement.lines.iter().map(|l| l.amount.amount_minor).sum();
        prop_assert_eq!(b.earned.amount_minor, m.earned, "every sale, fee, commission and refund, to the cent");
        prop_assert_eq!(b.transferred.amount_minor, m.transferred, "transferred is what Stripe took");
        prop_assert_eq!(b.held.amount_minor, 0, "no hold here: everything shipped is released");
        // released = transferred + waiting for a transfer
        prop_assert_eq!(
            b.earned.amount_minor - b.held.amount_minor,
            b.transferred.amount_minor + b.available.amount_minor
        );
        // the entries add up to held + available (transfers are entries too)
        prop_assert_eq!(entries, b.held.amount_minor + b.available.amount_minor);
        let waiting: i64 = e.transferable(&f.seller.id).await.unwrap().iter().map(|(_, a)| a).sum();
        prop_assert_eq!(waiting, b.available.amount_minor, "the uncovered entries are what is available");
    }
    let summary = e.platform_summary().await.unwrap();
    let platform: i64 = summary.months.iter().map(|m| m.commission.amount_minor).sum();
    prop_assert_eq!(platform, m.commission, "the platform's commission, cent for cent");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn the_ledger_adds_up_over_any_history(steps in prop::collection::vec(step(), 1..14), bps in 0u32..=3_000) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(run_history(steps, bps))?;
    }
}
