//! `/`: sends each visitor where they belong.

use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::auth::api::get_current_user;

#[component]
pub fn HomeRedirect() -> impl IntoView {
    let user = Resource::new_blocking(|| (), |_| get_current_user());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let path = match user.await {
                    Ok(Some(user)) => user.role.home(),
                    _ => "/login",
                };
                view! { <Redirect path/> }
            })}
        </Suspense>
    }
}
