//! "Check with Amazon" on a product's page: runs Hamro's own check, Listings Restrictions
//! and Amazon's VALIDATION_PREVIEW (nothing is created), and shows each issue with its
//! code, message and the field to change. A plain form post without JavaScript; the last
//! report is kept, so the page shows it after the post too.

use leptos::prelude::*;

use crate::{
    listings::{
        api::CheckWithAmazon,
        model::{CheckOutcome, CheckReport, IssueSeverity},
    },
    ui::{Banner, Tone},
};

fn field_label(field: &str) -> String {
    match field.strip_prefix("attributes.") {
        Some(attr) => attr.replace('_', " "),
        None => field.replace('_', " "),
    }
}

#[component]
fn Report(report: CheckReport) -> impl IntoView {
    let tone = match report.outcome {
        CheckOutcome::Valid => Tone::Success,
        CheckOutcome::Restricted => Tone::Warning,
        CheckOutcome::Invalid | CheckOutcome::Incomplete => Tone::Critical,
    };
    let checked = report.checked_at.format("%Y-%m-%d %H:%M UTC").to_string();
    view! {
        <div data-testid="check-report" data-outcome=report.outcome.as_str()>
            <Banner tone><p>{report.outcome.summary()}</p></Banner>
            <ul class="issues">
                {report.issues.into_iter().map(|i| {
                    let class = if i.severity == IssueSeverity::Error { "issue issue--error" } else { "issue" };
                    view! {
                        <li class=class data-testid="check-issue">
                            <strong>{format!("{} {}", i.severity.as_str(), i.code)}</strong>
                            " "{i.message}
                            {i.field.map(|f| view! { <span class="muted">{format!(" — change: {}", field_label(&f))}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <p class="muted">{format!("Checked {checked}")}</p>
        </div>
    }
}

/// The card, with the product's latest report.
#[component]
pub fn CheckCard(product_id: String, latest: Option<CheckReport>) -> impl IntoView {
    let check = ServerAction::<CheckWithAmazon>::new();
    let shown = move || match check.value().get() {
        Some(Ok(report)) => Some(Ok(report)),
        Some(Err(e)) => Some(Err(e)),
        None => latest.clone().map(Ok),
    };
    view! {
        <section class="card" data-testid="check-card">
            <div class="card__header"><h2>"Check with Amazon"</h2></div>
            <p class="muted">"Amazon checks the listing as it would a real one, and creates nothing."</p>
            {move || shown().map(|r| match r {
                Ok(report) => view! { <Report report/> }.into_any(),
                Err(e) => view! { <Banner tone=Tone::Critical><p>{e.to_string()}</p></Banner> }.into_any(),
            })}
            <ActionForm action=check>
                <input type="hidden" name="product_id" value=product_id/>
                <button type="submit" class="button" disabled=move || check.pending().get()>"Check with Amazon"</button>
            </ActionForm>
        </section>
    }
}
