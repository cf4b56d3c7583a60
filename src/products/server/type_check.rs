//! A product checked against its product type's schema before anything is sent: the
//! seller's answers typed by the form's fields, then the whole Amazon document validated.
//! Each problem lands on the form field it concerns, in the seller's words.

use std::collections::BTreeMap;

use super::{
    amazon_document::{self, field_of, requirements_for},
    product_types::{LoadedType, ProductTypes},
};
use crate::{
    error::{AppError, FieldErrors},
    products::model::{ProductFields, UNIT_SUFFIX, attr_field, product_type_label, read_attributes},
};

/// How complete a product must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Completeness {
    /// A draft: what is given must be valid; missing attributes may come later.
    AsGiven,
    /// For review or listing: everything the type requires.
    Required,
}

const IDENTITY_MISSING: &str = "Amazon needs to know which product this is: give its UPC, EAN, GTIN or ISBN, pick an existing ASIN, or declare it exempt.";

/// A problem found before Amazon was asked: (Amazon's attribute, form field, message).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct OwnProblem {
    pub attribute: Option<String>,
    pub field: String,
    pub message: String,
}

fn core_label(field: &str) -> &'static str {
    match field {
        "title" => "a title",
        "brand" => "the brand",
        "description" => "a description",
        "condition" => "the condition",
        "price" => "a price",
        "quantity" => "a quantity",
        "image_urls" => "a main image",
        _ => "this",
    }
}

impl ProductTypes {
    /// Types the seller's answers and checks the product; the fields as they will be saved.
    pub(crate) async fn fit(
        &self,
        mut fields: ProductFields,
        completeness: Completeness,
    ) -> Result<ProductFields, AppError> {
        let loaded = self.load(&fields.product_type, requirements_for(fields.identity.as_ref())).await?;
        let mut errors = FieldErrors::new();
        if loaded.spec.offer_only {
            // An offer sends sales terms only: the type's own attributes would be ignored.
            fields.attributes.clear();
        } else {
            let raw: BTreeMap<String, String> = fields.attributes.iter().flat_map(|(k, v)| v.form_entries(k)).collect();
            let unknown = |n: &&String| match n.strip_suffix(UNIT_SUFFIX) {
                Some(measure) => loaded.spec.field(measure).is_none(),
                None => loaded.spec.field(n).is_none(),
            };
            for name in raw.keys().filter(unknown) {
                errors.insert(
                    attr_field(name),
                    format!("Amazon's {} type has no attribute '{name}'.", loaded.spec.display_name),
                );
            }
            let (typed, problems) = read_attributes(&loaded.spec, &raw);
            errors.extend(problems);
            fields.attributes = typed;
        }
        for p in self.problems(&fields, &loaded, completeness) {
            errors.entry(p.field).or_insert(p.message);
        }
        if errors.is_empty() { Ok(fields) } else { Err(AppError::fields(errors)) }
    }

    /// Everything wrong with a product as the type's schema sees it.
    pub(crate) fn problems(
        &self,
        fields: &ProductFields,
        loaded: &LoadedType,
        completeness: Completeness,
    ) -> Vec<OwnProblem> {
        let mut out = Vec::new();
        if completeness == Completeness::Required && fields.identity.is_none() {
            out.push(OwnProblem { attribute: None, field: "identity".into(), message: IDENTITY_MISSING.into() });
        }
        let document = amazon_document::attributes(fields, &self.market, &loaded.spec);
        let type_name = product_type_label(&fields.product_type);
        for problem in loaded.validator.problems(&document) {
            if problem.missing && completeness == Completeness::AsGiven {
                continue;
            }
            let field = problem.attribute.as_deref().map_or_else(|| "identity".to_string(), field_of);
            let message = match (&problem.attribute, problem.missing) {
                (None, _) => IDENTITY_MISSING.to_string(),
                (Some(a), true) if loaded.spec.field(a).is_some() => {
                    format!("Amazon requires {} for {type_name} products.", loaded.spec.label_of(a))
                }
                (Some(_), true) => format!("Amazon requires {} for {type_name} products.", core_label(&field)),
                (Some(a), false) => match loaded.spec.field(a) {
                    Some(f) => format!("{}: {}", f.label, problem.message),
                    None => problem.message.clone(),
                },
            };
            out.push(OwnProblem { attribute: problem.attribute.clone(), field, message });
        }
        out
    }

    /// A product's fields checked for review or listing: its problems, or none.
    pub(crate) async fn check_complete(&self, fields: &ProductFields) -> Result<Vec<OwnProblem>, AppError> {
        let loaded = self.load(&fields.product_type, requirements_for(fields.identity.as_ref())).await?;
        Ok(self.problems(fields, &loaded, Completeness::Required))
    }

    /// The form's fields for a type (the offer-only set when `offer`).
    pub(crate) async fn spec(
        &self,
        product_type: &str,
        offer: bool,
    ) -> Result<crate::products::model::TypeSpec, AppError> {
        let requirements = if offer {
            crate::integrations::amazon::Requirements::ListingOfferOnly
        } else {
            crate::integrations::amazon::Requirements::Listing
        };
        Ok(self.load(product_type, requirements).await?.spec.clone())
    }
}
