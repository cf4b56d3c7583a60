//! The top bar: brand, the mobile menu toggle, the signed-in user and "Sign out".

use leptos::prelude::*;

use crate::{
    auth::{api::Logout, model::CurrentUser},
    notifications::views::NotificationBell,
    ui::{Icon, icons},
};

#[component]
pub fn TopBar(user: CurrentUser) -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    view! {
        <header class="topbar">
            <label for="nav-toggle" class="nav-toggle-label" title="Menu">
                <Icon icon=icons::MENU width="22" height="22"/>
                <span class="visually-hidden">"Menu"</span>
            </label>
            <a class="topbar__brand" href=user.role.home()>
                <span class="brand-mark" aria-hidden="true">"H"</span>
                "Hamro"
            </a>
            <div class="topbar__spacer"></div>
            <NotificationBell/>
            <div class="topbar__user">
                <div class="topbar__who">
                    <span class="topbar__name" data-testid="user-name">{user.name.clone()}</span>
                    <span class="topbar__role" data-testid="user-role">{user.role.label()}</span>
                </div>
                <span class="avatar" aria-hidden="true">{user.initials()}</span>
                <ActionForm action=logout>
                    <button type="submit" class="button button--ghost" disabled=move || logout.pending().get()>
                        <Icon icon=icons::SIGN_OUT/>
                        "Sign out"
                    </button>
                </ActionForm>
            </div>
        </header>
    }
}
