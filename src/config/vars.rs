//! Reading the environment: each variable is named once, where it is read, and parsed there.

use std::{fmt, str::FromStr, time::Duration};

/// Why the settings could not be built. Start-up prints it and exits.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{var} is required in production")]
    Missing { var: &'static str },
    #[error("{var} must be set: {hint}")]
    Unset { var: &'static str, hint: &'static str },
    #[error("{var} is invalid: {reason}")]
    Invalid { var: &'static str, reason: String },
    #[error("could not keep the development key under {path}: {source}")]
    KeyFile { path: std::path::PathBuf, source: std::io::Error },
}

impl ConfigError {
    pub(crate) fn invalid(var: &'static str, reason: impl Into<String>) -> Self {
        Self::Invalid { var, reason: reason.into() }
    }
}

/// The variables Hamro was started with: the environment, `.env`, or a map in tests.
pub(crate) struct Vars<'a>(&'a dyn Fn(&str) -> Option<String>);

impl<'a> Vars<'a> {
    pub(crate) fn new(lookup: &'a dyn Fn(&str) -> Option<String>) -> Self {
        Self(lookup)
    }

    /// The value, trimmed; `None` when unset or blank.
    pub(crate) fn text(&self, var: &'static str) -> Option<String> {
        (self.0)(var).map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
    }

    /// The value parsed as `T`; `None` when unset.
    pub(crate) fn parse<T: FromStr>(&self, var: &'static str) -> Result<Option<T>, ConfigError>
    where
        T::Err: fmt::Display,
    {
        self.text(var).map(|v| v.parse::<T>().map_err(|e| ConfigError::invalid(var, e.to_string()))).transpose()
    }

    /// The value parsed as `T`, or `default` when unset.
    pub(crate) fn parse_or<T: FromStr>(&self, var: &'static str, default: T) -> Result<T, ConfigError>
    where
        T::Err: fmt::Display,
    {
        Ok(self.parse(var)?.unwrap_or(default))
    }

    /// A whole number of seconds, or `default` seconds when unset.
    pub(crate) fn seconds_or(&self, var: &'static str, default: u64) -> Result<Duration, ConfigError> {
        Ok(Duration::from_secs(self.parse_or(var, default)?))
    }

    /// true/false (also 1/0, yes/no, on/off); `None` when unset.
    pub(crate) fn flag(&self, var: &'static str) -> Result<Option<bool>, ConfigError> {
        self.text(var)
            .map(|v| match v.to_ascii_lowercase().as_str() {
                "1" | "true" | "yes" | "on" => Ok(true),
                "0" | "false" | "no" | "off" => Ok(false),
                _ => Err(ConfigError::invalid(var, format!("'{v}' is not true or false"))),
            })
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_trimmed_parsed_and_named_in_errors() {
        let lookup = |k: &str| match k {
            "N" => Some(" 42 ".to_string()),
            "BLANK" => Some("  ".to_string()),
            "BAD" => Some("forty".to_string()),
            "YES" => Some("On".to_string()),
            _ => None,
        };
        let vars = Vars::new(&lookup);
        assert_eq!(vars.parse::<u32>("N").unwrap(), Some(42));
        assert_eq!(vars.text("BLANK"), None);
        assert_eq!(vars.parse_or::<u32>("UNSET", 7).unwrap(), 7);
        assert_eq!(vars.flag("YES").unwrap(), Some(true));
        let err = vars.parse::<u32>("BAD").unwrap_err();
        assert!(err.to_string().starts_with("BAD is invalid"), "{err}");
        assert!(vars.flag("BAD").is_err());
    }
}
