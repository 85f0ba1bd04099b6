//! Every value string that appears in the seed documents (`../shared/seeds/`) and in
//! SAKIP.md's list of values, parsed, with its kind and number checked, and printed back.

use kinerja_domain::Decimal;
use kinerja_domain::value::{Value, ValueKind};

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// (as written, kind, leading number, normalised unit of the first part)
const SEEN: &[(&str, ValueKind, &str, &str)] = &[
    // SAKIP.md, "Values"
    ("100%", ValueKind::Percent, "100", ""),
    ("97,5%", ValueKind::Percent, "97.5", ""),
    ("551 penyelenggara", ValueKind::Quantity, "551", "penyelenggara"),
    ("551 Badan Adhoc", ValueKind::Quantity, "551", "badan adhoc"),
    ("450 calon", ValueKind::Quantity, "450", "calon"),
    ("12 Kali", ValueKind::Quantity, "12", "kali"),
    ("2 Lap", ValueKind::Quantity, "2", "laporan"),
    ("2 Laporan", ValueKind::Quantity, "2", "laporan"),
    ("4 triwulan", ValueKind::Quantity, "4", "triwulan"),
    ("12 Bulan/3 triwulan", ValueKind::Quantity, "12", "bulan"),
    ("1 Satker", ValueKind::Quantity, "1", "satker"),
    ("5 Dokumen", ValueKind::Quantity, "5", "dokumen"),
    ("2 Draft", ValueKind::Quantity, "2", "draft"),
    ("1 Perkara", ValueKind::Quantity, "1", "perkara"),
    ("2.498 Orang", ValueKind::Quantity, "2498", "orang"),
    ("3,5", ValueKind::Score, "3.5", ""),
    ("B", ValueKind::Grade, "", ""),
    ("BB", ValueKind::Grade, "", ""),
    ("10 media massa", ValueKind::Quantity, "10", "media massa"),
    ("Rp. 12.692.171.000", ValueKind::Money, "12692171000", ""),
    // rak-kpu-kota-metro-2024.txt, TARGET
    ("5 Calon", ValueKind::Quantity, "5", "calon"),
    // rak-sekretariat-kpu-kubu-raya-2024.txt, TARGET
    ("3", ValueKind::Score, "3", ""),
    ("60%", ValueKind::Percent, "60", ""),
    ("70%", ValueKind::Percent, "70", ""),
    ("75%", ValueKind::Percent, "75", ""),
    ("80%", ValueKind::Percent, "80", ""),
    ("85%", ValueKind::Percent, "85", ""),
    ("87,5%", ValueKind::Percent, "87.5", ""),
    ("90%", ValueKind::Percent, "90", ""),
    ("95%", ValueKind::Percent, "95", ""),
    ("97%", ValueKind::Percent, "97", ""),
    ("98%", ValueKind::Percent, "98", ""),
    // lkj-kpu-kota-metro-2024.txt, PK and achievement tables
    ("В", ValueKind::Grade, "", ""),
    ("12 Bulan/3 triwulan", ValueKind::Quantity, "12", "bulan"),
    ("4 laporan", ValueKind::Quantity, "4", "laporan"),
    ("4 Laporan", ValueKind::Quantity, "4", "laporan"),
    ("4 unit sarana IT", ValueKind::Quantity, "4", "unit sarana it"),
    (
        "4 unit sarana IT dan 1 unit sarana printer",
        ValueKind::Quantity,
        "4",
        "unit sarana it",
    ),
    ("3 Orang", ValueKind::Quantity, "3", "orang"),
    ("5 orang", ValueKind::Quantity, "5", "orang"),
    ("3 Kegiatan", ValueKind::Quantity, "3", "kegiatan"),
    ("1 laporan", ValueKind::Quantity, "1", "laporan"),
    ("1 Laporan", ValueKind::Quantity, "1", "laporan"),
    ("12 bln", ValueKind::Quantity, "12", "bulan"),
    ("12 Bln", ValueKind::Quantity, "12", "bulan"),
    ("2 laporan", ValueKind::Quantity, "2", "laporan"),
    ("10 unit", ValueKind::Quantity, "10", "unit"),
    ("12 unit", ValueKind::Quantity, "12", "unit"),
    ("1 Gedung dan 1 gudang", ValueKind::Quantity, "1", "gedung"),
    ("1 Gedung/ 1 gudang", ValueKind::Quantity, "1", "gedung"),
    ("7 laporan", ValueKind::Quantity, "7", "laporan"),
    ("9 unit", ValueKind::Quantity, "9", "unit"),
    ("1 unit", ValueKind::Quantity, "1", "unit"),
    ("6 unit", ValueKind::Quantity, "6", "unit"),
    ("Rp. 15.534.394.000", ValueKind::Money, "15534394000", ""),
    ("Rp. 15.534.394.000,-", ValueKind::Money, "15534394000", ""),
    ("Rp. 2.842.223.000", ValueKind::Money, "2842223000", ""),
    ("Rp. 828.483.000", ValueKind::Money, "828483000", ""),
    ("Rp. 8.263.716.000", ValueKind::Money, "8263716000", ""),
    ("Rp. 13.998.000 ,-", ValueKind::Money, "13998000", ""),
    ("Rp. 17.026.000,-", ValueKind::Money, "17026000", ""),
    ("Rp. 2.183.673.000,-", ValueKind::Money, "2183673000", ""),
];

#[test]
fn every_seen_value_parses_as_what_it_is() {
    for (raw, kind, number, unit) in SEEN {
        let v = Value::parse(raw).unwrap_or_else(|e| panic!("{raw}: {e}"));
        assert_eq!(v.kind(), *kind, "{raw}");
        assert_eq!(v.to_string(), raw.trim(), "{raw} prints back as written");
        if !number.is_empty() {
            assert_eq!(v.number(), Some(d(number)), "{raw}");
        }
        if !unit.is_empty() {
            let kinerja_domain::value::Measure::Quantity(parts) = v.measure() else {
                panic!("{raw}")
            };
            assert_eq!(parts[0].unit.key, *unit, "{raw}");
        }
        // Whatever was parsed can be stored as (kind, raw) and read back identically.
        let restored = Value::restore(v.kind(), v.raw(), &Default::default()).unwrap();
        assert_eq!(restored, v, "{raw}");
    }
}

#[test]
fn budget_cells_without_rp_parse_as_money() {
    // The ANGGARAN column of the quarterly RAK variant: "8.170.412.000".
    assert_eq!(
        Value::parse_money("8.170.412.000").unwrap().number(),
        Some(d("8170412000"))
    );
    // The LKj's typo "12,692.171.000" is refused, with the place of the problem.
    let e = Value::parse_money("12,692.171.000").unwrap_err();
    assert_eq!(e.column, 7);
}

#[test]
fn text_that_is_not_a_value_is_refused_not_guessed() {
    for raw in ["Baik", "sesuai jadwal", "", "   ", "12 Bulan/3", "1.5%", "100%%"] {
        assert!(Value::parse(raw).is_err(), "{raw:?} must not parse");
    }
}
