//! A read cache in front of the store for what every page asks for: the office list and the
//! year plans of the offices being looked at. Each entry is checked against the store's data
//! versions ([`crate::DataVersions`]) before it is used, so a change made through any server
//! sharing the database is seen on the next request. Nothing here is ever written back.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use kinerja_domain::model::{Office, OfficeId, Year, YearPlan};

use crate::{Result, Store};

struct PlanEntry {
    version: i64,
    used: u64,
    plan: Arc<YearPlan>,
}

/// Year plans (the most recently used `capacity` of them) and the office list.
pub struct Cache {
    capacity: usize,
    clock: AtomicU64,
    plans: Mutex<HashMap<(OfficeId, Year), PlanEntry>>,
    offices: Mutex<Option<(i64, Arc<Vec<Office>>)>>,
}

impl Cache {
    /// A cache holding at most `capacity` year plans (an office's year is some hundreds of
    /// kilobytes; 64 of them fit a district server easily).
    pub fn new(capacity: usize) -> Self {
        Cache {
            capacity: capacity.max(1),
            clock: AtomicU64::new(0),
            plans: Mutex::new(HashMap::new()),
            offices: Mutex::new(None),
        }
    }

    fn tick(&self) -> u64 {
        self.clock.fetch_add(1, Ordering::Relaxed)
    }

    /// An office's year, from the cache when nothing of the office changed since it was read.
    pub async fn year_plan(&self, store: &dyn Store, office: OfficeId, year: Year) -> Result<Arc<YearPlan>> {
        // The version is read before the data: a change committed in between makes the entry
        // look stale (read again next time), never current.
        let version = store.office_version(office).await?;
        {
            let mut plans = self.plans.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(entry) = plans.get_mut(&(office, year))
                && entry.version == version
            {
                entry.used = self.tick();
                return Ok(entry.plan.clone());
            }
        }
        let plan = Arc::new(store.year_plan(office, year).await?);
        let mut plans = self.plans.lock().unwrap_or_else(|e| e.into_inner());
        if plans.len() >= self.capacity
            && !plans.contains_key(&(office, year))
            && let Some(oldest) = plans.iter().min_by_key(|(_, e)| e.used).map(|(k, _)| *k)
        {
            plans.remove(&oldest);
        }
        plans.insert(
            (office, year),
            PlanEntry {
                version,
                used: self.tick(),
                plan: plan.clone(),
            },
        );
        Ok(plan)
    }

    /// Every office, from the cache while the office list has not changed since it was read.
    pub async fn offices(&self, store: &dyn Store) -> Result<Arc<Vec<Office>>> {
        let latest = store.office_list_version().await?;
        {
            let cached = self.offices.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((version, offices)) = cached.as_ref()
                && *version == latest
            {
                return Ok(offices.clone());
            }
        }
        let offices = Arc::new(store.offices().await?);
        *self.offices.lock().unwrap_or_else(|e| e.into_inner()) = Some((latest, offices.clone()));
        Ok(offices)
    }

    /// How many year plans are held.
    pub fn held(&self) -> usize {
        self.plans.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}
