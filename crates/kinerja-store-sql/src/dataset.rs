//! Writing a whole dataset (`kinerja load`, the demo, a restored export) in one transaction.

use std::collections::{HashMap, HashSet};

use kinerja_domain::model::*;
use kinerja_store::{Actor, Dataset, DatasetSummary, Result};

use crate::db::{Arg, Conn, query, query_as, query_scalar};
use crate::rows::*;
use crate::write::*;
use crate::{Backend, SqlStore, Tx, db_err, sql};
mod people;
mod registry;
use people::*;
use registry::*;
mod scales;
use scales::*;
mod unit_plans;
use unit_plans::*;

impl<B: Backend> SqlStore<B> {
    pub(crate) async fn apply(
        &self,
        tx: &mut Tx<B>,
        actor: &Actor,
        ds: &Dataset,
        reason: &str,
    ) -> Result<DatasetSummary> {
        let mut summary = DatasetSummary::default();
        let mut ids = Ids::default();
        let why = Some(reason);

        offices(tx, actor, ds, why, &mut summary, &mut ids).await?;
        units(tx, actor, ds, why, &mut summary, &mut ids).await?;
        people(tx, actor, ds, why, &mut summary, &mut ids).await?;
        positions(tx, actor, ds, why, &mut ids).await?;
        scales(tx, actor, ds, why, &mut summary, &mut ids).await?;
        ordinal_scales(tx, actor, ds, why, &mut summary, &mut ids).await?;
        renstra(tx, actor, ds, why, &mut ids).await?;
        let pending = plans(tx, actor, ds, why, &mut summary, &mut ids).await?;
        links(tx, &mut ids, pending).await?;
        Ok(summary)
    }
}

/// The codes of a dataset resolved to ids as it is written (each looked up once).
#[derive(Default)]
struct Ids {
    offices: HashMap<String, i64>,
    units: HashMap<(i64, String), i64>,
    people: HashMap<(i64, String), i64>,
}
