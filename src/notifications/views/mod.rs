//! The bell in the top bar, the /notifications page, and the dashboard summary card.

mod bell;
mod browser;
mod kind;
mod page;
mod summary;

pub use bell::NotificationBell;
pub use page::NotificationsPage;
pub use summary::NotificationSummary;

use leptos::prelude::*;

/// Bumped whenever this page changes notifications, so the bell and the list stay in step.
#[derive(Clone, Copy)]
pub struct NotificationsChanged(pub RwSignal<u32>);

impl NotificationsChanged {
    pub fn provide() {
        provide_context(Self(RwSignal::new(0)));
    }

    /// The version signal, when the frame provides one.
    pub fn version() -> Option<RwSignal<u32>> {
        use_context::<Self>().map(|Self(version)| version)
    }

    pub fn bump() {
        if let Some(Self(version)) = use_context::<Self>() {
            version.update(|v| *v = v.wrapping_add(1));
        }
    }
}
