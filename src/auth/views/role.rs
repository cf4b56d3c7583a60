//! Who is signed in, for components inside the signed-in frame, and the role gate pages use.

use leptos::prelude::*;

use crate::{
    auth::model::{CurrentUser, Role},
    ui::ForbiddenPage,
};

/// Makes the signed-in user available to the components below (the frame does this once).
pub fn provide_user(user: CurrentUser) {
    provide_context(user);
}

/// The signed-in user, for components inside the signed-in frame.
pub fn use_user() -> CurrentUser {
    expect_context::<CurrentUser>()
}

/// Renders `children` for users of `role`, and a 403 page for everyone else. A convenience:
/// the server functions behind each page refuse the wrong role on their own.
#[component]
pub fn RequireRole(role: Role, children: ChildrenFn) -> impl IntoView {
    let user = use_user();
    if user.role == role { children().into_any() } else { view! { <ForbiddenPage/> }.into_any() }
}
