//! `StripeGateway`: the calls Hamro makes to Stripe. Calls on a connected account send the
//! `Stripe-Account` header; every POST carries an `Idempotency-Key` derived from our own
//! record, and a retry (of a timeout, 409, 429 or 5xx) reuses the same key, so a payout
//! can never be created twice.

use std::{collections::HashMap, time::Duration};

use secrecy::ExposeSecret;
use stripe::{AccountId, ClientBuilder, IdempotencyKey, RequestStrategy, StripeError, StripeRequest};
use stripe_connect::{
    Account, AccountLink, Transfer,
    account::{
        CreateAccount, CreateAccountCapabilities, CreateAccountCapabilitiesTransfers, CreateAccountController,
        CreateAccountControllerFees, CreateAccountControllerFeesPayer, CreateAccountControllerLosses,
        CreateAccountControllerLossesPayments, CreateAccountControllerStripeDashboard,
        CreateAccountControllerStripeDashboardType, CreateAccountSettings, CreateAccountSettingsPayouts,
        CreateAccountSettingsPayoutsSchedule, CreateAccountSettingsPayoutsScheduleInterval, RetrieveAccount,
        UpdateAccount, UpdateAccountSettings, UpdateAccountSettingsPayouts, UpdateAccountSettingsPayoutsSchedule,
        UpdateAccountSettingsPayoutsScheduleInterval,
    },
    account_link::{CreateAccountLink, CreateAccountLinkType},
    transfer::{CreateTransfer, ListTransfer},
};
use stripe_core::{
    Balance, Payout,
    balance::RetrieveForMyAccountBalance,
    payout::{CreatePayout, ListPayout, RetrievePayout},
};
use stripe_types::{Currency as StripeCurrency, List};

use super::StripeSettings;
use crate::money::Currency;

/// How many times a retryable failure is tried in all.
const ATTEMPTS: u32 = 3;
const TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Clone)]
pub struct StripeGateway {
    client: stripe::Client,
    country: String,
}

/// What went wrong talking to Stripe, in terms a caller can act on.
#[derive(Debug, thiserror::Error)]
pub enum StripeFailure {
    /// Stripe refused the request (4xx) with a message meant for people.
    #[error("{message}")]
    Refused { status: u16, code: Option<String>, message: String },
    /// Stripe could not be reached or kept failing (timeouts, 5xx, 429).
    #[error("Stripe is not answering right now: {0}")]
    Unavailable(String),
    /// A response we could not read, or a request we could not build.
    #[error("unexpected answer from Stripe: {0}")]
    Protocol(String),
}

impl StripeFailure {
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Refused { code, .. } => code.as_deref(),
            _ => None,
        }
    }
}

impl From<StripeError> for StripeFailure {
    fn from(e: StripeError) -> Self {
        match e {
            StripeError::Stripe(api, status) if (400..500).contains(&status) && status != 409 && status != 429 => {
                Self::Refused {
                    status,
                    code: api.code.as_ref().map(|c| c.as_str().to_string()),
                    message: api.message.clone().unwrap_or_else(|| "Stripe refused the request.".to_string()),
                }
            }
            StripeError::Stripe(api, status) => {
                Self::Unavailable(format!("{status} {}", api.message.clone().unwrap_or_default()))
            }
            StripeError::Timeout => Self::Unavailable("timed out".into()),
            StripeError::ClientError(m) => Self::Unavailable(m),
            StripeError::JSONDeserialize(m) | StripeError::ConfigError(m) => Self::Protocol(m),
        }
    }
}

fn retryable(e: &StripeError) -> bool {
    match e {
        StripeError::Stripe(_, status) => matches!(*status, 409 | 429 | 500..=504),
        StripeError::Timeout | StripeError::ClientError(_) => true,
        _ => false,
    }
}

fn stripe_currency(c: Currency) -> StripeCurrency {
    match c {
        Currency::Usd => StripeCurrency::USD,
        Currency::Eur => StripeCurrency::EUR,
        Currency::Gbp => StripeCurrency::GBP,
        Currency::Cad => StripeCurrency::CAD,
    }
}

