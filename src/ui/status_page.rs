//! Full-page answers for 403, 404 and unexpected errors, each with the right HTTP status.

use leptos::prelude::*;
use leptos_meta::Title;

use super::set_page_status;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    set_page_status(404);
    view! {
        <Title text="Page not found"/>
        <div class="status-page">
            <div class="status-page__code">"404"</div>
            <h1>"Page not found"</h1>
            <p class="muted">"The page you asked for doesn't exist, or it isn't yours to see."</p>
            <a class="button button--primary" href="/">"Go to your dashboard"</a>
        </div>
    }
}

#[component]
pub fn ForbiddenPage() -> impl IntoView {
    set_page_status(403);
    view! {
        <Title text="Access denied"/>
        <div class="status-page">
            <div class="status-page__code">"403"</div>
            <h1>"You don't have access to this page"</h1>
            <p class="muted">"This area is for another role. If you think you should see it, ask an admin."</p>
            <a class="button button--primary" href="/">"Go to your dashboard"</a>
        </div>
    }
}

#[component]
pub fn ErrorPage(#[prop(into)] message: String) -> impl IntoView {
    view! {
        <Title text="Something went wrong"/>
        <div class="status-page">
            <div class="status-page__code">":("</div>
            <h1>"Something went wrong"</h1>
            <p class="muted" role="alert">{message}</p>
            <a class="button" href="">"Try again"</a>
        </div>
    }
}
