//! What products announce after a change has committed, for the domains above them to
//! follow (listings keeps Amazon in step). Products never call those domains: a listener is
//! registered at start-up.

use std::sync::{Arc, RwLock};

use async_trait::async_trait;

use crate::products::model::Product;

/// A committed change others may need to follow.
#[derive(Clone, Debug)]
pub(crate) enum ProductChange {
    /// The price or quantity changed (the product as it is now).
    OfferChanged(Product),
    /// The product was archived.
    Archived(Product),
}

/// Something that follows product changes. It handles its own failures (the change itself
/// is already saved): it logs them, and they never fail the change.
#[async_trait]
pub(crate) trait ProductListener: Send + Sync {
    async fn product_changed(&self, change: &ProductChange);
}

/// The registered listeners.
#[derive(Clone, Default)]
pub(crate) struct Listeners(Arc<RwLock<Vec<Arc<dyn ProductListener>>>>);

impl Listeners {
    pub(crate) fn add(&self, listener: Arc<dyn ProductListener>) {
        self.0.write().unwrap_or_else(|poisoned| poisoned.into_inner()).push(listener);
    }

    pub(crate) async fn announce(&self, change: ProductChange) {
        let listeners = self.0.read().unwrap_or_else(|poisoned| poisoned.into_inner()).clone();
        for listener in listeners {
            listener.product_changed(&change).await;
        }
    }
}
