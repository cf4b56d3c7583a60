//! Stripe Connect through async-stripe: connected accounts, onboarding links, balances,
//! payouts and transfers, plus webhook verification.

mod client;
mod settings;
mod webhook;

pub use client::{StripeFailure, StripeGateway};
pub use settings::StripeSettings;
pub use webhook::{VerifiedEvent, WebhookError, sign, verify_and_parse};
