//! `/settings/password`: change your password (every other session ends) and sign out
//! everywhere. Plain forms that work without JavaScript; errors come back in the URL.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    auth::api::{ChangePassword, SignOutEverywhere},
    error::AppError,
    ui::{Banner, Tone},
};

#[component]
pub fn PasswordPage() -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    let everywhere = ServerAction::<SignOutEverywhere>::new();
    let query = use_query_map();
    let changed = move || query.read().get("changed").is_some() || matches!(change.value().get(), Some(Ok(())));
    let error = move || change.value().get().and_then(Result::err);
    let field = move |name: &'static str| move || error().and_then(|e| e.field_error(name));
    let banner = move || {
        error().filter(|e| !matches!(e, AppError::Validation { .. })).map(|e| {
            view! { <Banner tone=Tone::Critical><p data-testid="password-error">{e.to_string()}</p></Banner> }
        })
    };
    let input = move |id: &'static str, label: &'static str, autocomplete: &'static str| {
        let error = field(id);
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input
                    id=id
                    type="password"
                    name=format!("change[{id}]")
                    autocomplete=autocomplete
                    maxlength="1024"
                    required
                    aria-invalid=move || error().is_some().to_string()
                    aria-describedby=format!("{id}-error")
                />
                <p class="field__error" id=format!("{id}-error")>{error}</p>
            </div>
        }
    };
    view! {
        <Title text="Password and sessions"/>
        <div class="page">
            <div class="page__header">
                <div>
                    <h1>"Password and sessions"</h1>
                    <p class="page__subtitle">"Changing your password signs you out on every other device."</p>
                </div>
            </div>
            {move || changed().then(|| view! {
                <Banner tone=Tone::Success><p data-testid="password-changed">"Your password was changed. Other devices are signed out."</p></Banner>
            })}
            <section class="card">
                <div class="card__header"><h2>"Change password"</h2></div>
                <ActionForm action=change attr:class="form" attr:novalidate="true">
                    {banner}
                    {input("current_password", "Current password", "current-password")}
                    {input("new_password", "New password (at least 10 characters)", "new-password")}
                    {input("confirm_password", "New password again", "new-password")}
                    <button type="submit" class="button button--primary" disabled=move || change.pending().get()>
                        "Change password"
                    </button>
                </ActionForm>
            </section>
            <section class="card">
                <div class="card__header"><h2>"Sign out everywhere"</h2></div>
                <p class="muted card__lead">"Ends every session of your account, on every device, this one included."</p>
                <ActionForm action=everywhere>
                    <button type="submit" class="button button--critical" disabled=move || everywhere.pending().get()>
                        "Sign out everywhere"
                    </button>
                </ActionForm>
            </section>
        </div>
    }
}
