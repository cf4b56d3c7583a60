//! JSON_LISTINGS_FEED documents (listings-feed-schema-v2) for bulk inventory updates, and
//! their processing reports (listings-feed-processing-report-schema-v2) read back into a
//! result per SKU.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::{AmazonError, Issue, Severity};

/// At most this many messages go in one feed (Amazon's limit).
pub const MAX_MESSAGES: usize = 25_000;
pub const CONTENT_TYPE: &str = "application/json; charset=UTF-8";

/// One SKU's inventory update.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InventoryUpdate {
    pub sku: String,
    pub product_type: String,
    pub quantity: u32,
}

/// The feed document: one PATCH message per SKU, numbered from 1.
pub fn inventory_feed(seller_id: &str, updates: &[InventoryUpdate]) -> Value {
    let messages: Vec<Value> = updates
        .iter()
        .enumerate()
        .map(|(i, u)| {
            json!({
                "messageId": i + 1,
                "sku": u.sku,
                "operationType": "PATCH",
                "productType": u.product_type,
                "patches": [{
                    "op": "replace",
                    "path": "/attributes/fulfillment_availability",
                    "value": [{ "fulfillment_channel_code": "DEFAULT", "quantity": u.quantity }],
                }],
            })
        })
        .collect();
    json!({ "header": { "sellerId": seller_id, "version": "2.0", "issueLocale": "en_US" }, "messages": messages })
}

/// What the report says about one SKU.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkuResult {
    pub sku: String,
    pub accepted: bool,
    pub issues: Vec<Issue>,
}

/// Reads a processing report into one result per SKU sent (by message id). A message the
/// report doesn't mention was accepted; one with an ERROR issue was not.
pub fn read_report(report: &Value, sent: &[InventoryUpdate]) -> Result<Vec<SkuResult>, AmazonError> {
    let summary =
        report.get("summary").ok_or_else(|| AmazonError::Protocol("processing report without a summary".into()))?;
    let processed = summary["messagesProcessed"].as_u64().unwrap_or(0);
    if processed != sent.len() as u64 {
        return Err(AmazonError::Protocol(format!("the report covers {processed} messages; {} were sent", sent.len())));
    }
    let mut by_message: HashMap<u64, Vec<Issue>> = HashMap::new();
    for issue in report["issues"].as_array().map(Vec::as_slice).unwrap_or(&[]) {
        let Some(id) = issue["messageId"].as_u64() else { continue };
        by_message.entry(id).or_default().push(Issue {
            code: issue["code"].as_str().unwrap_or_default().to_string(),
            message: issue["message"].as_str().unwrap_or_default().to_string(),
            // A report issue whose severity can't be read is treated as the worst one.
            severity: serde_json::from_value(issue["severity"].clone()).unwrap_or(Severity::Error),
            attribute_names: issue["attributeName"].as_str().map(|a| vec![a.to_string()]).unwrap_or_default(),
        });
    }
    Ok(sent
        .iter()
        .enumerate()
        .map(|(i, update)| {
            let issues = by_message.remove(&(i as u64 + 1)).unwrap_or_default();
            let accepted = !issues.iter().any(Issue::is_error);
            SkuResult { sku: update.sku.clone(), accepted, issues }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn updates(n: usize) -> Vec<InventoryUpdate> {
        (0..n)
            .map(|i| InventoryUpdate { sku: format!("SKU-{i}"), product_type: "PRODUCT".into(), quantity: i as u32 })
            .collect()
    }

    #[test]
    fn messages_are_numbered_from_one() {
        let feed = inventory_feed("A1SELLER", &updates(3));
        assert_eq!(feed["messages"][0]["messageId"], 1);
        assert_eq!(feed["messages"][2]["sku"], "SKU-2");
        assert_eq!(feed["messages"][1]["patches"][0]["value"][0]["quantity"], 1);
    }

    #[test]
    fn reads_errors_per_sku() {
        let report = json!({
            "header": { "sellerId": "A1SELLER", "version": "2.0", "feedId": "1" },
            "issues": [
                { "messageId": 2, "code": "90220", "severity": "ERROR", "message": "bad" },
                { "messageId": 3, "code": "1", "severity": "WARNING", "message": "meh" }
            ],
            "summary": { "errors": 1, "warnings": 1, "messagesProcessed": 3, "messagesAccepted": 2, "messagesInvalid": 1 }
        });
        let results = read_report(&report, &updates(3)).unwrap();
        assert!(results[0].accepted && !results[1].accepted && results[2].accepted);
        assert_eq!(results[1].issues[0].code, "90220");
        assert!(read_report(&report, &updates(4)).is_err(), "a report that doesn't cover every message is refused");
    }

    mod properties {
        use proptest::prelude::*;

        use super::*;

        fn issue() -> impl Strategy<Value = Value> {
            (any::<i64>(), prop_oneof!["ERROR", "WARNING", "INFO", "\\PC{0,8}"], "\\PC{0,20}").prop_map(
                |(id, severity, message)| json!({ "messageId": id, "code": "1", "severity": severity, "message": message }),
            )
        }

        proptest! {
            /// Whatever the issues say, each SKU sent gets exactly one result, in order, and
            /// a SKU is refused exactly when an ERROR names its message.
            #[test]
            fn one_result_per_sku(n in 0usize..30, issues in proptest::collection::vec(issue(), 0..40)) {
                let report = json!({ "issues": issues, "summary": { "messagesProcessed": n } });
                let sent = updates(n);
                let results = read_report(&report, &sent).unwrap();
                prop_assert_eq!(results.len(), n);
                for (i, r) in results.iter().enumerate() {
                    prop_assert_eq!(&r.sku, &sent[i].sku);
                    let refused = issues.iter().any(|x| x["messageId"] == json!(i as i64 + 1) && x["severity"] == "ERROR");
                    prop_assert_eq!(r.accepted, !refused);
                }
            }

            /// Arbitrary JSON where a report should be: an error or results, never a panic.
            #[test]
            fn any_json_is_handled(text in "\\PC{0,120}", n in 0usize..5) {
                let value = serde_json::from_str::<Value>(&text).unwrap_or(Value::String(text));
                let _ = read_report(&value, &updates(n));
            }
        }
    }
}