/// Sends with one idempotency key, retrying transient failures with the same key.
async fn idempotent<T, F, Fut>(key: &str, mut call: F) -> Result<T, StripeFailure>
where
    F: FnMut(RequestStrategy) -> Fut,
    Fut: std::future::Future<Output = Result<T, StripeError>>,
{
    let key = IdempotencyKey::new(key).map_err(|e| StripeFailure::Protocol(format!("idempotency key: {e:?}")))?;
    let mut delay = Duration::from_millis(300);
    let mut attempt = 1;
    loop {
        match call(RequestStrategy::Idempotent(key.clone())).await {
            Err(e) if attempt < ATTEMPTS && retryable(&e) => {
                tracing::warn!(attempt, error = %e, "Stripe call failed; retrying with the same idempotency key");
                tokio::time::sleep(delay).await;
                delay *= 2;
                attempt += 1;
            }
            other => return other.map_err(StripeFailure::from),
        }
    }
}

/// Reads (GETs) are safe to retry as they are.
async fn read<T, F, Fut>(mut call: F) -> Result<T, StripeFailure>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, StripeError>>,
{
    let mut delay = Duration::from_millis(300);
    let mut attempt = 1;
    loop {
        match call().await {
            Err(e) if attempt < ATTEMPTS && retryable(&e) => {
                tokio::time::sleep(delay).await;
                delay *= 2;
                attempt += 1;
            }
            other => return other.map_err(StripeFailure::from),
        }
    }
}

impl StripeGateway {
    pub fn new(settings: &StripeSettings) -> Result<Self, StripeFailure> {
        let client = ClientBuilder::new(settings.secret_key.expose_secret())
            .url(settings.api_base.as_str())
            .timeout(TIMEOUT)
            .app_info("hamro", Some(env!("CARGO_PKG_VERSION").into()), None)
            .build()
            .map_err(|e| StripeFailure::Protocol(e.to_string()))?;
        Ok(Self { client, country: settings.connect_country.clone() })
    }

    /// An Express account, its fees and losses on the platform, able to receive transfers.
    pub async fn create_account(&self, email: &str, user_id: &str, key: &str) -> Result<Account, StripeFailure> {
        idempotent(key, |strategy| {
            CreateAccount::new()
                .country(self.country.as_str())
                .email(email)
                .controller(CreateAccountController {
                    fees: Some(CreateAccountControllerFees {
                        payer: Some(CreateAccountControllerFeesPayer::Application),
                    }),
                    losses: Some(CreateAccountControllerLosses {
                        payments: Some(CreateAccountControllerLossesPayments::Application),
                    }),
                    requirement_collection: None,
                    stripe_dashboard: Some(CreateAccountControllerStripeDashboard {
                        type_: Some(CreateAccountControllerStripeDashboardType::Express),
                    }),
                })
                .capabilities(CreateAccountCapabilities {
                    transfers: Some(CreateAccountCapabilitiesTransfers { requested: Some(true) }),
                    ..Default::default()
                })
                // Hamro pays out when the seller asks: an automatic schedule would sweep the
                // balance before they do.
                .settings(CreateAccountSettings {
                    payouts: Some(CreateAccountSettingsPayouts {
                        schedule: Some(CreateAccountSettingsPayoutsSchedule {
                            interval: Some(CreateAccountSettingsPayoutsScheduleInterval::Manual),
                            ..CreateAccountSettingsPayoutsSchedule::new()
                        }),
                        ..CreateAccountSettingsPayouts::new()
                    }),
                    ..CreateAccountSettings::new()
                })
                .metadata(HashMap::from([("hamro_user_id".to_string(), user_id.to_string())]))
                .customize()
                .request_strategy(strategy)
                .send(&self.client)
        })
        .await
    }

    /// Sets an account's payouts to manual (for accounts created before Hamro asked for it).
    pub async fn set_manual_payouts(&self, account: &str, key: &str) -> Result<Account, StripeFailure> {
        idempotent(key, |strategy| {
            UpdateAccount::new(account)
                .settings(UpdateAccountSettings {
                    payouts: Some(UpdateAccountSettingsPayouts {
                        schedule: Some(UpdateAccountSettingsPayoutsSchedule {
                            interval: Some(UpdateAccountSettingsPayoutsScheduleInterval::Manual),
                            ..UpdateAccountSettingsPayoutsSchedule::new()
                        }),
                        ..UpdateAccountSettingsPayouts::new()
                    }),
                    ..UpdateAccountSettings::new()
                })
                .customize()
                .request_strategy(strategy)
                .send(&self.client)
        })
        .await
    }

