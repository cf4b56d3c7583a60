//! An icon, as inline SVG. Every icon here is decorative: it sits beside a visible label,
//! inside a control with an accessible name, or in an element with a `title`. So it is
//! hidden from assistive technology (`aria-hidden`) rather than given a role that asks for
//! a text alternative (what `leptos_icons` renders, and what axe flags as `svg-img-alt`).

use leptos::{prelude::*, svg};

/// Icon `icon` (one of `ui::icons`), `1em` square unless sized.
#[component]
pub fn Icon(
    icon: icondata_core::Icon,
    #[prop(optional, into)] width: Option<&'static str>,
    #[prop(optional, into)] height: Option<&'static str>,
) -> impl IntoView {
    // The icon data must sit in one element for `InertElement`.
    let data = format!("<g>{}</g>", icon.data);
    svg::svg()
        .attr("style", icon.style)
        .attr("x", icon.x)
        .attr("y", icon.y)
        .attr("width", width.unwrap_or("1em"))
        .attr("height", height.unwrap_or("1em"))
        .attr("viewBox", icon.view_box)
        .attr("stroke-linecap", icon.stroke_linecap)
        .attr("stroke-linejoin", icon.stroke_linejoin)
        .attr("stroke-width", icon.stroke_width)
        .attr("stroke", icon.stroke)
        .attr("fill", icon.fill.unwrap_or("currentColor"))
        .attr("aria-hidden", "true")
        .attr("focusable", "false")
        .child(svg::InertElement::new(data))
}
