//! The words of the oversight list: provinces, filters, pages, exports.

/// (key, Bahasa Indonesia, English)
pub(super) const TABLE: &[(&str, &str, &str)] = &[
    ("province", "Provinsi", "Province"),
    ("provinces_title", "Per provinsi", "By province"),
    ("provinces_offices", "Kantor", "Offices"),
    ("provinces_mean", "Rata-rata capaian", "Mean achievement"),
    ("provinces_late", "Kantor terlambat lapor", "Offices reporting late"),
    (
        "provinces_help",
        "Rata-rata capaian kantor-kantor di provinsi itu (yang sudah ada capaiannya); pelaporan: periode yang sudah lewat batasnya dan sudah diajukan, dari semuanya. Klik nama provinsi untuk melihat kantornya.",
        "The mean of its offices' achievement (those with one); reporting: periods past their deadline that were submitted, of all of them. Click a province to see its offices.",
    ),
    ("all_provinces", "Semua provinsi", "Every province"),
    ("all_categories", "Semua kategori", "Every category"),
    ("no_achievement_yet", "Belum ada capaian", "No achievement yet"),
    ("all_levels", "Semua tingkat", "Every level"),
    ("late_only", "Hanya yang terlambat lapor", "Only those reporting late"),
    ("offices_shown", "{} kantor sesuai pilihan", "{} offices match"),
    ("page_of", "Halaman {} dari {}", "Page {} of {}"),
    ("previous_page", "← Sebelumnya", "← Previous"),
    ("next_page", "Berikutnya →", "Next →"),
    ("export_list", "Unduh daftar ini", "Download this list"),
    ("export_submitted", "Periode diajukan", "Periods submitted"),
    ("export_due", "Periode jatuh tempo", "Periods due"),
];
