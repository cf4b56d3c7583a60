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

/// `s` cut to at most `max` characters, with an ellipsis when it was longer (for messages
/// that quote what someone typed).
pub fn clip(s: &str, max: usize) -> String {
    if char_len(s) <= max { s.to_string() } else { format!("{}…", s.chars().take(max).collect::<String>()) }
}

/// The message for text with characters nobody types on purpose (see `has_hidden_chars`).
pub const HIDDEN_CHARS_MESSAGE: &str = "Remove invisible control characters (they can disguise text).";

/// Text contains control characters (line breaks and tabs are fine when `multiline`) or the
/// bidirectional overrides and isolates that make text display differently from what it says.
pub fn has_hidden_chars(s: &str, multiline: bool) -> bool {
    s.chars().any(|c| {
        let allowed_break = multiline && matches!(c, '\n' | '\r' | '\t');
        (c.is_control() && !allowed_break) || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_are_found() {
        assert!(!has_hidden_chars("Linen shirt – été", false));
        assert!(!has_hidden_chars("line one\nline two", true));
        assert!(has_hidden_chars("line one\nline two", false));
        assert!(has_hidden_chars("a\u{0}b", true));
        assert!(has_hidden_chars("invoice\u{202E}fdp.exe", true));
    }
}
