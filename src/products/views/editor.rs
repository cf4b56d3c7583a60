//! The product form, for new products and edits: a plain form post, checked on the server
//! (no product rules ship to the browser). Errors come back with the page and appear next
//! to their fields.

use leptos::{prelude::*, server_fn::ServerFn};

use super::type_fields::TypeFields;
use crate::{
    error::AppError,
    money::Currency,
    products::{
        api::SaveProduct,
        model::{CodeKind, Condition, Product, ProductForm, ProductStatus, TypeSpec},
    },
    ui::{Banner, Tone},
};

/// The form for a product of the type `spec` describes. `product` pre-fills it for an edit.
/// The page owns `save`, so it can reload what it shows when a save succeeds.
#[component]
pub fn ProductEditor(
    product: Option<Product>,
    spec: TypeSpec,
    save: ServerAction<SaveProduct>,
    /// An ASIN found in Amazon's catalog: a new product starts as an offer on it.
    #[prop(optional_no_strip)]
    asin: Option<String>,
) -> impl IntoView {
    let error = Memo::new(move |_| save.value().get().and_then(Result::err));
    let field_error = move |name: &'static str| Signal::derive(move || error.get().and_then(|e| e.field_error(name)));
    let attr_error = Callback::new(move |key: String| error.get().and_then(|e| e.field_error(&key)));

    let values = product.as_ref().map(ProductForm::from_product).unwrap_or_else(|| ProductForm {
        currency: "usd".into(),
        condition: "new".into(),
        identity_kind: if asin.is_some() { "asin".into() } else { String::new() },
        identity_value: asin.clone().unwrap_or_default(),
        ..Default::default()
    });
    let changing_type = product.as_ref().is_some_and(|p| p.product_type != spec.product_type);
    let base =
        product.as_ref().map_or_else(|| "/seller/products/new".to_string(), |p| format!("/seller/products/{}", p.id));
    let identity_kinds: Vec<(&'static str, &'static str)> = std::iter::once(("", "Choose…"))
        .chain(CodeKind::ALL.into_iter().map(|k| (k.as_str(), k.label())))
        .chain([("asin", "Existing ASIN (an offer on it)"), ("exempt", "Exempt from barcodes")])
        .collect();
    let status = product.as_ref().map(|p| p.status);
    let sku_locked = product.as_ref().is_some_and(|p| p.submitted_at.is_some());
    // Drafts and rejected products are saved as drafts or sent (again) for review;
    // approved or pending ones just save their changes.
    let (save_label, can_submit) = match status {
        None | Some(ProductStatus::Draft) => ("Save draft", true),
        Some(ProductStatus::Rejected) => ("Save draft", true),
        _ => ("Save changes", false),
    };
    let banner = move || {
        error.get().map(|e| {
            let text = match &e {
                AppError::Validation { .. } => "Please fix the highlighted fields. Nothing was saved.".to_string(),
                other => other.to_string(),
            };
            view! { <Banner tone=Tone::Critical><p data-testid="form-error">{text}</p></Banner> }
        })
    };

    view! {
        <form action=SaveProduct::url() method="post" class="card form" novalidate>
            {banner}
            {product.as_ref().map(|p| view! {
                <input type="hidden" name="id" value=p.id.clone()/>
                <input type="hidden" name="version" value=p.version.to_string()/>
            })}
            <input type="hidden" name="form[product_type]" value=spec.product_type.clone()/>
            <div class="field">
                <span class="field__label">"Product type"</span>
                <p data-testid="product-type">
                    <strong>{spec.display_name.clone()}</strong>{format!(" ({}) ", spec.product_type)}
                    <a href=format!("{base}?choose_type=1")>"Change"</a>
                </p>
                {changing_type.then(|| view! { <p class="field__hint">"Save to change the product's type."</p> })}
                <p class="field__error" id="product_type-error">{move || field_error("product_type").get()}</p>
            </div>
            <Field label="Title" name="title" error=field_error("title") hint="Up to 200 characters.">
                <input id="title" name="form[title]" maxlength="200" value=values.title.clone()
                    aria-invalid=move || field_error("title").get().is_some().to_string() aria-describedby="title-error"/>
            </Field>
            <Field label="Description" name="description" error=field_error("description") hint="Up to 2000 characters.">
                <textarea id="description" name="form[description]" maxlength="2000"
                    aria-invalid=move || field_error("description").get().is_some().to_string() aria-describedby="description-error">
                    {values.description.clone()}
                </textarea>
            </Field>
            <div class="form-grid">
                <Field label="SKU" name="sku" error=field_error("sku")
                    hint=if sku_locked { "Fixed once submitted." } else { "Your own code: letters, digits, - _ ." }>
                    <input id="sku" name="form[sku]" maxlength="40" value=values.sku.clone() readonly=sku_locked
                        aria-invalid=move || field_error("sku").get().is_some().to_string() aria-describedby="sku-error"/>
                </Field>
                <Field label="Brand" name="brand" error=field_error("brand") hint="">
                    <input id="brand" name="form[brand]" maxlength="100" value=values.brand.clone()
                        aria-invalid=move || field_error("brand").get().is_some().to_string() aria-describedby="brand-error"/>
                </Field>
            </div>
            <div class="form-grid">
                <Field label="Price" name="price" error=field_error("price") hint="For example 19.99.">
                    <input id="price" name="form[price]" inputmode="decimal" value=values.price.clone()
                        aria-invalid=move || field_error("price").get().is_some().to_string() aria-describedby="price-error"/>
                </Field>
                <Field label="Currency" name="currency" error=field_error("currency") hint="">
                    <select id="currency" name="form[currency]">
                        {Currency::ALL.into_iter().map(|c| view! {
                            <option value=c.code() selected=values.currency == c.code()>{c.label()}</option>
                        }).collect_view()}
                    </select>
                </Field>
                <Field label="Quantity" name="quantity" error=field_error("quantity") hint="0 to 1,000,000.">
                    <input id="quantity" name="form[quantity]" inputmode="numeric" value=values.quantity.clone()
                        aria-invalid=move || field_error("quantity").get().is_some().to_string() aria-describedby="quantity-error"/>
                </Field>
            </div>
            <div class="form-grid">
                <Field label="Identifier type" name="identity_kind" error=field_error("identity") hint="How Amazon knows the product.">
                    <select id="identity_kind" name="form[identity_kind]" aria-describedby="identity_kind-error">
                        {identity_kinds.into_iter().map(|(value, label)| view! {
                            <option value=value selected=values.identity_kind == value>{label}</option>
                        }).collect_view()}
                    </select>
                </Field>
                <Field label="Identifier" name="identity_value" error=Signal::derive(|| None) hint="The barcode's digits, or the ASIN.">
                    <input id="identity_value" name="form[identity_value]" value=values.identity_value.clone()
                        aria-invalid=move || field_error("identity").get().is_some().to_string() aria-describedby="identity_kind-error"/>
                </Field>
            </div>
            <div class="form-grid">
                <Field label="Condition" name="condition" error=field_error("condition") hint="">
                    <select id="condition" name="form[condition]">
                        {Condition::ALL.into_iter().map(|c| view! {
                            <option value=c.as_str() selected=values.condition == c.as_str()>{c.label()}</option>
                        }).collect_view()}
                    </select>
                </Field>
                <Field label="List price" name="list_price" error=field_error("list_price") hint="Optional: the suggested retail price.">
                    <input id="list_price" name="form[list_price]" inputmode="decimal" value=values.list_price.clone()
                        aria-invalid=move || field_error("list_price").get().is_some().to_string() aria-describedby="list_price-error"/>
                </Field>
            </div>
            <Field label="Condition note" name="condition_note" error=field_error("condition_note") hint="For used or refurbished items: what the buyer should know.">
                <textarea id="condition_note" name="form[condition_note]" rows="2" maxlength="1000">{values.condition_note.clone()}</textarea>
            </Field>
            <TypeFields spec=spec.clone() values=values.attributes.clone() error=attr_error/>
            <Field label="Image URLs" name="image_urls" error=field_error("image_urls") hint="One https:// URL per line, the main image first, up to 9.">
                <textarea id="image_urls" name="form[image_urls]" rows="3"
                    aria-invalid=move || field_error("image_urls").get().is_some().to_string() aria-describedby="image_urls-error">
                    {values.image_urls.clone()}
                </textarea>
            </Field>
            <div class="button-row">
                <button type="submit" name="intent" value="save" class="button" disabled=move || save.pending().get()>
                    {save_label}
                </button>
                {can_submit.then(|| view! {
                    <button type="submit" name="intent" value="submit" class="button button--primary" disabled=move || save.pending().get()>
                        "Submit for review"
                    </button>
                })}
            </div>
        </form>
    }
}

/// A labelled form field with its hint and error.
#[component]
fn Field(
    label: &'static str,
    name: &'static str,
    error: Signal<Option<String>>,
    hint: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=name>{label}</label>
            {children()}
            {(!hint.is_empty()).then(|| view! { <p class="field__hint">{hint}</p> })}
            <p class="field__error" id=format!("{name}-error")>{move || error.get()}</p>
        </div>
    }
}
