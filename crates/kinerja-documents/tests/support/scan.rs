//! Pages as a scanner leaves them, the files scanners write, and how alike two texts read.
//! Also used by the CLI's import tests (`crates/kinerja/tests/import.rs`, by `#[path]`).
#![allow(dead_code)] // each test binary uses a part

use image::GrayImage;
use kinerja_documents::Raster;

/// A page as a scanner leaves it: turned by `deg` degrees, speckled, its paper not quite white.
pub fn scanned(page: &Raster, deg: f32) -> GrayImage {
    let image = GrayImage::from_raw(page.width, page.height, page.grey.clone()).unwrap();
    let (w, h) = image.dimensions();
    let (s, c) = deg.to_radians().sin_cos();
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    // A fixed linear congruential sequence: the same speckles on every run.
    let mut seed: u32 = 12345;
    let mut next = move || {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
        (seed >> 16) & 0x7fff
    };
    GrayImage::from_fn(w, h, |x, y| {
        let (dx, dy) = (x as f32 - cx, y as f32 - cy);
        let (sx, sy) = (c * dx + s * dy + cx, -s * dx + c * dy + cy);
        let v = if sx >= 0.0 && sy >= 0.0 && (sx as u32) < w && (sy as u32) < h {
            image.get_pixel(sx as u32, sy as u32).0[0]
        } else {
            255
        };
        let r = next();
        let v = if r % 2000 == 0 {
            0 // a speck
        } else {
            // Paper at 235–245, ink a little grey.
            (i32::from(v) * 235 / 255 + (r % 11) as i32).clamp(0, 255) as u8
        };
        image::Luma([v])
    })
}

pub fn png(image: &GrayImage) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    image.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A page as JPEG at `quality` (1–100).
pub fn jpeg(page: &GrayImage, quality: u8) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(page)
        .unwrap();
    out.into_inner()
}

/// A PDF whose pages are JPEG images at `dpi`, as a scanner writes one; no text layer.
pub fn pdf_of_images(pages: &[GrayImage], dpi: f32) -> Vec<u8> {
    let mut objects: Vec<Vec<u8>> = vec![];
    let n = pages.len();
    // 1 catalog, 2 pages, then per page: page, contents, image.
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 3 + 3 * i)).collect();
    objects.push(format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")).into_bytes());
    for (i, page) in pages.iter().enumerate() {
        let (w, h) = (page.width() as f32 * 72.0 / dpi, page.height() as f32 * 72.0 / dpi);
        let (contents, image) = (4 + 3 * i, 5 + 3 * i);
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w:.2} {h:.2}] /Resources << /XObject << /Im0 {image} 0 R >> >> /Contents {contents} 0 R >>"
            )
            .into_bytes(),
        );
        let draw = format!("q {w:.2} 0 0 {h:.2} 0 0 cm /Im0 Do Q");
        objects.push(format!("<< /Length {} >>\nstream\n{draw}\nendstream", draw.len()).into_bytes());
        let jpeg = jpeg(page, 80);
        let mut object = format!(
            "<< /Type /XObject /Subtype /Image /Width {} /Height {} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length {} >>\nstream\n",
            page.width(),
            page.height(),
            jpeg.len()
        )
        .into_bytes();
        object.extend_from_slice(&jpeg);
        object.extend_from_slice(b"\nendstream");
        objects.push(object);
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = vec![];
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// How alike two texts are: 1 less the edit distance over the longer length.
pub fn likeness(a: &str, b: &str) -> f64 {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut prev = row[0];
        row[0] = i;
        for j in 1..=b.len() {
            let cur = row[j];
            row[j] = (row[j] + 1)
                .min(row[j - 1] + 1)
                .min(prev + usize::from(a[i - 1] != b[j - 1]));
            prev = cur;
        }
    }
    1.0 - row[b.len()] as f64 / a.len().max(b.len()).max(1) as f64
}
