//! Stripe's request format: form-encoded with bracketed keys (`metadata[k]=v`,
//! `capabilities[transfers][requested]=true`).

use std::collections::BTreeMap;

pub(crate) struct Params(Vec<(String, String)>);

impl Params {
    pub(crate) fn parse(body: &[u8]) -> Result<Self, String> {
        serde_urlencoded::from_bytes::<Vec<(String, String)>>(body).map(Self).map_err(|e| e.to_string())
    }

    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// `metadata[a]=1&metadata[b]=2` -> {a: 1, b: 2}.
    pub(crate) fn map(&self, prefix: &str) -> BTreeMap<String, String> {
        let start = format!("{prefix}[");
        self.0
            .iter()
            .filter_map(|(k, v)| {
                let inner = k.strip_prefix(&start)?.strip_suffix(']')?;
                (!inner.contains('[')).then(|| (inner.to_string(), v.clone()))
            })
            .collect()
    }

    /// A canonical form of the parameters, to tell "same request" from "different request"
    /// when an idempotency key is reused.
    pub(crate) fn fingerprint(&self, method: &str, path: &str) -> String {
        let mut pairs = self.0.clone();
        pairs.sort();
        let body: Vec<String> = pairs.into_iter().map(|(k, v)| format!("{k}={v}")).collect();
        format!("{method} {path}?{}", body.join("&"))
    }

    pub(crate) fn amount(&self, key: &str) -> Result<Option<i64>, String> {
        self.get(key).map(|v| v.parse::<i64>().map_err(|_| format!("Invalid integer: {v}"))).transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bracketed_keys() {
        let p = Params::parse(
            b"amount=5000&currency=usd&metadata[a]=1&metadata[b]=x+y&capabilities[transfers][requested]=true",
        )
        .unwrap();
        assert_eq!(p.get("amount"), Some("5000"));
        assert_eq!(p.get("capabilities[transfers][requested]"), Some("true"));
        let m = p.map("metadata");
        assert_eq!(m.get("b").map(String::as_str), Some("x y"));
        assert_eq!(
            p.fingerprint("POST", "/v1/payouts"),
            Params::parse(
                b"metadata[b]=x+y&metadata[a]=1&currency=usd&amount=5000&capabilities[transfers][requested]=true"
            )
            .unwrap()
            .fingerprint("POST", "/v1/payouts")
        );
    }
}
