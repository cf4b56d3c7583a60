//! The demo accounts, created once and left alone after that.

use secrecy::SecretString;

use crate::{
    auth::{
        model::{CurrentUser, Role},
        server::{
            repo,
            service::{self, NewAccount},
        },
    },
    db::Db,
    demo::accounts::DEMO_ACCOUNTS,
    error::AppError,
    notifications::{model::NotificationType, server::Notifier},
};

/// Creates the demo accounts that don't exist yet, each with a welcome notification so the
/// bell has something to show. Returns the ones it created.
pub async fn ensure_demo_accounts(db: &Db, notifier: &Notifier) -> Result<Vec<CurrentUser>, AppError> {
    let mut created = Vec::new();
    for &(email, password, name, role) in DEMO_ACCOUNTS {
        if repo::find_by_email(db, email).await?.is_some() {
            continue;
        }
        let account =
            NewAccount { email: email.into(), name: name.into(), role, password: SecretString::from(password) };
        match service::create_account(db, account).await {
            Ok(user) => {
                tracing::info!(email, role = role.as_str(), "demo account created");
                notifier
                    .notify(&user.id, NotificationType::Info, "Welcome to Hamro", welcome(role), Some(role.home()))
                    .await?;
                created.push(user);
            }
            // Another instance created it at the same moment.
            Err(AppError::Validation { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(created)
}

fn welcome(role: Role) -> &'static str {
    match role {
        Role::Seller => {
            "This is your notification center. You'll hear here when products are reviewed, listed on Amazon, and paid out."
        }
        Role::Admin => "This is your notification center. You'll hear here when sellers submit products for review.",
    }
}
