//! The server entry point; everything else is in the library (`hamro::cli`).

#[cfg(feature = "ssr")]
fn main() -> std::process::ExitCode {
    limit_malloc_arenas();
    match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime.block_on(hamro::cli::run()),
        Err(e) => {
            eprintln!("hamro: starting the async runtime: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// glibc gives each thread that allocates its own malloc arena (up to 8 per core), and each
/// arena keeps the memory freed into it. The embedded database runs about twenty threads, so
/// idle memory was mostly arenas holding freed pages: two arenas took idle RSS from 134 MB to
/// 95 MB with no measurable cost in throughput (docs/BENCHMARKS.md). Set before any thread
/// starts; `MALLOC_ARENA_MAX` in the environment still wins.
#[cfg(feature = "ssr")]
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: mallopt only sets an allocator parameter; called before other threads exist.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, 2);
        }
    }
}
