//! The words of two-step verification (the code asked at sign-in, the account page, the admin's
//! rules and reset) and of final documents (frozen, signed, verified, published).

/// (key, Bahasa Indonesia, English)
pub(super) const TABLE: &[(&str, &str, &str)] = &[
    ("sf_title", "Verifikasi dua langkah", "Two-step verification"),
    ("sf_code_title", "Kode verifikasi", "Verification code"),
    (
        "sf_code_intro",
        "Masukkan kode 6 angka dari aplikasi autentikator di ponsel Anda, atau salah satu kode pemulihan Anda.",
        "Enter the 6-digit code from the authenticator app on your phone, or one of your recovery codes.",
    ),
    ("sf_code", "Kode", "Code"),
    ("sf_verify", "Verifikasi", "Verify"),
    (
        "sf_wrong",
        "Kode salah atau sudah dipakai.",
        "The code is wrong or was used already.",
    ),
    (
        "sf_expired",
        "Waktu untuk memasukkan kode sudah habis; silakan masuk lagi.",
        "The time to enter the code ran out; please sign in again.",
    ),
    ("sf_on", "Aktif sejak {}.", "On since {}."),
    ("sf_off", "Belum aktif.", "Not on yet."),
    (
        "sf_required",
        "Kantor Anda mewajibkan verifikasi dua langkah untuk peran Anda. Aktifkan sekarang untuk melanjutkan.",
        "Your office requires two-step verification for your role. Turn it on now to go on.",
    ),
    (
        "sf_enrol_intro",
        "Pindai kode QR ini dengan aplikasi autentikator (misalnya Google Authenticator, Microsoft Authenticator atau FreeOTP), atau ketik kuncinya, lalu masukkan kode 6 angka yang ditampilkan aplikasi.",
        "Scan this QR code with an authenticator app (for example Google Authenticator, Microsoft Authenticator or FreeOTP), or type its key, then enter the 6-digit code the app shows.",
    ),
    (
        "sf_qr_alt",
        "Kode QR untuk aplikasi autentikator",
        "QR code for the authenticator app",
    ),
    ("sf_secret", "Kunci", "Key"),
    ("sf_turn_on", "Aktifkan", "Turn on"),
    ("sf_recovery_title", "Kode pemulihan", "Recovery codes"),
    (
        "sf_recovery_intro",
        "Simpan kode ini di tempat aman (cetak atau salin). Setiap kode dapat dipakai sekali untuk masuk bila ponsel Anda hilang. Kode ini tidak akan ditampilkan lagi.",
        "Keep these codes somewhere safe (print or copy them). Each signs you in once if your phone is lost. They will not be shown again.",
    ),
    (
        "sf_recovery_left",
        "Kode pemulihan yang tersisa: {}.",
        "Recovery codes left: {}.",
    ),
    ("sf_new_codes", "Buat kode pemulihan baru", "Make new recovery codes"),
    ("sf_turn_off", "Matikan", "Turn off"),
    ("sf_current_code", "Kode dari aplikasi", "Code from the app"),
    (
        "sf_done",
        "Verifikasi dua langkah sudah aktif.",
        "Two-step verification is on.",
    ),
    (
        "sf_removed",
        "Verifikasi dua langkah dimatikan.",
        "Two-step verification is off.",
    ),
    (
        "sf_needed",
        "Aktifkan verifikasi dua langkah terlebih dahulu.",
        "Turn on two-step verification first.",
    ),
    (
        "sf_admin_title",
        "Verifikasi dua langkah wajib untuk peran",
        "Two-step verification required for roles",
    ),
    (
        "sf_admin_hint",
        "Pengguna kantor ini dengan peran yang dicentang harus mengaktifkannya saat masuk berikutnya.",
        "Users of this office with a ticked role must turn it on at their next sign-in.",
    ),
    (
        "sf_everywhere",
        "Diwajibkan di semua kantor oleh pengaturan server:",
        "Required in every office by the server's settings:",
    ),
    ("sf_reset", "Atur ulang dua langkah", "Reset two-step"),
    ("sf_column", "Dua langkah", "Two-step"),
    ("sf_save_roles", "Simpan aturan", "Save the rule"),
    ("verify_title", "Verifikasi dokumen", "Document verification"),
    (
        "verify_found",
        "Dokumen ini dibekukan di Kinerja: bandingkan SHA-256 berkas Anda dengan yang tertulis di sini.",
        "This document was frozen in Kinerja: compare your file's SHA-256 with the one written here.",
    ),
    ("verify_code", "Kode verifikasi", "Verification code"),
    ("verify_office", "Kantor", "Office"),
    ("verify_frozen_at", "Dibekukan", "Frozen"),
    (
        "verify_signed",
        "Salinan bertanda tangan elektronik (SHA-256)",
        "Electronically signed copy (SHA-256)",
    ),
    (
        "verify_hint",
        "SHA-256 dapat dihitung dengan sha256sum (Linux), Get-FileHash (Windows) atau shasum -a 256 (macOS). Keabsahan sertifikat tanda tangan elektronik diperiksa dengan layanan verifikasi penerbitnya (mis. BSrE); Kinerja memeriksa bahwa salinan bertanda tangan memuat dokumen yang dibekukan tanpa perubahan.",
        "SHA-256 is computed by sha256sum (Linux), Get-FileHash (Windows) or shasum -a 256 (macOS). The electronic signature's certificate is checked by its issuer's verification service (e.g. BSrE); Kinerja checks that the signed copy holds the frozen document unchanged.",
    ),
    (
        "verify_not_found",
        "Tidak ada dokumen dengan kode",
        "No document has the code",
    ),
    ("public_title", "Dokumen publik", "Public documents"),
    (
        "public_intro",
        "Dokumen akuntabilitas kinerja yang diterbitkan kantor ini, masing-masing dengan kode verifikasinya.",
        "The performance accountability documents this office published, each with its verification code.",
    ),
    (
        "public_none",
        "Belum ada dokumen yang diterbitkan.",
        "No document published yet.",
    ),
    ("final_title", "Dokumen final", "Final documents"),
    (
        "final_intro",
        "Dokumen yang dibekukan disimpan persis seperti dicetak, dengan kode verifikasi dan kode QR di setiap halaman, dan tidak dibuat ulang. Unggah salinan yang ditandatangani secara elektronik; terbitkan yang wajib dipublikasikan.",
        "A frozen document is kept exactly as printed, with a verification code and QR code on every page, and never rendered again. Upload its electronically signed copy; publish those that must be public.",
    ),
    ("final_freeze", "Bekukan sebagai final", "Freeze as final"),
    (
        "final_none",
        "Belum ada dokumen final tahun ini.",
        "No final document this year yet.",
    ),
    ("final_frozen_pdf", "PDF beku", "Frozen PDF"),
    ("final_signed_pdf", "PDF bertanda tangan", "Signed PDF"),
    ("final_published", "Diterbitkan", "Published"),
    (
        "final_upload_signed",
        "Salinan bertanda tangan elektronik (PDF)",
        "Electronically signed copy (PDF)",
    ),
    ("final_upload", "Unggah", "Upload"),
    (
        "final_publish",
        "Terbitkan di halaman publik",
        "Publish on the public page",
    ),
    (
        "final_withdraw",
        "Tarik dari halaman publik",
        "Withdraw from the public page",
    ),
];
