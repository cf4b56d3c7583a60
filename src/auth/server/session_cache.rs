//! A short-lived in-memory cache in front of the session store.
//!
//! Every signed-in request reads its session; the bell alone asks twice a minute per open
//! tab. Reading it from SurrealDB each time was most of a poll's cost, so loads are answered
//! from memory for a few seconds. Writes and deletes go to the store first and then update
//! this instance's cache, so on one instance the cache is exact. Another instance's cache can
//! still hold a session this one just deleted (a sign-out) for at most `FRESH_FOR`; the
//! session's own expiry is checked on every hit.

use std::time::Duration;

use async_trait::async_trait;
use moka::future::Cache;
use tower_sessions::{
    SessionStore,
    session::{Id, Record},
    session_store,
};

/// How long a loaded session is answered from memory before the store is asked again.
pub const FRESH_FOR: Duration = Duration::from_secs(10);
/// Sessions kept in memory at most (about 200 bytes each).
const CAPACITY: u64 = 50_000;

#[derive(Clone, Debug)]
pub(crate) struct CachedSessionStore<S> {
    inner: S,
    cache: Cache<Id, Record>,
}

impl<S> CachedSessionStore<S> {
    pub(crate) fn new(inner: S) -> Self {
        Self { inner, cache: Cache::builder().max_capacity(CAPACITY).time_to_live(FRESH_FOR).build() }
    }
}

fn unexpired(record: Record) -> Option<Record> {
    (record.expiry_date > time::OffsetDateTime::now_utc()).then_some(record)
}

#[async_trait]
impl<S: SessionStore> SessionStore for CachedSessionStore<S> {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        self.inner.create(record).await?;
        self.cache.insert(record.id, record.clone()).await;
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        // Forgotten rather than replaced: the store's save never brings back a session that
        // a sign-out deleted meanwhile, and neither may this cache. The next load reads it.
        self.cache.invalidate(&record.id).await;
        self.inner.save(record).await?;
        self.cache.invalidate(&record.id).await;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        if let Some(record) = self.cache.get(id).await {
            return Ok(unexpired(record));
        }
        let record = self.inner.load(id).await?;
        if let Some(record) = &record {
            self.cache.insert(*id, record.clone()).await;
        }
        Ok(record)
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        // Forget it here first: a load racing with the delete must not bring it back.
        self.cache.invalidate(id).await;
        self.inner.delete(id).await?;
        self.cache.invalidate(id).await;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use tower_sessions::MemoryStore;

    use super::*;

    fn record(expires_in: time::Duration) -> Record {
        Record { id: Id::default(), data: HashMap::new(), expiry_date: time::OffsetDateTime::now_utc() + expires_in }
    }

    #[tokio::test]
    async fn a_deleted_session_is_gone_at_once() {
        let store = CachedSessionStore::new(MemoryStore::default());
        let mut r = record(time::Duration::hours(1));
        store.create(&mut r).await.unwrap();
        assert!(store.load(&r.id).await.unwrap().is_some());
        store.delete(&r.id).await.unwrap();
        assert!(store.load(&r.id).await.unwrap().is_none());
    }

    #[tokio::test]
    async fn an_expired_session_is_not_answered_from_memory() {
        let store = CachedSessionStore::new(MemoryStore::default());
        let mut r = record(time::Duration::hours(1));
        store.create(&mut r).await.unwrap();
        r.expiry_date = time::OffsetDateTime::now_utc() - time::Duration::seconds(1);
        store.cache.insert(r.id, r.clone()).await;
        assert!(store.load(&r.id).await.unwrap().is_none());
    }

    #[tokio::test]
    async fn a_save_is_seen_by_the_next_load() {
        let store = CachedSessionStore::new(MemoryStore::default());
        let mut r = record(time::Duration::hours(1));
        store.create(&mut r).await.unwrap();
        r.data.insert("k".into(), serde_json::json!(1));
        store.save(&r).await.unwrap();
        assert_eq!(store.load(&r.id).await.unwrap().unwrap().data["k"], 1);
    }
}
