//! Stripe: `STRIPE_SECRET_KEY` and the webhook secrets, checked against the environment.

use secrecy::{ExposeSecret, SecretString};

use super::{ConfigError, Environment, Vars};
use crate::integrations::stripe::StripeSettings;

/// Ends the API base in `/` (the client appends `v1/...`).
pub(crate) fn with_slash(base: String) -> String {
    if base.ends_with('/') { base } else { format!("{base}/") }
}

/// The country of the connected accounts Hamro creates.
pub(crate) fn connect_country(vars: &Vars<'_>) -> String {
    vars.text("STRIPE_CONNECT_COUNTRY").unwrap_or_else(|| "US".into()).to_uppercase()
}

/// The real Stripe account's settings, or `None` when no key is set (then the sandbox, which
/// production refuses).
pub(crate) fn read(vars: &Vars<'_>, env: Environment) -> Result<Option<StripeSettings>, ConfigError> {
    let Some(key) = vars.text("STRIPE_SECRET_KEY") else {
        return match env {
            Environment::Production => Err(ConfigError::Missing { var: "STRIPE_SECRET_KEY" }),
            Environment::Development => Ok(None),
        };
    };
    let live = key.starts_with("sk_live_") || key.starts_with("rk_live_");
    let test = key.starts_with("sk_test_") || key.starts_with("rk_test_");
    if !live && !test {
        return Err(ConfigError::invalid("STRIPE_SECRET_KEY", "must start with sk_live_ or sk_test_"));
    }
    if live && env != Environment::Production {
        return Err(ConfigError::invalid(
            "STRIPE_SECRET_KEY",
            "a live key (sk_live_) is only allowed with HAMRO_ENV=production",
        ));
    }
    if test && env == Environment::Production {
        return Err(ConfigError::invalid(
            "STRIPE_SECRET_KEY",
            "a test key (sk_test_) is not allowed with HAMRO_ENV=production",
        ));
    }
    let webhook_secrets: Vec<SecretString> = vars
        .text("STRIPE_WEBHOOK_SECRET")
        .ok_or(ConfigError::Missing { var: "STRIPE_WEBHOOK_SECRET" })?
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| SecretString::from(s.to_string()))
        .collect();
    if webhook_secrets.is_empty() || webhook_secrets.iter().any(|s| !s.expose_secret().starts_with("whsec_")) {
        return Err(ConfigError::invalid("STRIPE_WEBHOOK_SECRET", "use whsec_... (comma-separated while rotating)"));
    }
    Ok(Some(StripeSettings {
        api_base: with_slash(vars.text("STRIPE_API_BASE").unwrap_or_else(|| "https://api.stripe.com/".into())),
        secret_key: SecretString::from(key),
        publishable_key: vars.text("STRIPE_PUBLISHABLE_KEY"),
        webhook_secrets,
        connect_country: connect_country(vars),
    }))
}
