//! `/seller/earnings`: the ledger as a statement, month by month, with the running balance,
//! when held earnings are released, what was released and transferred, and a CSV of the
//! month (a plain link to the REST endpoint: it works without JavaScript).

use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    auth::{model::Role, views::RequireRole},
    earnings::{
        api::get_statement,
        model::{EarningsBalance, LedgerLine, Statement},
    },
    ui::{Card, ErrorPage, StatCard},
};

#[component]
pub fn EarningsPage() -> impl IntoView {
    view! {
        <Title text="Earnings"/>
        <RequireRole role=Role::Seller>
            <EarningsBody/>
        </RequireRole>
    }
}

fn this_month() -> String {
    chrono::Utc::now().format("%Y-%m").to_string()
}

#[component]
fn EarningsBody() -> impl IntoView {
    let query = use_query_map();
    let month = move || query.read().get("month").filter(|m| !m.is_empty()).unwrap_or_else(this_month);
    let statement = Resource::new_blocking(month, |m| get_statement(Some(m)));
    view! {
        <div class="page">
            <div class="page__header">
                <div>
                    <h1>"Earnings"</h1>
                    <p class="page__subtitle">"Every sale, fee, commission, refund and transfer, as your ledger records it."</p>
                </div>
                <form method="get" action="/seller/earnings" class="toolbar">
                    <div class="field">
                        <label for="earnings-month">"Month"</label>
                        <input id="earnings-month" type="month" name="month" value=month/>
                    </div>
                    <button type="submit" class="button">"Show"</button>
                    <a class="button" data-testid="earnings-csv" href=move || format!("/api/earnings/statement.csv?month={}", month())>"Download CSV"</a>
                </form>
            </div>
            <Transition fallback=|| view! { <p class="empty">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match statement.await {
                        Err(e) => Either::Left(view! { <ErrorPage message=e.to_string()/> }),
                        Ok(s) => Either::Right(view! { <StatementView s/> }),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn StatementView(s: Statement) -> impl IntoView {
    let Statement { month, lines, balances } = s;
    view! {
        {balances.into_iter().map(|b| view! { <Balances b/> }).collect_view()}
        <Card title=format!("Statement · {}", month.unwrap_or_default())>
            {if lines.is_empty() {
                Either::Left(view! { <p class="empty">"Nothing this month."</p> })
            } else {
                Either::Right(view! { <Lines lines/> })
            }}
        </Card>
    }
}

#[component]
fn Balances(b: EarningsBalance) -> impl IntoView {
    let hint = b.next_release.map(|d| format!("next release {}", d.format("%b %-d, %Y")));
    view! {
        <div class="stat-grid" data-testid="earnings-balances">
            <StatCard label="On hold" hint=hint.unwrap_or_default()>
                <span data-testid="earnings-held">{b.held.display()}</span>
            </StatCard>
            <StatCard label="Released, to transfer">
                <span data-testid="earnings-available">{b.available.display()}</span>
            </StatCard>
            <StatCard label="Transferred to Stripe">
                <span data-testid="earnings-transferred">{b.transferred.display()}</span>
            </StatCard>
            <StatCard label="Earned in all">{b.earned.display()}</StatCard>
        </div>
    }
}

#[component]
fn Lines(lines: Vec<LedgerLine>) -> impl IntoView {
    let now = chrono::Utc::now();
    view! {
        <div class="table-wrap">
            <table class="table">
                <thead><tr><th>"Date"</th><th>"Entry"</th><th class="num">"Amount"</th><th class="num">"Balance"</th><th>"Available"</th></tr></thead>
                <tbody>
                    {lines.into_iter().rev().map(|l| {
                        let available = match l.available_on {
                            Some(d) if d > now => format!("on hold until {}", d.format("%b %-d, %Y")),
                            Some(_) => "released".to_string(),
                            None => String::new(),
                        };
                        view! {
                            <tr data-testid="ledger-row" data-kind=l.kind.as_str()>
                                <td class="nowrap muted">{l.created_at.format("%b %-d, %Y").to_string()}</td>
                                <td><strong>{l.kind.label()}</strong><div class="muted">{l.description.clone()}</div></td>
                                <td class="num">{l.amount.display()}</td>
                                <td class="num">{l.balance.display()}</td>
                                <td class="muted">{available}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
