//! The sign-in page. Works as a plain HTML form (errors come back in the URL and render on
//! the server) and, once hydrated, without a page load.

use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::{components::Redirect, hooks::use_query_map};

use crate::{
    auth::{
        api::Login,
        views::{SignedInNow, signed_in_now},
    },
    error::AppError,
    site::use_public_config,
    ui::{Banner, Tone},
};

/// The sign-in page; `demo_note` is shown under the form in demo mode.
#[component]
pub fn LoginPage(#[prop(optional, into)] demo_note: Option<ViewFn>) -> impl IntoView {
    let login = ServerAction::<Login>::new();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let error = move || login.value().get().and_then(Result::err);
    let field = move |name: &'static str| move || error().and_then(|e| e.field_error(name));
    let email_error = field("email");
    let password_error = field("password");
    // A summary banner for errors that aren't about one field (wrong password, rate limit...).
    let banner = move || {
        error().filter(|e| !matches!(e, AppError::Validation { .. })).map(|e| {
            view! {
                <Banner tone=Tone::Critical>
                    <p data-testid="login-error">{e.to_string()}</p>
                </Banner>
            }
        })
    };

    if let SignedInNow::Known(Some(user)) = signed_in_now() {
        return Either::Left(view! { <Redirect path=user.role.home()/> });
    }
    let demo = use_public_config().demo;
    Either::Right(view! {
        <Title text="Sign in"/>
                    <main class="auth">
                        <div class="card auth__card">
                            <div class="auth__brand">
                                <span class="brand-mark" aria-hidden="true">"H"</span>
                                "Hamro"
                            </div>
                            <h1>"Sign in"</h1>
                            <p class="muted login__lead">"Sellers and admins sign in here."</p>
                            <ActionForm action=login attr:class="form" attr:novalidate="true">
                                {banner}
                                <input type="hidden" name="next" value=next/>
                                <div class="field">
                                    <label for="email">"Email"</label>
                                    <input
                                        id="email"
                                        type="email"
                                        name="input[email]"
                                        autocomplete="username"
                                        maxlength="254"
                                        required
                                        aria-invalid=move || email_error().is_some().to_string()
                                        aria-describedby="email-error"
                                    />
                                    <p class="field__error" id="email-error">{email_error}</p>
                                </div>
                                <div class="field">
                                    <label for="password">"Password"</label>
                                    <input
                                        id="password"
                                        type="password"
                                        name="input[password]"
                                        autocomplete="current-password"
                                        maxlength="1024"
                                        required
                                        aria-invalid=move || password_error().is_some().to_string()
                                        aria-describedby="password-error"
                                    />
                                    <p class="field__error" id="password-error">{password_error}</p>
                                </div>
                                <button
                                    type="submit"
                                    class="button button--primary button--full"
                                    disabled=move || login.pending().get()
                                >
                                    "Sign in"
                                </button>
                            </ActionForm>
                            {demo.then(|| demo_note.as_ref().map(|note| note.run()))}
                        </div>
                    </main>
    })
}
