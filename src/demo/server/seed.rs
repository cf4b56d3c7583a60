//! `hamro seed`: fills a demo database with data in bulk (for load tests, benchmarks and
//! trying Hamro at scale). Demo mode only; it refuses to touch a production database.

use super::seed_repo;
use crate::{db::Db, error::AppError, sandbox::Sandboxes};

/// Creates `count` approved products for the seller, each listed on Amazon: the SP-API
/// sandbox knows them too, with an ASIN.
pub async fn listings(db: &Db, sandboxes: &Sandboxes, seller_email: &str, count: usize) -> Result<usize, AppError> {
    let amazon = sandboxes
        .amazon
        .as_ref()
        .ok_or_else(|| AppError::conflict("Seeding listings needs the SP-API sandbox (no Amazon credentials)."))?;
    let listed = seed_repo::listings(db, seller_email, count).await?;
    amazon.seed_listings(&listed).await.map_err(|e| e.into_app("seeding the SP-API sandbox"))?;
    Ok(listed.len())
}

pub(crate) use super::seed_sellers::{products, sellers};
pub(crate) use seed_repo::{notifications, payouts};
