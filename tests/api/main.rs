//! Integration tests: the real application on a random port with a fresh in-memory database
//! (`helpers::spawn_app`), driven over HTTP. One test binary, so it links once.

mod access;
mod amazon;
mod amazon_contracts;
mod auth_rest;
mod auth_server_fns;
mod bad_input;
mod contracts;
mod helpers;
mod listing_contracts;
mod listing_rules;
mod money;
mod money_contracts;
mod notifications;
mod pages;
mod payouts;
mod products;
mod restart;
mod scale_out;
mod security;
mod sessions;
mod system;
mod webhooks;
