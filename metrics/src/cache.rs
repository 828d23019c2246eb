//! The result cache: each metric result is kept under (metric, parameters,
//! data version), so a page asking again for what has not changed gets it
//! without recomputing. Ingest bumps the store's data version, and a lookup
//! with a newer version empties the cache.

use std::any::Any;
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use crate::params::Params;

type Key = (String, Params);
type Value = Arc<dyn Any + Send + Sync>;

/// A bounded cache of metric results, shared between threads.
pub struct ResultCache {
    inner: Mutex<Inner>,
    capacity: usize,
    hits: AtomicU64,
    misses: AtomicU64,
}

struct Inner {
    version: Option<i64>,
    entries: HashMap<Key, Value>,
    /// Keys, oldest first: the oldest is dropped when the cache is full.
    order: VecDeque<Key>,
}

impl ResultCache {
    /// A cache holding at most `capacity` results.
    pub fn new(capacity: usize) -> Self {
        Self {
            inner: Mutex::new(Inner {
                version: None,
                entries: HashMap::new(),
                order: VecDeque::new(),
            }),
            capacity: capacity.max(1),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    /// The result of `metric` (a name, with any argument that is not in
    /// [`Params`]) for `params` on data `version`: from the cache, or
    /// computed by `compute` and kept. Errors are not kept. Two threads
    /// missing the same key at once may both compute it; the results are the
    /// same.
    pub fn get_or_compute<T, E>(
        &self,
        metric: &str,
        params: &Params,
        version: i64,
        compute: impl FnOnce() -> Result<T, E>,
    ) -> Result<Arc<T>, E>
    where
        T: Send + Sync + 'static,
    {
        let key = (metric.to_owned(), params.clone());
        {
            let mut inner = self.lock();
            if inner.version != Some(version) {
                // New data (or the first use): nothing kept is valid.
                inner.entries.clear();
                inner.order.clear();
                inner.version = Some(version);
            }
            if let Some(found) = inner.entries.get(&key) {
                if let Ok(value) = Arc::clone(found).downcast::<T>() {
                    self.hits.fetch_add(1, Ordering::Relaxed);
                    return Ok(value);
                }
            }
        }
        self.misses.fetch_add(1, Ordering::Relaxed);
        let value = Arc::new(compute()?);
        let mut inner = self.lock();
        if inner.version == Some(version) {
            if inner.entries.len() >= self.capacity {
                if let Some(oldest) = inner.order.pop_front() {
                    inner.entries.remove(&oldest);
                }
            }
            let stored: Value = value.clone();
            if inner.entries.insert(key.clone(), stored).is_none() {
                inner.order.push_back(key);
            }
        }
        Ok(value)
    }

    /// Results served from the cache and computed, since it was made.
    pub fn stats(&self) -> (u64, u64) {
        (
            self.hits.load(Ordering::Relaxed),
            self.misses.load(Ordering::Relaxed),
        )
    }

    /// Results kept now.
    pub fn len(&self) -> usize {
        self.lock().entries.len()
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn ok(n: i64, calls: &Cell<u32>) -> Result<i64, String> {
        calls.set(calls.get() + 1);
        Ok(n)
    }

    #[test]
    fn keeps_results_per_metric_parameters_and_version() {
        let cache = ResultCache::new(8);
        let calls = Cell::new(0);
        let all = Params::default();
        let bots = Params {
            include_bots: true,
            ..Params::default()
        };
        assert_eq!(
            *cache
                .get_or_compute("a", &all, 1, || ok(1, &calls))
                .unwrap(),
            1
        );
        assert_eq!(
            *cache
                .get_or_compute("a", &all, 1, || ok(9, &calls))
                .unwrap(),
            1
        );
        assert_eq!(calls.get(), 1, "the second lookup is a hit");
        // Other parameters, another metric: computed.
        assert_eq!(
            *cache
                .get_or_compute("a", &bots, 1, || ok(2, &calls))
                .unwrap(),
            2
        );
        assert_eq!(
            *cache
                .get_or_compute("b", &all, 1, || ok(3, &calls))
                .unwrap(),
            3
        );
        assert_eq!(calls.get(), 3);
        assert_eq!(cache.stats(), (1, 3));
        // New data: everything is computed again.
        assert_eq!(
            *cache
                .get_or_compute("a", &all, 2, || ok(4, &calls))
                .unwrap(),
            4
        );
        assert_eq!(cache.len(), 1);
    }

    #[test]
    fn errors_are_not_kept_and_the_oldest_result_leaves_first() {
        let cache = ResultCache::new(2);
        let p = Params::default();
        let failed: Result<Arc<i64>, &str> = cache.get_or_compute("a", &p, 1, || Err("no"));
        assert!(failed.is_err());
        assert!(cache.is_empty());
        let calls = Cell::new(0);
        for name in ["a", "b", "c"] {
            cache.get_or_compute(name, &p, 1, || ok(1, &calls)).unwrap();
        }
        assert_eq!((cache.len(), calls.get()), (2, 3));
        // "a" was dropped, "c" is kept.
        cache.get_or_compute("c", &p, 1, || ok(1, &calls)).unwrap();
        assert_eq!(calls.get(), 3);
        cache.get_or_compute("a", &p, 1, || ok(1, &calls)).unwrap();
        assert_eq!(calls.get(), 4);
    }

    #[test]
    fn a_value_of_another_type_under_the_same_key_is_recomputed() {
        let cache = ResultCache::new(4);
        let p = Params::default();
        cache
            .get_or_compute("a", &p, 1, || Ok::<_, ()>(1i64))
            .unwrap();
        let s = cache
            .get_or_compute("a", &p, 1, || Ok::<_, ()>("x".to_string()))
            .unwrap();
        assert_eq!(*s, "x");
    }
}
