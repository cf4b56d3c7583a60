//! Password hashing with argon2id (the `argon2` crate's defaults: 19 MiB, 2 passes).
//! Hashing is CPU-bound, so it runs on tokio's blocking pool, never on a request thread,
//! and at most one hash per core runs at once: a burst of sign-ins waits its turn (a few
//! at most, briefly) or is told to come back (503 with Retry-After), instead of spending
//! gigabytes and every core while the pages stop answering.

use std::{sync::OnceLock, time::Duration};

use tokio::sync::{Semaphore, SemaphorePermit};

use argon2::{
    Argon2, PasswordHash, PasswordHasher, PasswordVerifier,
    password_hash::{SaltString, rand_core::OsRng},
};
use secrecy::{ExposeSecret, SecretString};

use crate::error::AppError;

/// A stored password hash (PHC string). Never serialized to clients, never printed.
#[derive(Clone)]
pub(crate) struct PasswordHashString(pub String);

impl std::fmt::Debug for PasswordHashString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHashString([redacted])")
    }
}

/// How long a sign-in waits for a core before it is told to come back.
const WAIT_FOR_A_CORE: Duration = Duration::from_secs(2);

struct Hashing {
    /// One per core: hashes running.
    running: Semaphore,
    /// Hashes running or waiting; beyond this, new ones are turned away at once.
    admitted: Semaphore,
}

fn hashing() -> &'static Hashing {
    static HASHING: OnceLock<Hashing> = OnceLock::new();
    HASHING.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        Hashing { running: Semaphore::new(cores), admitted: Semaphore::new(cores * 4) }
    })
}

fn busy() -> AppError {
    AppError::Busy {
        message: "Hamro is busy checking other sign-ins. Please try again in a moment.".into(),
        retry_after_secs: 2,
    }
}

/// A turn at hashing, or `Busy` when too many are waiting already.
async fn turn() -> Result<(SemaphorePermit<'static>, SemaphorePermit<'static>), AppError> {
    let pool = hashing();
    let admitted = pool.admitted.try_acquire().map_err(|_| {
        tracing::warn!("sign-in refused: every hashing slot is taken");
        busy()
    })?;
    match tokio::time::timeout(WAIT_FOR_A_CORE, pool.running.acquire()).await {
        Ok(Ok(running)) => Ok((admitted, running)),
        _ => Err(busy()),
    }
}

/// Hashes a password with a fresh random salt.
pub(crate) async fn hash(password: SecretString) -> Result<PasswordHashString, AppError> {
    let _turn = turn().await?;
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.expose_secret().as_bytes(), &salt)
            .map(|h| PasswordHashString(h.to_string()))
            .map_err(|e| AppError::internal("hashing a password", e))
    })
    .await
    .map_err(|e| AppError::internal("password hashing task", e))?
}

/// Checks a password against a stored hash. With no stored hash (unknown e-mail), a dummy
/// hash is checked instead, so both failures take the same time and reveal nothing.
pub(crate) async fn verify(password: SecretString, stored: Option<PasswordHashString>) -> Result<bool, AppError> {
    let _turn = turn().await?;
    tokio::task::spawn_blocking(move || {
        let (hash, known) = match &stored {
            Some(h) => (h.0.as_str(), true),
            None => (dummy_hash(), false),
        };
        let parsed = PasswordHash::new(hash).map_err(|e| AppError::internal("parsing a stored password hash", e))?;
        let matches = Argon2::default().verify_password(password.expose_secret().as_bytes(), &parsed).is_ok();
        Ok(known && matches)
    })
    .await
    .map_err(|e| AppError::internal("password verification task", e))?
}

/// A valid argon2id hash of a random password, computed once, used for unknown accounts.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(uuid::Uuid::new_v4().as_bytes(), &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_differ_per_salt() {
        let a = hash(SecretString::from("hamro-seller")).await.unwrap();
        let b = hash(SecretString::from("hamro-seller")).await.unwrap();
        assert_ne!(a.0, b.0);
        assert!(a.0.starts_with("$argon2id$"));
        assert!(verify(SecretString::from("hamro-seller"), Some(a.clone())).await.unwrap());
        assert!(!verify(SecretString::from("wrong"), Some(a)).await.unwrap());
        assert!(!verify(SecretString::from("anything"), None).await.unwrap());
    }
}
