//! A value someone typed that cannot be read, said in words for them: that it could not be
//! read, and how to write it — like its target when there is one (`isi seperti targetnya:
//! 1 laporan`), else the usual examples. The parser's own words only when they tell more (a
//! value past its bounds, a date out of range), never an instruction the page does not offer.

use kinerja_domain::value::{Value, ValueError, ValueErrorKind};

use crate::i18n::Tr;

/// `unreadable`: "“abc” tidak dapat dibaca sebagai …" for the field it was typed in.
pub(crate) fn refusal(t: Tr, unreadable: String, e: &ValueError, example: Option<&Value>) -> String {
    let what = match e.kind {
        ValueErrorKind::NotAValue
        | ValueErrorKind::MissingUnit
        | ValueErrorKind::ExpectedNumber
        | ValueErrorKind::TrailingText(_) => unreadable,
        _ => e.message(t.0),
    };
    let how = match example {
        Some(v) => t.fill("value_like_target", v.raw()),
        None => t.t("value_examples").to_string(),
    };
    format!("{what}. {how}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use kinerja_domain::i18n::Lang;

    #[test]
    fn a_refusal_says_what_was_typed_and_how_to_write_it() {
        let t = Tr(Lang::Id);
        let e = Value::parse("abc").unwrap_err();
        let target = Value::parse("1 laporan").unwrap();
        assert_eq!(
            refusal(t, t.fill("target_unreadable", "abc"), &e, Some(&target)),
            "“abc” tidak dapat dibaca sebagai target. Isi seperti targetnya: 1 laporan"
        );
        let message = refusal(t, t.fill("target_unreadable", "abc"), &e, None);
        assert!(
            message.ends_with("Contoh: 95%, 12 laporan, Rp 1.500.000 atau BB"),
            "{message}"
        );
        assert!(
            !message.contains("tandai sebagai teks"),
            "no instruction the page does not offer"
        );
    }
}
