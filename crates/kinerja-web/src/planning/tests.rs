use super::*;
use kinerja_domain::i18n::Lang;

#[test]
fn period_targets_are_read_and_refused_clearly() {
    let grades = OrdinalScale::builtin().to_vec();
    let ctx = ParseContext {
        ordinal_scales: &grades,
    };
    let t = Tr(Lang::Id);
    let got = parse_period_targets("TW2: 2 laporan; TW1 = 1 laporan\nB12: 4 laporan", &ctx, t).unwrap();
    let periods: Vec<String> = got.iter().map(|(p, _)| p.to_string()).collect();
    assert_eq!(periods, vec!["TW1", "TW2", "B12"]);
    assert_eq!(
        period_targets_text(&got),
        "TW1: 1 laporan; TW2: 2 laporan; B12: 4 laporan"
    );
    assert!(parse_period_targets("", &ctx, t).unwrap().is_empty());
    assert!(parse_period_targets("TW5: 1", &ctx, t).unwrap_err().contains("TW5"));
    assert!(parse_period_targets("TW1 1 laporan", &ctx, t).is_err());
    assert!(
        parse_period_targets("TW1: 1; TW1: 2", &ctx, t)
            .unwrap_err()
            .contains("TW1")
    );
    assert!(
        parse_period_targets("B3: 1.5 laporan", &ctx, t)
            .unwrap_err()
            .starts_with("B3:")
    );
}
