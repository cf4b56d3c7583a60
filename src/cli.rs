//! The `hamro` command: `serve` (the default), `migrate`, and `create-admin`.

use std::{io::BufRead, process::ExitCode};

use clap::{Parser, Subcommand};
use leptos::config::get_configuration;
use secrecy::SecretString;

use crate::{
    auth::{
        model::Role,
        server::service::{self, NewAccount},
    },
    config::Settings,
    db,
    demo::server::seed,
    startup, telemetry,
};

#[derive(Parser)]
#[command(name = "hamro", version, about = "Hamro: the seller platform")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web app (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create an admin account; the password is read from stdin (one line).
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Admin")]
        name: String,
    },
    /// Demo mode only: add data in bulk (approved products listed on the Amazon sandbox).
    Seed {
        /// How many listed products to create.
        #[arg(long, default_value_t = 0)]
        listings: usize,
        /// How many notifications to create, spread over `--users` users.
        #[arg(long, default_value_t = 0)]
        notifications: usize,
        /// How many users share the notifications (the seller and `users - 1` new sellers).
        #[arg(long, default_value_t = 1)]
        users: usize,
        /// How many products each of the `users - 1` new sellers gets (a mix of statuses).
        #[arg(long, default_value_t = 0)]
        seller_products: usize,
        /// How many paid payouts to record (the seller must have connected Stripe).
        #[arg(long, default_value_t = 0)]
        payouts: usize,
        #[arg(long, default_value = "seller@example.com")]
        seller: String,
    },
}

pub async fn run() -> ExitCode {
    telemetry::init();
    let cli = Cli::parse();
    let settings = match Settings::from_env() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("hamro: configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(settings).await,
        Command::Migrate => migrate(settings).await,
        Command::CreateAdmin { email, name } => create_admin(settings, email, name).await,
        Command::Seed { listings, notifications, users, seller_products, payouts, seller } => {
            seed(settings, SeedCounts { listings, notifications, users, seller_products, payouts }, seller).await
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hamro: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    use anyhow::Context;
    // cargo-leptos passes LEPTOS_* variables; without them, read the crate's own metadata.
    let conf_file = std::env::var_os("LEPTOS_OUTPUT_NAME").is_none().then_some("Cargo.toml");
    let mut leptos_options = get_configuration(conf_file).context("reading the Leptos configuration")?.leptos_options;
    leptos_options.site_addr = settings.addr;
    let addr = settings.addr;
    tracing::info!(?settings, "starting");
    let state = startup::build_state(settings, leptos_options).await?;
    let db = state.db.clone();
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("binding {addr}"))?;
    tracing::info!("listening on http://{addr}");
    let served = startup::serve(listener, state).await.context("serving");
    db.shutdown().await;
    served
}

async fn migrate(settings: Settings) -> anyhow::Result<()> {
    startup::install_crypto_provider();
    let db = db::connect(&settings.database).await?;
    let applied = until_stopped(db::migrate::run(&db)).await;
    db.shutdown().await;
    let applied = applied??;
    println!("applied {} migration(s): {applied:?}", applied.len());
    Ok(())
}

/// Runs `work` unless the process is told to stop first (Ctrl-C, SIGTERM): then it is
/// dropped, so the caller can close the datastore before exiting.
async fn until_stopped<T>(work: impl Future<Output = T>) -> anyhow::Result<T> {
    tokio::select! {
        out = work => Ok(out),
        () = startup::shutdown_signal() => Err(anyhow::anyhow!("stopped before finishing")),
    }
}

async fn create_admin(settings: Settings, email: String, name: String) -> anyhow::Result<()> {
    startup::install_crypto_provider();
    eprintln!("Password for {email} (one line, at least {} characters):", service::MIN_NEW_PASSWORD_LEN);
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let password = SecretString::from(line.trim_end_matches(['\r', '\n']).to_string());
    let db = db::connect(&settings.database).await?;
    let created = async {
        db::migrate::run(&db).await?;
        let account = NewAccount { email, name, role: Role::Admin, password };
        service::create_account(&db, account).await.map_err(|e| anyhow::anyhow!("{e}"))
    }
    .await;
    db.shutdown().await;
    let user = created?;
    println!("created admin {} ({})", user.email, user.id);
    Ok(())
}

struct SeedCounts {
    listings: usize,
    notifications: usize,
    users: usize,
    seller_products: usize,
    payouts: usize,
}

async fn seed(settings: Settings, counts: SeedCounts, seller: String) -> anyhow::Result<()> {
    if !settings.demo || settings.is_production() {
        anyhow::bail!("seed only runs in demo mode (HAMRO_DEMO=true), never in production");
    }
    let state =
        startup::build_state(settings, leptos::config::LeptosOptions::builder().output_name("hamro").build()).await?;
    let db = state.db.clone();
    let seeded = until_stopped(seed_all(&state, &counts, &seller)).await;
    db.shutdown().await;
    seeded?
}

async fn seed_all(state: &crate::state::AppState, counts: &SeedCounts, seller: &str) -> anyhow::Result<()> {
    let seller = seller.to_string();
    let failed = |e: crate::error::AppError| anyhow::anyhow!("{e}");
    if counts.listings > 0 {
        let created = seed::listings(&state.db, &state.sandboxes, &seller, counts.listings).await.map_err(failed)?;
        println!("seeded {created} listed products for {seller}");
    }
    if counts.users > 1 || counts.notifications > 0 {
        let sellers = seed::sellers(&state.db, &seller, counts.users).await.map_err(failed)?;
        if counts.users > 1 {
            println!("seeded sellers {} (password: {seller}'s)", sellers.email_pattern());
        }
        let created = seed::notifications(&state.db, &sellers.ids, counts.notifications).await.map_err(failed)?;
        println!("seeded {created} notifications over {} users", sellers.ids.len());
        let created = seed::products(&state.db, &sellers.ids[1..], counts.seller_products).await.map_err(failed)?;
        println!("seeded {created} products over {} new sellers", sellers.ids.len() - 1);
    }
    if counts.payouts > 0 {
        let created = seed::payouts(&state.db, &seller, counts.payouts).await.map_err(failed)?;
        println!("seeded {created} paid payouts for {seller}");
    }
    Ok(())
}
