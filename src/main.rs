//! The server entry point; everything else is in the library (`hamro::cli`).

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    hamro::cli::run().await
}
