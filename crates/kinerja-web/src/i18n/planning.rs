//! The words of the planning pages: the plan's sections, the findings' filter, the RAK grid,
//! the help under the indicator's settings.

/// (key, Bahasa Indonesia, English)
pub(super) const TABLE: &[(&str, &str, &str)] = &[
    (
        "rak_new_rows",
        "Kegiatan baru (pilih nomor indikatornya di kolom pertama)",
        "New actions (choose the indicator's number in the first column)",
    ),
    (
        "target_unreadable",
        "“{}” tidak dapat dibaca sebagai target",
        "“{}” cannot be read as a target",
    ),
    ("plan_sections", "Bagian rencana", "Parts of the plan"),
    (
        "tree_hint",
        "Klik sebuah indikator untuk membuka indikator unit di bawahnya yang mendukungnya; klik namanya untuk mengubahnya.",
        "Click an indicator to unfold the indicators of the units below that support it; click its name to edit it.",
    ),
    ("tree_supporting", "indikator pendukung", "supporting indicators"),
    ("findings_all_severities", "Semua tingkat", "Every severity"),
    ("findings_all_units", "Semua unit", "Every unit"),
    (
        "findings_shown",
        "{} dari {} temuan ditampilkan.",
        "{} of {} findings shown.",
    ),
    (
        "findings_none_match",
        "Tidak ada temuan dengan pilihan ini.",
        "No finding matches this choice.",
    ),
    (
        "help_period_targets",
        "Bila target berbeda per triwulan atau bulan, mis. TW1: 1 laporan; TW2: 2 laporan.",
        "When the target differs by quarter or month, e.g. TW1: 1 laporan; TW2: 2 laporan.",
    ),
    (
        "help_polarity",
        "Naik: capaian = realisasi ÷ target. Turun (jumlah revisi, temuan): realisasi di bawah target berarti capaian di atas 100%. Rentang: 100% bila realisasi di antara batas bawah dan atas.",
        "Higher: achievement = realisation ÷ target. Lower (revisions, findings): a realisation under the target gives over 100%. Band: 100% when the realisation lies between the lower and upper bound.",
    ),
    (
        "help_band",
        "Hanya untuk polaritas rentang, dalam satuan target (mis. 95 dan 105).",
        "For a band only, in the target's terms (e.g. 95 and 105).",
    ),
    (
        "help_rollup",
        "Cara realisasi bulan/triwulan menjadi realisasi tahun: dijumlahkan (laporan, orang), nilai terakhir (persentase, nilai), rata-rata, atau tertinggi.",
        "How monthly or quarterly figures make the year's: summed (reports, people), the latest (percentages, grades), the mean, or the highest.",
    ),
    (
        "help_cap",
        "Capaian tidak dilaporkan di atas persentase ini (mis. 120); kosong: tanpa batas.",
        "Achievement is never reported above this percentage (e.g. 120); empty: no cap.",
    ),
    (
        "help_weight",
        "Bobot dalam capaian sasaran; kosong: semua indikator sasaran sama bobotnya.",
        "Weight in the objective's achievement; empty: the objective's indicators weigh the same.",
    ),
    (
        "help_supports",
        "Indikator unit di atas yang didukung indikator ini (pohon kinerja).",
        "The indicator of the unit above that this one supports (the cascade tree).",
    ),
    ("delete_confirm_title", "Hapus dari rencana?", "Delete from the plan?"),
    ("delete_confirm", "Ya, hapus", "Yes, delete"),
    ("cancel", "Batal", "Cancel"),
    ("back", "Kembali", "Back"),
    ("delete_goes_with", "Ikut terhapus bersamanya:", "Deleted with it:"),
    (
        "delete_nothing_else",
        "Tidak ada yang ikut terhapus.",
        "Nothing else is deleted with it.",
    ),
    ("delete_n_indicators", "{} indikator", "{} indicators"),
    ("delete_n_actions", "{} kegiatan RAK", "{} RAK actions"),
    (
        "delete_blocked",
        "Belum dapat dihapus, karena:",
        "It cannot be deleted yet, because of:",
    ),
    (
        "delete_block_figures",
        "{} capaian (realisasi) sudah diisi untuknya",
        "{} figures entered for it",
    ),
    (
        "delete_block_actions",
        "{} kegiatan RAK di bawah indikatornya (hapus dulu di RAK)",
        "{} RAK actions under its indicators (delete them in the RAK first)",
    ),
    (
        "delete_block_supporters",
        "{} indikator unit di bawahnya mendukungnya (ubah dulu dukungannya)",
        "{} indicators of units below support it (change what they support first)",
    ),
    (
        "delete_restore_days",
        "Yang dihapus dapat dipulihkan selama {} hari dari halaman rencana atau Riwayat perubahan.",
        "What is deleted can be restored for {} days from the plan page or the history.",
    ),
    ("deleted_notice", "Dihapus.", "Deleted."),
    ("restore", "Pulihkan", "Restore"),
    ("restored_notice", "Dipulihkan.", "Restored."),
];
