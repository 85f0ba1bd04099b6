//! The words of notifications: the page, its e-mail settings, and the e-mails.

/// (key, Bahasa Indonesia, English)
pub(super) const TABLE: &[(&str, &str, &str)] = &[
    ("notices", "Pemberitahuan", "Notifications"),
    (
        "notices_intro",
        "Capaian yang menunggu verifikasi Anda, capaian unit Anda yang dikembalikan atau dibuka kembali, dan pengingat harian tugas Anda.",
        "Figures waiting for your verification, figures of your unit returned or reopened, and the daily reminder of your tasks.",
    ),
    ("notices_none", "Belum ada pemberitahuan.", "No notifications yet."),
    ("notices_unread_n", "{} belum dibaca", "{} unread"),
    ("notices_mark_read", "Tandai semua sudah dibaca", "Mark all as read"),
    ("notices_older", "Pemberitahuan sebelumnya", "Older notifications"),
    ("notices_new", "baru", "new"),
    ("notices_mail", "Pemberitahuan lewat surel", "Notifications by e-mail"),
    ("notices_mail_address", "Alamat surel", "E-mail address"),
    (
        "notices_mail_by_email",
        "Kirim pemberitahuan dan pengingat harian ke alamat ini",
        "Send notifications and the daily reminder to this address",
    ),
    (
        "notices_mail_off",
        "Server ini belum mengirim surel (belum diatur oleh pengelola): pemberitahuan hanya tampil di sini.",
        "This server sends no e-mail (not set up by its operators): notifications show here only.",
    ),
    (
        "notices_mail_saved",
        "Pengaturan surel disimpan.",
        "E-mail settings saved.",
    ),
    (
        "notice_submitted",
        "Menunggu verifikasi Anda: {}",
        "Waiting for your verification: {}",
    ),
    ("notice_returned", "Dikembalikan: {}", "Returned: {}"),
    ("notice_reopened", "Dibuka kembali: {}", "Reopened: {}"),
    ("notice_n_figures", "{} capaian", "{} figures"),
    (
        "notice_indicator_gone",
        "indikator yang sudah dihapus",
        "an indicator since removed",
    ),
    ("notice_by_submitted", "dikirim oleh {}", "submitted by {}"),
    ("notice_by_returned", "dikembalikan oleh {}", "returned by {}"),
    ("notice_by_reopened", "dibuka kembali oleh {}", "reopened by {}"),
    ("notice_reason", "alasan: {}", "reason: {}"),
    ("notice_reminder", "Pengingat tugas {}", "Reminder of your tasks in {}"),
    (
        "notice_r_to_verify",
        "{} periode menunggu verifikasi",
        "{} periods waiting for verification",
    ),
    ("notice_r_returned", "{} periode dikembalikan", "{} periods returned"),
    (
        "notice_r_due_soon",
        "{} periode jatuh tempo dalam 7 hari",
        "{} periods due within 7 days",
    ),
    ("notice_r_late", "{} periode terlambat", "{} periods late"),
    (
        "mail_footer",
        "Surel ini dikirim oleh Kinerja karena Anda memilih menerima pemberitahuan lewat surel. Untuk berhenti, buka Pemberitahuan dan hapus centang pengiriman surel.",
        "Kinerja sent this e-mail because you chose to receive notifications by e-mail. To stop, open Notifications and untick sending by e-mail.",
    ),
    ("mail_open", "Buka", "Open"),
];
