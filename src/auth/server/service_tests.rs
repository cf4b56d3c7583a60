//! The account service, called directly against an in-memory database.

use std::{net::IpAddr, sync::Arc};

use secrecy::SecretString;
use tower_sessions::{MemoryStore, Session};

use super::service::{self, Auth, NewAccount};
use crate::{
    auth::model::{LoginInput, Role},
    db,
    error::AppError,
};

fn account(email: &str, role: Role) -> NewAccount {
    NewAccount {
        email: email.into(),
        name: "Test Person".into(),
        role,
        password: SecretString::from("a-long-password"),
    }
}

fn session() -> Session {
    Session::new(None, Arc::new(MemoryStore::default()), None)
}

fn input(email: &str, password: &str) -> LoginInput {
    LoginInput { email: email.into(), password: password.into() }
}

const IP: IpAddr = IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);

#[tokio::test]
async fn accounts_are_created_once_per_address_and_sign_in_with_their_password() {
    let db = db::memory().await;
    let created = service::create_account(&db, account("Mixed@Example.com", Role::Seller)).await.unwrap();
    assert_eq!(created.email, "mixed@example.com", "addresses are kept lowercase");
    let again = service::create_account(&db, account("mixed@example.com", Role::Admin)).await.unwrap_err();
    assert!(again.field_error("email").is_some(), "{again:?}");

    let auth = Auth::new(db.clone(), 10);
    let session = session();
    let user = auth.login(&session, IP, input("MIXED@example.com", "a-long-password")).await.unwrap();
    assert_eq!(user.id, created.id);
    assert!(session.get::<crate::auth::model::CurrentUser>(super::guard::USER_KEY).await.unwrap().is_some());
    let wrong = auth.login(&self::session(), IP, input("mixed@example.com", "not-the-password")).await.unwrap_err();
    assert_eq!(wrong, AppError::InvalidCredentials);
    let nobody = auth.login(&self::session(), IP, input("nobody@example.com", "a-long-password")).await.unwrap_err();
    assert_eq!(nobody, AppError::InvalidCredentials, "an unknown address gets the same answer");
}

#[tokio::test]
async fn short_passwords_and_empty_names_are_refused_before_anything_is_written() {
    let db = db::memory().await;
    let short = NewAccount { password: SecretString::from("short"), ..account("a@example.com", Role::Seller) };
    assert!(service::create_account(&db, short).await.unwrap_err().field_error("password").is_some());
    let unnamed = NewAccount { name: "  ".into(), ..account("a@example.com", Role::Seller) };
    assert!(service::create_account(&db, unnamed).await.unwrap_err().field_error("name").is_some());
    assert_eq!(service::role_counts(&db).await.unwrap(), (0, 0));
}

#[tokio::test]
async fn sign_in_attempts_are_limited_per_address() {
    let db = db::memory().await;
    service::create_account(&db, account("s@example.com", Role::Seller)).await.unwrap();
    let auth = Auth::new(db, 2);
    for _ in 0..2 {
        let _ = auth.login(&session(), IP, input("s@example.com", "wrong-password")).await;
    }
    let limited = auth.login(&session(), IP, input("s@example.com", "a-long-password")).await.unwrap_err();
    assert!(matches!(limited, AppError::RateLimited { .. }), "{limited:?}");
}

#[tokio::test]
async fn other_domains_learn_sellers_admins_and_counts() {
    let db = db::memory().await;
    let seller = service::create_account(&db, account("s@example.com", Role::Seller)).await.unwrap();
    let admin = service::create_account(&db, account("a@example.com", Role::Admin)).await.unwrap();
    assert_eq!(service::role_counts(&db).await.unwrap(), (1, 1));
    assert_eq!(service::admin_ids(&db).await.unwrap(), [admin.id]);
    let sellers = service::sellers(&db).await.unwrap();
    assert_eq!(sellers.len(), 1);
    assert_eq!(sellers[0].id, seller.id);
    assert!(service::member_since(&db, &seller).await.is_ok());
}
