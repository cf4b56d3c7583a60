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

/// Text contains characters that change how it displays without showing themselves:
/// control characters (line breaks and tabs are fine when `multiline`), and on the server
/// the full Unicode sets Default_Ignorable_Code_Point (zero-width spaces, the word joiner,
/// the byte-order mark, soft hyphens, variation selectors, tag characters ...) and
/// Bidi_Control (the overrides, isolates and marks that reorder text). Two exceptions keep
/// real writing working: a zero-width joiner or non-joiner between two non-ASCII characters
/// (Persian, Indic scripts and emoji sequences need them), and a variation selector after a
/// non-ASCII character (emoji presentation). The browser checks the common ones only and
/// leaves the full sets to the server, which checks every write.
pub fn has_hidden_chars(s: &str, multiline: bool) -> bool {
    let chars: Vec<char> = s.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| {
        let allowed_break = multiline && matches!(c, '\n' | '\r' | '\t');
        if allowed_break || !is_hidden(c) {
            return false;
        }
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        let non_ascii = |c: Option<char>| c.is_some_and(|c| !c.is_ascii() && !is_hidden(c));
        let joins_writing = matches!(c, '\u{200C}' | '\u{200D}') && non_ascii(before) && non_ascii(after);
        let selects_variant = matches!(c, '\u{FE00}'..='\u{FE0F}') && non_ascii(before);
        !(joins_writing || selects_variant)
    })
}

#[cfg(feature = "ssr")]
fn is_hidden(c: char) -> bool {
    use std::sync::LazyLock;
    static HIDDEN: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"^[\p{Cc}\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]$").expect("a valid pattern")
    });
    let mut buf = [0u8; 4];
    HIDDEN.is_match(c.encode_utf8(&mut buf))
}

#[cfg(not(feature = "ssr"))]
fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}' | '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}'
        )
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

    #[test]
    fn zero_width_bidi_marks_and_byte_order_marks_are_found_but_real_writing_is_not() {
        for hidden in [
            '\u{200B}',
            '\u{200C}',
            '\u{200D}',
            '\u{200E}',
            '\u{200F}',
            '\u{2060}',
            '\u{FEFF}',
            '\u{061C}',
            '\u{00AD}',
            '\u{2066}',
            '\u{E0041}',
            '\u{180E}',
        ] {
            assert!(has_hidden_chars(&format!("pay{hidden}pal"), false), "U+{:04X}", hidden as u32);
        }
        // Persian with a zero-width non-joiner, an emoji family (joiners), a heart with its
        // emoji variation selector.
        assert!(!has_hidden_chars("می\u{200C}خواهم", false));
        assert!(!has_hidden_chars("\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} family", false));
        assert!(!has_hidden_chars("I \u{2764}\u{FE0F} linen", false));
        assert!(has_hidden_chars("\u{200D}\u{1F469}", false), "a joiner at the start joins nothing");
    }
}
