//! `SECRET_KEY`: checked in production, generated once (and kept) in development, and the
//! source of the values derived from it.

use std::path::Path;

use base64::Engine;
use secrecy::{ExposeSecret, SecretString};

use super::{ConfigError, Environment, Vars};

/// Values copied from `.env.example`; a deployment that still uses one of them is misconfigured.
const EXAMPLE_SECRET_MARKERS: &[&str] = &["change-me", "changeme", "example", "replace-me"];
/// The shortest secret accepted (a 256-bit key, base64-encoded, is 44 characters).
const MIN_SECRET_LEN: usize = 32;

/// `SECRET_KEY`, or in development a key generated once under `data_dir`.
pub(crate) fn secret_key(vars: &Vars<'_>, env: Environment, data_dir: &Path) -> Result<SecretString, ConfigError> {
    match vars.text("SECRET_KEY") {
        Some(key) => check_secret("SECRET_KEY", key),
        None if env == Environment::Production => Err(ConfigError::Missing { var: "SECRET_KEY" }),
        None => development_key(&data_dir.join("secret_key")),
    }
}

/// 64 bytes of key material for signing cookies, derived from the secret key.
pub(crate) fn cookie_key_material(secret_key: &SecretString) -> [u8; 64] {
    use sha2::{Digest, Sha512};
    let mut out = [0u8; 64];
    out.copy_from_slice(&Sha512::digest(secret_key.expose_secret().as_bytes()));
    out
}

/// A value derived from the secret key for `purpose` (40 hex digits), so every instance
/// sharing the key derives the same one.
pub(crate) fn derive(secret_key: &SecretString, purpose: &str) -> Result<String, ConfigError> {
    use hmac::{Hmac, Mac};
    let mut mac = <Hmac<sha2::Sha256>>::new_from_slice(secret_key.expose_secret().as_bytes())
        .map_err(|e| ConfigError::invalid("SECRET_KEY", e.to_string()))?;
    mac.update(purpose.as_bytes());
    Ok(hex::encode(mac.finalize().into_bytes())[..40].to_string())
}

/// Rejects secrets that are too short or still carry a placeholder from `.env.example`.
fn check_secret(var: &'static str, value: String) -> Result<SecretString, ConfigError> {
    let lower = value.to_ascii_lowercase();
    if EXAMPLE_SECRET_MARKERS.iter().any(|marker| lower.contains(marker)) {
        return Err(ConfigError::invalid(var, "still set to the example value"));
    }
    if value.len() < MIN_SECRET_LEN {
        return Err(ConfigError::invalid(
            var,
            format!("must be at least {MIN_SECRET_LEN} characters (use `openssl rand -base64 48`)"),
        ));
    }
    Ok(SecretString::from(value))
}

/// Development only: a random key generated once and kept in the data directory.
fn development_key(path: &Path) -> Result<SecretString, ConfigError> {
    let key_error = |source| ConfigError::KeyFile { path: path.to_path_buf(), source };
    if let Ok(existing) = std::fs::read_to_string(path) {
        let existing = existing.trim().to_string();
        if existing.len() >= MIN_SECRET_LEN {
            return Ok(SecretString::from(existing));
        }
    }
    let mut bytes = [0u8; 48];
    rand::Rng::fill(&mut rand::thread_rng(), &mut bytes[..]);
    let key = base64::engine::general_purpose::STANDARD.encode(bytes);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(key_error)?;
    }
    write_private(path, &key).map_err(key_error)?;
    Ok(SecretString::from(key))
}

#[cfg(unix)]
fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::{io::Write, os::unix::fs::OpenOptionsExt};
    let mut file = std::fs::OpenOptions::new().create(true).write(true).truncate(true).mode(0o600).open(path)?;
    file.write_all(contents.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    std::fs::write(path, contents)
}
