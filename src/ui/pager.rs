//! "Previous · Page 2 of 5 · Next" links for paged lists (plain links: they work without JS).

use leptos::prelude::*;

/// `base` is the list's URL without `page`; the page number is appended to it.
#[component]
pub fn Pager(page: u32, pages: u32, #[prop(into)] base: String) -> impl IntoView {
    let sep = if base.contains('?') { '&' } else { '?' };
    let link = move |n: u32| format!("{base}{sep}page={n}");
    (pages > 1).then(|| {
        view! {
            <nav class="pagination" aria-label="Pages">
                {(page > 1).then(|| view! { <a class="button" href=link(page - 1) rel="prev">"Previous"</a> })}
                <span class="muted">{format!("Page {page} of {pages}")}</span>
                {(page < pages).then(|| view! { <a class="button" href=link(page + 1) rel="next">"Next"</a> })}
            </nav>
        }
    })
}
