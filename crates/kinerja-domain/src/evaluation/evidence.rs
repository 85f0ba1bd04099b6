//! The evidence an office gives for a criterion of its self-assessment: a document Kinerja
//! already holds for the year, named by its code, or a file it uploads.

use crate::i18n::Text;

/// The documents of a year Kinerja holds that a criterion's evidence may name: code, then the
/// name in Indonesian and English.
pub const DOCUMENTS: [(&str, &str, &str); 9] = [
    ("renstra", "Rencana Strategis (Renstra)", "Strategic plan (Renstra)"),
    (
        "iku",
        "Indikator Kinerja Utama (IKU)",
        "Key performance indicators (IKU)",
    ),
    ("pk", "Perjanjian Kinerja (PK)", "Performance agreement (PK)"),
    ("rkt", "Rencana Kinerja Tahunan (RKT)", "Annual performance plan (RKT)"),
    ("rak", "Rencana Aksi (RAK)", "Action plan (RAK)"),
    ("monitoring", "Laporan monitoring capaian", "Monitoring reports"),
    ("lkj", "Laporan Kinerja (LKj)", "Performance report (LKj)"),
    (
        "bukti",
        "Bukti dukung capaian (berkas monitoring)",
        "Evidence of the figures (monitoring files)",
    ),
    ("cek", "Hasil pemeriksaan rencana", "Plan check results"),
];

/// The most pieces of evidence one criterion keeps.
pub const MAX_PER_CRITERION: usize = 20;

/// The name of a document code, if it is one of [`DOCUMENTS`].
pub fn document(code: &str) -> Option<Text> {
    DOCUMENTS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, id, en)| Text::new(*id, *en))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_named_by_their_codes_only() {
        assert_eq!(document("lkj").unwrap().id, "Laporan Kinerja (LKj)");
        assert_eq!(document("LKJ"), None);
        assert_eq!(document("../etc"), None);
        let mut codes: Vec<&str> = DOCUMENTS.iter().map(|(c, _, _)| *c).collect();
        codes.dedup();
        assert_eq!(codes.len(), DOCUMENTS.len());
    }
}
