//! The payouts service: each seller's Stripe Connect account, their balances, and their
//! payout history. Payout requests and their reconciliation are in `requests.rs`.

use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use secrecy::SecretString;

use super::{
    account_repo,
    balance_cache::BalanceCache,
    facts::AccountFacts,
    news::{self, PAYOUTS_URL},
    repo,
};
use crate::{
    auth::model::CurrentUser,
    db::{Db, is_key, new_key},
    earnings::server::Earnings,
    error::AppError,
    integrations::stripe::{StripeFailure, StripeGateway},
    locks::KeyedLocks,
    money::{Currency, Money},
    notifications::{model::NotificationType, server::Outgoing},
    payouts::model::{BalanceView, HISTORY_PAGE, PayoutDashboard, PayoutStatus, PayoutView, StripeAccountView},
    security::{DEFAULT_CALLS_PER_MINUTE, UserQuota},
};

/// Sellers' connected accounts and payouts, through Stripe Connect.
#[derive(Clone)]
pub struct Payouts {
    pub(super) db: Db,
    pub(super) stripe: StripeGateway,
    /// Every Stripe webhook signing secret accepted.
    pub(super) webhook_secrets: Arc<Vec<SecretString>>,
    /// One seller's payout work runs one at a time in this process.
    pub(super) locks: Arc<KeyedLocks>,
    /// Balances pages show (a few seconds old at most).
    pub(super) balances: BalanceCache,
    /// Hamro's public URL, for the return links of onboarding.
    pub(super) public_url: String,
    /// The ledger: what is on hold, what to transfer.
    pub(super) earnings: Earnings,
    /// Per-user limits on the calls that spend the platform's Stripe quota.
    pub(super) quotas: PayoutQuotas,
}

/// One limit per kind of Stripe call a seller can cause (`security::user_quota`).
#[derive(Clone)]
pub(super) struct PayoutQuotas {
    pub(super) balance: UserQuota,
    pub(super) link: UserQuota,
    pub(super) refresh: UserQuota,
    pub(super) request: UserQuota,
}

impl PayoutQuotas {
    fn per_minute(n: u32) -> Self {
        Self {
            balance: UserQuota::per_minute("balance checks", n),
            link: UserQuota::per_minute("onboarding links", n),
            refresh: UserQuota::per_minute("Stripe account refreshes", n),
            request: UserQuota::per_minute("payout requests", n),
        }
    }
}

pub(super) fn upstream(context: &str, e: StripeFailure) -> AppError {
    tracing::warn!(error = %e, context, "Stripe call failed");
    match e {
        StripeFailure::Refused { message, .. } => AppError::upstream(format!("Stripe refused: {message}")),
        StripeFailure::Unavailable(_) => {
            AppError::upstream("Stripe is not answering right now. Please try again in a minute.")
        }
        StripeFailure::Protocol(_) => {
            AppError::upstream("Stripe gave an answer Hamro couldn't read. Please try again later.")
        }
    }
}

pub(super) fn timestamp(t: i64) -> Option<DateTime<Utc>> {
    Utc.timestamp_opt(t, 0).single()
}

impl Payouts {
    pub(crate) fn new(
        db: Db,
        stripe: StripeGateway,
        webhook_secrets: Vec<SecretString>,
        public_url: &str,
        earnings: Earnings,
    ) -> Self {
        Self {
            db,
            earnings,
            stripe,
            webhook_secrets: Arc::new(webhook_secrets),
            locks: Arc::new(KeyedLocks::default()),
            balances: BalanceCache::default(),
            public_url: public_url.to_string(),
            quotas: PayoutQuotas::per_minute(DEFAULT_CALLS_PER_MINUTE),
        }
    }

    /// Each seller may cause `per_minute` calls of each kind to Stripe.
    pub(crate) fn with_calls_per_minute(mut self, per_minute: u32) -> Self {
        self.quotas = PayoutQuotas::per_minute(per_minute);
        self
    }

