//! Start-up: settings -> database (migrated, demo data) -> `AppState` -> router -> serve.
//! `main` and the integration tests' `spawn_app` both go through here, so tests run the
//! same application that production does.

use std::{net::SocketAddr, sync::Arc, time::Duration};

use axum::{
    Router,
    body::Body,
    extract::DefaultBodyLimit,
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
        demo, rate_limit::LoginLimiter, session_cache::CachedSessionStore, session_store::SurrealSessionStore,
    },
    config::Settings,
    db,
    error::server_fn_status_layer,
    integrations::{amazon::SpApi, stripe::StripeGateway},
    jobs,
    listings::server::handlers as listing_jobs,
    locks::KeyedLocks,
    notifications::server::Notifier,
    payouts::server::{onboarding, service as payouts},
    rest, sandbox,
    state::AppState,
};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "hamro_session";
/// Job workers per instance (a bulk sync doesn't hold up single-product syncs).
const JOB_WORKERS: usize = 2;
/// Request bodies larger than this are refused with 413 before any handler runs.
const MAX_BODY_BYTES: usize = 256 * 1024;
/// The SP-API sandbox accepts feed documents up to this size.
const SANDBOX_MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// Connects the database, applies migrations, creates demo data when asked, and builds the state.
pub async fn build_state(settings: Settings, leptos_options: LeptosOptions) -> anyhow::Result<AppState> {
    use anyhow::Context;
    install_crypto_provider();
    let db = db::connect(&settings.database)
        .await
        .with_context(|| format!("connecting to the database at {}", settings.database.url))?;
    db::migrate::run(&db).await.context("applying migrations")?;
    let notifier = Notifier::new(db.clone());
    if settings.demo {
        demo::ensure_demo_accounts(&db, &notifier).await.map_err(|e| anyhow::anyhow!("creating demo accounts: {e}"))?;
    }
    let login_limiter = LoginLimiter::new(settings.login_attempts_per_minute);
    let stripe = StripeGateway::new(&settings.stripe).context("configuring the Stripe client")?;
    let amazon = Arc::new(SpApi::new(&settings.amazon).context("configuring the SP-API client")?);
    if settings.amazon.sandbox {
        tracing::info!(endpoint = %settings.amazon.endpoint, "no Amazon credentials configured: using the built-in SP-API sandbox");
    }
    if settings.stripe.sandbox {
        tracing::info!(api_base = %settings.stripe.api_base, "no Stripe key configured: using the built-in Stripe sandbox");
    }
    Ok(AppState {
        leptos_options,
        settings: Arc::new(settings),
        db,
        login_limiter,
        notifier,
        stripe,
        payout_locks: Arc::new(KeyedLocks::default()),
        balances: Default::default(),
        amazon,
    })
}

/// Both reqwest (ring) and async-stripe (aws-lc-rs) bring a rustls crypto provider; with two
/// compiled in, rustls can't pick one by itself and panics. Choose aws-lc-rs once, up front.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
}

/// Background housekeeping that lives as long as the server.
fn spawn_background(state: &AppState) {
    SurrealSessionStore::new(state.db.clone()).spawn_cleanup(Duration::from_secs(300));
    state.login_limiter.spawn_cleanup();
    payouts::spawn_reconciler(state.clone());
    jobs::spawn_workers(state.clone(), listing_jobs::all(), JOB_WORKERS);
    if state.settings.stripe.sandbox {
        sandbox::stripe::spawn_worker(state.clone());
    }
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

    let routes = generate_route_list(App);
    let request_id = HeaderName::from_static("x-request-id");
    let leptos_state = state.clone();

    let mut app = Router::new()
        .route("/healthz", get(rest::health::healthz))
        .route("/seller/payouts/onboarding", get(onboarding::start))
        .merge(rest::router())
        .leptos_routes_with_context(&state, routes, move || provide_context(leptos_state.settings.clone()), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES));
    // The sandboxes stand in for outside services: they take their own (larger) bodies,
    // such as a feed document of 25,000 messages.
    // The baseline the benchmarks compare against (benches/run): a handler that does nothing,
    // behind the same layers as every other route. Demo mode only.
    if settings.demo {
        app = app.route("/_bench/bare", get(|| async { axum::Json(serde_json::json!({ "count": 0 })) }));
    }
    if settings.stripe.sandbox {
        app = app.nest("/sandbox/stripe", sandbox::stripe::router().layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES)));
    }
    if settings.amazon.sandbox {
        let amazon = sandbox::amazon::router(Arc::new(sandbox::amazon::Runtime::default()))
            .layer(DefaultBodyLimit::max(SANDBOX_MAX_BODY_BYTES))
            .layer(RequestBodyLimitLayer::new(SANDBOX_MAX_BODY_BYTES));
        app = app.nest("/sandbox/amazon", amazon);
    }

    let pkg_prefix: Arc<str> = format!("/{}/", state.leptos_options.site_pkg_dir).into();
    let hashed = state.leptos_options.hash_files;
    app.layer(middleware::from_fn(move |req, next| assets::cache_headers(pkg_prefix.clone(), hashed, req, next)))
        .layer(middleware::from_fn(server_fn_status_layer))
        .layer(session_layer)
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

async fn shutdown_signal() {
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
