//! Choosing a product type: a search of Amazon's product types (a plain GET form, so it
//! works without JavaScript), each match a link that opens the form for that type.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::ProductEditor;
use crate::{
    auth::{model::Role, views::RequireRole},
    products::api::{SaveProduct, product_type_spec, search_product_types},
    ui::{Banner, Tone},
};

/// The search box and its results; each result links to `{base}?type=NAME`.
#[component]
pub fn TypePicker(base: String) -> impl IntoView {
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let found = Resource::new(q, |q| async move {
        if q.trim().is_empty() { Ok(Vec::new()) } else { search_product_types(q).await }
    });
    let action = base.clone();
    view! {
        <form method="get" action=action class="card form type-search" role="search">
            <div class="field">
                <label for="type-q">"Search Amazon's product types"</label>
                <input id="type-q" name="q" value=q placeholder="lamp, skillet, yoga mat…"/>
                <p class="field__hint">"A word or two, or the product's name. Amazon decides what each type requires."</p>
            </div>
            <button type="submit" class="button">"Search"</button>
        </form>
        <Suspense fallback=|| ()>
            {move || {
                let base = base.clone();
                Suspend::new(async move {
                    match found.await {
                        Err(e) => view! { <Banner tone=Tone::Critical><p>{e.to_string()}</p></Banner> }.into_any(),
                        Ok(types) if types.is_empty() && !q().trim().is_empty() => {
                            view! { <p class="muted">"No product type matches. Try another word."</p> }.into_any()
                        }
                        Ok(types) => view! {
                            <ul class="type-results" data-testid="type-results">
                                {types.into_iter().map(|t| {
                                    let href = format!("{base}?type={}", t.name);
                                    view! { <li><a href=href>{format!("{} ({})", t.display_name, t.name)}</a></li> }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// `/seller/products/new`: pick a type, then fill what it asks for.
#[component]
pub fn NewProductPage() -> impl IntoView {
    let save = ServerAction::<SaveProduct>::new();
    let query = use_query_map();
    let chosen = move || query.read().get("type").filter(|t| !t.is_empty());
    let spec = Resource::new(chosen, |t| async move {
        match t {
            Some(t) => product_type_spec(t, false).await.map(Some),
            None => Ok(None),
        }
    });
    view! {
        <Title text="New product"/>
        <RequireRole role=Role::Seller>
            <div class="page">
                <div class="page__header">
                    <div>
                        <a href="/seller/products">"← Products"</a>
                        <h1>"New product"</h1>
                    </div>
                </div>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        match spec.await {
                            Ok(Some(spec)) => view! { <ProductEditor product=None spec save/> }.into_any(),
                            Ok(None) => view! { <TypePicker base="/seller/products/new".to_string()/> }.into_any(),
                            Err(e) => view! {
                                <Banner tone=Tone::Critical><p>{e.to_string()}</p></Banner>
                                <TypePicker base="/seller/products/new".to_string()/>
                            }.into_any(),
                        }
                    })}
                </Suspense>
            </div>
        </RequireRole>
    }
}
