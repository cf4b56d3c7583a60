//! `/seller/payouts`: balances, the Stripe Connect banner, the payout request form, and the
//! payout history. Every action is a form (works without JavaScript). With JavaScript the
//! request form is an island, and a `Refresher` keeps the balances and the history current
//! while a payout is on its way.

use leptos::{either::Either, prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{AccountBadge, PayoutBadge, request_form::PayoutRequestForm};
use crate::{
    auth::model::Role,
    auth::views::RequireRole,
    error::AppError,
    money::Money,
    payouts::{
        api::{CreateConnectAccount, CreatePayout, get_payout_dashboard},
        model::{BalanceView, PayoutDashboard, PayoutNotice, PayoutStatus, PayoutView, StripeAccountView},
    },
    site::use_public_config,
    ui::{Banner, ErrorPage, Refresher, StatCard, Tone},
};

#[component]
pub fn SellerPayoutsPage() -> impl IntoView {
    view! {
        <Title text="Payouts"/>
        <RequireRole role=Role::Seller>
            <PayoutsBody/>
        </RequireRole>
    }
}

#[component]
fn PayoutsBody() -> impl IntoView {
    let query = use_query_map();
    let notice = move || query.read().get("notice").as_deref().and_then(PayoutNotice::from_code);
    // Connecting is a plain form post (see ConnectBanner); this only reads a failed one's
    // error back, which Leptos hands over in the redirect to this page.
    let connect = ServerAction::<CreateConnectAccount>::new();
    // A failed request without JavaScript comes back with its error in the address.
    let request_error = ServerAction::<CreatePayout>::new().value().get_untracked().and_then(Result::err);
    let dashboard = Resource::new_blocking(|| (), |_| get_payout_dashboard());
    let every_ms = use_public_config().poll_seconds.clamp(1, 10) * 1000;

    view! {
        <div class="page">
            <div class="page__header">
                <div>
                    <h1>"Payouts"</h1>
                    <p class="page__subtitle">"Your earnings are paid through Stripe. Request a payout to your bank at any time."</p>
                </div>
            </div>
            {move || notice().map(|n| view! { <Banner tone=Tone::Warning><p data-testid="payouts-notice">{n.message()}</p></Banner> })}
            {move || connect.value().get().and_then(Result::err).map(|e| view! {
                <Banner tone=Tone::Critical><p>{e.to_string()}</p></Banner>
            })}
            <Transition fallback=|| view! { <p class="empty">"Loading…"</p> }>
                {move || {
                    let request_error = request_error.clone();
                    Suspend::new(async move {
                        match dashboard.await {
                            Err(e) => Either::Left(view! { <ErrorPage message=e.to_string()/> }),
                            Ok(d) => Either::Right(view! { <Dashboard d request_error every_ms/> }),
                        }
                    })
                }}
            </Transition>
        </div>
    }
}

#[component]
fn Dashboard(d: PayoutDashboard, request_error: Option<AppError>, every_ms: u32) -> impl IntoView {
    let PayoutDashboard { account, balance, payouts, on_hold, notice } = d;
    let balance_known = balance.is_some();
    let balance = balance.unwrap_or_default();
    let available = BalanceView::headline(&balance.available);
    let pending = BalanceView::headline(&balance.pending);
    let held = BalanceView::headline(&on_hold);
    let payable = account.as_ref().is_some_and(|a| a.payouts_enabled);
    // A request Stripe hasn't confirmed yet: no second one until it is.
    let confirming = payouts.iter().find(|p| p.status == PayoutStatus::Requested).map(|p| p.amount);
    // Some payout is not final yet: the refresher keeps looking.
    let moving = payouts.iter().any(|p| !p.status.is_final());
    let show = move |m: Money| if balance_known { m.display() } else { "—".to_string() };
    view! {
        {notice.map(|n| view! { <Banner tone=Tone::Warning><p data-testid="stripe-notice">{n}</p></Banner> })}
        <ConnectBanner account=account.clone()/>
        <div class="stat-grid" id="payout-balances" data-moving=moving.to_string()>
            <StatCard label="Available" hint="Ready to pay out">
                <span data-testid="balance-available">{show(available)}</span>
            </StatCard>
            <StatCard label="Pending" hint="On its way into your balance">
                <span data-testid="balance-pending">{show(pending)}</span>
            </StatCard>
            <StatCard label="On hold" hint="Sales inside the return window, from your earnings">
                <a href="/seller/earnings" data-testid="balance-on-hold">{held.display()}</a>
            </StatCard>
            <section class="card stat">
                <h3 class="stat__label">"Account status"</h3>
                <div class="stat__value stat__value--badge">
                    {match &account {
                        Some(a) => Either::Left(view! { <AccountBadge status=a.status/> }),
                        None => Either::Right(view! { <span class="badge" data-testid="account-status">"Not connected"</span> }),
                    }}
                </div>
            </section>
        </div>
        {match (payable, confirming) {
            (true, None) => Either::Left(view! { <PayoutRequestForm available error=request_error/> }),
            (_, Some(amount)) => Either::Right(Some(view! {
                <section class="card">
                    <div class="card__header"><h2>"Request a payout"</h2></div>
                    <Banner tone=Tone::Info>
                        <p data-testid="payout-confirming">{format!(
                            "Your payout of {amount} is being confirmed with Stripe. You can request another once it is; there is no need to ask again."
                        )}</p>
                    </Banner>
                </section>
            })),
            (false, None) => Either::Right(None),
        }}
        <History payouts moving/>
        <Refresher targets=vec!["payout-balances".to_string(), "payout-history".to_string()] every_ms active=moving/>
    }
}

/// "Connect Stripe" before there is an account; "Complete onboarding" until it can be paid.
#[component]
fn ConnectBanner(account: Option<StripeAccountView>) -> impl IntoView {
    let connect_url = <CreateConnectAccount as ServerFn>::url();
    match account {
        None => Either::Left(view! {
            <section class="card connect-banner">
                <div>
                    <h2>"Get paid with Stripe"</h2>
                    <p class="muted">"Connect a Stripe account to receive your earnings. It takes a couple of minutes."</p>
                </div>
                // A plain form, not an ActionForm: onboarding happens on Stripe's site, so this
                // is a full page navigation with JavaScript or without.
                <form method="post" action=connect_url>
                    <button type="submit" class="button button--primary">"Connect Stripe"</button>
                </form>
            </section>
        }),
        Some(a) if !a.payouts_enabled => Either::Right(Some(view! {
            <section class="card connect-banner">
                <div>
                    <h2>"Finish setting up payouts"</h2>
                    <p class="muted">
                        {if a.requirements_due.is_empty() {
                            "Stripe needs a few details before it can pay you.".to_string()
                        } else {
                            format!("Stripe still needs: {}.", a.requirements_due.join(", "))
                        }}
                    </p>
                </div>
                <a class="button button--primary" href="/seller/payouts/onboarding" rel="external">"Complete onboarding"</a>
            </section>
        })),
        Some(_) => Either::Right(None),
    }
}

#[component]
fn History(payouts: Vec<PayoutView>, moving: bool) -> impl IntoView {
    let date = |d: chrono::DateTime<chrono::Utc>| d.format("%b %-d, %Y").to_string();
    view! {
        <section class="card card--flush" id="payout-history" data-moving=moving.to_string()>
            <div class="card__header"><h2>"Payout history"</h2></div>
            {if payouts.is_empty() {
                Either::Left(view! { <p class="empty">"No payouts yet."</p> })
            } else {
                Either::Right(view! {
                    <div class="table-wrap">
                        <table class="table">
                            <thead><tr><th class="num">"Amount"</th><th>"Status"</th><th>"Created"</th><th>"Arrival"</th><th>"Details"</th></tr></thead>
                            <tbody>
                                {payouts.into_iter().map(|p| view! {
                                    <tr data-testid="payout-row">
                                        <td class="num"><strong>{p.amount.display()}</strong></td>
                                        <td><PayoutBadge status=p.status/></td>
                                        <td class="nowrap">{date(p.created_at)}</td>
                                        <td class="nowrap">{p.arrival_date.map(date).unwrap_or_else(|| "—".into())}</td>
                                        <td>
                                            {match (p.failure_message.clone(), p.description.clone()) {
                                                (Some(reason), _) => Either::Left(view! { <span class="text-critical" data-testid="payout-failure">{reason}</span> }),
                                                (None, d) => Either::Right(view! { <span class="muted">{d.unwrap_or_default()}</span> }),
                                            }}
                                        </td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                })
            }}
        </section>
    }
}
