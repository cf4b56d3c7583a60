//! Stripe webhook verification: `Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>...]` is an
//! HMAC-SHA256 of `"{t}.{body}"`. We accept any of several secrets (during a rotation) and
//! any of several v1 values, within 300 s either way; anything else changes nothing.

use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;
use stripe_webhook::{Event, Webhook};

/// How far the signature's time may be from ours.
pub const TOLERANCE_SECS: i64 = 300;

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    #[error("missing or malformed Stripe-Signature header")]
    MalformedHeader,
    #[error("no signature matches")]
    BadSignature,
    #[error("the signature's timestamp is outside the tolerance")]
    Stale,
    #[error("the body is not a Stripe event: {0}")]
    BadPayload(String),
}

/// A verified, parsed event.
pub struct VerifiedEvent {
    pub event: Event,
    /// The raw JSON, for fields the typed event doesn't carry.
    pub raw: serde_json::Value,
}

/// Parses `t=...,v1=...` into the timestamp (as sent, and as a number) and the signatures.
fn parse_header(header: &str) -> Result<(&str, i64, Vec<Vec<u8>>), WebhookError> {
    let mut t = None;
    let mut v1 = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", value)) => t = Some(value),
            Some(("v1", value)) => {
                if let Ok(bytes) = hex::decode(value) {
                    v1.push(bytes);
                }
            }
            Some(_) => {}
            None => return Err(WebhookError::MalformedHeader),
        }
    }
    let t_raw = t.ok_or(WebhookError::MalformedHeader)?;
    let t = t_raw.parse::<i64>().map_err(|_| WebhookError::MalformedHeader)?;
    if v1.is_empty() {
        return Err(WebhookError::MalformedHeader);
    }
    Ok((t_raw, t, v1))
}

/// Verifies the signature against every secret, checks the time, then parses the event.
pub fn verify_and_parse(
    payload: &[u8],
    header: &str,
    secrets: &[SecretString],
    now: i64,
) -> Result<VerifiedEvent, WebhookError> {
    let (t_raw, t, signatures) = parse_header(header)?;
    let matched = secrets.iter().find_map(|secret| {
        let mut mac = <Hmac<Sha256>>::new_from_slice(secret.expose_secret().as_bytes()).ok()?;
        mac.update(t_raw.as_bytes());
        mac.update(b".");
        mac.update(payload);
        signatures.iter().find(|sig| mac.clone().verify_slice(sig).is_ok()).map(|sig| (secret, sig))
    });
    let Some((secret, signature)) = matched else { return Err(WebhookError::BadSignature) };
    if now.abs_diff(t) > TOLERANCE_SECS.unsigned_abs() {
        return Err(WebhookError::Stale);
    }
    let body = std::str::from_utf8(payload).map_err(|e| WebhookError::BadPayload(e.to_string()))?;
    let raw: serde_json::Value = serde_json::from_str(body).map_err(|e| WebhookError::BadPayload(e.to_string()))?;
    // async-stripe parses the typed event. It checks one v1 value (the last) against one
    // secret, so it gets the pair that matched; our time check stands.
    let matched_header = format!("t={t_raw},v1={}", hex::encode(signature));
    let event = Webhook::construct_event_with_timestamp(body, &matched_header, secret.expose_secret(), t)
        .map_err(|e| WebhookError::BadPayload(e.to_string()))?;
    Ok(VerifiedEvent { event, raw })
}

