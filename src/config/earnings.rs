//! Money settings: the platform's commission, how long earnings are held (the return
//! window), and how often Hamro reads Amazon's orders and finances, records earnings and
//! transfers them.

use std::time::Duration;

use super::{ConfigError, Vars};

#[derive(Clone, Debug)]
pub struct EarningsSettings {
    /// The platform's commission on each sale, in basis points (1000 = 10%).
    pub commission_bps: u32,
    /// How long after an item ships its earnings are held before they may be transferred.
    pub hold: chrono::Duration,
    /// How often the platform account's orders are read (searchOrders allows one request
    /// every 180 s after a burst of 20).
    pub orders_every: Duration,
    /// How far back the first read of orders and finances goes.
    pub backfill: chrono::Duration,
    /// How often released earnings are recorded and transferred.
    pub transfers_every: Duration,
}

pub fn read(vars: &Vars<'_>) -> Result<EarningsSettings, ConfigError> {
    let commission_bps: u32 = vars.parse_or("HAMRO_COMMISSION_BPS", 1_000)?;
    if commission_bps > 10_000 {
        return Err(ConfigError::invalid("HAMRO_COMMISSION_BPS", "must be 0..=10000 (basis points of the sale)"));
    }
    let hold_days: i64 = vars.parse_or("HAMRO_HOLD_DAYS", 14)?;
    let backfill_days: i64 = vars.parse_or("HAMRO_ORDERS_BACKFILL_DAYS", 30)?;
    if !(0..=365).contains(&hold_days) || !(0..=3650).contains(&backfill_days) {
        return Err(ConfigError::invalid("HAMRO_HOLD_DAYS", "hold 0..=365 days, backfill 0..=3650 days"));
    }
    let orders_every = vars.seconds_or("HAMRO_ORDERS_POLL_SECONDS", 180)?.max(Duration::from_secs(1));
    let transfers_every = vars.seconds_or("HAMRO_TRANSFER_SECONDS", 600)?.max(Duration::from_secs(1));
    Ok(EarningsSettings {
        commission_bps,
        hold: chrono::Duration::days(hold_days),
        orders_every,
        backfill: chrono::Duration::days(backfill_days),
        transfers_every,
    })
}
