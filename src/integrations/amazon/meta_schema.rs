//! Amazon's product type schemas, compiled for validation. They are written in Amazon's
//! product type meta-schema (v1): JSON Schema 2019-09, which the `jsonschema` crate checks,
//! plus keywords of Amazon's own registered here: `selectors` with `maxUniqueItems` (each
//! combination of the selector fields may occur at most N times in an array), and
//! `minUtf8ByteLength` / `maxUtf8ByteLength` (string length in UTF-8 bytes). `editable`,
//! `hidden` and `enumNames` are hints for forms, informational as in Amazon's own Java
//! example, so they are not validated.

use std::collections::HashMap;

use jsonschema::{Draft, Keyword, ValidationError, error::ValidationErrorKind, paths::Location};
use serde_json::{Map, Value};

/// One thing wrong with a set of attributes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The top-level attribute concerned (`None`: the whole set, e.g. the identifier rule).
    pub attribute: Option<String>,
    /// The attribute is required and missing (as opposed to present but invalid).
    pub missing: bool,
    /// What is wrong, in words a seller can act on.
    pub message: String,
}

/// A compiled product type schema.
pub struct SchemaValidator {
    validator: jsonschema::Validator,
}

impl std::fmt::Debug for SchemaValidator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SchemaValidator")
    }
}

impl SchemaValidator {
    /// Compiles a schema document. Its `$schema` names the meta-schema by an identifier
    /// that cannot be fetched, so the 2019-09 draft is set here instead.
    pub fn new(schema: &Value) -> Result<Self, String> {
        let mut schema = schema.clone();
        if let Some(map) = schema.as_object_mut() {
            map.remove("$schema");
        }
        let validator = jsonschema::options()
            .with_draft(Draft::Draft201909)
            .with_keyword("maxUniqueItems", max_unique_items)
            .with_keyword("minUtf8ByteLength", |_: &Map<String, Value>, v: &Value, _: Location| byte_length(v, false))
            .with_keyword("maxUtf8ByteLength", |_: &Map<String, Value>, v: &Value, _: Location| byte_length(v, true))
            .build(&schema)
            .map_err(|e| format!("the product type schema does not compile: {e}"))?;
        Ok(Self { validator })
    }

    /// Everything wrong with `attributes` (empty: valid).
    pub fn problems(&self, attributes: &Value) -> Vec<Problem> {
        let mut problems: Vec<Problem> = self.validator.iter_errors(attributes).map(|e| problem(&e)).collect();
        problems.dedup();
        problems
    }
}

fn problem(error: &ValidationError<'_>) -> Problem {
    let path = error.instance_path().to_string();
    let attribute = path.split('/').find(|s| !s.is_empty()).map(str::to_string);
    match error.kind() {
        ValidationErrorKind::Required { property } if attribute.is_none() => {
            let name = property.as_str().unwrap_or_default().to_string();
            Problem { message: format!("'{name}' is required but not supplied."), attribute: Some(name), missing: true }
        }
        ValidationErrorKind::AnyOf { .. } | ValidationErrorKind::OneOfNotValid { .. } if attribute.is_none() => {
            Problem {
                attribute: None,
                missing: true,
                message:
                    "Give a product identifier (UPC, EAN, GTIN or ISBN), an existing ASIN, or declare an exemption."
                        .into(),
            }
        }
        kind => Problem { attribute, missing: false, message: describe(kind, error) },
    }
}