/// Signs a payload the way Stripe does (the sandbox uses this; tests too).
pub fn sign(payload: &[u8], secret: &str, t: i64) -> String {
    let mut mac = <Hmac<Sha256>>::new_from_slice(secret.as_bytes()).expect("HMAC accepts any key length");
    mac.update(format!("{t}.").as_bytes());
    mac.update(payload);
    format!("t={t},v1={}", hex::encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] = br#"{"id":"evt_1","object":"event","created":1700000000,"livemode":false,"pending_webhooks":1,"type":"payout.paid","data":{"object":{"id":"po_1","object":"payout","amount":5000,"arrival_date":1700086400,"automatic":false,"created":1700000000,"currency":"usd","livemode":false,"method":"standard","reconciliation_status":"not_applicable","source_type":"card","status":"paid","type":"bank_account"}}}"#;

    fn secrets(list: &[&str]) -> Vec<SecretString> {
        list.iter().map(|s| SecretString::from(s.to_string())).collect()
    }

    #[test]
    fn a_valid_signature_parses() {
        let header = sign(BODY, "whsec_a", 1_700_000_000);
        let verified = verify_and_parse(BODY, &header, &secrets(&["whsec_a"]), 1_700_000_100).unwrap();
        assert_eq!(verified.event.id.as_str(), "evt_1");
    }

    #[test]
    fn forged_stale_and_malformed_are_refused() {
        let header = sign(BODY, "whsec_a", 1_700_000_000);
        assert_eq!(
            verify_and_parse(BODY, &header, &secrets(&["whsec_b"]), 1_700_000_000).err(),
            Some(WebhookError::BadSignature)
        );
        assert_eq!(
            verify_and_parse(BODY, &header, &secrets(&["whsec_a"]), 1_700_000_301).err(),
            Some(WebhookError::Stale)
        );
        assert_eq!(
            verify_and_parse(b"{}", &header, &secrets(&["whsec_a"]), 1_700_000_000).err(),
            Some(WebhookError::BadSignature)
        );
        for bad in ["", "t=abc,v1=00", "v1=00", "t=1", "garbage"] {
            assert_eq!(
                verify_and_parse(BODY, bad, &secrets(&["whsec_a"]), 1).err(),
                Some(WebhookError::MalformedHeader),
                "{bad}"
            );
        }
    }

    #[test]
    fn rotation_accepts_several_secrets_and_several_signatures() {
        let t = 1_700_000_000;
        let old = sign(BODY, "whsec_old", t);
        let new = sign(BODY, "whsec_new", t);
        let both = format!("{},{}", new, old.split_once(',').unwrap().1);
        assert!(verify_and_parse(BODY, &both, &secrets(&["whsec_old"]), t).is_ok(), "two v1 values, old secret");
        assert!(
            verify_and_parse(BODY, &both, &secrets(&["whsec_new"]), t).is_ok(),
            "two v1 values, new secret (not the last)"
        );
        assert!(verify_and_parse(BODY, &both, &secrets(&["whsec_new", "whsec_old"]), t).is_ok(), "both");
        assert!(verify_and_parse(BODY, &old, &secrets(&["whsec_new", "whsec_old"]), t).is_ok(), "two secrets");
    }

    mod properties {
        use proptest::prelude::*;

        use super::*;

        const NOW: i64 = 1_700_000_000;

        proptest! {
            /// Any header at all, against any body: an error or a verified event, never a panic.
            #[test]
            fn any_header_is_handled(header in "\\PC{0,200}", body in proptest::collection::vec(any::<u8>(), 0..200)) {
                let _ = verify_and_parse(&body, &header, &secrets(&["whsec_a"]), NOW);
            }

            /// Header-shaped input with extreme timestamps and odd signatures.
            #[test]
            fn header_shaped_input_is_handled(t in any::<i64>(), sig in "[0-9a-f]{0,70}", extra in "[a-z0-9=,]{0,20}") {
                let header = format!("t={t},v1={sig},{extra}");
                prop_assert!(verify_and_parse(BODY, &header, &secrets(&["whsec_a"]), NOW).is_err());
            }

            /// A correct signature within the tolerance verifies; any other secret, any
            /// changed byte, or a time outside the tolerance does not.
            #[test]
            fn only_the_signed_body_at_the_right_time_verifies(skew in -600i64..600, flip in 0usize..BODY.len()) {
                let header = sign(BODY, "whsec_a", NOW + skew);
                let fresh = skew.abs() <= TOLERANCE_SECS;
                prop_assert_eq!(verify_and_parse(BODY, &header, &secrets(&["whsec_a"]), NOW).is_ok(), fresh);
                prop_assert!(verify_and_parse(BODY, &header, &secrets(&["whsec_b"]), NOW).is_err());
                let mut tampered = BODY.to_vec();
                tampered[flip] ^= 0x01;
                prop_assert!(verify_and_parse(&tampered, &header, &secrets(&["whsec_a"]), NOW).is_err());
            }
        }
    }
}
