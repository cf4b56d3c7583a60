//! The demo accounts, listed in README.md and on the sign-in page in demo mode.

use crate::auth::model::Role;

/// (email, password, name, role) of every demo account.
pub const DEMO_ACCOUNTS: &[(&str, &str, &str, Role)] = &[
    ("seller@example.com", "hamro-seller", "Sita Sharma", Role::Seller),
    ("seller2@example.com", "hamro-seller", "Ravi Thapa", Role::Seller),
    ("admin@example.com", "hamro-admin", "Asha Admin", Role::Admin),
];
