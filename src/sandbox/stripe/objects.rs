//! Stripe's JSON objects as the sandbox returns them, shaped to Stripe's API (and to what
//! async-stripe requires when it reads them).

use chrono::Utc;
use rand::Rng;
use serde_json::{Value, json};

/// `acct_...`, `po_...`: a prefix and random alphanumerics, like Stripe's ids.
pub(crate) fn random_id(prefix: &str) -> String {
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::thread_rng();
    let tail: String = (0..24).map(|_| CHARS[rng.gen_range(0..CHARS.len())] as char).collect();
    format!("{prefix}_{tail}")
}

/// What a new Express account still has to provide before it can be paid.
pub(crate) const ONBOARDING_REQUIREMENTS: &[&str] =
    &["external_account", "individual.first_name", "individual.last_name", "tos_acceptance.date", "tos_acceptance.ip"];

/// The payout schedules Stripe knows.
pub(crate) const INTERVALS: &[&str] = &["daily", "weekly", "monthly", "manual"];

/// `settings`: Stripe's defaults, with the payout schedule's interval.
pub(crate) fn settings(interval: &str) -> Value {
    json!({
        "branding": { "icon": null, "logo": null, "primary_color": null, "secondary_color": null },
        "card_payments": {
            "decline_on": { "avs_failure": false, "cvc_failure": false },
            "statement_descriptor_prefix": null, "statement_descriptor_prefix_kana": null, "statement_descriptor_prefix_kanji": null
        },
        "dashboard": { "display_name": null, "timezone": "Etc/UTC" },
        "payments": {
            "statement_descriptor": null, "statement_descriptor_kana": null, "statement_descriptor_kanji": null,
            "statement_descriptor_prefix_kana": null, "statement_descriptor_prefix_kanji": null
        },
        "payouts": { "debit_negative_balances": true, "schedule": { "delay_days": 2, "interval": interval }, "statement_descriptor": null }
    })
}

pub(crate) fn account(
    id: &str,
    email: Option<&str>,
    country: &str,
    metadata: &Value,
    onboarded: bool,
    interval: &str,
) -> Value {
    let due: Vec<&str> = if onboarded { Vec::new() } else { ONBOARDING_REQUIREMENTS.to_vec() };
    json!({
        "id": id,
        "object": "account",
        "type": "express",
        "business_type": "individual",
        "country": country,
        "email": email,
        "created": Utc::now().timestamp(),
        "default_currency": "usd",
        "charges_enabled": onboarded,
        "payouts_enabled": onboarded,
        "details_submitted": onboarded,
        "metadata": metadata,
        "capabilities": { "transfers": if onboarded { "active" } else { "inactive" } },
        "controller": {
            "type": "application",
            "is_controller": true,
            "fees": { "payer": "application" },
            "losses": { "payments": "application" },
            "requirement_collection": "stripe",
            "stripe_dashboard": { "type": "express" }
        },
        "requirements": requirements(&due),
        "future_requirements": requirements(&[]),
        "settings": settings(interval),
    })
}

pub(crate) fn requirements(due: &[&str]) -> Value {
    json!({
        "alternatives": [],
        "current_deadline": null,
        "currently_due": due,
        "disabled_reason": if due.is_empty() { Value::Null } else { json!("requirements.past_due") },
        "errors": [],
        "eventually_due": due,
        "past_due": [],
        "pending_verification": [],
    })
}

/// The account after the onboarding page was completed.
pub(crate) fn onboarded(mut account: Value) -> Value {
    for key in ["charges_enabled", "payouts_enabled", "details_submitted"] {
        account[key] = json!(true);
    }
    account["capabilities"] = json!({ "transfers": "active" });
    account["requirements"] = requirements(&[]);
    account
}

pub(crate) fn account_link(url: &str, expires_at: i64) -> Value {
    json!({ "object": "account_link", "created": Utc::now().timestamp(), "expires_at": expires_at, "url": url })
}

pub(crate) fn balance(rows: &[(String, i64, i64)]) -> Value {
    let amounts = |pick: fn(&(String, i64, i64)) -> i64| -> Vec<Value> {
        if rows.is_empty() {
            return vec![json!({ "amount": 0, "currency": "usd", "source_types": { "card": 0 } })];
        }
        rows.iter()
            .map(|r| json!({ "amount": pick(r), "currency": r.0, "source_types": { "card": pick(r) } }))
            .collect()
    };
    json!({ "object": "balance", "livemode": false, "available": amounts(|r| r.1), "pending": amounts(|r| r.2) })
}

/// What a transfer says besides its amount and destination.
pub(crate) struct TransferDetails<'a> {
    pub(crate) source_transaction: Option<&'a str>,
    pub(crate) transfer_group: Option<&'a str>,
    pub(crate) description: Option<&'a str>,
    pub(crate) metadata: Value,
}

pub(crate) fn transfer(id: &str, amount: i64, currency: &str, destination: &str, d: &TransferDetails<'_>) -> Value {
    json!({
        "id": id,
        "object": "transfer",
        "amount": amount,
        "amount_reversed": 0,
        "balance_transaction": null,
        "created": Utc::now().timestamp(),
        "currency": currency,
        "description": d.description,
        "destination": destination,
        "livemode": false,
        "metadata": d.metadata,
        "reversals": { "object": "list", "data": [], "has_more": false, "url": format!("/v1/transfers/{id}/reversals") },
        "reversed": false,
        "source_transaction": d.source_transaction,
        "transfer_group": d.transfer_group,
    })
}

pub(crate) fn payout(
    id: &str,
    amount: i64,
    currency: &str,
    description: Option<&str>,
    metadata: &Value,
    arrival_date: i64,
    automatic: bool,
) -> Value {
    json!({
        "id": id,
        "object": "payout",
        "amount": amount,
        "arrival_date": arrival_date,
        "automatic": automatic,
        "balance_transaction": null,
        "created": Utc::now().timestamp(),
        "currency": currency,
        "description": description,
        "destination": "ba_sandbox_bank_account",
        "failure_balance_transaction": null,
        "failure_code": null,
        "failure_message": null,
        "livemode": false,
        "metadata": metadata,
        "method": "standard",
        "original_payout": null,
        "reconciliation_status": "not_applicable",
        "reversed_by": null,
        "source_type": "card",
        "statement_descriptor": null,
        "status": "pending",
        "type": "bank_account",
    })
}

pub(crate) fn list(data: Vec<Value>, has_more: bool, url: &str) -> Value {
    json!({ "object": "list", "data": data, "has_more": has_more, "url": url })
}

/// Stripe's error envelope. Like Stripe, it leaves out `code` and `param` when they don't apply.
pub(crate) fn error(kind: &str, code: Option<&str>, message: &str, param: Option<&str>) -> Value {
    let mut error = json!({ "type": kind, "message": message });
    if let Some(code) = code {
        error["code"] = json!(code);
    }
    if let Some(param) = param {
        error["param"] = json!(param);
    }
    json!({ "error": error })
}
