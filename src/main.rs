//! The server entry point; everything else is in the library (`hamro::cli`).

/// mimalloc instead of glibc's malloc. Profiles of server-rendered pages spent a third of
/// their time in glibc's allocator (SurrealDB and the renderer allocate a lot of small
/// values), and glibc's per-thread arenas held most of the idle memory: the embedded database
/// runs about twenty threads. Figures in docs/BENCHMARKS.md.
#[cfg(feature = "ssr")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    hamro::cli::run().await
}