    /// The jobs that transfer earnings and fix payout schedules, with how often to transfer.
    pub(crate) fn job_handlers(&self, every: std::time::Duration) -> Vec<Arc<dyn crate::jobs::Handler>> {
        super::jobs::handlers(&super::jobs::PayoutJobs {
            db: self.db.clone(),
            stripe: self.stripe.clone(),
            earnings: self.earnings.clone(),
            every,
        })
    }

    /// Moves the transfer job forward: an account that can now be paid gets its released
    /// earnings without waiting for the next round.
    pub(super) async fn transfer_soon(&self) {
        use crate::jobs::JobPayload;
        if let Err(e) = crate::jobs::wake(&self.db, super::jobs::TransferEarnings::KIND).await {
            tracing::warn!(error = %e, "couldn't wake the transfer job; it runs at its next interval");
        }
    }

    /// The seller's connected account; a clear 409 when there isn't one yet.
    pub(super) async fn require_account(&self, user: &CurrentUser) -> Result<StripeAccountView, AppError> {
        account_repo::account_for_user(&self.db, &user.id).await?.ok_or_else(|| {
            AppError::conflict("Connect a Stripe account first: use \"Connect Stripe\" on the payouts page.")
        })
    }

    /// Creates the seller's Express account (once: a second call returns the first).
    pub(crate) async fn connect(&self, user: &CurrentUser) -> Result<StripeAccountView, AppError> {
        if let Some(existing) = account_repo::account_for_user(&self.db, &user.id).await? {
            return Ok(existing);
        }
        let _turn = self.locks.lock(&user.id).await;
        if let Some(existing) = account_repo::account_for_user(&self.db, &user.id).await? {
            return Ok(existing);
        }
        // Keyed by the user: even two instances racing here get the same Stripe account.
        let account = self
            .stripe
            .create_account(&user.email, &user.id, &format!("hamro-account-{}", user.id))
            .await
            .map_err(|e| upstream("creating a connected account", e))?;
        let facts = AccountFacts::from(&account);
        let notify = [Outgoing::new(
            &user.id,
            NotificationType::Info,
            "Stripe account created",
            "Your Stripe account is ready. Complete onboarding to get paid.",
            Some(PAYOUTS_URL),
        )?];
        account_repo::insert_account(&self.db, &user.id, &facts, Utc::now(), &notify).await?;
        tracing::info!(user_id = %user.id, stripe_account = %facts.id, "connected account created");
        self.require_account(user).await
    }

    /// A fresh single-use onboarding link (Stripe's hosted pages; the sandbox's here).
    pub(crate) async fn onboarding_url(&self, user: &CurrentUser) -> Result<String, AppError> {
        let account = self.require_account(user).await?;
        self.quotas.link.check(&user.id)?;
        let base = &self.public_url;
        let link = self
            .stripe
            .create_account_link(
                &account.stripe_account_id,
                &format!("{base}/seller/payouts/onboarding"),
                &format!("{base}/seller/payouts/onboarding/return"),
                // Links are single-use, so each request gets its own (its retries share the key).
                &format!("hamro-link-{}-{}", account.stripe_account_id, new_key()),
            )
            .await
            .map_err(|e| upstream("creating an account link", e))?;
        Ok(link.url)
    }

    /// Asks Stripe for the account's current state and stores it (used when a seller comes
    /// back from onboarding, before the webhook may have arrived).
    pub(crate) async fn refresh_account(&self, user: &CurrentUser) -> Result<Option<StripeAccountView>, AppError> {
        let Some(current) = account_repo::account_for_user(&self.db, &user.id).await? else { return Ok(None) };
        self.quotas.refresh.check(&user.id)?;
        let account = self
            .stripe
            .retrieve_account(&current.stripe_account_id)
            .await
            .map_err(|e| upstream("reading a connected account", e))?;
        let facts = AccountFacts::from(&account);
        let notify = news::account_news(&user.id, current.status, &facts)?;
        account_repo::store_account(&self.db, &facts, &notify).await?;
        if facts.payouts_enabled {
            self.transfer_soon().await;
        }
        account_repo::account_for_user(&self.db, &user.id).await
    }