/// A message for one failed keyword, without echoing the value back.
fn describe(kind: &ValidationErrorKind, error: &ValidationError<'_>) -> String {
    match kind {
        ValidationErrorKind::MaxLength { limit } => format!("Use at most {limit} characters."),
        ValidationErrorKind::MinLength { limit } => format!("Use at least {limit} characters."),
        ValidationErrorKind::MaxItems { limit } => format!("Give at most {limit} values."),
        ValidationErrorKind::MinItems { limit } => format!("Give at least {limit} value(s)."),
        ValidationErrorKind::Enum { .. } => "Choose one of the listed values.".into(),
        ValidationErrorKind::Pattern { .. } => "The value is not in the expected format.".into(),
        ValidationErrorKind::Minimum { .. } | ValidationErrorKind::ExclusiveMinimum { .. } => {
            "The value is too small.".into()
        }
        ValidationErrorKind::Maximum { .. } | ValidationErrorKind::ExclusiveMaximum { .. } => {
            "The value is too large.".into()
        }
        ValidationErrorKind::Required { property } => {
            format!("'{}' is missing.", property.as_str().unwrap_or_default())
        }
        ValidationErrorKind::Custom { message, .. } => message.clone(),
        _ => error.masked().to_string(),
    }
}

/// `maxUniqueItems`, with the `selectors` beside it naming the fields that make an entry.
struct MaxUniqueItems {
    selectors: Vec<String>,
    max: usize,
}

fn max_unique_items<'a>(
    parent: &'a Map<String, Value>,
    value: &'a Value,
    _: Location,
) -> Result<Box<dyn for<'i> Keyword<'i>>, ValidationError<'a>> {
    let max = value.as_u64().ok_or_else(|| ValidationError::custom("maxUniqueItems must be a whole number"))?;
    let selectors = parent
        .get("selectors")
        .and_then(Value::as_array)
        .map(|s| s.iter().filter_map(Value::as_str).map(str::to_string).collect())
        .unwrap_or_default();
    Ok(Box::new(MaxUniqueItems { selectors, max: max as usize }))
}

impl MaxUniqueItems {
    fn worst(&self, instance: &Value) -> usize {
        let Some(items) = instance.as_array() else { return 0 };
        let mut counts: HashMap<String, usize> = HashMap::new();
        for item in items {
            let key: Vec<&Value> = self.selectors.iter().map(|s| item.get(s).unwrap_or(&Value::Null)).collect();
            *counts.entry(serde_json::to_string(&key).unwrap_or_default()).or_default() += 1;
        }
        counts.into_values().max().unwrap_or(0)
    }
}

impl<'i> Keyword<'i> for MaxUniqueItems {
    fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
        if self.is_valid(instance) {
            return Ok(());
        }
        let scope =
            if self.selectors.is_empty() { String::new() } else { format!(" per {}", self.selectors.join(", ")) };
        Err(ValidationError::custom(format!("Give at most {} value(s){scope}.", self.max)))
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        self.worst(instance) <= self.max
    }
}

/// `minUtf8ByteLength` (`at_most` false) or `maxUtf8ByteLength` (true).
struct ByteLength {
    limit: usize,
    at_most: bool,
}

fn byte_length<'a>(value: &'a Value, at_most: bool) -> Result<Box<dyn for<'i> Keyword<'i>>, ValidationError<'a>> {
    let limit = value.as_u64().ok_or_else(|| ValidationError::custom("a UTF-8 byte length must be a whole number"))?;
    Ok(Box::new(ByteLength { limit: limit as usize, at_most }))
}

impl<'i> Keyword<'i> for ByteLength {
    fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
        if self.is_valid(instance) {
            return Ok(());
        }
        let len = instance.as_str().map_or(0, str::len);
        Err(ValidationError::custom(if self.at_most {
            format!("Too long: at most {} bytes of text are allowed, this is {len}.", self.limit)
        } else {
            format!("Too short: at least {} bytes of text are needed, this is {len}.", self.limit)
        }))
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        instance.as_str().is_none_or(|s| if self.at_most { s.len() <= self.limit } else { s.len() >= self.limit })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn schema() -> Value {
        json!({
            "$schema": "https://schemas.amazon.com/selling-partners/definitions/product-types/meta-schema/v1",
            "type": "object",
            "required": ["brand", "bullet_point"],
            "anyOf": [{ "required": ["externally_assigned_product_identifier"] }, { "required": ["merchant_suggested_asin"] }],
            "properties": {
                "brand": { "type": "array", "editable": true, "hidden": false, "items": { "type": "object",
                    "properties": { "value": { "type": "string", "maxLength": 50, "maxUtf8ByteLength": 60, "minUtf8ByteLength": 2 } } } },
                "bullet_point": { "type": "array", "selectors": ["marketplace_id", "language_tag"], "maxUniqueItems": 2,
                    "items": { "type": "object", "properties": { "value": { "type": "string" } } } },
                "color": { "type": "array", "items": { "type": "object", "properties": {
                    "value": { "type": "string", "enum": ["red", "blue"], "enumNames": ["Red", "Blue"] } } } },
                "merchant_suggested_asin": { "type": "array" }
            }
        })
    }

