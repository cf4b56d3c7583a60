//! The notify service, called directly against an in-memory database.

use super::{Notifier, Outgoing, queue, queue_if};
use crate::{
    auth::{model::Role, server::service as accounts},
    db::{self, Tx},
    notifications::model::{ListQuery, NotificationType},
};

async fn user(db: &db::Db, email: &str, role: Role) -> String {
    let account = accounts::NewAccount {
        email: email.into(),
        name: "Test".into(),
        role,
        password: secrecy::SecretString::from("a-long-password"),
    };
    accounts::create_account(db, account).await.unwrap().id
}

fn page(limit: u32, before: Option<String>) -> ListQuery {
    ListQuery { limit: Some(limit), unread_only: None, before }
}

#[tokio::test]
async fn counts_follow_every_change_and_only_the_owner_reaches_a_notification() {
    let db = db::memory().await;
    let (me, other) = (user(&db, "me@example.com", Role::Seller).await, user(&db, "o@example.com", Role::Seller).await);
    let notifier = Notifier::new(db.clone());
    let first = notifier.notify(&me, NotificationType::Info, "One", "m", None).await.unwrap();
    notifier.notify(&me, NotificationType::Success, "Two", "m", Some("/seller")).await.unwrap();
    assert_eq!(notifier.counter(&me).await.unwrap().unread, 2);

    notifier.set_read(&me, &first.id, true).await.unwrap();
    notifier.set_read(&me, &first.id, true).await.unwrap();
    assert_eq!(notifier.counter(&me).await.unwrap().unread, 1, "reading twice counts once");
    let err = notifier.set_read(&other, &first.id, false).await.unwrap_err();
    assert_eq!(err.status_code(), 404, "someone else's notification is not there for them");
    assert!(notifier.delete(&other, &first.id).await.is_err());

    notifier.mark_all_read(&me).await.unwrap();
    assert_eq!(notifier.counter(&me).await.unwrap().unread, 0);
    notifier.delete(&me, &first.id).await.unwrap();
    assert_eq!(notifier.list(&me, &page(10, None)).await.unwrap().items.len(), 1);
}

#[tokio::test]
async fn bad_input_writes_nothing() {
    let db = db::memory().await;
    let me = user(&db, "me@example.com", Role::Seller).await;
    let notifier = Notifier::new(db.clone());
    let err = notifier.notify(&me, NotificationType::Info, "", "m", Some("https://elsewhere.example")).await;
    assert!(err.is_err());
    assert!(notifier.set_read(&me, "not-an-id", true).await.unwrap_err().status_code() == 400);
    assert_eq!(notifier.counter(&me).await.unwrap().unread, 0);
}

#[tokio::test]
async fn pages_go_back_in_time_with_a_cursor() {
    let db = db::memory().await;
    let me = user(&db, "me@example.com", Role::Seller).await;
    let notifier = Notifier::new(db.clone());
    for i in 0..5 {
        notifier.notify(&me, NotificationType::Info, &format!("N{i}"), "m", None).await.unwrap();
    }
    let first = notifier.list(&me, &page(2, None)).await.unwrap();
    let titles =
        |p: &crate::notifications::model::NotificationPage| p.items.iter().map(|n| n.title.clone()).collect::<Vec<_>>();
    assert_eq!(titles(&first), ["N4", "N3"]);
    let second = notifier.list(&me, &page(2, first.next_before.clone())).await.unwrap();
    assert_eq!(titles(&second), ["N2", "N1"]);
    let last = notifier.list(&me, &page(2, second.next_before.clone())).await.unwrap();
    assert_eq!(titles(&last), ["N0"]);
    assert!(last.next_before.is_none());
}

#[tokio::test]
async fn notifications_queued_in_another_domains_transaction_commit_with_it() {
    let db = db::memory().await;
    let (me, admin) = (user(&db, "me@example.com", Role::Seller).await, user(&db, "a@example.com", Role::Admin).await);
    let notifier = Notifier::new(db.clone());
    let news = [Outgoing::new(&me, NotificationType::Info, "Queued", "m", None).unwrap()];
    let mut tx = Tx::new();
    queue(&mut tx, &news);
    tx.add("THROW 'the change failed';");
    assert!(tx.commit(&db).await.is_err());
    assert_eq!(notifier.list(&me, &page(10, None)).await.unwrap().unread, 0, "nothing without the change");

    let mut tx = Tx::new();
    let flag = tx.add("LET $moved = [1];").flag("array::len($moved) > 0");
    queue_if(&mut tx, &flag, &news);
    let admins = notifier.for_admins(NotificationType::Warning, "For admins", "m", None).await.unwrap();
    let never = tx_false(&mut tx);
    queue_if(&mut tx, &never, &admins);
    tx.commit(&db).await.unwrap();
    // Read past the unread-count cache: these writes didn't go through the notifier.
    assert_eq!(notifier.list(&me, &page(10, None)).await.unwrap().unread, 1);
    assert_eq!(notifier.list(&admin, &page(10, None)).await.unwrap().unread, 0, "a false flag writes nothing");
}

fn tx_false(tx: &mut Tx) -> db::Flag {
    tx.add("LET $moved = [];").flag("array::len($moved) > 0")
}