    pub async fn account_status(&self, user: &CurrentUser) -> Result<Option<StripeAccountView>, AppError> {
        account_repo::account_for_user(&self.db, &user.id).await
    }

    /// Available and pending money, as Stripe reported it at most a few seconds ago (the
    /// pages' copy; a payout request always asks afresh).
    pub(crate) async fn balance(&self, user: &CurrentUser) -> Result<BalanceView, AppError> {
        let account = self.require_account(user).await?;
        self.quotas.balance.check(&user.id)?;
        self.balance_for_display(&account).await
    }

    pub(super) async fn stripe_balance(&self, account: &StripeAccountView) -> Result<BalanceView, AppError> {
        let balance =
            self.stripe.balance(&account.stripe_account_id).await.map_err(|e| upstream("reading a balance", e))?;
        let to_money = |amount: i64, currency: &stripe_types::Currency| {
            Currency::parse(&currency.to_string()).map(|c| Money::new(amount, c))
        };
        Ok(BalanceView {
            available: balance.available.iter().filter_map(|a| to_money(a.amount, &a.currency)).collect(),
            pending: balance.pending.iter().filter_map(|a| to_money(a.amount, &a.currency)).collect(),
        })
    }

    /// The balance for pages, of an account the caller has already loaded: Stripe's answer,
    /// reused for a few seconds (see `balance_cache`).
    pub(crate) async fn balance_for_display(&self, account: &StripeAccountView) -> Result<BalanceView, AppError> {
        if let Some(cached) = self.balances.get(&account.stripe_account_id).await {
            return Ok(cached);
        }
        let fresh = self.stripe_balance(account).await?;
        self.balances.put(&account.stripe_account_id, fresh.clone()).await;
        Ok(fresh)
    }

    pub(crate) async fn history(&self, user: &CurrentUser, page: Option<u32>) -> Result<Vec<PayoutView>, AppError> {
        let page = check_page(page)?;
        repo::list(&self.db, Some(&user.id), None, HISTORY_PAGE, (page - 1) * HISTORY_PAGE).await
    }

    /// Everything /seller/payouts shows. Stripe being unreachable is a notice on the page, not
    /// an error page: the history is Hamro's own.
    pub(crate) async fn dashboard(&self, user: &CurrentUser) -> Result<PayoutDashboard, AppError> {
        let account = account_repo::account_for_user(&self.db, &user.id).await?;
        let payouts = self.history(user, None).await?;
        let (balance, notice) = match &account {
            None => (None, None),
            Some(account) => match self.balance_for_display(account).await {
                Ok(b) => (Some(b), None),
                Err(e) => (None, Some(e.to_string())),
            },
        };
        let on_hold = self.earnings.on_hold(user).await?;
        Ok(PayoutDashboard { account, balance, payouts, on_hold, notice })
    }

    /// All sellers' payouts (admins).
    pub(crate) async fn admin_list(
        &self,
        seller_id: Option<&str>,
        status: Option<PayoutStatus>,
        page: Option<u32>,
    ) -> Result<Vec<PayoutView>, AppError> {
        let page = check_page(page)?;
        let seller_id = match seller_id.filter(|s| !s.is_empty()) {
            Some(s) if is_key(s) => Some(s),
            Some(_) => return Err(AppError::bad_request("That is not a valid seller id.")),
            None => None,
        };
        repo::list(&self.db, seller_id, status, HISTORY_PAGE, (page - 1) * HISTORY_PAGE).await
    }
}

fn check_page(page: Option<u32>) -> Result<u32, AppError> {
    match page.unwrap_or(1) {
        0 => Err(AppError::bad_request("page starts at 1.")),
        n if n > 10_000 => Err(AppError::bad_request("page is too large.")),
        n => Ok(n),
    }
}

/// `?status=` for payouts.
pub(crate) fn parse_status(s: Option<&str>) -> Result<Option<PayoutStatus>, AppError> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => PayoutStatus::parse(s).map(Some).ok_or_else(|| {
            AppError::bad_request(format!(
                "Unknown status '{s}'. Use requested, pending, in_transit, paid, failed or canceled."
            ))
        }),
    }
}