    fn check(attributes: Value) -> Vec<Problem> {
        SchemaValidator::new(&schema()).unwrap().problems(&attributes)
    }

    fn bullet(n: usize, lang: &str) -> Vec<Value> {
        (0..n).map(|i| json!({ "value": format!("b{i}"), "marketplace_id": "M", "language_tag": lang })).collect()
    }

    #[test]
    fn a_valid_set_has_no_problems_and_hints_are_not_rules() {
        let ok = json!({ "brand": [{ "value": "Lumen" }], "bullet_point": bullet(2, "en_US"),
            "merchant_suggested_asin": [{ "value": "B0CATLAMP1" }], "color": [{ "value": "red" }] });
        assert_eq!(check(ok), vec![]);
    }

    #[test]
    fn a_missing_required_attribute_is_named() {
        let problems = check(json!({ "brand": [{ "value": "Lumen" }], "merchant_suggested_asin": [] }));
        assert_eq!(
            problems,
            vec![Problem {
                attribute: Some("bullet_point".into()),
                missing: true,
                message: "'bullet_point' is required but not supplied.".into()
            }]
        );
    }

    #[test]
    fn the_identifier_rule_is_one_problem_for_the_whole_set() {
        let problems = check(json!({ "brand": [{ "value": "Lumen" }], "bullet_point": bullet(1, "en_US") }));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].attribute, None);
    }

    #[test]
    fn max_unique_items_counts_per_selector_combination() {
        let base = json!({ "brand": [{ "value": "Lumen" }], "merchant_suggested_asin": [] });
        let mut two_languages = base.clone();
        two_languages["bullet_point"] = json!([bullet(2, "en_US"), bullet(2, "es_US")].concat());
        assert_eq!(check(two_languages), vec![]);
        let mut three = base;
        three["bullet_point"] = json!(bullet(3, "en_US"));
        let problems = check(three);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].attribute.as_deref(), Some("bullet_point"));
        assert!(problems[0].message.contains("at most 2"), "{:?}", problems[0]);
    }

    #[test]
    fn utf8_byte_lengths_count_bytes_not_characters() {
        let with = |brand: &str| {
            check(
                json!({ "brand": [{ "value": brand }], "bullet_point": bullet(1, "en_US"), "merchant_suggested_asin": [] }),
            )
        };
        assert_eq!(with(&"é".repeat(30)), vec![], "30 characters, 60 bytes");
        let long = with(&"é".repeat(31));
        assert_eq!(long.len(), 1, "31 characters are under maxLength 50 but 62 bytes: {long:?}");
        assert!(long[0].message.contains("at most 60 bytes"));
        assert_eq!(with("L").len(), 1, "under minUtf8ByteLength");
    }

    #[test]
    fn an_enum_value_outside_the_list_is_refused() {
        let problems = check(json!({ "brand": [{ "value": "Lumen" }], "bullet_point": bullet(1, "en_US"),
            "merchant_suggested_asin": [], "color": [{ "value": "green" }] }));
        assert_eq!(problems[0].attribute.as_deref(), Some("color"));
        assert_eq!(problems[0].message, "Choose one of the listed values.");
    }
}
