//! What the dashboards show.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerOverview {
    pub name: String,
    pub email: String,
    pub member_since: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminOverview {
    pub name: String,
    pub sellers: u64,
    pub admins: u64,
}
