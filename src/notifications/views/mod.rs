//! The bell in the top bar, the /notifications page, and the dashboard summary card.

mod bell;
mod bell_slot;
mod browser;
mod center;
mod kind;
mod page;
mod summary;

pub use bell_slot::NotificationBell;
pub use page::NotificationsPage;
pub use summary::NotificationSummary;
