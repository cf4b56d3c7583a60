//! The page behind an account link: Stripe's hosted onboarding, reduced to one button.
//! "Complete onboarding" enables charges and payouts, sends `account.updated`, and returns to
//! `return_url`; an expired or used link goes to `refresh_url`.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{Html, IntoResponse, Redirect, Response},
};
use chrono::Utc;

use super::{Sandbox, events, objects, payout_repo, repo};

const ACCOUNT: &str = "sandbox_stripe_account";

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn page_html(title: &str, body: &str) -> Html<String> {
    Html(format!(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><style>
body{{margin:0;font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,sans-serif;background:#f6f9fc;color:#30313d}}
.bar{{background:#635bff;color:#fff;padding:14px 24px;font-weight:700}} .bar small{{font-weight:400;opacity:.85;margin-left:8px}}
main{{max-width:460px;margin:48px auto;background:#fff;border-radius:12px;box-shadow:0 2px 12px rgba(50,50,93,.12);padding:32px}}
h1{{font-size:1.3rem;margin:0 0 8px}} p{{color:#6a7383;line-height:1.5}} dl{{display:grid;grid-template-columns:120px 1fr;gap:6px 12px;font-size:.92rem}}
dt{{color:#6a7383}} button{{margin-top:20px;width:100%;padding:12px;border:0;border-radius:8px;background:#635bff;color:#fff;font-size:1rem;font-weight:600;cursor:pointer}}
</style></head><body><div class="bar">stripe<small>sandbox · test mode</small></div><main>{body}</main></body></html>"#
    ))
}

pub(crate) async fn page(State(sandbox): State<Sandbox>, Path(token): Path<String>) -> Response {
    let link = match repo::get_link(&sandbox.db, &token).await {
        Ok(Some(link)) => link,
        Ok(None) => {
            return (StatusCode::NOT_FOUND, page_html("Link not found", "<h1>This link doesn't exist</h1>"))
                .into_response();
        }
        Err(e) => {
            tracing::error!(error = %e, "stripe sandbox: reading an account link");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    if link.used || link.expires_at < Utc::now() {
        return Redirect::to(&link.refresh_url).into_response();
    }
    let account = repo::get(&sandbox.db, ACCOUNT, &link.account).await.ok().flatten().unwrap_or_default();
    let email = account["email"].as_str().unwrap_or("—");
    let body = format!(
        r#"<h1>Set up payouts</h1><p>Hamro partners with Stripe to pay you. In this sandbox, completing onboarding verifies a test identity and bank account.</p>
<dl><dt>Account</dt><dd>{}</dd><dt>Email</dt><dd>{}</dd><dt>Country</dt><dd>{}</dd><dt>Bank account</dt><dd>STRIPE TEST BANK ••••6789</dd></dl>
<form method="post"><button type="submit">Complete onboarding</button></form>"#,
        escape(&link.account),
        escape(email),
        escape(account["country"].as_str().unwrap_or("US")),
    );
    page_html("Stripe onboarding (sandbox)", &body).into_response()
}

pub(crate) async fn complete(State(sandbox): State<Sandbox>, Path(token): Path<String>) -> Response {
    let Ok(Some(link)) = repo::get_link(&sandbox.db, &token).await else {
        return (StatusCode::NOT_FOUND, page_html("Link not found", "<h1>This link doesn't exist</h1>"))
            .into_response();
    };
    if link.expires_at < Utc::now() || !repo::use_link(&sandbox.db, &token).await.unwrap_or(false) {
        return Redirect::to(&link.refresh_url).into_response();
    }
    let result = async {
        let account = repo::get(&sandbox.db, ACCOUNT, &link.account).await?.unwrap_or_default();
        let account = objects::onboarded(account);
        repo::put(&sandbox.db, ACCOUNT, &link.account, &account, &[]).await?;
        payout_repo::queue_event(&sandbox.db, &events::event("account.updated", Some(&link.account), &account)).await
    }
    .await;
    if let Err(e) = result {
        tracing::error!(error = %e, "stripe sandbox: completing onboarding");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    Redirect::to(&link.return_url).into_response()
}
