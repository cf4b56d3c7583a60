//! Shared validation helpers: the browser and the server run the same checks, and both turn
//! `validator` failures into the field messages that forms show next to their inputs.

use validator::{Validate, ValidationErrors};

use crate::error::{AppError, FieldErrors};

/// Runs a type's `validator` rules and returns an `AppError::Validation` naming each field.
pub fn validate(value: &impl Validate) -> Result<(), AppError> {
    value.validate().map_err(|errors| AppError::fields(field_errors(&errors)))
}

/// The first message for each failing field (`message` attributes are written for users).
pub fn field_errors(errors: &ValidationErrors) -> FieldErrors {
    errors
        .field_errors()
        .into_iter()
        .filter_map(|(field, errs)| {
            let message = errs.iter().find_map(|e| e.message.as_ref().map(|m| m.to_string()))?;
            Some((field.to_string(), message))
        })
        .collect()
}

/// Counts characters (not bytes), so limits mean what users see.
pub fn char_len(s: &str) -> usize {
    s.chars().count()
}
