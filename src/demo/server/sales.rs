//! Demo mode's first sales. On the first start the demo seller's catalog is created, live
//! on Amazon (the SP-API sandbox), and the sandbox's buyers bought from it weeks ago; the
//! orders shipped, so their earnings are past the hold. Hamro learns of them the way it
//! learns of any sale: its order and finance pollers read them from the sandbox, the ledger
//! records them, and once the seller connects Stripe the transfer job pays them.

use super::seed_repo;
use crate::{
    auth::server::repo as users, db::Db, demo::accounts::DEMO_SELLER_EMAIL, error::AppError, sandbox::Sandboxes,
};

/// (catalog index, quantity, days ago): older than the default 14-day hold, inside the
/// pollers' 30-day first read.
const FIRST_SALES: &[(usize, i64, i64)] = &[(0, 2, 25), (1, 1, 21), (2, 1, 18), (0, 1, 16)];

pub(crate) async fn seed_first_sales(db: &Db, sandboxes: &Sandboxes) -> Result<(), AppError> {
    let Some(amazon) = &sandboxes.amazon else { return Ok(()) };
    let Some(seller) = users::find_by_email(db, DEMO_SELLER_EMAIL).await? else { return Ok(()) };
    let Some(listed) = seed_repo::demo_catalog(db, &seller.id).await? else { return Ok(()) };
    amazon.seed_listings(&listed).await.map_err(|e| e.into_app("listing the demo catalog in the SP-API sandbox"))?;
    for &(index, quantity, days_ago) in FIRST_SALES {
        let Some(listing) = listed.get(index) else { continue };
        match amazon.seed_sale(&listing.sku, quantity, days_ago).await {
            Ok(order_id) => {
                tracing::info!(order_id, sku = %listing.sku, "demo: a first sale placed in the SP-API sandbox")
            }
            Err(e) => tracing::warn!(error = %e, "demo: a first sale couldn't be placed"),
        }
    }
    Ok(())
}
