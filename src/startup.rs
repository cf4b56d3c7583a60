//! Start-up: settings -> database (migrated, demo data) -> `AppState` -> router -> serve.
//! `main` and the integration tests' `spawn_app` both go through here, so tests run the
//! same application that production does.

use std::{net::SocketAddr, sync::Arc, time::Duration};

use axum::{
    Router,
    body::Body,
    http::{HeaderName, Request},
    middleware,
    routing::get,
};
use leptos::{config::LeptosOptions, prelude::provide_context};
use leptos_axum::{LeptosRoutes, generate_route_list};
use tokio::net::TcpListener;
use tower_http::{
    limit::RequestBodyLimitLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    trace::TraceLayer,
};
use tower_sessions::{
    Expiry, SessionManagerLayer,
    cookie::{Key, SameSite},
};

use crate::{
    app::{App, shell},
    assets,
    auth::server::{
        Auth, SESSION_COOKIE, request_user, session_cache::CachedSessionStore, session_store::SurrealSessionStore,
    },
    config::Settings,
    db, demo,
    earnings::server::{Earnings, jobs as earnings_jobs},
    error::server_fn_status_layer,
    integrations::{amazon::SpApi, stripe::StripeGateway},
    jobs,
    listings::server::{Listings, RecheckListings},
    notifications::server::Notifier,
    orders::server::{
        Orders,
        jobs::{self as order_jobs, OrderJobs, PollFinances, PollOrders},
    },
    payouts::server::{
        Payouts,
        jobs::{ManualSchedule, TransferEarnings},
        onboarding as payouts_onboarding, spawn_reconciler,
    },
    products::server::{ProductTypes, Products},
    rest,
    sandbox::Sandboxes,
    security::{CrossSitePolicy, HeaderPolicy, refuse_cross_site, resolve_client_addr, security_headers},
    state::AppState,
};

/// Job workers per instance: the order and transfer jobs mostly wait, and a bulk sync
/// mustn't hold up single-product syncs.
const JOB_WORKERS: usize = 3;
/// Request bodies larger than this are refused with 413 before any handler runs.
const MAX_BODY_BYTES: usize = 256 * 1024;

/// Connects the database, applies migrations, builds every domain's service and wires them
/// together (listings follows product changes), and starts demo mode when asked.
pub async fn build_state(settings: Settings, leptos_options: LeptosOptions) -> anyhow::Result<AppState> {
    use anyhow::Context;
    install_crypto_provider();
    let db = db::connect(&settings.database)
        .await
        .with_context(|| format!("connecting to the database at {}", settings.database.url))?;
    db::migrate::run(&db).await.context("applying migrations")?;
    let sandboxes = Sandboxes::start(&db, &settings.database, &settings.sandbox).await?;
    let notifier = Notifier::new(db.clone());
    let auth = Auth::new(db.clone(), settings.login_attempts_per_minute, settings.session_max_age);
    let stripe = StripeGateway::new(&settings.stripe).context("configuring the Stripe client")?;
    let amazon = Arc::new(SpApi::new(&settings.amazon).context("configuring the SP-API client")?);
    let types = ProductTypes::new(amazon.clone(), settings.amazon.marketplace);
    let products = Products::new(db.clone(), notifier.clone(), types);
    let listings = Listings::new(
        db.clone(),
        amazon.clone(),
        notifier.clone(),
        products.clone(),
        settings.amazon.marketplace,
        settings.feed_batch,
        settings.listing_follow,
    )
    .with_calls_per_minute(settings.platform_calls_per_minute);
    products.listen(Arc::new(listings.clone()));
    let orders = Orders::new(db.clone());
    let earnings = Earnings::new(db.clone(), notifier.clone(), settings.earnings.hold);
    let payouts = Payouts::new(
        db.clone(),
        stripe.clone(),
        settings.stripe.webhook_secrets.clone(),
        &settings.public_url,
        earnings.clone(),
    )
    .with_calls_per_minute(settings.platform_calls_per_minute);
    start_recurring_jobs(&db).await?;
    if settings.demo {
        demo::server::start(&db, &notifier, &sandboxes, settings.demo_sales)
            .await
            .map_err(|e| anyhow::anyhow!("starting demo mode: {e}"))?;
    }
    if sandboxes.amazon.is_some() {
        tracing::info!(endpoint = %settings.amazon.endpoint, "no Amazon credentials configured: using the built-in SP-API sandbox");
    }
    if sandboxes.stripe.is_some() {
        tracing::info!(api_base = %settings.stripe.api_base, "no Stripe key configured: using the built-in Stripe sandbox");
    }
    Ok(AppState {
        leptos_options,
        settings: Arc::new(settings),
        db,
        auth,
        notifier,
        products,
        listings,
        orders,
        earnings,
        payouts,
        stripe,
        amazon,
        sandboxes,
    })
}

