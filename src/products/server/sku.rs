//! The platform SKU: Amazon sees one seller account (the platform's), so every seller's
//! SKU is mapped to one that is unique across Hamro and derived from (seller, SKU).

use sha2::{Digest, Sha256};

const PREFIX: &str = "HM-";
/// Base32 (RFC 4648, no padding) characters taken from the hash: 20 x 5 = 100 bits.
const HASH_CHARS: usize = 20;

/// `HM-` and 20 base32 characters of SHA-256(seller id, SKU): 23 characters, within
/// Amazon's 40, the same every time for the same pair. A collision would need 2^50 SKUs;
/// the unique index on `amazon_sku` refuses one anyway.
pub(crate) fn amazon_sku(seller_id: &str, seller_sku: &str) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let digest = Sha256::digest(format!("{seller_id}\u{1f}{seller_sku}").as_bytes());
    let mut bits: u32 = 0;
    let mut nbits = 0;
    let mut out = String::with_capacity(PREFIX.len() + HASH_CHARS);
    out.push_str(PREFIX);
    for byte in digest.iter() {
        bits = (bits << 8) | u32::from(*byte);
        nbits += 8;
        while nbits >= 5 && out.len() < PREFIX.len() + HASH_CHARS {
            nbits -= 5;
            out.push(ALPHABET[((bits >> nbits) & 31) as usize] as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_unique_and_short() {
        let a = amazon_sku("seller-a", "SKU-1");
        assert_eq!(a, amazon_sku("seller-a", "SKU-1"));
        assert_ne!(a, amazon_sku("seller-b", "SKU-1"), "another seller's same SKU differs");
        assert_ne!(a, amazon_sku("seller-a", "SKU-2"));
        assert_eq!(a.len(), 23);
        assert!(a.starts_with("HM-") && a[3..].chars().all(|c| c.is_ascii_uppercase() || ('2'..='7').contains(&c)));
        // The separator keeps ("ab", "c") and ("a", "bc") apart.
        assert_ne!(amazon_sku("ab", "c"), amazon_sku("a", "bc"));
    }
}
