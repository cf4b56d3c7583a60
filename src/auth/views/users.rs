//! `/admin/users`: every account, with a button to disable one (its sessions end and it
//! cannot sign in) or enable it again. Plain forms that work without JavaScript.

use leptos::{either::Either, prelude::*};
use leptos_meta::Title;

use crate::{
    auth::{
        api::{AdminSetDisabled, admin_list_users},
        model::{Role, UserAccount},
        views::{RequireRole, use_user},
    },
    ui::{Banner, ErrorPage, Tone},
};

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    view! {
        <Title text="Users"/>
        <RequireRole role=Role::Admin>
            <UsersBody/>
        </RequireRole>
    }
}

#[component]
fn UsersBody() -> impl IntoView {
    let set = ServerAction::<AdminSetDisabled>::new();
    let accounts = Resource::new_blocking(move || set.version().get(), |_| admin_list_users());
    let me = use_user().id;
    view! {
        <div class="page">
            <div class="page__header">
                <div>
                    <h1>"Users"</h1>
                    <p class="page__subtitle">"Disabling an account signs it out everywhere and stops it signing in."</p>
                </div>
            </div>
            {move || set.value().get().and_then(Result::err).map(|e| view! {
                <Banner tone=Tone::Critical><p data-testid="users-error">{e.to_string()}</p></Banner>
            })}
            <Transition fallback=|| view! { <p class="empty">"Loading…"</p> }>
                {move || {
                    let me = me.clone();
                    Suspend::new(async move {
                        match accounts.await {
                            Err(e) => Either::Left(view! { <ErrorPage message=e.to_string()/> }),
                            Ok(list) => Either::Right(view! { <UsersTable list me set/> }),
                        }
                    })
                }}
            </Transition>
        </div>
    }
}

#[component]
fn UsersTable(list: Vec<UserAccount>, me: String, set: ServerAction<AdminSetDisabled>) -> impl IntoView {
    let rows = list
        .into_iter()
        .map(|a| {
            let own = a.id == me;
            let (status, tone) =
                if a.disabled { ("Disabled", "badge badge--critical") } else { ("Active", "badge badge--success") };
            let label = if a.disabled { format!("Enable {}", a.name) } else { format!("Disable {}", a.name) };
            view! {
                <tr data-testid="user-row">
                    <td>{a.name.clone()}</td>
                    <td>{a.email}</td>
                    <td>{a.role.label()}</td>
                    <td><span class=tone>{status}</span></td>
                    <td class="actions">
                        {(!own).then(|| view! {
                            <ActionForm action=set>
                                <input type="hidden" name="id" value=a.id/>
                                <input type="hidden" name="disabled" value=(!a.disabled).to_string()/>
                                <button type="submit" class="button" aria-label=label>
                                    {if a.disabled { "Enable" } else { "Disable" }}
                                </button>
                            </ActionForm>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card card--flush">
            <div class="table-wrap">
                <table class="table">
                    <thead><tr><th>"Name"</th><th>"Email"</th><th>"Role"</th><th>"Status"</th><th><span class="visually-hidden">"Actions"</span></th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
