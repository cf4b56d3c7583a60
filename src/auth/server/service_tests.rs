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
const HOUR: std::time::Duration = std::time::Duration::from_secs(3600);

#[tokio::test]
async fn accounts_are_created_once_per_address_and_sign_in_with_their_password() {
    let db = db::memory().await;
    let created = service::create_account(&db, account("Mixed@Example.com", Role::Seller)).await.unwrap();
    assert_eq!(created.email, "mixed@example.com", "addresses are kept lowercase");
    let again = service::create_account(&db, account("mixed@example.com", Role::Admin)).await.unwrap_err();
    assert!(again.field_error("email").is_some(), "{again:?}");

    let auth = Auth::new(db.clone(), 10, HOUR);
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
    let auth = Auth::new(db, 2, HOUR);
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

mod standing {
    use std::time::Duration;

    use super::{HOUR, IP, account, input, session};
    use crate::{
        auth::{
            model::{PasswordChange, Role},
            server::service::{self, Auth},
        },
        db,
        error::AppError,
    };

    #[tokio::test]
    async fn a_session_ends_at_its_absolute_lifetime_however_active() {
        let db = db::memory().await;
        service::create_account(&db, account("s@example.com", Role::Seller)).await.unwrap();
        let auth = Auth::new(db, 10, Duration::from_secs(1));
        let s = session();
        auth.login(&s, IP, input("s@example.com", "a-long-password")).await.unwrap();
        assert!(auth.current(&s).await.unwrap().is_some());
        tokio::time::sleep(Duration::from_millis(1100)).await;
        assert!(auth.current(&s).await.unwrap().is_none());
        assert!(s.is_empty().await, "the ended session is deleted");
    }

    #[tokio::test]
    async fn a_password_change_ends_the_other_sessions_and_keeps_this_one() {
        let db = db::memory().await;
        let user = service::create_account(&db, account("s@example.com", Role::Seller)).await.unwrap();
        let auth = Auth::new(db, 10, HOUR);
        let (here, elsewhere) = (session(), session());
        for s in [&here, &elsewhere] {
            auth.login(s, IP, input("s@example.com", "a-long-password")).await.unwrap();
        }
        let change = |current: &str| PasswordChange {
            current_password: current.into(),
            new_password: "a-brand-new-password".into(),
            confirm_password: Some("a-brand-new-password".into()),
        };
        let wrong = auth.change_password(&here, IP, &user, change("not-it")).await.unwrap_err();
        assert!(wrong.field_error("current_password").is_some(), "{wrong:?}");
        assert!(auth.current(&elsewhere).await.unwrap().is_some(), "a refused change ends nothing");

        auth.change_password(&here, IP, &user, change("a-long-password")).await.unwrap();
        assert!(auth.current(&here).await.unwrap().is_some(), "this session goes on");
        assert!(auth.current(&elsewhere).await.unwrap().is_none(), "the other one ended");
        let old = auth.login(&session(), IP, input("s@example.com", "a-long-password")).await.unwrap_err();
        assert_eq!(old, AppError::InvalidCredentials);
        auth.login(&session(), IP, input("s@example.com", "a-brand-new-password")).await.unwrap();
    }

    #[tokio::test]
    async fn signing_out_everywhere_ends_every_session() {
        let db = db::memory().await;
        let user = service::create_account(&db, account("s@example.com", Role::Seller)).await.unwrap();
        let auth = Auth::new(db, 10, HOUR);
        let (a, b) = (session(), session());
        for s in [&a, &b] {
            auth.login(s, IP, input("s@example.com", "a-long-password")).await.unwrap();
        }
        auth.sign_out_everywhere(&a, &user).await.unwrap();
        assert!(auth.current(&a).await.unwrap().is_none());
        assert!(auth.current(&b).await.unwrap().is_none());
    }

    #[tokio::test]
    async fn a_disabled_account_is_signed_out_and_cannot_sign_in_until_enabled() {
        let db = db::memory().await;
        let seller = service::create_account(&db, account("s@example.com", Role::Seller)).await.unwrap();
        let admin = service::create_account(&db, account("a@example.com", Role::Admin)).await.unwrap();
        let auth = Auth::new(db, 10, HOUR);
        let s = session();
        auth.login(&s, IP, input("s@example.com", "a-long-password")).await.unwrap();

        auth.set_disabled(&admin, &seller.id, true).await.unwrap();
        assert!(auth.current(&s).await.unwrap().is_none());
        let refused = auth.login(&session(), IP, input("s@example.com", "a-long-password")).await.unwrap_err();
        assert!(refused.to_string().contains("disabled"), "{refused}");
        let listed = auth.accounts().await.unwrap();
        assert!(listed.iter().any(|a| a.id == seller.id && a.disabled));

        auth.set_disabled(&admin, &seller.id, false).await.unwrap();
        auth.login(&session(), IP, input("s@example.com", "a-long-password")).await.unwrap();
        assert!(auth.set_disabled(&admin, &admin.id, true).await.is_err(), "not their own");
        let missing = auth.set_disabled(&admin, "no-such-user", true).await.unwrap_err();
        assert!(matches!(missing, AppError::NotFound { .. }), "{missing:?}");
    }
}
