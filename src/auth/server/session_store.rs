//! A tower-sessions store on SurrealDB 3 (no maintained store fits SurrealDB 3): sessions
//! live in the `session` table, so they survive restarts and are shared by every instance.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tower_sessions::{
    ExpiredDeletion, SessionStore,
    session::{Id, Record},
    session_store,
};

use super::session_repo as repo;
use crate::db::Db;

#[derive(Clone)]
pub(crate) struct SurrealSessionStore {
    db: Db,
}

impl std::fmt::Debug for SurrealSessionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SurrealSessionStore")
    }
}

impl SurrealSessionStore {
    pub(crate) fn new(db: Db) -> Self {
        Self { db }
    }

    /// Deletes expired sessions every `period`, for as long as the process runs.
    pub(crate) fn spawn_cleanup(&self, period: std::time::Duration) {
        let store = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(period);
            loop {
                tick.tick().await;
                if let Err(e) = store.delete_expired().await {
                    tracing::warn!(error = %e, "deleting expired sessions failed");
                }
            }
        });
    }
}

fn backend(context: &str, e: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(format!("{context}: {e}"))
}

fn expiry(record: &Record) -> Result<DateTime<Utc>, session_store::Error> {
    let t = record.expiry_date;
    DateTime::from_timestamp(t.unix_timestamp(), t.nanosecond())
        .ok_or_else(|| backend("session expiry", "out of range"))
}

fn encode(record: &Record) -> Result<String, session_store::Error> {
    serde_json::to_string(&record.data).map_err(|e| session_store::Error::Encode(e.to_string()))
}

#[async_trait]
impl SessionStore for SurrealSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // Session ids are 128 random bits; a collision is astronomically unlikely, but a
        // colliding id must never overwrite someone else's session.
        loop {
            let created = repo::create(&self.db, &record.id.to_string(), &encode(record)?, expiry(record)?)
                .await
                .map_err(|e| backend("creating a session", e))?;
            if created {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        repo::save(&self.db, &record.id.to_string(), &encode(record)?, expiry(record)?)
            .await
            .map_err(|e| backend("saving a session", e))
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let row = repo::load(&self.db, &id.to_string()).await.map_err(|e| backend("loading a session", e))?;
        let Some(row) = row else { return Ok(None) };
        let data = serde_json::from_str(&row.data).map_err(|e| session_store::Error::Decode(e.to_string()))?;
        let expiry_date = time::OffsetDateTime::from_unix_timestamp(row.expires_at.timestamp())
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record { id: *id, data, expiry_date }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        repo::delete(&self.db, &id.to_string()).await.map_err(|e| backend("deleting a session", e))
    }
}

#[async_trait]
impl ExpiredDeletion for SurrealSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        repo::delete_expired(&self.db).await.map_err(|e| backend("deleting expired sessions", e))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use tower_sessions::{
        SessionStore,
        session::{Id, Record},
    };

    use super::SurrealSessionStore;
    use crate::auth::server::session_cache::CachedSessionStore;

    #[tokio::test]
    async fn a_save_after_a_sign_out_does_not_bring_the_session_back() {
        let store = CachedSessionStore::new(SurrealSessionStore::new(crate::db::memory().await));
        let expiry_date = time::OffsetDateTime::now_utc() + time::Duration::hours(1);
        let mut record = Record { id: Id::default(), data: HashMap::new(), expiry_date };
        store.create(&mut record).await.unwrap();
        assert!(store.load(&record.id).await.unwrap().is_some());
        // A sign-out deletes it; a request that loaded it before then saves it afterwards.
        store.delete(&record.id).await.unwrap();
        record.data.insert("seen".into(), serde_json::json!(1));
        store.save(&record).await.unwrap();
        assert!(store.load(&record.id).await.unwrap().is_none(), "still signed out");
    }
}
