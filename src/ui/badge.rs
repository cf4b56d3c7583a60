//! A small pill that shows a status with a tone.

use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Tone {
    #[default]
    Neutral,
    Info,
    Success,
    Warning,
    Critical,
    Attention,
}

impl Tone {
    pub fn class(self) -> &'static str {
        match self {
            Self::Neutral => "badge",
            Self::Info => "badge badge--info",
            Self::Success => "badge badge--success",
            Self::Warning => "badge badge--warning",
            Self::Critical => "badge badge--critical",
            Self::Attention => "badge badge--attention",
        }
    }
}

#[component]
pub fn Badge(#[prop(optional)] tone: Tone, #[prop(into)] label: String) -> impl IntoView {
    view! { <span class=tone.class()>{label}</span> }
}
