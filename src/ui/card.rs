//! Cards: the white surfaces every page is made of.

use leptos::prelude::*;

#[component]
pub fn Card(
    #[prop(optional, into)] title: Option<String>,
    #[prop(optional)] flush: bool,
    children: Children,
) -> impl IntoView {
    let class = if flush { "card card--flush" } else { "card" };
    view! {
        <section class=class>
            {title.map(|t| view! { <div class="card__header"><h2>{t}</h2></div> })}
            {children()}
        </section>
    }
}

/// A headline number with a label, e.g. "Available  $1,250.00".
#[component]
pub fn StatCard(
    #[prop(into)] label: String,
    children: Children,
    #[prop(optional, into)] hint: Option<String>,
) -> impl IntoView {
    view! {
        <section class="card stat">
            <h3 class="stat__label">{label}</h3>
            <div class="stat__value">{children()}</div>
            {hint.map(|h| view! { <p class="stat__hint">{h}</p> })}
        </section>
    }
}
