//! `kinerja bench`: the national roll-up on a synthetic year, in memory and through a store.
//! Figures go to docs/BENCHMARKS.md with the command that made them.

use kinerja_domain::model::Year;
use std::hint::black_box;
use std::time::{Duration, Instant};

use anyhow::Result;
use kinerja_domain::achievement;
use kinerja_domain::model::YearPlan;
use kinerja_domain::scale::CategoryScale;
use kinerja_domain::synthetic::{self, Shape};
use kinerja_store::{Actor, Dataset, ScaleDraft, Store};

const YEAR: Year = Year::of(2024);

fn stats(times: &mut [Duration]) -> String {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    format!(
        "min {:.0} ms, median {:.0} ms, max {:.0} ms ({} runs)",
        ms(times[0]),
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1]),
        times.len()
    )
}

pub async fn run(store: Option<&dyn Store>, url: &str, regencies: usize, runs: usize, skip_write: bool) -> Result<()> {
    let shape = Shape {
        regencies,
        ..Shape::NATIONAL
    };
    let offices = synthetic::offices(shape);
    let scale = CategoryScale::sakip_evaluation();
    let started = Instant::now();
    let plans: Vec<YearPlan> = offices.iter().map(|o| synthetic::office_year(o, YEAR, shape)).collect();
    let realisations: usize = plans.iter().map(|p| p.realisations.len()).sum();
    let indicators: usize = plans.iter().map(|p| p.indicators.len()).sum();
    outln!(
        "synthetic year: {} offices, {} indicators, {} realisations (generated in {:.1} s)",
        offices.len(),
        indicators,
        realisations,
        started.elapsed().as_secs_f64()
    );

    let mut times = Vec::with_capacity(runs);
    let mut national = None;
    for _ in 0..runs {
        let t = Instant::now();
        let r = black_box(achievement::national(&offices, &plans, Some(&scale)));
        times.push(t.elapsed());
        national = r.get(&kinerja_domain::model::OfficeId(1)).and_then(|r| r.achievement);
    }
    outln!(
        "in-memory national roll-up: {} — national achievement {:?}",
        stats(&mut times),
        national.map(kinerja_domain::format::percent)
    );

    let Some(store) = store else { return Ok(()) };
    if skip_write {
        drop(plans);
    } else {
        let mut ds = Dataset::from_year_plans(&offices, &plans);
        ds.scales.push(ScaleDraft {
            office: None,
            scale: scale.clone(),
        });
        drop(plans);
        let t = Instant::now();
        let summary = store
            .apply_dataset(
                &Actor::new("kinerja bench"),
                &ds,
                "synthetic national year for benchmarks",
            )
            .await?;
        outln!(
            "{} write ({url}): {} realisations in {:.1} s",
            store.backend(),
            summary.realisations,
            t.elapsed().as_secs_f64()
        );
        drop(ds);
    }

    let mut load_times = Vec::with_capacity(runs);
    let mut total_times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let stored_offices = store.offices().await?;
        let loaded = store.year_plans(YEAR).await?;
        load_times.push(t.elapsed());
        let r = black_box(achievement::national(&stored_offices, &loaded, Some(&scale)));
        total_times.push(t.elapsed());
        drop(r);
    }
    outln!(
        "{} load of every office's year: {}",
        store.backend(),
        stats(&mut load_times)
    );
    outln!(
        "{} load + national roll-up: {}",
        store.backend(),
        stats(&mut total_times)
    );
    Ok(())
}