/// The recurring jobs (money, and the recheck of live listings): each is queued once per
/// database (its key is its kind, and a queued or running job with that key is left as it
/// is) and reschedules itself.
async fn start_recurring_jobs(db: &db::Db) -> anyhow::Result<()> {
    use crate::jobs::{JobPayload, enqueue};
    enqueue(db, &PollOrders {}, PollOrders::KIND, None).await?;
    enqueue(db, &PollFinances {}, PollFinances::KIND, None).await?;
    enqueue(db, &earnings_jobs::RecordEarnings {}, earnings_jobs::RecordEarnings::KIND, None).await?;
    enqueue(db, &TransferEarnings {}, TransferEarnings::KIND, None).await?;
    enqueue(db, &ManualSchedule {}, ManualSchedule::KIND, None).await?;
    enqueue(db, &RecheckListings {}, RecheckListings::KIND, None).await?;
    Ok(())
}

/// Every job handler this instance runs.
fn job_handlers(state: &AppState) -> Vec<Arc<dyn jobs::Handler>> {
    let money = &state.settings.earnings;
    let order_jobs = OrderJobs {
        db: state.db.clone(),
        amazon: state.amazon.clone(),
        notifier: state.notifier.clone(),
        commission_bps: money.commission_bps,
        every: money.orders_every,
        backfill: money.backfill,
    };
    let mut handlers = state.listings.job_handlers();
    handlers.extend(order_jobs::handlers(&order_jobs));
    handlers.extend(earnings_jobs::handlers(&state.earnings, money.transfers_every));
    handlers.extend(state.payouts.job_handlers(money.transfers_every));
    handlers
}

/// Both reqwest (ring) and async-stripe (aws-lc-rs) bring a rustls crypto provider; with two
/// compiled in, rustls can't pick one by itself and panics. Choose aws-lc-rs once, up front.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
}

/// Background work that lives as long as the server.
fn spawn_background(state: &AppState) {
    SurrealSessionStore::new(state.db.clone()).spawn_cleanup(Duration::from_secs(300));
    spawn_reconciler(state.payouts.clone());
    jobs::spawn_workers(state.db.clone(), state.settings.job_lease, job_handlers(state), JOB_WORKERS);
    state.sandboxes.spawn_workers();
}

/// What every server function may take from its context (`auth::server::request`).
fn provide_services(state: &AppState) {
    provide_context(state.settings.clone());
    provide_context(state.db.clone());
    provide_context(state.auth.clone());
    provide_context(state.notifier.clone());
    provide_context(state.products.clone());
    provide_context(state.listings.clone());
    provide_context(state.orders.clone());
    provide_context(state.earnings.clone());
    provide_context(state.payouts.clone());
}

/// The whole HTTP surface: pages and server functions, REST + OpenAPI, health.
pub fn router(state: AppState) -> Router {
    let settings = state.settings.clone();
    let session_layer = SessionManagerLayer::new(CachedSessionStore::new(SurrealSessionStore::new(state.db.clone())))
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(settings.is_production())
        .with_expiry(Expiry::OnInactivity(tower_sessions::cookie::time::Duration::seconds(
            settings.session_idle.as_secs() as i64,
        )))
        .with_signed(Key::from(&settings.cookie_key_material()));

    // The bundle's hashed file names, read once rather than on every render.
    assets::BundleNames::get(&state.leptos_options);
    let routes = generate_route_list(App);
    let request_id = HeaderName::from_static("x-request-id");
    let leptos_state = state.clone();

    let mut app = Router::new()
        .route("/healthz", get(rest::health::healthz))
        .route("/seller/payouts/onboarding", get(payouts_onboarding::start))
        .route("/seller/payouts/onboarding/return", get(payouts_onboarding::finish))
        .merge(rest::router())
        .leptos_routes_with_context(&state, routes, move || provide_services(&leptos_state), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES));
    if settings.demo {
        app = app.merge(demo::server::router());
    }
    // The sandboxes stand in for outside services and take their own body sizes.
    app = app.merge(state.sandboxes.router());

    let pkg_prefix: Arc<str> = format!("/{}/", state.leptos_options.site_pkg_dir).into();
    let hashed = state.leptos_options.hash_files;
    let static_prefix = pkg_prefix.clone();
    let auth = state.auth.clone();
    let cross_site = Arc::new(CrossSitePolicy::new(&settings.public_url));
    let headers = Arc::new(HeaderPolicy { production: settings.is_production() });
    let proxies = Arc::new(settings.trusted_proxies.clone());
    app.layer(middleware::from_fn(move |req, next| assets::cache_headers(pkg_prefix.clone(), hashed, req, next)))
        .layer(middleware::from_fn(server_fn_status_layer))
        // Inside the session layer: the signed-in user, resolved once per request.
        .layer(middleware::from_fn(move |req, next| {
            request_user::resolve(auth.clone(), static_prefix.clone(), req, next)
        }))
        // Before anything reads the session or runs a handler: forged cross-site requests stop here.
        .layer(middleware::from_fn(move |req, next| refuse_cross_site(cross_site.clone(), req, next)))
        .layer(session_layer)
        .layer(middleware::from_fn(move |req, next| security_headers(headers.clone(), req, next)))
        .layer(middleware::from_fn(move |req, next| resolve_client_addr(proxies.clone(), req, next)))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<Body>| {
            let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
        }))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        .with_state(state)
}

/// Serves until the process is told to stop (Ctrl-C or SIGTERM), then drains in-flight requests.
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    spawn_background(&state);
    let app = router(state);
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
}

/// Resolves when the process is told to stop (Ctrl-C or SIGTERM).
pub(crate) async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut sig) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            sig.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
