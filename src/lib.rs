//! Hamro: a seller platform. Sellers create products that admins moderate, approved products
//! are listed on Amazon, and sellers are paid through Stripe Connect.
//!
//! One crate, built twice by cargo-leptos: with `ssr` for the server binary and with
//! `hydrate` for the browser, which gets only the `#[island]` components. Each domain module holds its shared types (`model`), its server
//! functions (`api`), its server-only logic (`server`, behind one `cfg`), and its views.
//! Domains depend one way (docs/ARCHITECTURE.md; `architecture_test` keeps it so).

// Release builds keep Leptos's full view types (debug builds erase them), and the product
// page's type is deeper than the default limit of 128.
#![recursion_limit = "256"]

pub mod app;
pub mod auth;
pub mod demo;
pub mod earnings;
pub mod error;
pub mod listings;
pub mod money;
pub mod notifications;
pub mod orders;
pub mod pages;
pub mod payouts;
pub mod products;
pub mod site;
pub mod ui;
pub mod validation;

#[cfg(feature = "ssr")]
pub mod assets;
#[cfg(feature = "ssr")]
pub mod cli;
#[cfg(feature = "ssr")]
pub mod config;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod integrations;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod locks;
#[cfg(feature = "ssr")]
pub mod rest;
#[cfg(feature = "ssr")]
pub mod sandbox;
#[cfg(feature = "ssr")]
pub mod security;
#[cfg(feature = "ssr")]
pub mod startup;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod telemetry;

#[cfg(test)]
mod architecture_test;

/// The browser entry point. Pages are server-rendered; this sets up the reactive root the
/// islands hydrate under (the loader in `assets::BundleTags` then hydrates each one), and
/// lets a server function's redirect navigate the browser.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    let _ = leptos::server_fn::redirect::set_redirect_hook(|to: &str| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().set_href(to);
        }
    });
}
