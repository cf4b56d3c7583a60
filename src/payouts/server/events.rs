//! What payouts announce: a seller's new connected account, for whoever registered at
//! start-up to follow it. Payouts never calls them by name.

use std::sync::{Arc, RwLock};

use async_trait::async_trait;

/// Something that follows new connected accounts. It handles its own failures: the account
/// is already recorded.
#[async_trait]
pub(crate) trait AccountListener: Send + Sync {
    async fn account_connected(&self, user_id: &str, stripe_account_id: &str);
}

#[derive(Clone, Default)]
pub(super) struct Listeners(Arc<RwLock<Vec<Arc<dyn AccountListener>>>>);

impl Listeners {
    pub(super) fn add(&self, listener: Arc<dyn AccountListener>) {
        self.0.write().unwrap_or_else(|poisoned| poisoned.into_inner()).push(listener);
    }

    pub(super) async fn announce(&self, user_id: &str, stripe_account_id: &str) {
        let listeners = self.0.read().unwrap_or_else(|poisoned| poisoned.into_inner()).clone();
        for listener in listeners {
            listener.account_connected(user_id, stripe_account_id).await;
        }
    }
}
