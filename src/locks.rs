//! Striped in-process locks keyed by a string (a user id): work for one key runs one at a
//! time in this process, without a map that grows. Across instances, the database's write
//! conflicts serialize the same work.

use std::hash::{Hash, Hasher};

use tokio::sync::{Mutex, MutexGuard};

const STRIPES: usize = 64;

pub struct KeyedLocks([Mutex<()>; STRIPES]);

impl Default for KeyedLocks {
    fn default() -> Self {
        Self(std::array::from_fn(|_| Mutex::new(())))
    }
}

impl KeyedLocks {
    pub async fn lock(&self, key: &str) -> MutexGuard<'_, ()> {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        key.hash(&mut hasher);
        self.0[(hasher.finish() % STRIPES as u64) as usize].lock().await
    }
}
