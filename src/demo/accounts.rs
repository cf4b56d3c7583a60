//! The demo accounts, listed in README.md and on the sign-in page in demo mode.

use crate::auth::model::Role;

/// The demo seller whose products sell on first start (demo sales).
pub const DEMO_SELLER_EMAIL: &str = "seller@example.com";

/// (email, password, name, role) of every demo account.
pub const DEMO_ACCOUNTS: &[(&str, &str, &str, Role)] = &[
    (DEMO_SELLER_EMAIL, "hamro-seller", "Sita Sharma", Role::Seller),
    ("seller2@example.com", "hamro-seller", "Ravi Thapa", Role::Seller),
    ("admin@example.com", "hamro-admin", "Asha Admin", Role::Admin),
];
