//! Choosing a product type: a search of Amazon's product types (a plain GET form, so it
//! works without JavaScript), each match a link that opens the form for that type.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::ProductEditor;
use crate::{
    auth::{model::Role, views::RequireRole},
    products::{
        api::{SaveProduct, find_on_amazon, product_type_spec, search_product_types},
        model::{CatalogMatch, ProductTypeChoice},
    },
    ui::{Banner, Tone},
};

/// The search box and the results the page loaded for `q`; each result links to
/// `{base}?type=NAME`. It owns no resource: the page loads the results with its own.
#[component]
pub fn TypePicker(base: String, q: String, found: Vec<ProductTypeChoice>) -> impl IntoView {
    let empty = found.is_empty() && !q.trim().is_empty();
    view! {
        <form method="get" action=base.clone() class="card form type-search" role="search">
            <div class="field">
                <label for="type-q">"Search Amazon's product types"</label>
                <input id="type-q" name="q" value=q placeholder="lamp, skillet, yoga mat…"/>
                <p class="field__hint">"A word or two, or the product's name. Amazon decides what each type requires."</p>
            </div>
            <button type="submit" class="button">"Search"</button>
        </form>
        {empty.then(|| view! { <p class="muted">"No product type matches. Try another word."</p> })}
        <ul class="type-results" data-testid="type-results">
            {found.into_iter().map(|t| {
                let href = format!("{base}?type={}", t.name);
                view! { <li><a href=href>{format!("{} ({})", t.display_name, t.name)}</a></li> }
            }).collect_view()}
        </ul>
    }
}

/// Finding the product in Amazon's catalog, to offer on its existing ASIN (far fewer fields).
#[component]
fn CatalogFinder(find: String, items: Vec<CatalogMatch>) -> impl IntoView {
    let empty = items.is_empty() && !find.trim().is_empty();
    view! {
        <form method="get" action="/seller/products/new" class="card form type-search" role="search">
            <div class="field">
                <label for="catalog-find">"Or find it on Amazon"</label>
                <input id="catalog-find" name="find" value=find placeholder="words, a barcode or an ASIN"/>
                <p class="field__hint">"If Amazon already sells this product, list an offer on its ASIN."</p>
            </div>
            <button type="submit" class="button">"Find"</button>
        </form>
        {empty.then(|| view! { <p class="muted">"Amazon's catalog has no match."</p> })}
        <ul class="type-results" data-testid="catalog-results">
            {items.into_iter().map(|i| {
                let product_type = i.product_type.clone().unwrap_or_else(|| "PRODUCT".into());
                let href = format!("/seller/products/new?type={product_type}&asin={}", i.asin);
                let brand = i.brand.map(|b| format!(" — {b}")).unwrap_or_default();
                view! { <li><a href=href>{format!("{}{brand} (ASIN {})", i.item_name, i.asin)}</a></li> }
            }).collect_view()}
        </ul>
    }
}

/// `/seller/products/new`: pick a type, then fill what it asks for.
#[component]
pub fn NewProductPage() -> impl IntoView {
    let save = ServerAction::<SaveProduct>::new();
    let query = use_query_map();
    let chosen = move || query.read().get("type").filter(|t| !t.is_empty());
    let q = move || query.read().get("q").unwrap_or_default();
    let find = move || query.read().get("find").unwrap_or_default();
    let asin = move || query.read().get("asin").filter(|a| !a.is_empty());
    // One resource for the page: the chosen type's fields, or the searches' results.
    let page = Resource::new(
        move || (chosen(), q(), find(), asin().is_some()),
        |(t, q, find, offer)| async move {
            if let Some(t) = t {
                return product_type_spec(t, offer).await.map(|s| (Some(s), Vec::new(), Vec::new()));
            }
            let types = if q.trim().is_empty() { Vec::new() } else { search_product_types(q).await? };
            let items = if find.trim().is_empty() { Vec::new() } else { find_on_amazon(find).await? };
            Ok((None, types, items))
        },
    );
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
                        let base = "/seller/products/new".to_string();
                        match page.await {
                            Ok((Some(spec), ..)) => view! { <ProductEditor product=None spec save asin=asin()/> }.into_any(),
                            Ok((None, found, items)) => view! {
                                <TypePicker base q=q() found/>
                                <CatalogFinder find=find() items/>
                            }.into_any(),
                            Err(e) => view! {
                                <Banner tone=Tone::Critical><p>{e.to_string()}</p></Banner>
                                <TypePicker base q=q() found=Vec::new()/>
                            }.into_any(),
                        }
                    })}
                </Suspense>
            </div>
        </RequireRole>
    }
}
