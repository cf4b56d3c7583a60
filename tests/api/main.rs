//! Integration tests: the real application on a random port with a fresh in-memory database
//! (`helpers::spawn_app`), driven over HTTP. One test binary, so it links once.

mod auth_rest;
mod auth_server_fns;
mod helpers;
mod notifications;
mod pages;
mod restart;
mod system;
