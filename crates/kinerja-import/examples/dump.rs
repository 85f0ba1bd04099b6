fn main() {
    let path = std::env::args().nth(1).expect("a file");
    let text = std::fs::read_to_string(path).unwrap();
    let r = kinerja_import::read_text(&text).expect("within the limits");
    for d in &r.documents {
        println!(
            "{:?} line {} {:?} unit={:?} office={:?} year={:?} {:?}: {} obj, {} ind, {} act, sig {:?}",
            d.kind,
            d.line,
            d.title,
            d.unit,
            d.office,
            d.year,
            d.period_kind,
            d.objectives.len(),
            d.objectives.iter().map(|o| o.indicators.len()).sum::<usize>(),
            d.objectives
                .iter()
                .flat_map(|o| &o.indicators)
                .map(|i| i.actions.len())
                .sum::<usize>(),
            d.signatories.iter().map(|s| (&s.role, &s.name)).collect::<Vec<_>>()
        );
    }
    for w in &r.warnings {
        println!("  line {}: {}", w.line, w.message.en);
    }
}
