//! The platform's commission on a sale: `HAMRO_COMMISSION_BPS` basis points (1/100 of a
//! percent) of the item's gross, in integer arithmetic.
//!
//! Rounding: per order item, to the nearest minor unit, halves away from zero
//! (`(gross * bps + 5000) / 10000`, mirrored for negative amounts such as refunds). Each
//! item's commission is a whole number of cents written in the ledger as it is, so the
//! seller's net plus the commission is always exactly the gross: no cent is created or lost,
//! however many items there are. A refund of the whole item returns exactly the commission
//! its sale took.

/// The commission on `gross` minor units at `bps` basis points.
pub fn commission_minor(gross: i64, bps: u32) -> i64 {
    let magnitude = (i128::from(gross.unsigned_abs()) * i128::from(bps) + 5_000) / 10_000;
    let magnitude = i64::try_from(magnitude).unwrap_or(i64::MAX);
    if gross < 0 { -magnitude } else { magnitude }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn rounds_halves_away_from_zero() {
        assert_eq!(commission_minor(1999, 1000), 200); // 199.9
        assert_eq!(commission_minor(1995, 1000), 200); // 199.5
        assert_eq!(commission_minor(1994, 1000), 199); // 199.4
        assert_eq!(commission_minor(5, 1000), 1); // 0.5
        assert_eq!(commission_minor(4, 1000), 0); // 0.4
        assert_eq!(commission_minor(-1995, 1000), -200);
        assert_eq!(commission_minor(1999, 0), 0);
        assert_eq!(commission_minor(1999, 10_000), 1999);
    }

    proptest! {
        /// Against exact rational arithmetic: the nearest cent, halves away from zero.
        #[test]
        fn is_the_nearest_cent(gross in -100_000_000i64..=100_000_000, bps in 0u32..=10_000) {
            let c = commission_minor(gross, bps);
            let exact_times_10000 = i128::from(gross) * i128::from(bps);
            let diff = (i128::from(c) * 10_000 - exact_times_10000).abs();
            prop_assert!(diff <= 5_000, "{c} is more than half a cent from {gross} x {bps} bps");
            if diff == 5_000 {
                prop_assert!(i128::from(c.abs()) * 10_000 > exact_times_10000.abs(), "a half rounds away from zero");
            }
        }

        /// Across many items, net + commission is the gross, cent for cent, and a full refund
        /// returns exactly what each sale took.
        #[test]
        fn no_cent_is_created_or_lost(items in prop::collection::vec(1i64..=10_000_000, 1..200), bps in 0u32..=10_000) {
            let gross: i64 = items.iter().sum();
            let commission: i64 = items.iter().map(|g| commission_minor(*g, bps)).sum();
            let net: i64 = items.iter().map(|g| g - commission_minor(*g, bps)).sum();
            prop_assert_eq!(net + commission, gross);
            let refunded: i64 = items.iter().map(|g| commission_minor(-*g, bps)).sum();
            prop_assert_eq!(refunded, -commission);
        }
    }
}
