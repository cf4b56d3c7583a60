//! Page tokens for `searchOrders` and `listTransactions`: opaque to the caller, signed, valid
//! for 24 hours, and bound to the request's other parameters (Amazon requires the same
//! values on every page; a token sent with different ones is refused, not misread).

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::Sandbox;

const LIFETIME: chrono::Duration = chrono::Duration::hours(24);

/// Where a page ended: the sort time and id of its last row.
#[derive(Serialize, Deserialize)]
struct Position {
    /// Fingerprint of the parameters that must not change.
    f: String,
    t: DateTime<Utc>,
    i: String,
    /// Expiry.
    x: DateTime<Utc>,
}

/// Why a token was refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum TokenError {
    Malformed,
    Expired,
    OtherParameters,
}

/// The fingerprint of the parameters a token is bound to, as (name, value) pairs.
pub(crate) fn fingerprint(params: &[(&str, Option<&String>)]) -> String {
    let mut digest = Sha256::new();
    for (name, value) in params {
        digest.update(name.as_bytes());
        digest.update(b"=");
        digest.update(value.map(String::as_str).unwrap_or("\u{0}").as_bytes());
        digest.update(b"&");
    }
    hex::encode(digest.finalize())[..16].to_string()
}

fn mac(sandbox: &Sandbox, body: &str) -> String {
    let key = sandbox.settings.token_key.expose_secret();
    let mut mac = <Hmac<Sha256>>::new_from_slice(key.as_bytes()).expect("any key length");
    mac.update(b"hamro amazon sandbox page token|");
    mac.update(body.as_bytes());
    hex::encode(mac.finalize().into_bytes())[..24].to_string()
}

/// A token for the page after (`time`, `id`).
pub(crate) fn issue(sandbox: &Sandbox, fingerprint: &str, time: DateTime<Utc>, id: &str) -> String {
    let position = Position { f: fingerprint.to_string(), t: time, i: id.to_string(), x: Utc::now() + LIFETIME };
    let body = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&position).unwrap_or_default());
    format!("{body}.{}", mac(sandbox, &body))
}

/// Where the previous page ended, if the token is ours, unexpired and for these parameters.
pub(crate) fn read(sandbox: &Sandbox, token: &str, fingerprint: &str) -> Result<(DateTime<Utc>, String), TokenError> {
    let (body, sig) = token.split_once('.').ok_or(TokenError::Malformed)?;
    if mac(sandbox, body) != sig {
        return Err(TokenError::Malformed);
    }
    let bytes = URL_SAFE_NO_PAD.decode(body).map_err(|_| TokenError::Malformed)?;
    let position: Position = serde_json::from_slice(&bytes).map_err(|_| TokenError::Malformed)?;
    if position.x < Utc::now() {
        return Err(TokenError::Expired);
    }
    if position.f != fingerprint {
        return Err(TokenError::OtherParameters);
    }
    Ok((position.t, position.i))
}

impl TokenError {
    pub(crate) fn message(&self, name: &str) -> String {
        match self {
            Self::Malformed => format!("Invalid {name}."),
            Self::Expired => format!("The {name} has expired."),
            Self::OtherParameters => {
                format!(
                    "The {name} was issued for a request with different parameters; send the same values with every page."
                )
            }
        }
    }
}
