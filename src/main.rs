//! The server entry point; everything else is in the library (`hamro::cli`).

/// mimalloc instead of glibc's malloc. Profiles of server-rendered pages spent a third of
/// their time in glibc's allocator (SurrealDB and the renderer allocate a lot of small
/// values), and glibc's per-thread arenas held most of the idle memory: the embedded database
/// runs about twenty threads. Figures in docs/BENCHMARKS.md.
#[cfg(feature = "ssr")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(feature = "ssr")]
fn main() -> std::process::ExitCode {
    // The embedded storage engine sizes its blocking thread pool from this variable, read
    // once; it must be set before any thread starts (`set_var` is only sound then).
    let _ = dotenvy::dotenv();
    if std::env::var_os("SURREAL_KVS_THREADPOOL_SIZE").is_none() {
        let threads = hamro::config::storage_threads(std::env::var("HAMRO_DB_THREADS").ok().as_deref());
        // SAFETY: no other thread exists yet: the runtime is built below.
        unsafe { std::env::set_var("SURREAL_KVS_THREADPOOL_SIZE", threads.to_string()) };
    }
    // A page renders in one synchronous pass (no suspense splits it into tasks), and an
    // unoptimised build's view code is deep in stack: 2 MiB, tokio's default, overflowed on
    // the product form in a debug build. 8 MiB is reserved, not used, per worker.
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().thread_stack_size(8 << 20).build();
    match runtime {
        Ok(runtime) => runtime.block_on(hamro::cli::run()),
        Err(e) => {
            eprintln!("hamro: starting the async runtime: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
