//! Charts as PNG (for DOCX, which cannot hold SVG for every reader): the same SVG the PDF embeds,
//! drawn by resvg with the Liberation fonts embedded in the binary — never the system's fonts.

use std::sync::{Arc, OnceLock};

use resvg::usvg;

use crate::DocError;

/// The fonts, loaded once per process.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        for data in crate::world::FONT_FILES {
            db.load_font_data(data.to_vec());
        }
        db.set_sans_serif_family("Liberation Sans");
        db.set_serif_family("Liberation Serif");
        Arc::new(db)
    })
    .clone()
}

/// The SVG drawn at `scale` (2: sharp when printed), as PNG bytes with its size in pixels.
pub fn png(svg: &str, scale: f32) -> Result<(Vec<u8>, u32, u32), DocError> {
    let options = usvg::Options {
        fontdb: fonts(),
        font_family: "Liberation Sans".into(),
        ..Default::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| DocError::Typeset(format!("chart: {e}")))?;
    let size = tree.size();
    let (w, h) = (
        (size.width() * scale).ceil() as u32,
        (size.height() * scale).ceil() as u32,
    );
    if w == 0 || h == 0 || w > 8000 || h > 8000 {
        return Err(DocError::Typeset(format!("chart of {w}×{h} pixels")));
    }
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(w, h).ok_or_else(|| DocError::Typeset(format!("chart of {w}×{h} pixels")))?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let bytes = pixmap
        .encode_png()
        .map_err(|e| DocError::Typeset(format!("chart: {e}")))?;
    Ok((bytes, w, h))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bar chart's labels are drawn with the embedded fonts: the picture has dark pixels
    /// where the text is, and is the size the SVG asks for, doubled.
    #[test]
    fn a_chart_is_drawn_with_its_text() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40" font-family="Liberation Sans" font-size="20"><text x="4" y="28">Capaian</text></svg>"#;
        let (bytes, w, h) = png(svg, 2.0).unwrap();
        assert_eq!((w, h), (400, 80));
        assert!(bytes.starts_with(b"\x89PNG"));
        let no_text = r#"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"></svg>"#;
        let (blank, _, _) = png(no_text, 2.0).unwrap();
        assert!(
            bytes.len() > blank.len() + 200,
            "the text was drawn: {} vs {}",
            bytes.len(),
            blank.len()
        );
        assert!(png("<svg", 1.0).is_err());
    }
}
