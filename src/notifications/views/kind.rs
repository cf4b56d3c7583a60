//! How each notification type looks: its class and icon.

use crate::{notifications::model::NotificationType, ui::icons};

pub fn class(kind: NotificationType) -> &'static str {
    match kind {
        NotificationType::Info => "tone-info",
        NotificationType::Success => "tone-success",
        NotificationType::Warning => "tone-warning",
        NotificationType::Error => "tone-error",
    }
}

pub fn icon(kind: NotificationType) -> icondata_core::Icon {
    match kind {
        NotificationType::Info => icons::INFO,
        NotificationType::Success => icons::SUCCESS,
        NotificationType::Warning => icons::WARNING,
        NotificationType::Error => icons::ERROR,
    }
}

/// Read by screen readers before the title.
pub fn label(kind: NotificationType) -> &'static str {
    match kind {
        NotificationType::Info => "Info",
        NotificationType::Success => "Success",
        NotificationType::Warning => "Warning",
        NotificationType::Error => "Error",
    }
}
