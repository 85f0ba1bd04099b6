use super::*;

const DEMO: &str = include_str!("../../../../data/demo/kpu-kota-metro-2024.toml");

#[test]
fn the_demo_file_reads_whole() {
    let ds = parse("kpu-kota-metro-2024.toml", DEMO).unwrap();
    assert_eq!(ds.offices.len(), 3);
    assert_eq!(ds.units.len(), 11);
    assert_eq!(ds.people.len(), 7);
    assert_eq!(ds.scales.len(), 3);
    assert_eq!(ds.plans.len(), 6);
    let komisi = ds.plans.iter().find(|p| p.unit == "komisi").unwrap();
    let pk_indicators = komisi
        .objectives
        .iter()
        .flat_map(|o| &o.indicators)
        .filter(|i| i.pk_target.is_some())
        .count();
    assert_eq!(pk_indicators, 25);
    assert_eq!(komisi.budget.len(), 2);
    let rak_rows: usize = ds
        .plans
        .iter()
        .flat_map(|p| &p.objectives)
        .flat_map(|o| &o.indicators)
        .map(|i| i.actions.len())
        .sum();
    assert_eq!(rak_rows, 38);
    let realised: usize = ds
        .plans
        .iter()
        .flat_map(|p| &p.objectives)
        .flat_map(|o| &o.indicators)
        .map(|i| i.realisations.len())
        .sum();
    assert_eq!(realised, 17, "one LKj row (Tabel 4, last) has no figures");
}

#[test]
fn monthly_realisations_period_targets_and_renstra_targets() {
    let text = r#"
[dataset]
title = "t"
[[offices]]
code = "k"
name = "KPU K"
full_name = "Komisi Pemilihan Umum K"
level = "regency"
[[units]]
office = "k"
code = "u"
name = "Unit"
kind = "subsection"
[[ordinal_scales]]
code = "predikat"
name = "Predikat"
office = "k"
levels = ["Sangat Memuaskan", "Memuaskan", "Cukup"]
[renstra]
office = "k"
from = 2020
to = 2024
vision = "v"
[[renstra.goals]]
text = "g"
indicators = ["tanpa target", { text = "Indeks", targets = { 2023 = "3,5", 2024 = "B" } }]
[[plans]]
unit = "u"
year = 2023
[plans.pk]
[[plans.pk.objectives]]
text = "o"
[[plans.pk.objectives.indicators]]
text = "Predikat layanan"
target = "Memuaskan"
realisations = [{ period = "Y", value = "sangat memuaskan" }]
[[plans]]
unit = "u"
year = 2024
[plans.pk]
[[plans.pk.objectives]]
text = "o"
[[plans.pk.objectives.indicators]]
text = "Jumlah laporan"
target = "12 laporan"
polarity = "band"
band_lower = "10"
band_upper = "14"
supports = { unit = "u", objective = "o" }
period_targets = { B1 = "1 laporan", TW1 = "3 laporan" }
realisations = [
  { period = "B1", value = "1 Lap", status = "verified", evidence = ["a.pdf"], obstacles = "x", follow_up = "y" },
  { period = "B2", value = "2 laporan" },
]
"#;
    let ds = parse("t.toml", text).unwrap();
    let graded = &ds.plans[0].objectives[0].indicators[0];
    assert_eq!(
        graded.pk_target.as_ref().map(|t| t.kind()),
        Some(kinerja_domain::value::ValueKind::Grade)
    );
    assert_eq!(graded.realisations[0].value.raw(), "sangat memuaskan");
    assert_eq!(ds.ordinal_scales[0].scale.levels.len(), 3);
    let ind = &ds.plans[1].objectives[0].indicators[0];
    assert_eq!(
        ind.settings.polarity,
        Polarity::Band {
            lower: Decimal::from(10),
            upper: Decimal::from(14)
        }
    );
    assert_eq!(
        ind.supports_objective,
        Some(ObjectiveRef {
            unit: "u".into(),
            objective: "o".into()
        })
    );
    assert_eq!(ind.period_targets.len(), 2);
    assert_eq!(ind.period_targets[0].0, Period::Month(1));
    assert_eq!(ind.realisations.len(), 2);
    assert_eq!(ind.realisations[0].status, RealisationStatus::Verified);
    assert_eq!(ind.realisations[1].status, RealisationStatus::Draft);
    assert_eq!(ind.realisations[0].evidence, vec!["a.pdf".to_string()]);
    let goal = &ds.renstra[0].renstra.goals[0];
    assert_eq!(goal.indicators[0].targets.len(), 0);
    assert_eq!(goal.indicators[1].targets[1].0, Year::of(2024));
    let twice = text.replace("{ period = \"B2\"", "{ period = \"B1\"");
    let e = parse("t.toml", &twice).unwrap_err().to_string();
    assert!(e.contains("period: a second realisation for B1"), "{e}");
    let bad_period = text.replace("TW1 = ", "TW5 = ");
    let e = parse("t.toml", &bad_period).unwrap_err().to_string();
    let line = bad_period[..bad_period.find("TW5").unwrap()].matches('\n').count() + 1;
    assert!(
        e.starts_with(&format!("t.toml:{line}:")) && e.contains("'TW5' is not a period"),
        "{e}"
    );
}

#[test]
fn the_documented_example_parses() {
    let doc = include_str!("../../../../docs/dataset-format.md");
    let start = doc.find("```toml\n").expect("a toml block") + "```toml\n".len();
    let example = &doc[start..start + doc[start..].find("```").expect("its end")];
    let ds = parse("docs/dataset-format.md", example).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (
            ds.offices.len(),
            ds.units.len(),
            ds.ordinal_scales.len(),
            ds.plans.len()
        ),
        (1, 1, 1, 1)
    );
    let ind = &ds.plans[0].objectives[0].indicators[0];
    assert_eq!(ind.settings.polarity, Polarity::LowerIsBetter);
    assert_eq!(ind.period_targets.len(), 2);
    assert_eq!(
        ind.realisations.len(),
        2,
        "the documented monthly one and the LKj's yearly one"
    );
    // The example's RAK row names indicator "...", not the PK's: it stands as a RAK-only indicator.
    let actions: usize = ds.plans[0]
        .objectives
        .iter()
        .flat_map(|o| &o.indicators)
        .map(|i| i.actions.len())
        .sum();
    assert_eq!(actions, 1);
}

#[test]
fn errors_name_file_line_column_and_field() {
    let bad = DEMO.replacen("target = \"95%\"", "target = \"9.5%\"", 1);
    let e = parse("demo.toml", &bad).unwrap_err().to_string();
    let line = DEMO[..DEMO.find("target = \"95%\"").unwrap()].matches('\n').count() + 1;
    assert!(
        e.starts_with(&format!("demo.toml:{line}:10: target: '9.5%' column 2")),
        "{e}"
    );
    let e = parse("demo.toml", "[dataset]\ntitle = 1\n").unwrap_err().to_string();
    assert!(e.starts_with("demo.toml:2:9:"), "{e}");
    let e = parse("demo.toml", "this is not toml").unwrap_err().to_string();
    assert!(e.starts_with("demo.toml:1:"), "{e}");
}
