//! What a product type asks for, as the form shows it (built on the server from Amazon's
//! definition and schema), and the values a seller gave for those attributes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A value of one of the type's own attributes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum AttrValue {
    Text(String),
    /// Several values, e.g. bullet points.
    List(Vec<String>),
    /// One of the schema's `enum` values.
    Choice(String),
    /// A number with its unit (a weight in pounds, ...).
    Measure {
        amount: String,
        unit: String,
    },
}

pub const UNIT_SUFFIX: &str = "__unit";

/// The form's key for a measure's unit (`item_weight__unit`).
pub fn unit_key(name: &str) -> String {
    format!("{name}{UNIT_SUFFIX}")
}

impl AttrValue {
    pub fn is_empty(&self) -> bool {
        match self {
            Self::Text(s) | Self::Choice(s) => s.trim().is_empty(),
            Self::List(l) => l.iter().all(|s| s.trim().is_empty()),
            Self::Measure { amount, .. } => amount.trim().is_empty(),
        }
    }

    /// The form's fields for this value: (key, text), two for a measure.
    pub fn form_entries(&self, name: &str) -> Vec<(String, String)> {
        match self {
            Self::Measure { amount, unit } => vec![(name.to_string(), amount.clone()), (unit_key(name), unit.clone())],
            other => vec![(name.to_string(), other.as_form_text())],
        }
    }

    /// As the form shows it: lists one value per line.
    pub fn as_form_text(&self) -> String {
        match self {
            Self::Text(s) | Self::Choice(s) => s.clone(),
            Self::List(l) => l.join("\n"),
            Self::Measure { amount, unit } => format!("{amount} {unit}"),
        }
    }
}

/// The type-specific attributes of a product, by Amazon attribute name.
pub type Attributes = BTreeMap<String, AttrValue>;

/// One value of a choice, with its label (`enum` and `enumNames`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ChoiceOption {
    pub value: String,
    pub label: String,
}

/// How a field is entered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    LongText,
    /// One value per line, at most `max_items`.
    List {
        max_items: u32,
    },
    /// From `enum`, labelled by `enumNames`.
    Choice {
        options: Vec<ChoiceOption>,
    },
    /// A positive number and one of `units`.
    Measure {
        units: Vec<ChoiceOption>,
    },
}

/// One attribute the form asks for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FieldSpec {
    /// Amazon's attribute name (bullet_point).
    pub name: String,
    /// The schema's title (Bullet Point).
    pub label: String,
    pub description: String,
    pub required: bool,
    pub kind: FieldKind,
    pub max_chars: Option<u32>,
    /// Each value carries a `language_tag`.
    pub localized: bool,
}

/// Fields shown together (the definition's property groups).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FieldGroup {
    pub title: String,
    pub fields: Vec<FieldSpec>,
}

/// A product type's requirements as the form needs them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TypeSpec {
    pub product_type: String,
    pub display_name: String,
    /// `productTypeVersion` the spec was built from.
    pub version: String,
    /// Built from the offer-only requirements (an offer on an existing ASIN).
    pub offer_only: bool,
    pub groups: Vec<FieldGroup>,
}

impl TypeSpec {
    pub fn fields(&self) -> impl Iterator<Item = &FieldSpec> {
        self.groups.iter().flat_map(|g| g.fields.iter())
    }

    pub fn field(&self, name: &str) -> Option<&FieldSpec> {
        self.fields().find(|f| f.name == name)
    }

    /// The seller's word for an attribute: its label, or the name itself.
    pub fn label_of<'a>(&'a self, name: &'a str) -> &'a str {
        self.field(name).map_or(name, |f| f.label.as_str())
    }
}

/// A product type found by a search (`searchDefinitionsProductTypes`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProductTypeChoice {
    pub name: String,
    pub display_name: String,
}

/// An item Amazon's catalog already has (`searchCatalogItems`): list an offer on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CatalogMatch {
    pub asin: String,
    pub item_name: String,
    pub brand: Option<String>,
    pub product_type: Option<String>,
}

/// A product type's name as Amazon writes it (LIGHT_FIXTURE), or `None` when `name` could
/// not be one.
pub fn type_name(name: &str) -> Option<String> {
    let name = name.trim().to_uppercase();
    (!name.is_empty() && name.len() <= 64 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then_some(name)
}

/// The form field (and error key) of a type attribute.
pub fn attr_field(name: &str) -> String {
    format!("attributes.{name}")
}

/// Reads the form's text for each field of the spec into typed values; empty ones are left
/// out. `Err` holds (field, message) for a value that is not one of a choice's options.
pub fn read_attributes(spec: &TypeSpec, given: &BTreeMap<String, String>) -> (Attributes, Vec<(String, String)>) {
    let mut values = Attributes::new();
    let mut errors = Vec::new();
    for field in spec.fields() {
        let Some(text) = given.get(&field.name).map(|t| t.trim()).filter(|t| !t.is_empty()) else { continue };
        let value = match &field.kind {
            FieldKind::Text | FieldKind::LongText => AttrValue::Text(text.to_string()),
            FieldKind::List { max_items } => {
                let items: Vec<String> =
                    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
                if items.len() > *max_items as usize {
                    errors.push((attr_field(&field.name), format!("Give at most {max_items}, one per line.")));
                }
                AttrValue::List(items)
            }
            FieldKind::Choice { options } => {
                if !options.iter().any(|o| o.value == text) {
                    errors.push((attr_field(&field.name), "Choose one of the listed values.".to_string()));
                }
                AttrValue::Choice(text.to_string())
            }
            FieldKind::Measure { units } => {
                let unit = given.get(&unit_key(&field.name)).map(|u| u.trim()).unwrap_or_default();
                if !text.parse::<f64>().is_ok_and(|n| n.is_finite() && n > 0.0) {
                    errors.push((attr_field(&field.name), "Enter a number more than zero, like 2.5.".to_string()));
                } else if !units.iter().any(|u| u.value == unit) {
                    errors.push((attr_field(&field.name), "Choose the unit.".to_string()));
                }
                AttrValue::Measure { amount: text.to_string(), unit: unit.to_string() }
            }
        };
        values.insert(field.name.clone(), value);
    }
    (values, errors)
}