    pub async fn retrieve_account(&self, account: &str) -> Result<Account, StripeFailure> {
        read(|| RetrieveAccount::new(account).customize().send(&self.client)).await
    }

    /// A single-use onboarding link.
    pub async fn create_account_link(
        &self,
        account: &str,
        refresh_url: &str,
        return_url: &str,
        key: &str,
    ) -> Result<AccountLink, StripeFailure> {
        idempotent(key, |strategy| {
            CreateAccountLink::new(account, CreateAccountLinkType::AccountOnboarding)
                .refresh_url(refresh_url)
                .return_url(return_url)
                .customize()
                .request_strategy(strategy)
                .send(&self.client)
        })
        .await
    }

    pub async fn balance(&self, account: &str) -> Result<Balance, StripeFailure> {
        read(|| RetrieveForMyAccountBalance::new().customize().account_id(AccountId::from(account)).send(&self.client))
            .await
    }

    /// A payout from the connected account's balance to its bank.
    pub async fn create_payout(
        &self,
        account: &str,
        amount_minor: i64,
        currency: Currency,
        description: Option<&str>,
        hamro_payout_id: &str,
        key: &str,
    ) -> Result<Payout, StripeFailure> {
        idempotent(key, |strategy| {
            let mut request = CreatePayout::new(amount_minor, stripe_currency(currency))
                .metadata(HashMap::from([("hamro_payout_id".to_string(), hamro_payout_id.to_string())]));
            if let Some(d) = description {
                request = request.description(d);
            }
            request.customize().account_id(AccountId::from(account)).request_strategy(strategy).send(&self.client)
        })
        .await
    }

    pub async fn list_payouts(
        &self,
        account: &str,
        limit: i64,
        starting_after: Option<&str>,
    ) -> Result<List<Payout>, StripeFailure> {
        read(|| {
            let mut request = ListPayout::new().limit(limit);
            if let Some(after) = starting_after {
                request = request.starting_after(after);
            }
            request.customize().account_id(AccountId::from(account)).send(&self.client)
        })
        .await
    }

    pub async fn retrieve_payout(&self, account: &str, payout: &str) -> Result<Payout, StripeFailure> {
        read(|| RetrievePayout::new(payout).customize().account_id(AccountId::from(account)).send(&self.client)).await
    }

    /// Moves platform funds to a connected account. With `source_transaction` the funds
    /// arrive as pending until that charge settles.
    pub async fn create_transfer(
        &self,
        account: &str,
        amount_minor: i64,
        currency: Currency,
        source_transaction: Option<&str>,
        key: &str,
    ) -> Result<Transfer, StripeFailure> {
        idempotent(key, |strategy| {
            let mut request = CreateTransfer::new(stripe_currency(currency), account).amount(amount_minor);
            if let Some(source) = source_transaction {
                request = request.source_transaction(source);
            }
            request.customize().request_strategy(strategy).send(&self.client)
        })
        .await
    }

    /// Moves a batch of released earnings to the seller's account: one transfer per batch,
    /// keyed by the batch (a retry, or a rerun after a crash, can't transfer twice), in a
    /// transfer group named after it (to find it again once Stripe has forgotten the key).
    pub async fn transfer_earnings(
        &self,
        account: &str,
        amount_minor: i64,
        currency: Currency,
        batch_id: &str,
    ) -> Result<Transfer, StripeFailure> {
        idempotent(&format!("hamro-transfer-{batch_id}"), |strategy| {
            CreateTransfer::new(stripe_currency(currency), account)
                .amount(amount_minor)
                .transfer_group(transfer_group(batch_id))
                .description("Hamro earnings")
                .metadata(HashMap::from([("hamro_batch".to_string(), batch_id.to_string())]))
                .customize()
                .request_strategy(strategy)
                .send(&self.client)
        })
        .await
    }

    /// The transfer a batch made, if Stripe has one (looked up by its transfer group).
    pub async fn find_batch_transfer(&self, batch_id: &str) -> Result<Option<Transfer>, StripeFailure> {
        let found = read(|| {
            ListTransfer::new().transfer_group(transfer_group(batch_id)).limit(1).customize().send(&self.client)
        })
        .await?;
        Ok(found.data.into_iter().next())
    }
}

fn transfer_group(batch_id: &str) -> String {
    format!("hamro-batch-{batch_id}")
}
