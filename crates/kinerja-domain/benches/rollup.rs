//! The national roll-up in memory: 553 synthetic offices × 6 units × 25 indicators × 12 monthly
//! realisations (995.400 realisations). Run: `cargo bench -p kinerja-domain --bench rollup`.

use criterion::{Criterion, criterion_group, criterion_main};
use kinerja_domain::achievement;
use kinerja_domain::scale::CategoryScale;
use kinerja_domain::synthetic::{self, Shape};

fn national(c: &mut Criterion) {
    let shape = Shape::NATIONAL;
    let offices = synthetic::offices(shape);
    let plans: Vec<_> = offices
        .iter()
        .map(|o| synthetic::office_year(o, kinerja_domain::model::Year::of(2024), shape))
        .collect();
    let scale = CategoryScale::sakip_evaluation();
    let mut group = c.benchmark_group("rollup");
    group.sample_size(10);
    group.bench_function("national_553_offices", |b| {
        b.iter(|| achievement::national(&offices, &plans, Some(&scale)))
    });
    group.bench_function("one_office", |b| {
        b.iter(|| {
            achievement::office_achievement(
                &plans[100],
                achievement::Span::Year,
                achievement::Basis::Entered,
                Some(&scale),
                None,
            )
        })
    });
    group.finish();
}

criterion_group!(benches, national);
criterion_main!(benches);
