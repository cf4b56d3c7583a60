//! A message strip for errors, warnings, notices and successes.

use leptos::prelude::*;

use super::{Icon, Tone, icons};

#[component]
pub fn Banner(tone: Tone, children: Children) -> impl IntoView {
    let (class, icon, role) = match tone {
        Tone::Critical => ("banner banner--critical", icons::ERROR, "alert"),
        Tone::Warning | Tone::Attention => ("banner banner--warning", icons::WARNING, "status"),
        Tone::Success => ("banner banner--success", icons::SUCCESS, "status"),
        Tone::Info | Tone::Neutral => ("banner banner--info", icons::INFO, "status"),
    };
    view! {
        <div class=class role=role>
            <Icon icon=icon/>
            <div>{children()}</div>
        </div>
    }
}
