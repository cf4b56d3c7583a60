//! What demo mode adds to pages: the demo accounts under the sign-in form, and a form on
//! /notifications to send yourself a notification.

use leptos::prelude::*;

use super::{accounts::DEMO_ACCOUNTS, api::SendDemoNotification};
use crate::ui::{Banner, Tone};

/// The demo accounts, with their passwords.
#[component]
pub fn DemoAccounts() -> impl IntoView {
    view! {
        <div class="auth__demo">
            <p>"Demo accounts:"</p>
            {DEMO_ACCOUNTS
                .iter()
                .map(|(email, password, ..)| view! { <p><code>{*email}</code>" / "<code>{*password}</code></p> })
                .collect_view()}
        </div>
    }
}

/// Send yourself a notification and watch the bell pick it up.
#[component]
pub fn DemoSender() -> impl IntoView {
    let demo = ServerAction::<SendDemoNotification>::new();
    let error = move || demo.value().get().and_then(Result::err).map(|e| e.to_string());
    view! {
        <section class="card">
            <div class="card__header">
                <h2>"Try it"</h2>
            </div>
            <p class="muted card__lead">
                "Demo mode: send yourself a notification. The bell picks it up within one poll."
            </p>
            {move || error().map(|e| view! { <Banner tone=Tone::Critical><p>{e}</p></Banner> })}
            <ActionForm action=demo attr:class="form-grid">
                <div class="field">
                    <label for="demo-kind">"Type"</label>
                    <select id="demo-kind" name="input[kind]">
                        <option value="info">"Info"</option>
                        <option value="success">"Success"</option>
                        <option value="warning">"Warning"</option>
                        <option value="error">"Error"</option>
                    </select>
                </div>
                <div class="field">
                    <label for="demo-title">"Title"</label>
                    <input id="demo-title" name="input[title]" maxlength="120" required value="Test notification"/>
                </div>
                <div class="field">
                    <label for="demo-message">"Message"</label>
                    <input id="demo-message" name="input[message]" maxlength="1000" required value="Sent from the demo form."/>
                </div>
                <input type="hidden" name="input[action_url]" value="/notifications"/>
                <div class="field field--end">
                    <button type="submit" class="button button--primary" disabled=move || demo.pending().get()>
                        "Send test notification"
                    </button>
                </div>
            </ActionForm>
        </section>
    }
}
