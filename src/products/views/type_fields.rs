//! The product type's own fields on the product form, from its `TypeSpec`: required ones
//! in their groups, optional ones behind "More details". Bullet points and other lists are
//! one value per line; choices are selects labelled with Amazon's `enumNames`.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::products::model::{FieldKind, FieldSpec, TypeSpec, attr_field, unit_key};

type FieldError = Callback<String, Option<String>>;

#[component]
fn SpecField(field: FieldSpec, value: String, error: FieldError) -> impl IntoView {
    let key = attr_field(&field.name);
    let id = format!("attr-{}", field.name);
    let name = format!("form[attributes][{}]", field.name);
    let error_id = format!("{id}-error");
    let err_key = key.clone();
    let message = move || error.run(err_key.clone());
    let invalid_key = key.clone();
    let invalid = move || error.run(invalid_key.clone()).is_some().to_string();
    let hint = match &field.kind {
        FieldKind::List { max_items } => format!("One per line, up to {max_items}. {}", field.description),
        _ => field.description.clone(),
    };
    let control = match field.kind.clone() {
        FieldKind::Choice { options } => view! {
            <select id=id.clone() name=name aria-invalid=invalid aria-describedby=error_id.clone()>
                <option value="" selected=value.is_empty()>"Choose…"</option>
                {options.into_iter().map(|o| {
                    let selected = o.value == value;
                    view! { <option value=o.value selected=selected>{o.label}</option> }
                }).collect_view()}
            </select>
        }
        .into_any(),
        FieldKind::List { .. } | FieldKind::LongText => view! {
            <textarea id=id.clone() name=name rows="4" aria-invalid=invalid aria-describedby=error_id.clone()>{value}</textarea>
        }
        .into_any(),
        FieldKind::Measure { units } => {
            let (amount, unit) = value
                .split_once('\u{1f}')
                .map_or((value.clone(), String::new()), |(a, u)| (a.to_string(), u.to_string()));
            view! {
                <span class="measure">
                    <input id=id.clone() name=name inputmode="decimal" value=amount aria-invalid=invalid
                        aria-describedby=error_id.clone()/>
                    <select name=format!("form[attributes][{}]", unit_key(&field.name)) aria-label=format!("{} unit", field.label)>
                        <option value="" selected=unit.is_empty()>"Unit…"</option>
                        {units.into_iter().map(|u| {
                            let selected = u.value == unit;
                            view! { <option value=u.value selected=selected>{u.label}</option> }
                        }).collect_view()}
                    </select>
                </span>
            }
            .into_any()
        }
        FieldKind::Text => view! {
            <input id=id.clone() name=name value=value maxlength=field.max_chars.map(|n| n.to_string())
                aria-invalid=invalid aria-describedby=error_id.clone()/>
        }
        .into_any(),
    };
    let label = if field.required { format!("{} (required)", field.label) } else { field.label.clone() };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {control}
            {(!hint.trim().is_empty()).then(|| view! { <p class="field__hint">{hint}</p> })}
            <p class="field__error" id=error_id>{message}</p>
        </div>
    }
}

/// The type's fields, filled with `values` (the form's text per attribute).
#[component]
pub fn TypeFields(spec: TypeSpec, values: BTreeMap<String, String>, error: FieldError) -> impl IntoView {
    // A measure's field gets "amount\u{1f}unit" (the form keeps the two apart).
    let value_of = move |name: &str| {
        let text = values.get(name).cloned().unwrap_or_default();
        match values.get(&unit_key(name)) {
            Some(unit) => format!("{text}\u{1f}{unit}"),
            None => text,
        }
    };
    let required: Vec<_> = spec
        .groups
        .iter()
        .map(|g| (g.title.clone(), g.fields.iter().filter(|f| f.required).cloned().collect::<Vec<_>>()))
        .filter(|(_, f)| !f.is_empty())
        .collect();
    let optional: Vec<FieldSpec> = spec.fields().filter(|f| !f.required).cloned().collect();
    let required_view = required
        .into_iter()
        .map(|(title, fields)| {
            let fields = fields
                .into_iter()
                .map(|f| {
                    let value = value_of(&f.name);
                    view! { <SpecField field=f value error/> }
                })
                .collect_view();
            view! { <fieldset class="form-group"><legend>{title}</legend>{fields}</fieldset> }
        })
        .collect_view();
    let optional_view = (!optional.is_empty()).then(|| {
        let fields = optional
            .into_iter()
            .map(|f| {
                let value = value_of(&f.name);
                view! { <SpecField field=f value error/> }
            })
            .collect_view();
        view! { <details class="form-more"><summary>"More details"</summary>{fields}</details> }
    });
    if spec.offer_only {
        return view! {
            <p class="field__hint" data-testid="type-fields">
                "An offer on an existing ASIN: Amazon already has the product's details, so only the offer is needed."
            </p>
        }
        .into_any();
    }
    view! {
        <div class="type-fields" data-testid="type-fields">
            <p class="field__hint">
                {format!("What Amazon asks for a {} product. Not needed for an offer on an existing ASIN.", spec.display_name)}
            </p>
            {required_view}
            {optional_view}
        </div>
    }
    .into_any()
}
