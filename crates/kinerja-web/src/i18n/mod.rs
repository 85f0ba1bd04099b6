//! Every word the web interface shows, in Indonesian (the default) and English: the one place to
//! translate. Templates call `t.t("key")`; a test checks that every key they use is here.

use kinerja_domain::i18n::Lang;

mod evaluation;
mod history;
mod notices;
mod oversight;
mod planning;
mod security;

/// Every entry of the tables: the general one below, and one per part of the app beside it.
fn entries() -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> {
    TABLE
        .iter()
        .chain(notices::TABLE)
        .chain(security::TABLE)
        .chain(planning::TABLE)
        .chain(history::TABLE)
        .chain(oversight::TABLE)
        .chain(evaluation::TABLE)
}

/// (key, Bahasa Indonesia, English)
const TABLE: &[(&str, &str, &str)] = &[
    (
        "tagline",
        "Sistem Akuntabilitas Kinerja Instansi Pemerintah untuk kantor KPU.",
        "Performance accountability (SAKIP) for KPU offices.",
    ),
    ("sign_in_title", "Masuk ke Kinerja", "Sign in to Kinerja"),
    ("sign_in", "Masuk", "Sign in"),
    ("login", "Nama pengguna", "User name"),
    (
        "unit_kind_commission",
        "Komisioner (ketua dan anggota)",
        "Commission (chair and members)",
    ),
    ("unit_kind_secretariat", "Sekretariat", "Secretariat"),
    ("unit_kind_division", "Bagian / divisi", "Division"),
    ("unit_kind_subsection", "Subbagian", "Sub-section"),
    ("colour_red", "Merah", "Red"),
    ("colour_yellow", "Kuning", "Yellow"),
    ("colour_green", "Hijau", "Green"),
    ("colour_blue", "Biru", "Blue"),
    ("password", "Kata sandi", "Password"),
    ("sign_out", "Keluar", "Sign out"),
    ("other_language", "English", "Bahasa Indonesia"),
    ("back_home", "Kembali ke beranda", "Back to the start page"),
    (
        "offices_title",
        "Capaian kinerja kantor tahun",
        "Office performance achievement, year",
    ),
    ("office", "Kantor", "Office"),
    ("level", "Tingkat", "Level"),
    ("pk_indicators", "Indikator PK", "PK indicators"),
    ("realisations", "Realisasi", "Realisations"),
    ("achievement", "Capaian", "Achievement"),
    ("achievement_title", "Capaian Kinerja", "Performance achievement"),
    ("scale", "Skala", "Scale"),
    (
        "office_own",
        "Capaian kantor (PK sendiri)",
        "Office achievement (its own PK)",
    ),
    ("by_unit", "Capaian per unit", "Achievement by unit"),
    ("achievement_to", "Capaian s.d.", "Achievement to"),
    ("by_objective", "Capaian per sasaran", "Achievement by objective"),
    (
        "trend",
        "Tren capaian bulanan (s.d. bulan)",
        "Monthly trend (year to date)",
    ),
    (
        "trend_note",
        "Capaian kantor dari awal tahun sampai akhir tiap bulan, dari realisasi bulanan dan triwulanan yang sudah diisi (realisasi tahunan LKj tidak termasuk).",
        "The office's achievement from the start of the year to the end of each month, from the monthly and quarterly realisations entered (the LKj's yearly figures are not included).",
    ),
    (
        "no_trend",
        "Belum ada realisasi bulanan atau triwulanan tahun ini.",
        "No monthly or quarterly realisations this year yet.",
    ),
    ("by_category", "Indikator per kategori", "Indicators by category"),
    ("no_category", "Di luar skala", "Outside the scale"),
    ("not_computable", "Belum dapat dihitung", "Not computable yet"),
    (
        "absorption_title",
        "Serapan anggaran dan capaian kinerja per unit",
        "Budget absorption beside achievement, by unit",
    ),
    ("budget_absorbed", "Serapan anggaran", "Budget absorbed"),
    ("performance_achieved", "Capaian kinerja", "Performance achieved"),
    ("of_ceiling", "dari pagu", "of the ceiling"),
    (
        "no_budget_realised",
        "Belum ada realisasi anggaran yang dicatat; hanya pagu yang diketahui.",
        "No budget realisation recorded yet; only the ceilings are known.",
    ),
    ("summary", "Ringkasan", "Summary"),
    ("computed", "dapat dihitung", "computable"),
    ("late_reports", "Laporan terlambat", "Late reports"),
    ("as_of", "per", "as of"),
    ("reporting_status", "Status pelaporan", "Reporting status"),
    (
        "not_reported",
        "Belum melapor melewati batas waktu",
        "Not reported by the deadline",
    ),
    (
        "no_plan_this_year",
        "Tahun ini belum memiliki Perjanjian Kinerja, jadi belum ada yang perlu dilaporkan. Susun rencananya (atau salin rencana tahun lalu) di halaman Rencana, atau impor dokumen yang sudah ada:",
        "This year has no performance agreement yet, so nothing is due. Draw up its plan (or copy last year's) on the Plan page, or import a document you already have:",
    ),
    (
        "nothing_late",
        "Semua unit melapor tepat waktu.",
        "Every unit has reported on time.",
    ),
    ("progress_missing", "Belum diisi", "Not entered"),
    ("tasks", "Tugas saya", "My tasks"),
    (
        "offices_column_help",
        "Indikator PK: indikator Perjanjian Kinerja kantor itu sendiri, seperti di halaman kantornya. Realisasi: banyaknya isian capaian (satu indikator pada satu periode) yang sudah dimasukkan. Capaian: capaian kantor atas PK-nya tahun ini. Sudah diajukan (jatuh tempo): dari periode unit yang diminta rencana dan sudah lewat batas waktunya, berapa yang sudah diajukan. Laporan terlambat: periode unit yang lewat batas waktu tanpa laporan lengkap.",
        "PK indicators: the indicators of the office's own performance agreement, as its office page counts them. Realisations: how many figures (one indicator in one period) were entered. Achievement: the office's achievement on its PK this year. Submitted (due): of the unit periods the plan asks for whose deadline has passed, how many were submitted. Late reports: unit periods past their deadline without a full report.",
    ),
    (
        "chart_as_table",
        "Lihat angkanya sebagai tabel",
        "See the figures as a table",
    ),
    ("category", "Kategori", "Category"),
    ("indicator_count", "Jumlah indikator", "Indicators"),
    (
        "trend_missing",
        "belum ada capaian yang diisi untuk periode ini",
        "no figure entered for this period",
    ),
    (
        "err_reason_signed",
        "Rencana unit ini sudah ditandatangani: tulis alasan perubahannya (disimpan di riwayat).",
        "This unit's plan is signed: write why it changes (kept in the history).",
    ),
    (
        "value_unreadable",
        "“{}” tidak dapat dibaca sebagai capaian",
        "“{}” cannot be read as a figure",
    ),
    (
        "value_like_target",
        "Isi seperti targetnya: {}",
        "Write it as its target is written: {}",
    ),
    (
        "value_examples",
        "Contoh: 95%, 12 laporan, Rp 1.500.000 atau BB",
        "For example: 95%, 12 laporan, Rp 1.500.000 or BB",
    ),
    (
        "import_file_last",
        "Berkas yang sedang ditinjau: {} (pilih lagi untuk membaca ulang dengan tahun atau unit lain)",
        "File being previewed: {} (choose it again to read it with another year or unit)",
    ),
    (
        "tasks_intro",
        "Yang menunggu Anda di kantor tempat Anda bekerja, tahun {}. Klik satu baris untuk membuka isian unit dan periodenya.",
        "What is waiting for you in the offices you work in, year {}. Click a line to open its unit's entries for that period.",
    ),
    (
        "tasks_to_verify",
        "Menunggu verifikasi Anda",
        "Waiting for your verification",
    ),
    (
        "tasks_to_verify_none",
        "Tidak ada capaian yang menunggu verifikasi Anda.",
        "No figures are waiting for your verification.",
    ),
    ("tasks_returned", "Dikembalikan kepada Anda", "Returned to you"),
    (
        "tasks_returned_none",
        "Tidak ada capaian yang dikembalikan.",
        "No figures were returned to you.",
    ),
    ("tasks_due_soon", "Batas waktu dalam 7 hari", "Due within 7 days"),
    (
        "tasks_due_soon_none",
        "Tidak ada laporan yang jatuh tempo minggu ini.",
        "No report is due this week.",
    ),
    ("tasks_late", "Terlambat", "Late"),
    (
        "tasks_late_none",
        "Tidak ada laporan yang terlambat.",
        "No report is late.",
    ),
    ("tasks_waiting_n", "{} indikator menunggu", "{} indicators waiting"),
    (
        "tasks_returned_n",
        "{} indikator dikembalikan",
        "{} indicators returned",
    ),
    (
        "tasks_unsent_n",
        "{} indikator belum dikirim",
        "{} indicators not yet submitted",
    ),
    ("n_of_m", "{} dari {}", "{} of {}"),
    (
        "tasks_none_office",
        "Anda tidak memiliki peran di kantor mana pun, jadi tidak ada tugas di sini.",
        "You hold no role in an office, so there are no tasks here.",
    ),
    (
        "not_scheduled",
        "Tidak dijadwalkan dalam rencana",
        "Not scheduled in the plan",
    ),
    ("progress_in_progress", "Sebagian", "Partly entered"),
    ("progress_submitted", "Diajukan", "Submitted"),
    ("progress_verified", "Diverifikasi", "Verified"),
    ("late", "Terlambat", "Late"),
    ("submitted_short", "diajukan", "submitted"),
    ("due", "batas", "due"),
    ("deadlines", "Batas waktu pelaporan", "Reporting deadlines"),
    (
        "deadlines_intro",
        "Kosongkan tanggal untuk memakai aturan bawaan: tanggal 10 bulan berikutnya; realisasi tahunan bersama LKj, akhir Februari tahun berikutnya.",
        "Leave a date empty to follow the default rule: the 10th of the next month; the yearly figure with the LKj, the end of February of the next year.",
    ),
    ("own_deadline", "Tanggal kantor", "Office's date"),
    ("default_deadline", "Aturan bawaan", "Default rule"),
    ("effective_deadline", "Berlaku", "In force"),
    (
        "reason_change",
        "Alasan perubahan (dicatat di log audit)",
        "Reason for the change (kept in the audit log)",
    ),
    (
        "deadline_default_reason",
        "Batas waktu pelaporan ditetapkan",
        "Reporting deadlines set",
    ),
    (
        "err_due_before_end",
        "Batas waktu tidak boleh sebelum periode berakhir.",
        "A deadline cannot fall before its period has ended.",
    ),
    (
        "err_form",
        "Isian belum benar; lihat pesan di samping kolom.",
        "Some fields are not right; see the messages beside them.",
    ),
    ("saved", "Tersimpan.", "Saved."),
    ("documents_title", "Dokumen resmi", "Official documents"),
    (
        "documents_intro",
        "Setiap dokumen dibuat dari data saat ini, dalam tata letak yang biasa dipakai kantor. Data yang belum diisi ditandai \"belum diisi\" dan didaftar di akhir dokumen. LKj memakai realisasi yang sudah diverifikasi.",
        "Every document is made from the current data, in the layout offices already use. Missing data are marked \"belum diisi\" and listed at the end. The LKj counts verified realisations only.",
    ),
    ("document", "Dokumen", "Document"),
    ("download", "Unduh", "Download"),
    ("doc_pk", "Perjanjian Kinerja (PK)", "Performance agreement (PK)"),
    ("doc_date", "Tanggal dokumen", "Date of the documents"),
    (
        "doc_date_hint",
        "Dicetak di dokumen yang belum memiliki tanggal tanda tangan tersimpan. Tanpa tanggal, baris tanggal dibiarkan kosong untuk diisi tangan (mis. \"……… Januari 2024\"); dokumen tidak pernah diberi tanggal hari ini. PK dan RAK ditandatangani paling lambat di tahunnya.",
        "Printed on documents that have no stored signing date. Without a date the date line is left for hand filling (e.g. \"……… Januari 2024\"); a document is never dated today. A PK or RAK is signed within its year at the latest.",
    ),
    ("doc_date_col", "Tanggal", "Date"),
    ("doc_signed_on", "ditandatangani {}", "signed {}"),
    ("doc_dated", "bertanggal {}", "dated {}"),
    (
        "doc_date_blank",
        "tanggal dikosongkan (diisi tangan)",
        "date left blank (filled by hand)",
    ),
    ("apply", "Terapkan", "Apply"),
    ("doc_rak", "Rencana Aksi Kinerja (RAK)", "Action plan (RAK)"),
    (
        "doc_rkt",
        "Rencana Kinerja Tahunan (RKT)",
        "Annual performance plan (RKT)",
    ),
    (
        "doc_iku",
        "Indikator Kinerja Utama (IKU)",
        "Key performance indicators (IKU)",
    ),
    ("doc_lkj", "Laporan Kinerja (LKj)", "Performance report (LKj)"),
    ("doc_monitoring", "Laporan monitoring dan evaluasi", "Monitoring report"),
    ("whole_office", "Seluruh kantor", "Whole office"),
    (
        "monitoring_report_hint",
        "Target, realisasi, capaian, kendala dan tindak lanjut periode itu, dengan status verifikasinya, dan kegiatan terjadwal yang belum terlaksana.",
        "Targets, realisations, achievement, obstacles and follow-up of the period, with their verification status, and scheduled actions not done.",
    ),
    ("narratives_link", "Narasi LKj", "LKj narratives"),
    (
        "narratives_hint",
        "kata pengantar, latar belakang, analisis per sasaran, kendala, penutup.",
        "foreword, background, analysis per objective, obstacles, conclusion.",
    ),
    (
        "narratives_intro",
        "Teks yang ditulis di sini masuk ke LKj apa adanya; semua angka dan tabel diambil dari data. Baris kosong memisahkan paragraf. Di mana data dapat berbicara, Kinerja menyiapkan draf: draf tercetak dengan tanda \"Draf dari data, belum disetujui\" sampai Anda mengubahnya atau mencentang \"Setujui draf\". Bagian yang tidak dapat diisi dari data tercetak \"belum diisi\".",
        "The texts written here go into the LKj as they are; every figure and table comes from the data. A blank line separates paragraphs. Where the data can speak, Kinerja prepares a draft: it prints marked \"Draf dari data, belum disetujui\" until you change it or tick \"Accept the draft\". A part the data cannot fill prints \"belum diisi\".",
    ),
    (
        "narrative_draft",
        "Draf dari data (belum disetujui)",
        "Draft from the data (not yet accepted)",
    ),
    ("narrative_accept", "Setujui draf", "Accept the draft"),
    ("budget_links", "Indikator yang didanai", "Indicators each line funds"),
    (
        "budget_links_hint",
        "Centang indikator PK yang dibiayai setiap baris anggaran: LKj mengukur efisiensi baris itu dari capaian indikator tersebut. Baris tanpa indikator tidak diberi angka efisiensi (kecuali satu-satunya baris unit).",
        "Tick the PK indicators each budget line funds: the LKj measures the line's efficiency by their achievement. A line with none gets no efficiency figure (unless it is the unit's only line).",
    ),
    ("budget_not_linked", "belum dikaitkan", "not linked"),
    ("indicators_word", "indikator", "indicators"),
    (
        "narrative_default_reason",
        "Narasi LKj diperbarui",
        "LKj narrative updated",
    ),
    ("documents_link", "Dokumen resmi", "Official documents"),
    ("import_title", "Impor rencana", "Import a plan"),
    (
        "import_intro",
        "Unggah rencana yang sudah ada: PDF (berisi teks atau hasil pindai), gambar hasil pindai (PNG, JPEG, TIFF), berkas Word (DOCX) atau LibreOffice (ODT), XLSX atau CSV, teks dari PDF (tabel dipisah tab) atau tabel markdown hasil OCR, berisi tabel RAK, PK, RKT, IKU atau LKj. Hasil pindai dibaca dengan OCR, beberapa detik per halaman: periksa setiap angkanya. Kinerja menampilkan semua yang terbaca dan setiap peringatan beserta barisnya; tidak ada yang ditulis sebelum Anda menerapkannya. Unit tiap tabel dikenali dari judulnya. Isi berkas digabungkan ke rencana yang ada: yang sudah ada tidak ditulis ulang, yang belum ada ditambahkan.",
        "Upload the plan you already have: a PDF (with text, or scanned), a scanned image (PNG, JPEG, TIFF), a Word (DOCX) or LibreOffice (ODT) file, XLSX or CSV, the text of a PDF (tab-separated tables) or a markdown table from OCR, holding RAK, PK, RKT, IKU or LKj tables. Scans are read by OCR, some seconds a page: check every figure. Kinerja shows everything it read and every warning with its line; nothing is written until you apply it. Each table's unit is found from its title. The file is merged into the plan you have: what is there is not written again, what is missing is added.",
    ),
    ("import_file", "Berkas", "File"),
    (
        "import_year",
        "Tahun (jika judul tidak menyebutkan atau berbeda)",
        "Year (when the title does not say, or differs)",
    ),
    ("import_unit_from_title", "Dari judul tabel", "From the table's title"),
    ("import_preview", "Baca dan tampilkan", "Read and show"),
    ("import_scan_page", "Halaman hasil pindai", "Scanned page"),
    (
        "import_columns_inferred",
        "Judul kolom tidak terbaca; peran kolom disimpulkan dari isinya, periksa sebelum menerapkan",
        "The column titles could not be read; the columns' roles were taken from what they hold, check them before applying",
    ),
    ("import_page", "hlm.", "p."),
    (
        "import_scan_caption",
        "setiap kotak adalah sel yang terbaca; arahkan penunjuk ke kotak untuk melihat baris dan isinya",
        "each box is a cell that was read; point at a box to see its line and text",
    ),
    (
        "import_reading",
        "Membaca berkas… hasil pindai dibaca dengan OCR, beberapa detik per halaman. Jangan tutup halaman ini.",
        "Reading the file… scans are read by OCR, some seconds a page. Keep this page open.",
    ),
    ("import_recognised", "Yang terbaca", "What was read"),
    ("import_line", "Baris", "Line"),
    ("year", "Tahun", "Year"),
    ("import_signed", "Penanda tangan", "Signatories"),
    ("import_warnings", "Peringatan", "Warnings"),
    (
        "import_no_warnings",
        "Tidak ada peringatan: semua baris terbaca.",
        "No warnings: every row was read.",
    ),
    ("import_what", "Keterangan", "What"),
    ("import_apply", "Terapkan ke rencana", "Apply to the plan"),
    (
        "import_no_file",
        "Pilih berkas yang akan diimpor.",
        "Choose a file to import.",
    ),
    (
        "import_nothing_pending",
        "Tidak ada impor yang menunggu untuk kantor ini: unggah berkasnya lagi.",
        "No import is waiting for this office: upload the file again.",
    ),
    ("import_reason", "Impor", "Import of"),
    ("import_link", "Impor rencana yang sudah ada", "Import an existing plan"),
    (
        "tree_needs_pk",
        "Pohon kinerja disusun dari Perjanjian Kinerja, dan tahun ini belum ada PK (rencana aksinya ada: lihat RAK dan pemeriksaan rencana).",
        "The cascade tree is drawn from performance agreements, and this year has no PK yet (its action plans are there: see the RAK and the plan checks).",
    ),
    (
        "import_kept",
        "Sudah tersimpan dengan isi lain: yang tersimpan dipertahankan",
        "Stored with other content: the stored value is kept",
    ),
    ("import_kept_stored", "Tersimpan", "Stored"),
    ("import_kept_file", "Dalam berkas", "In the file"),
    ("import_kept_pk_target", "Target PK", "PK target"),
    ("import_kept_rak_target", "Target RAK", "RAK target"),
    ("import_kept_activity_target", "Target kegiatan", "Activity target"),
    ("import_kept_computation", "Cara perhitungan", "Formula"),
    ("import_kept_data_source", "Sumber data", "Data source"),
    ("import_kept_budget_ceiling", "Pagu anggaran", "Budget ceiling"),
    ("import_kept_pk_signature", "Penandatanganan PK", "PK signature"),
    ("import_kept_rak_signature", "Penandatanganan RAK", "RAK signature"),
    (
        "import_kept_schedule",
        "Jadwal (bulan/triwulan)",
        "Schedule (months/quarters)",
    ),
    (
        "analysis_of_unit",
        "Analisis capaian per sasaran",
        "Analysis per objective",
    ),
    ("plan_title", "Rencana kinerja", "Performance plan"),
    ("offices_count", "kantor", "offices"),
    (
        "offices_late",
        "kantor dengan laporan terlambat",
        "offices with late reports",
    ),
    (
        "oversight_pending",
        "kantor sedang dihitung ulang setelah datanya berubah: angka yang tampil untuk kantor itu adalah angka sebelum perubahan. Muat ulang halaman ini sebentar lagi.",
        "office(s) being recomputed after their data changed: the figures shown for them are from before the change. Reload this page in a moment.",
    ),
    ("search_office", "Cari kantor", "Find an office"),
    ("parent_office", "Kantor atasan", "Parent office"),
    (
        "reported_on_time",
        "Sudah diajukan (jatuh tempo)",
        "Submitted (of those due)",
    ),
    ("no_offices_found", "Tidak ada kantor yang cocok.", "No office matches."),
    ("level_national", "Nasional", "National"),
    ("level_province", "Provinsi", "Province"),
    ("level_regency", "Kabupaten/Kota", "Regency/City"),
    ("action_done", "Terlaksana", "Done"),
    ("action_not_done", "Tidak terlaksana", "Not done"),
    ("action_unreported", "Belum dilaporkan", "Not reported"),
    ("action_note", "Keterangan kegiatan", "Note on the action"),
    ("comment", "Catatan", "Comment"),
    (
        "comment_placeholder",
        "Catatan reviu atau pertanyaan tentang angka ini",
        "A review note or a question about this figure",
    ),
    ("comment_send", "Kirim catatan", "Send the comment"),
    ("users_title", "Pengguna", "Users"),
    ("users_link", "Pengguna", "Users"),
    ("name", "Nama", "Name"),
    ("roles", "Peran", "Roles"),
    ("role", "Peran", "Role"),
    ("actions_col", "Tindakan", "Actions"),
    ("disabled", "Nonaktif", "Disabled"),
    ("active", "Aktif", "Active"),
    ("enable", "Aktifkan", "Enable"),
    ("disable", "Nonaktifkan", "Disable"),
    ("reset_password", "Ganti kata sandi", "Reset the password"),
    ("add_user", "Tambah pengguna", "Add a user"),
    ("user_added", "Pengguna {} ditambahkan.", "User {} added."),
    (
        "login_suffix_hint",
        "Nama pengguna diakhiri kode kantor secara otomatis:",
        "The login ends with the office's code automatically:",
    ),
    (
        "password_reset_tokens",
        "Kata sandi diatur ulang. Semua token API pengguna itu dicabut: program yang memakainya perlu token baru.",
        "The password was reset. All of that user's API tokens were revoked: programs using them need a new token.",
    ),
    ("api_tokens", "Token API", "API tokens"),
    ("revoke", "Cabut", "Revoke"),
    ("no_tokens", "Tidak ada token API aktif.", "No API tokens in use."),
    ("waits_title", "Penundaan masuk", "Sign-in waits"),
    (
        "waits_hint",
        "Nama pengguna kantor ini yang gagal masuk berulang kali dari satu alamat: percobaan berikutnya dari alamat itu harus menunggu. Akhiri penundaan bila penggunanya sudah dikenali.",
        "Logins of this office that failed repeatedly from one address: the next attempt from that address must wait. End the wait once you know it is the user.",
    ),
    ("address", "Alamat", "Address"),
    ("failures", "Gagal", "Failures"),
    ("wait_left", "Menunggu", "Wait left"),
    ("end_wait", "Akhiri penundaan", "End the wait"),
    ("created", "Dibuat", "Created"),
    (
        "unit_for_role",
        "Unit (untuk operator dan pimpinan unit)",
        "Unit (for operators and unit heads)",
    ),
    (
        "first_password",
        "Kata sandi awal (minimal 8 karakter)",
        "First password (at least 8 characters)",
    ),
    (
        "users_default_reason",
        "Diubah oleh admin kantor",
        "Changed by the office's admin",
    ),
    (
        "err_role_unit",
        "Operator dan pimpinan unit perlu unit; peran lain tidak.",
        "Operators and unit heads need a unit; other roles take none.",
    ),
    (
        "budget_of_unit",
        "Anggaran unit: pagu dan realisasi s.d. saat ini",
        "The unit's budget: ceilings and spending to date",
    ),
    ("budget_line", "Program / kegiatan", "Programme / activity"),
    ("ceiling", "Pagu", "Ceiling"),
    ("budget_realised", "Realisasi (Rp)", "Spent (Rp)"),
    (
        "pk_signature",
        "Tanda tangan Perjanjian Kinerja",
        "Signature of the performance agreement",
    ),
    (
        "pk_unsigned",
        "PK unit ini belum ditandatangani.",
        "This unit's PK is not signed yet.",
    ),
    ("pk_signed_by", "Ditandatangani:", "Signed:"),
    ("sign_place", "Tempat", "Place"),
    ("sign_date", "Tanggal", "Date"),
    (
        "sign_first",
        "Pihak Pertama (pimpinan unit)",
        "First party (the unit head)",
    ),
    ("sign_second", "Pihak Kedua (atasan)", "Second party (the superior)"),
    ("sign_pk", "Tandatangani PK", "Sign the PK"),
    ("units_title", "Unit kerja", "Units"),
    ("code", "Kode", "Code"),
    ("kind", "Jenis", "Kind"),
    ("parent_unit", "Unit atasan", "Parent unit"),
    (
        "unit_hint",
        "Kode yang sudah ada mengganti nama, jenis dan atasan unit itu; kode baru menambah unit.",
        "An existing code renames that unit (kind and parent too); a new code adds a unit.",
    ),
    (
        "err_unit_fields",
        "Kode dan nama unit wajib diisi.",
        "A unit needs a code and a name.",
    ),
    (
        "scale_title",
        "Skala kategori capaian kantor",
        "The office's achievement category scale",
    ),
    ("bands", "Kategori", "Bands"),
    ("scale_issues", "Celah atau tumpang tindih", "Gaps or overlaps"),
    ("bands_title", "Kategori skala", "The scale's bands"),
    (
        "bands_hint",
        "Kosongkan batas untuk tak terbatas. Skala bersama disimpan sebagai salinan milik kantor ini. Skala yang bercelah atau tumpang tindih ditolak.",
        "Leave a bound empty for no bound. A shared scale is saved as this office's own copy. A scale with gaps or overlaps is refused.",
    ),
    ("band", "Kategori", "Band"),
    ("band_from", "Dari (%)", "From (%)"),
    ("band_to", "Sampai (%)", "To (%)"),
    ("band_colour", "Warna", "Colour"),
    ("err_band_label", "nama kategori wajib diisi", "the band needs a name"),
    (
        "err_no_bands",
        "Skala perlu paling sedikit satu kategori.",
        "A scale needs at least one band.",
    ),
    ("renstra_title", "Rencana Strategis", "Strategic plan"),
    ("renstra_link", "Renstra dan IKU", "Renstra and IKU"),
    ("renstra_from", "Dari tahun", "From year"),
    ("renstra_to", "Sampai tahun", "To year"),
    ("vision", "Visi", "Vision"),
    ("missions", "Misi (satu per baris)", "Missions (one per line)"),
    ("goal", "Tujuan", "Goal"),
    ("goal_text", "Rumusan tujuan", "The goal"),
    (
        "err_goal_text",
        "rumusan tujuan wajib diisi bila ada indikatornya",
        "a goal with indicators needs its text",
    ),
    (
        "iku_title",
        "Indikator Kinerja Utama (IKU)",
        "Key performance indicators (IKU)",
    ),
    (
        "iku_hint",
        "Yang dicetak dokumen IKU: indikator sasaran strategis Renstra di atas, dengan cara perhitungan dan sumber datanya. Yang kosong di Renstra diambil dari indikator PK yang kata-katanya sama (ditandai \"dari PK\").",
        "What the IKU document prints: the Renstra's sasaran strategis indicators above, with how each is computed and its data source. What the Renstra leaves empty is taken from the PK indicator of the same wording (marked \"from the PK\").",
    ),
    ("missing", "belum diisi", "missing"),
    ("from_pk", "dari PK", "from the PK"),
    ("err_not_a_year", "bukan tahun", "is not a year"),
    ("plan_link", "Rencana (PK dan RAK)", "Plan (PK and RAK)"),
    ("cascade_tree", "Pohon kinerja", "Cascade tree"),
    ("plan_checks", "Pemeriksaan rencana", "Plan checks"),
    ("no_findings", "Tidak ada temuan.", "No findings."),
    ("severity", "Tingkat", "Severity"),
    ("severity_error", "kesalahan", "errors"),
    ("severity_warning", "peringatan", "warnings"),
    ("severity_info", "catatan", "notes"),
    ("where", "Letak", "Where"),
    ("finding", "Temuan", "Finding"),
    (
        "pk_of_unit",
        "Perjanjian Kinerja unit",
        "Performance agreement of the unit",
    ),
    ("rak_grid", "Rencana Aksi (RAK)", "Action plan (RAK)"),
    (
        "no_plan_yet",
        "Tahun ini belum ada rencana.",
        "This year has no plan yet.",
    ),
    (
        "copy_previous_year",
        "Salin rencana tahun sebelumnya sebagai awal",
        "Copy last year's plan as the starting point",
    ),
    (
        "supports_nothing",
        "Indikator yang tidak mendukung indikator atasan",
        "Indicators that support nothing above them",
    ),
    ("objective", "Sasaran", "Objective"),
    (
        "supports_none_short",
        "(tidak terhubung ke atasan)",
        "(not linked upward)",
    ),
    ("indicator", "Indikator", "Indicator"),
    ("add_indicator", "Tambah indikator", "Add an indicator"),
    ("add_objective", "Tambah sasaran", "Add an objective"),
    ("add", "Tambah", "Add"),
    ("delete", "Hapus", "Delete"),
    (
        "no_objectives",
        "Unit ini belum punya sasaran tahun ini.",
        "This unit has no objectives this year.",
    ),
    ("pk_target", "Target PK", "PK target"),
    ("rak_target", "Target RAK", "RAK target"),
    ("period_targets", "Target per periode", "Targets per period"),
    ("polarity", "Polaritas", "Polarity"),
    ("polarity_higher", "Semakin tinggi semakin baik", "Higher is better"),
    ("polarity_lower", "Semakin rendah semakin baik", "Lower is better"),
    ("polarity_band", "Baik di dalam rentang", "Good within a band"),
    (
        "polarity_guessed",
        "tebakan dari kata-katanya: {}",
        "guessed from its wording: {}",
    ),
    ("polarity_set", "diatur kantor", "set by the office"),
    ("polarity_chosen", "dipilih di pratinjau ini", "chosen in this preview"),
    ("import_measure", "Cara mengukur", "How it is measured"),
    (
        "guess_default",
        "tidak ada kata penurunan atau hal buruk",
        "no word of a decrease or a bad thing",
    ),
    ("guess_decrease", "menyebut penurunan", "it names a decrease"),
    (
        "guess_counts_a_bad_thing",
        "menghitung hal yang buruk (temuan, pengaduan, gangguan …)",
        "it counts a bad thing (findings, complaints, disruptions …)",
    ),
    (
        "guess_counts_what_was_handled",
        "menghitung yang ditangani atau ditindaklanjuti",
        "it counts what was handled or followed up",
    ),
    ("set_to", "Ubah ke", "Change to"),
    (
        "formula_higher",
        "Capaian = Realisasi ÷ Target × 100%",
        "Achievement = Realisation ÷ Target × 100%",
    ),
    (
        "formula_band",
        "100% di dalam rentang; di luar diukur terhadap batas terdekat",
        "100% within the band; outside it measured against the nearer bound",
    ),
    (
        "formula_counted",
        "Realisasi % = jumlah ÷ target kegiatan × 100% (paling tinggi 100%); Capaian = Realisasi % ÷ Target PK × 100%",
        "Realised % = count ÷ activity target × 100% (at most 100%); Achievement = Realised % ÷ PK target × 100%",
    ),
    ("band_lower", "Batas bawah rentang", "Band lower bound"),
    ("band_upper", "Batas atas rentang", "Band upper bound"),
    ("rollup", "Akumulasi periode", "Roll-up over periods"),
    ("rollup_sum", "Dijumlahkan", "Summed"),
    ("rollup_last", "Nilai terakhir", "Latest value"),
    ("rollup_mean", "Rata-rata", "Mean"),
    ("rollup_max", "Tertinggi", "Highest"),
    ("cap", "Batas capaian (%)", "Achievement cap (%)"),
    ("weight", "Bobot", "Weight"),
    (
        "computation",
        "Cara perhitungan (formula)",
        "How it is computed (formula)",
    ),
    ("data_source", "Sumber data", "Data source"),
    (
        "supports",
        "Mendukung indikator atasan",
        "Supports the superior's indicator",
    ),
    (
        "realisations_kept",
        "realisasi tercatat: tidak dapat dihapus",
        "realisations recorded: cannot be deleted",
    ),
    (
        "plan_default_reason",
        "Perubahan rencana lewat halaman rencana",
        "Plan changed on the plan page",
    ),
    (
        "err_period_target_form",
        "tulis periode, titik dua, dan nilai (mis. TW1: 1 laporan)",
        "write a period, a colon and a value (e.g. TW1: 1 laporan)",
    ),
    (
        "err_period_target_twice",
        "target periode ini ditulis dua kali",
        "this period's target is written twice",
    ),
    ("err_not_a_number", "bukan angka", "is not a number"),
    (
        "err_indicator_text",
        "Nama indikator wajib diisi.",
        "The indicator needs a name.",
    ),
    (
        "err_band",
        "Rentang perlu batas bawah dan atas (bawah ≤ atas).",
        "A band needs a lower and an upper bound (lower ≤ upper).",
    ),
    (
        "err_conflict_plan",
        "Rencana ini sudah diubah orang lain; muat ulang halaman dan ulangi perubahan Anda.",
        "Someone else changed this plan; reload the page and make your change again.",
    ),
    ("action", "Kegiatan", "Action"),
    ("executor", "Pelaksana", "Executor"),
    ("budget", "Anggaran (Rp)", "Budget (Rp)"),
    ("budget_total", "Jumlah anggaran", "Budget total"),
    (
        "rak_hint",
        "Centang bulan (atau triwulan) pelaksanaan; baris kosong di bawah untuk kegiatan baru; Tab berpindah antar kolom.",
        "Tick the months (or quarters) an action runs in; the empty rows below are for new actions; Tab moves between cells.",
    ),
    (
        "err_action_text",
        "Nama kegiatan wajib diisi.",
        "The action needs a name.",
    ),
    (
        "err_action_indicator",
        "Pilih indikator kegiatan ini.",
        "Choose this action's indicator.",
    ),
    (
        "err_conflict_rak",
        "RAK ini sudah disimpan orang lain sementara Anda mengisi; versi terbaru ditampilkan, ulangi perubahan Anda.",
        "Someone else saved this RAK while you were editing; the latest version is shown, make your change again.",
    ),
    (
        "chart_note",
        "Garis tegak: 100%. Batang penuh: 150% atau lebih.",
        "Vertical line: 100%. Full bar: 150% or more.",
    ),
    ("objective_indicator", "Sasaran / Indikator", "Objective / Indicator"),
    ("target", "Target", "Target"),
    ("realisation", "Realisasi", "Realisation"),
    ("category_note", "Kategori / keterangan", "Category / note"),
    (
        "monitoring_link",
        "Pemantauan realisasi per periode →",
        "Monitoring by period →",
    ),
    ("monitoring", "Pemantauan", "Monitoring"),
    ("unit", "Unit", "Unit"),
    ("period", "Periode", "Period"),
    ("show", "Tampilkan", "Show"),
    ("yearly_target", "Target tahunan", "Yearly target"),
    ("status", "Status", "Status"),
    ("returned_because", "Alasan dikembalikan", "Returned because"),
    ("other_periods", "Periode lain", "Other periods"),
    ("scheduled", "Kegiatan terjadwal", "Actions scheduled in"),
    ("obstacles", "Kendala", "Obstacles"),
    ("follow_up", "Tindak lanjut", "Follow-up"),
    ("save", "Simpan", "Save"),
    ("value_placeholder", "mis. 95%, 2 Laporan, B", "e.g. 95%, 2 Laporan, B"),
    (
        "reason_label",
        "Alasan (wajib untuk mengembalikan atau membuka kembali)",
        "Reason (required to return or reopen)",
    ),
    ("submit", "Ajukan", "Submit"),
    ("verify", "Verifikasi", "Verify"),
    ("return", "Kembalikan", "Return"),
    ("reopen", "Buka kembali", "Reopen"),
    (
        "no_pk_indicators",
        "Unit ini tidak memiliki indikator Perjanjian Kinerja pada tahun",
        "This unit has no performance-agreement indicator in",
    ),
    ("change_password", "Ganti kata sandi", "Change password"),
    ("current_password", "Kata sandi saat ini", "Current password"),
    (
        "new_password",
        "Kata sandi baru (paling sedikit 8 karakter)",
        "New password (at least 8 characters)",
    ),
    ("repeat_password", "Ulangi kata sandi baru", "Repeat the new password"),
    (
        "password_changed",
        "Kata sandi sudah diganti. Sesi lain dengan kata sandi lama telah berakhir.",
        "The password is changed. Other sessions with the old password have ended.",
    ),
    ("status_none", "Belum diisi", "Not entered"),
    ("status_draft", "Draf", "Draft"),
    ("status_submitted", "Diajukan", "Submitted"),
    ("status_verified", "Terverifikasi (terkunci)", "Verified (locked)"),
    ("status_returned", "Dikembalikan", "Returned"),
    (
        "err_sign_in",
        "Login atau kata sandi salah.",
        "Wrong login or password.",
    ),
    (
        "err_throttled",
        "Terlalu banyak percobaan yang gagal untuk nama pengguna ini dari alamat ini. Coba lagi dalam {}.",
        "Too many failed attempts for this login from this address. Try again in {}.",
    ),
    ("seconds_n", "{} detik", "{} seconds"),
    ("minutes_n", "{} menit", "{} minutes"),
    (
        "err_csrf",
        "Formulir kedaluwarsa atau tidak sah; muat ulang halaman lalu coba lagi.",
        "The form expired or is not valid; reload the page and try again.",
    ),
    ("err_not_found", "Halaman tidak ditemukan.", "Page not found."),
    (
        "err_internal",
        "Terjadi kesalahan pada server; silakan coba lagi.",
        "The server failed; please try again.",
    ),
    (
        "err_password_wrong",
        "Kata sandi saat ini salah.",
        "The current password is wrong.",
    ),
    (
        "err_password_repeat",
        "Kata sandi baru dan ulangannya tidak sama.",
        "The new password and its repetition differ.",
    ),
    (
        "err_password_short",
        "Kata sandi baru paling sedikit 8 karakter.",
        "The new password needs at least 8 characters.",
    ),
    (
        "err_reason",
        "Alasan wajib diisi untuk mengembalikan atau membuka kembali realisasi.",
        "A reason is required to return or reopen a realisation.",
    ),
    (
        "err_conflict_value",
        "Nilai ini sudah diubah orang lain. Nilai terbaru ditampilkan; nilai Anda:",
        "Someone else changed this value. The current value is shown; yours was:",
    ),
    (
        "err_conflict_status",
        "Status realisasi ini sudah diubah orang lain; keadaan terbaru ditampilkan.",
        "Someone else changed this realisation's status; its current state is shown.",
    ),
    (
        "err_files_not_saved",
        "Berkas yang dipilih belum disimpan: pilih lagi setelah memperbaiki isian.",
        "The chosen files were not saved: choose them again after correcting the form.",
    ),
    (
        "err_too_many_files",
        "Paling banyak {} berkas sekali simpan.",
        "At most {} files per save.",
    ),
    (
        "err_file_too_large",
        "berkas lebih besar dari batas",
        "the file is larger than the limit of",
    ),
    (
        "err_file_type",
        "jenis berkas tidak diterima. Unggah PDF, gambar (PNG, JPEG, WebP), atau dokumen Word/Excel/PowerPoint/OpenDocument.",
        "this kind of file is not accepted. Upload a PDF, an image (PNG, JPEG, WebP), or a Word/Excel/PowerPoint/OpenDocument file.",
    ),
    (
        "err_request_too_large",
        "Kiriman terlalu besar. Kecilkan atau pisahkan berkas bukti, lalu kembali dan coba lagi.",
        "The upload is too large. Shrink or split the evidence files, then go back and try again.",
    ),
    ("evidence", "Bukti dukung", "Evidence"),
    (
        "evidence_hint",
        "PDF, gambar, atau dokumen Office; paling besar {} per berkas.",
        "PDF, images or office documents; at most {} per file.",
    ),
    ("remove_file", "hapus", "remove"),
    (
        "from_supporting",
        "dari indikator pendukung:",
        "from supporting indicators:",
    ),
];

/// The words of one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tr(pub Lang);

impl Tr {
    /// The text of `key`; the key itself when it is missing (a test keeps that from happening).
    pub fn t(&self, key: &str) -> &'static str {
        match entries().find(|(k, _, _)| *k == key) {
            Some((_, id, en)) => match self.0 {
                Lang::Id => id,
                Lang::En => en,
            },
            None => {
                tracing::warn!(key, "missing translation");
                TABLE[0].1
            }
        }
    }

    /// The text of `key` with its `{}` replaced by `value`.
    pub fn fill(&self, key: &str, value: impl std::fmt::Display) -> String {
        self.t(key).replacen("{}", &value.to_string(), 1)
    }

    /// The `lang` attribute of pages.
    pub fn code(&self) -> &'static str {
        match self.0 {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    /// The other language, for the switch.
    pub fn other(&self) -> &'static str {
        match self.0 {
            Lang::Id => "en",
            Lang::En => "id",
        }
    }
}

#[cfg(test)]
mod tests;
