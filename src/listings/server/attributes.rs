//! How a Hamro product becomes Listings Items attributes (and patches for price and
//! quantity), for the platform's seller account in one marketplace.

use serde_json::{Value, json};

use crate::{money::Money, products::model::Product};

/// A money amount as the JSON number Amazon wants (19.99). serde_json carries numbers as
/// f64; every amount Hamro allows (two decimals, at most 1,000,000.00) prints back exactly
/// from its shortest f64 form, which `exact_decimal` checks.
pub(crate) fn decimal(money: Money) -> Value {
    let text = money.to_decimal_string();
    let number: f64 = text.parse().unwrap_or(0.0);
    debug_assert_eq!(exact_decimal(number), text);
    json!(number)
}

fn exact_decimal(n: f64) -> String {
    format!("{n:.2}")
}

fn offer(product: &Product, marketplace_id: &str) -> Value {
    json!([{
        "marketplace_id": marketplace_id,
        "currency": product.price.currency.label(),
        "our_price": [{ "schedule": [{ "value_with_tax": decimal(product.price) }] }],
    }])
}

fn availability(quantity: u32) -> Value {
    json!([{ "fulfillment_channel_code": "DEFAULT", "quantity": quantity }])
}

/// The full attribute set for `putListingsItem`.
pub fn attributes(product: &Product, marketplace_id: &str, language_tag: &str) -> Value {
    let mut attributes = json!({
        "item_name": [{ "value": product.title, "language_tag": language_tag, "marketplace_id": marketplace_id }],
        "brand": [{ "value": product.brand, "marketplace_id": marketplace_id }],
        "condition_type": [{ "value": product.condition.amazon_value(), "marketplace_id": marketplace_id }],
        "purchasable_offer": offer(product, marketplace_id),
        "fulfillment_availability": availability(product.quantity),
    });
    if !product.description.is_empty() {
        attributes["product_description"] =
            json!([{ "value": product.description, "language_tag": language_tag, "marketplace_id": marketplace_id }]);
    }
    if let Some(image) = product.image_urls.first() {
        attributes["main_product_image_locator"] =
            json!([{ "media_location": image, "marketplace_id": marketplace_id }]);
    }
    attributes
}

/// `update_inventory`: the quantity, merged into what is there.
pub fn inventory_patch(quantity: u32) -> Value {
    json!([{ "op": "merge", "path": "/attributes/fulfillment_availability", "value": availability(quantity) }])
}

/// `update_price`: the offer's price.
pub fn price_patch(product: &Product, marketplace_id: &str) -> Value {
    json!([{ "op": "replace", "path": "/attributes/purchasable_offer", "value": offer(product, marketplace_id) }])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    #[test]
    fn every_allowed_amount_prints_back_exactly() {
        assert_eq!(decimal(Money::new(1999, Currency::Usd)).to_string(), "19.99");
        assert_eq!(decimal(Money::new(100_000_000, Currency::Usd)).to_string(), "1000000.0");
        for minor in [1, 5, 10, 99, 1999, 12_345, 99_999_999, 100_000_000, 33_333_333, 70_000_001] {
            let m = Money::new(minor, Currency::Usd);
            assert_eq!(exact_decimal(decimal(m).as_f64().unwrap()), m.to_decimal_string());
        }
    }
}
