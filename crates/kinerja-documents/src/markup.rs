//! Writing typst markup safely: every piece of data enters as a string literal, never as markup,
//! so a `#`, `*` or `]` in an indicator's text is printed, not interpreted.

/// `text` as a typst string literal.
pub fn str_lit(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The page set-up every document shares: A4, Liberation Serif, Indonesian hyphenation.
pub fn preamble(landscape: bool) -> String {
    format!(
        "#set page(paper: \"a4\", flipped: {landscape}, margin: (x: 2cm, y: 2cm), numbering: \"1\")\n\
         #set text(font: \"Liberation Serif\", size: 11pt, lang: \"id\")\n\
         #set par(justify: true)\n\
         #set table(stroke: 0.5pt)\n\
         #show table: set par(justify: false)\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_never_becomes_markup() {
        assert_eq!(str_lit("Persentase \"A\" #1"), "\"Persentase \\\"A\\\" #1\"");
        assert_eq!(str_lit("a\\b"), "\"a\\\\b\"");
        assert_eq!(str_lit("baris\r\nbaru"), "\"baris\\nbaru\"");
    }
}
