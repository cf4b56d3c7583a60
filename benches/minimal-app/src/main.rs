//! Never built by benches/run (`--frontend-only`): cargo-leptos only needs the target to exist.

fn main() {}
