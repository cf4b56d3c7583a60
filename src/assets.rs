//! Cache headers for the browser bundle (`/pkg/*`: wasm, JS, CSS).
//!
//! Release builds made with `LEPTOS_HASH_FILES=true` (the run command's) name each file after
//! its content, so a new build is a new URL: those files are cached for a year and never
//! revalidated. Without hashed names (debug and test builds), browsers revalidate on every
//! load (`Last-Modified` answers 304 when nothing changed). The files themselves, and their
//! precompressed `.br`/`.gz` copies when the build made them (`--precompress`), are served by
//! leptos_axum's file handler.

use std::sync::OnceLock;

use axum::{
    body::Body,
    extract::Request,
    http::{HeaderValue, header},
    middleware::Next,
    response::Response,
};
use leptos::{config::LeptosOptions, nonce::use_nonce, prelude::*};

/// The bundle's file names under the package directory. A hashed build names each file
/// after its content and lists the hashes in `hash.txt` beside the server binary; they are
/// read once, at start-up, not on every render.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BundleNames {
    pub css: String,
    pub js: String,
    pub wasm: String,
}

impl BundleNames {
    /// Reads the names for `options` (`hash.txt` when the build hashed its files).
    pub fn read(options: &LeptosOptions) -> Self {
        let name = options.output_name.to_string();
        let (mut css, mut js, mut wasm) = (name.clone(), name.clone(), name);
        if options.hash_files {
            let path = std::env::current_exe()
                .ok()
                .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())))
                .unwrap_or_else(|| options.hash_file.as_ref().into());
            match std::fs::read_to_string(&path) {
                Ok(hashes) => {
                    for (file, hash) in hashes.lines().filter_map(|l| l.trim().split_once(':')) {
                        let target = match file.trim() {
                            "css" => &mut css,
                            "js" => &mut js,
                            "wasm" => &mut wasm,
                            _ => continue,
                        };
                        target.push('.');
                        target.push_str(hash.trim());
                    }
                }
                Err(e) => tracing::error!(path = %path.display(), error = %e, "hashed build without its hash file"),
            }
        } else if option_env!("LEPTOS_OUTPUT_NAME").is_none() {
            wasm.push_str("_bg");
        }
        Self { css: format!("{css}.css"), js: format!("{js}.js"), wasm: format!("{wasm}.wasm") }
    }

    /// The names for this process: read on first use (start-up calls this) and kept.
    pub fn get(options: &LeptosOptions) -> &'static Self {
        static NAMES: OnceLock<BundleNames> = OnceLock::new();
        NAMES.get_or_init(|| Self::read(options))
    }
}

/// The `<head>` tags that load the bundle: the stylesheet, preloads of the JS and wasm, and
/// the module script that hydrates the page's islands.
///
/// Pages are server-rendered and only `#[island]` components hydrate (Leptos's islands
/// mode), so this also tells the render that it is not hydrating: the page's own resources
/// are not serialised into it, only islands' props are. It must come before `<App/>`, which
/// it does, in the `<head>`.
///
/// The loader inits the wasm, calls `hydrate` (the reactive root and the redirect hook), then
/// each island's export, named in its `data-component`; a missing export is skipped. Once
/// all are done it marks `<body data-hydrated="true">`, which tests and benchmarks wait for.
#[component]
pub fn BundleTags(options: LeptosOptions) -> impl IntoView {
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let names = BundleNames::get(&options);
    let pkg = format!("/{}", options.site_pkg_dir);
    let (css, js, wasm) =
        (format!("{pkg}/{}", names.css), format!("{pkg}/{}", names.js), format!("{pkg}/{}", names.wasm));
    let nonce = use_nonce();
    let script = islands_loader(&js, &wasm);
    view! {
        <link rel="stylesheet" id="leptos" href=css/>
        <link rel="modulepreload" href=js.clone()/>
        <link rel="preload" href=wasm.clone() r#as="fetch" r#type="application/wasm" crossorigin=""/>
        <script type="module" nonce=nonce>{script}</script>
    }
}

/// The inline module script of `BundleTags`.
fn islands_loader(js: &str, wasm: &str) -> String {
    format!(
        "import({js:?}).then(async m => {{\
         await m.default({{module_or_path: {wasm:?}}}); m.hydrate();\
         for (const el of document.querySelectorAll(\"leptos-island\")) {{\
         const f = m[el.dataset.component]; if (typeof f === \"function\") await f(el); }}\
         document.body.dataset.hydrated = \"true\"; }});"
    )
}

pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
pub const REVALIDATE: &str = "no-cache";

/// Sets `Cache-Control` on successful answers under `/{pkg_dir}/`.
pub async fn cache_headers(pkg_prefix: std::sync::Arc<str>, hashed: bool, req: Request<Body>, next: Next) -> Response {
    let is_bundle = req.uri().path().starts_with(&*pkg_prefix);
    let mut res = next.run(req).await;
    if is_bundle && res.status().is_success() {
        let value = if hashed { IMMUTABLE } else { REVALIDATE };
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    res
}

#[cfg(test)]
mod tests {
    use axum::{Router, middleware, routing::get};
    use tower::ServiceExt;

    use super::*;

    async fn cache_control(hashed: bool, path: &str) -> Option<String> {
        let app = Router::new()
            .route("/pkg/hamro.0123abcd.wasm", get(|| async { "wasm" }))
            .route("/dashboard", get(|| async { "page" }))
            .layer(middleware::from_fn(move |req, next| cache_headers("/pkg/".into(), hashed, req, next)));
        let res = app.oneshot(Request::get(path).body(Body::empty()).unwrap()).await.unwrap();
        res.headers().get(header::CACHE_CONTROL).map(|v| v.to_str().unwrap().to_string())
    }

    #[tokio::test]
    async fn hashed_bundle_files_are_cached_for_a_year_and_plain_ones_revalidated() {
        assert_eq!(cache_control(true, "/pkg/hamro.0123abcd.wasm").await.as_deref(), Some(IMMUTABLE));
        assert_eq!(cache_control(false, "/pkg/hamro.0123abcd.wasm").await.as_deref(), Some(REVALIDATE));
    }

    #[tokio::test]
    async fn pages_and_missing_files_are_left_alone() {
        assert_eq!(cache_control(true, "/dashboard").await, None);
        assert_eq!(cache_control(true, "/pkg/missing.wasm").await, None);
    }
}
