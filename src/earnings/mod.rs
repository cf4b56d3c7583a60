//! Earnings: each seller's append-only ledger (sales, Amazon's fees, the platform's
//! commission, refunds, transfers), the hold before earnings are released, the statement
//! sellers read, and the transfer batches the payouts domain sends to Stripe.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod server;
pub mod views;
