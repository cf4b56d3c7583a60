//! `/v1/accounts` and `/v1/account_links`: Express accounts and their onboarding links.

use axum::{
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::Response,
};
use chrono::Utc;
use serde_json::{Value, json};

use super::{
    Sandbox, events,
    http::{
        ACCOUNT, LINK_TTL_SECS, authorize, guard, idempotent, internal, invalid, metadata, missing, parse, respond,
    },
    objects, payout_repo,
    repo::{self, LinkRow},
};

pub(crate) async fn create_account(State(sandbox): State<Sandbox>, headers: HeaderMap, body: Bytes) -> Response {
    guard!(authorize(&sandbox, &headers));
    let params = guard!(parse(&body));
    let fingerprint = params.fingerprint("POST", "/v1/accounts");
    idempotent(&sandbox, &headers, fingerprint, async {
        let express = params.get("type") == Some("express")
            || params.get("controller[stripe_dashboard][type]") == Some("express");
        if !express {
            return invalid("The sandbox creates Express accounts: send type=express or controller[stripe_dashboard][type]=express.", None, Some("type"));
        }
        let country = params.get("country").unwrap_or("US").to_uppercase();
        if country.len() != 2 || !country.chars().all(|c| c.is_ascii_uppercase()) {
            return invalid(&format!("Country '{country}' is unknown."), Some("country_unsupported"), Some("country"));
        }
        let interval = params.get("settings[payouts][schedule][interval]").unwrap_or("daily");
        if !objects::INTERVALS.contains(&interval) {
            return invalid(
                "Invalid settings[payouts][schedule][interval]: must be one of daily, weekly, monthly or manual.",
                Some("parameter_invalid_empty"),
                Some("settings[payouts][schedule][interval]"),
            );
        }
        let id = objects::random_id("acct");
        let account = objects::account(&id, params.get("email"), &country, &metadata(&params), false, interval);
        match repo::put(&sandbox.db, ACCOUNT, &id, &account, &[]).await {
            Ok(()) => (StatusCode::OK, account),
            Err(e) => internal(e),
        }
    })
    .await
}

pub(crate) async fn retrieve_account(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    guard!(authorize(&sandbox, &headers));
    let (status, body) = match repo::get(&sandbox.db, ACCOUNT, &id).await {
        Ok(Some(account)) => (StatusCode::OK, account),
        Ok(None) => missing("account", &id, "account"),
        Err(e) => internal(e),
    };
    respond(status, &body)
}

pub(crate) async fn update_account(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    guard!(authorize(&sandbox, &headers));
    let params = guard!(parse(&body));
    let fingerprint = params.fingerprint("POST", &format!("/v1/accounts/{id}"));
    idempotent(&sandbox, &headers, fingerprint, async {
        let mut account = match repo::get(&sandbox.db, ACCOUNT, &id).await {
            Ok(Some(a)) => a,
            Ok(None) => return missing("account", &id, "account"),
            Err(e) => return internal(e),
        };
        if let Some(email) = params.get("email") {
            account["email"] = json!(email);
        }
        if let Some(interval) = params.get("settings[payouts][schedule][interval]") {
            if !objects::INTERVALS.contains(&interval) {
                return invalid(
                    "Invalid settings[payouts][schedule][interval]: must be one of daily, weekly, monthly or manual.",
                    Some("parameter_invalid_empty"),
                    Some("settings[payouts][schedule][interval]"),
                );
            }
            if account["settings"].is_null() {
                account["settings"] = objects::settings(interval);
            }
            account["settings"]["payouts"]["schedule"]["interval"] = json!(interval);
        }
        for (k, v) in params.map("metadata") {
            account["metadata"][k] = if v.is_empty() { Value::Null } else { json!(v) };
        }
        if let Err(e) = repo::put(&sandbox.db, ACCOUNT, &id, &account, &[]).await {
            return internal(e);
        }
        // Stripe tells the platform about every change to a connected account.
        match payout_repo::queue_event(&sandbox.db, &events::event("account.updated", Some(&id), &account)).await {
            Ok(()) => (StatusCode::OK, account),
            Err(e) => internal(e),
        }
    })
    .await
}

pub(crate) async fn create_account_link(State(sandbox): State<Sandbox>, headers: HeaderMap, body: Bytes) -> Response {
    guard!(authorize(&sandbox, &headers));
    let params = guard!(parse(&body));
    let fingerprint = params.fingerprint("POST", "/v1/account_links");
    idempotent(&sandbox, &headers, fingerprint, async {
        let (Some(account), Some(refresh_url), Some(return_url)) =
            (params.get("account"), params.get("refresh_url"), params.get("return_url"))
        else {
            return invalid(
                "Missing required param: account, refresh_url and return_url are required.",
                Some("parameter_missing"),
                Some("account"),
            );
        };
        if !matches!(params.get("type"), Some("account_onboarding" | "account_update")) {
            return invalid(
                "Invalid type: must be one of account_onboarding or account_update.",
                Some("parameter_invalid_empty"),
                Some("type"),
            );
        }
        match repo::get(&sandbox.db, ACCOUNT, account).await {
            Ok(Some(_)) => {}
            Ok(None) => {
                return invalid(&format!("No such account: '{account}'"), Some("resource_missing"), Some("account"));
            }
            Err(e) => return internal(e),
        }
        let token = uuid::Uuid::new_v4().simple().to_string();
        let expires_at = Utc::now() + chrono::Duration::seconds(LINK_TTL_SECS);
        let link = LinkRow {
            account: account.to_string(),
            refresh_url: refresh_url.to_string(),
            return_url: return_url.to_string(),
            expires_at,
            used: false,
        };
        if let Err(e) = repo::insert_link(&sandbox.db, &token, &link).await {
            return internal(e);
        }
        let url = format!("{}/sandbox/stripe/onboard/{token}", sandbox.settings.public_url);
        (StatusCode::OK, objects::account_link(&url, expires_at.timestamp()))
    })
    .await
}
