//! "Request a payout": an island. Without JavaScript it is a plain form post (errors come
//! back in the address and arrive here as `error`). With it, the request is sent in place,
//! errors appear next to the field, and the page's refresher is told to look again, so the
//! new payout shows up in the history and follows its way to the bank.

use leptos::{ev::SubmitEvent, html, prelude::*, server_fn::ServerFn, task::spawn_local};

use crate::{
    error::AppError,
    money::Money,
    payouts::{
        api::{CreatePayout, create_payout},
        model::PayoutForm,
    },
    ui::{
        Banner, Tone,
        events::{REFRESH, announce},
    },
};

#[island]
pub fn PayoutRequestForm(available: Money, error: Option<AppError>) -> impl IntoView {
    let error = RwSignal::new(error);
    let done = RwSignal::new(None::<Money>);
    let pending = RwSignal::new(false);
    let (amount, description) = (NodeRef::<html::Input>::new(), NodeRef::<html::Input>::new());
    let currency = available.currency.code().to_string();
    let field = move |name: &'static str| move || error.get().and_then(|e| e.field_error(name));
    let general = move || error.get().filter(|e| !matches!(e, AppError::Validation { .. }));

    let on_submit = {
        let currency = currency.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let (Some(amount_input), Some(description_input)) = (amount.get_untracked(), description.get_untracked())
            else {
                return;
            };
            let form = PayoutForm {
                amount: amount_input.value(),
                currency: currency.clone(),
                description: description_input.value(),
            };
            pending.set(true);
            spawn_local(async move {
                match create_payout(form).await {
                    Ok(payout) => {
                        error.set(None);
                        done.set(Some(payout.amount));
                        amount_input.set_value("");
                        description_input.set_value("");
                        announce(REFRESH);
                    }
                    Err(e) => {
                        done.set(None);
                        error.set(Some(e));
                    }
                }
                pending.set(false);
            });
        }
    };

    view! {
        <section class="card">
            <div class="card__header"><h2>"Request a payout"</h2></div>
            {move || general().map(|e| view! { <Banner tone=Tone::Critical><p data-testid="payout-error">{e.to_string()}</p></Banner> })}
            {move || done.get().map(|amount| view! {
                <Banner tone=Tone::Success><p data-testid="payout-requested">{format!("Payout of {amount} requested.")}</p></Banner>
            })}
            <form method="post" action=CreatePayout::url() class="form-grid payout-form" on:submit=on_submit>
                <div class="field">
                    <label for="payout-amount">"Amount"</label>
                    <input id="payout-amount" name="form[amount]" inputmode="decimal" placeholder="50.00" required node_ref=amount
                        aria-invalid=move || field("amount")().is_some().to_string() aria-describedby="payout-amount-error"/>
                    <p class="field__hint">{format!("Up to {} available.", available.display())}</p>
                    <p class="field__error" id="payout-amount-error">{field("amount")}</p>
                </div>
                <input type="hidden" name="form[currency]" value=currency/>
                <div class="field">
                    <label for="payout-description">"Description (optional)"</label>
                    <input id="payout-description" name="form[description]" maxlength="200" node_ref=description/>
                    <p class="field__error">{field("description")}</p>
                </div>
                <div class="field field--action">
                    <button type="submit" class="button button--primary" disabled=move || pending.get()>"Request payout"</button>
                </div>
            </form>
        </section>
    }
}
