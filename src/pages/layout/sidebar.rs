//! The sidebar: navigation for the signed-in role, with the active item marked
//! `aria-current="page"` (by the router's `<A>`), and the count of Amazon listings that
//! need attention beside Products (sellers) or Amazon listings (admins).

use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    auth::model::Role,
    listings::api::needs_attention_count,
    ui::{Icon, icons},
};

struct NavItem {
    label: &'static str,
    href: &'static str,
    icon: icondata_core::Icon,
    exact: bool,
    /// Shows the needs-attention count.
    attention: bool,
}

/// Every role's items, ending with the ones everyone has.
fn items(role: Role) -> Vec<NavItem> {
    let mut items = role_items(role);
    items.push(NavItem {
        label: "Notifications",
        href: "/notifications",
        icon: icons::BELL,
        exact: false,
        attention: false,
    });
    items.push(NavItem {
        label: "Password",
        href: "/settings/password",
        icon: icons::PASSWORD,
        exact: false,
        attention: false,
    });
    items
}

fn role_items(role: Role) -> Vec<NavItem> {
    match role {
        Role::Seller => vec![
            NavItem { label: "Dashboard", href: "/seller", icon: icons::DASHBOARD, exact: true, attention: false },
            NavItem {
                label: "Products",
                href: "/seller/products",
                icon: icons::PRODUCTS,
                exact: false,
                attention: true,
            },
            NavItem { label: "Orders", href: "/seller/orders", icon: icons::ORDERS, exact: false, attention: false },
            NavItem {
                label: "Earnings",
                href: "/seller/earnings",
                icon: icons::EARNINGS,
                exact: false,
                attention: false,
            },
            NavItem { label: "Payouts", href: "/seller/payouts", icon: icons::PAYOUTS, exact: false, attention: false },
        ],
        Role::Admin => vec![
            NavItem { label: "Dashboard", href: "/admin", icon: icons::DASHBOARD, exact: true, attention: false },
            NavItem {
                label: "Review queue",
                href: "/admin/review",
                icon: icons::REVIEW,
                exact: false,
                attention: false,
            },
            NavItem {
                label: "Products",
                href: "/admin/products",
                icon: icons::PRODUCTS,
                exact: false,
                attention: false,
            },
            NavItem {
                label: "Amazon listings",
                href: "/admin/listings",
                icon: icons::AMAZON,
                exact: false,
                attention: true,
            },
            NavItem { label: "Orders", href: "/admin/orders", icon: icons::ORDERS, exact: false, attention: false },
            NavItem { label: "Payouts", href: "/admin/payouts", icon: icons::PAYOUTS, exact: false, attention: false },
            NavItem { label: "Users", href: "/admin/users", icon: icons::USERS, exact: false, attention: false },
        ],
    }
}

#[component]
pub fn Sidebar(role: Role) -> impl IntoView {
    let attention = Resource::new(|| (), |_| needs_attention_count());
    let badge = move || {
        Suspend::new(async move {
            attention.await.ok().filter(|n| *n > 0).map(|n| {
                view! {
                    <span class="nav__count" data-testid="needs-attention-count" title="Amazon listings that need attention">
                        {n}
                    </span>
                }
            })
        })
    };
    view! {
        <nav class="sidebar" aria-label="Main">
            <div class="sidebar__section">{if role == Role::Admin { "Admin" } else { "Seller" }}</div>
            <ul class="nav">
                {items(role)
                    .into_iter()
                    .map(|item| {
                        view! {
                            <li>
                                <A href=item.href exact=item.exact>
                                    <Icon icon=item.icon/>
                                    <span>{item.label}</span>
                                    {item.attention.then(|| view! { <Suspense fallback=|| ()>{badge}</Suspense> })}
                                </A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
