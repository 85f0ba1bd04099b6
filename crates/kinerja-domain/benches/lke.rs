//! The evaluation scores of every office for the oversight page, in memory: 553 offices'
//! answers to the 80 criteria of the shipped worksheet (answers spread over every value), each
//! scored, graded and logic-checked. Run: `cargo bench -p kinerja-domain --bench lke`.

use std::collections::HashMap;

use criterion::{Criterion, criterion_group, criterion_main};
use kinerja_domain::evaluation::{self, Answer, Template};

fn national(c: &mut Criterion) {
    let template = Template::shipped();
    let offices: Vec<HashMap<String, Answer>> = (0..553usize)
        .map(|o| {
            template
                .criteria()
                .enumerate()
                .map(|(k, criterion)| {
                    let choices = Answer::all(criterion.kind);
                    (criterion.code.clone(), choices[(o * 7 + k * 3) % choices.len()])
                })
                .collect()
        })
        .collect();
    let mut group = c.benchmark_group("lke");
    group.bench_function("scores_of_553_offices", |b| {
        b.iter(|| {
            offices
                .iter()
                .map(|answers| {
                    let s = evaluation::score(&template, answers);
                    (s.total, s.grade, evaluation::logic_checks(&template, answers).len())
                })
                .collect::<Vec<_>>()
        })
    });
    group.bench_function("one_office", |b| b.iter(|| evaluation::score(&template, &offices[100])));
    group.finish();
}

criterion_group!(benches, national);
criterion_main!(benches);
