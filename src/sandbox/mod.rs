//! Built-in sandboxes: local servers that speak the wire protocol of the outside services
//! (same paths, headers, JSON shapes, status codes, rate limits, signed webhooks), mounted
//! when no credentials are configured. Hamro's real clients talk to them over HTTP, so the
//! demo and the tests run the production code paths.
//!
//! Each sandbox has its own small state (its settings and a session on the sandboxes' own
//! database, with its own migrations, applied only when it is mounted). Nothing of Hamro's
//! product code, tables or migrations knows they exist; they know nothing of Hamro but the
//! URL of its webhook endpoint. Their state survives restarts and is shared by every
//! instance that shares the database.

// Sandbox handlers answer errors as ready-made HTTP responses (`Result<_, Response>`), the
// axum idiom for "stop here and send this"; boxing them would only add noise.
#![allow(clippy::result_large_err)]

pub(crate) mod amazon;
pub(crate) mod stripe;

use axum::{Router, extract::DefaultBodyLimit};
use tower_http::limit::RequestBodyLimitLayer;

use crate::{
    config::{DatabaseSettings, SandboxSettings},
    db::{self, Db, migrate},
};

/// The SP-API sandbox accepts feed documents up to this size.
const AMAZON_MAX_BODY_BYTES: usize = 64 * 1024 * 1024;
/// Stripe's API bodies are small forms.
const STRIPE_MAX_BODY_BYTES: usize = 256 * 1024;

/// The sandboxes this instance serves.
#[derive(Clone, Default)]
pub struct Sandboxes {
    pub stripe: Option<stripe::Sandbox>,
    pub amazon: Option<amazon::Sandbox>,
}

impl Sandboxes {
    /// Opens the sandboxes' database (a session on Hamro's connection) and applies the
    /// migrations of each sandbox that is mounted. None at all in production.
    pub(crate) async fn start(
        hamro_db: &Db,
        database: &DatabaseSettings,
        settings: &SandboxSettings,
    ) -> anyhow::Result<Self> {
        use anyhow::Context;
        if !settings.any() {
            return Ok(Self::default());
        }
        let db = db::session_on(hamro_db, &database.namespace, &settings.database)
            .await
            .with_context(|| format!("opening the sandboxes' database {}", settings.database))?;
        let mut sandboxes = Self::default();
        if let Some(stripe) = &settings.stripe {
            migrate::apply(&db, "sandbox_stripe_migration", stripe::MIGRATIONS)
                .await
                .context("applying the Stripe sandbox's migrations")?;
            sandboxes.stripe = Some(stripe::Sandbox::new(db.clone(), stripe.clone()));
        }
        if let Some(amazon) = &settings.amazon {
            migrate::apply(&db, "sandbox_amazon_migration", amazon::MIGRATIONS)
                .await
                .context("applying the SP-API sandbox's migrations")?;
            sandboxes.amazon = Some(amazon::Sandbox::new(db.clone(), amazon.clone()));
        }
        Ok(sandboxes)
    }

    /// Their routes, at `/sandbox/stripe` and `/sandbox/amazon`.
    pub(crate) fn router<S: Clone + Send + Sync + 'static>(&self) -> Router<S> {
        let mut router = Router::new();
        if let Some(sandbox) = &self.stripe {
            router = router.nest(
                "/sandbox/stripe",
                stripe::router(sandbox.clone()).layer(RequestBodyLimitLayer::new(STRIPE_MAX_BODY_BYTES)),
            );
        }
        if let Some(sandbox) = &self.amazon {
            // A feed document of 25,000 messages is far larger than anything Hamro takes.
            let amazon = amazon::router(sandbox.clone())
                .layer(DefaultBodyLimit::max(AMAZON_MAX_BODY_BYTES))
                .layer(RequestBodyLimitLayer::new(AMAZON_MAX_BODY_BYTES));
            router = router.nest("/sandbox/amazon", amazon);
        }
        router
    }

    /// Their clocks: the Stripe sandbox moves payouts along and delivers webhooks; the SP-API
    /// sandbox's buyers place, ship and refund orders (demo mode).
    pub(crate) fn spawn_workers(&self) {
        if let Some(sandbox) = &self.stripe {
            stripe::spawn_worker(sandbox.clone());
        }
        if let Some(sandbox) = &self.amazon {
            amazon::spawn_buyers(sandbox.clone());
        }
    }
}
