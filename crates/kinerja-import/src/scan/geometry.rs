//! A page image's geometry: ink parted from paper (Otsu), the page straightened, and its ruling
//! lines found and painted out.

use image::GrayImage;

/// Otsu's threshold: the grey level that best parts ink from paper. A pixel darker than it is ink.
pub(crate) fn otsu(image: &GrayImage) -> u8 {
    let mut hist = [0u64; 256];
    for p in image.as_raw() {
        hist[usize::from(*p)] += 1;
    }
    let total: u64 = hist.iter().sum();
    if total == 0 {
        return 128;
    }
    let sum: f64 = hist.iter().enumerate().map(|(i, &n)| i as f64 * n as f64).sum();
    let (mut best, mut best_t) = (0.0f64, 128u8);
    let (mut w0, mut sum0) = (0u64, 0.0f64);
    for (t, &n) in hist.iter().enumerate() {
        w0 += n;
        if w0 == 0 {
            continue;
        }
        let w1 = total - w0;
        if w1 == 0 {
            break;
        }
        sum0 += t as f64 * n as f64;
        let (m0, m1) = (sum0 / w0 as f64, (sum - sum0) / w1 as f64);
        let between = w0 as f64 * w1 as f64 * (m0 - m1) * (m0 - m1);
        if between > best {
            best = between;
            best_t = t as u8;
        }
    }
    best_t
}

/// The page's skew in degrees, as [`rotate`] turns (positive: lines fall to the right), within ±3°: the shear under which the ink's row profile is sharpest.
pub(crate) fn skew(image: &GrayImage, threshold: u8) -> f32 {
    let (w, h) = image.dimensions();
    // Ink pixels, a sample of at most some 300 000.
    let ink = image.as_raw().iter().filter(|p| **p <= threshold).count().max(1);
    let step = (ink / 300_000).max(1);
    let points: Vec<(f32, f32)> = image
        .enumerate_pixels()
        .filter(|(_, _, p)| p.0[0] <= threshold)
        .step_by(step)
        .map(|(x, y, _)| (x as f32 - w as f32 / 2.0, y as f32))
        .collect();
    if points.len() < 100 {
        return 0.0;
    }
    let rows = (h as usize) + w as usize; // room for the shear
    let score = |deg: f32| -> f64 {
        let t = deg.to_radians().tan();
        let mut profile = vec![0u32; rows + 1];
        let off = w as f32 / 2.0;
        for &(x, y) in &points {
            let r = (y + x * t + off).round();
            if r >= 0.0 && (r as usize) < profile.len() {
                profile[r as usize] += 1;
            }
        }
        profile.iter().map(|&n| f64::from(n) * f64::from(n)).sum()
    };
    let best = |from: f32, to: f32, by: f32| -> f32 {
        let mut best = (f64::MIN, 0.0f32);
        let mut a = from;
        while a <= to + 1e-6 {
            let s = score(a);
            if s > best.0 {
                best = (s, a);
            }
            a += by;
        }
        best.1
    };
    let coarse = best(-3.0, 3.0, 0.2);
    -best(coarse - 0.2, coarse + 0.2, 0.02)
}

/// The image turned by `deg` degrees about its centre (positive turns the content clockwise as
/// seen, y pointing down), paper white where nothing was.
pub(crate) fn rotate(image: &GrayImage, deg: f32) -> GrayImage {
    let (w, h) = image.dimensions();
    let (s, c) = deg.to_radians().sin_cos();
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    GrayImage::from_fn(w, h, |x, y| {
        let (dx, dy) = (x as f32 - cx, y as f32 - cy);
        // The source of (x, y): the point turned back by -deg.
        let sx = c * dx + s * dy + cx;
        let sy = -s * dx + c * dy + cy;
        if sx >= 0.0 && sy >= 0.0 && (sx as u32) < w && (sy as u32) < h {
            *image.get_pixel(sx as u32, sy as u32)
        } else {
            image::Luma([255])
        }
    })
}

/// A ruling line found on a page image, in pixels (y downwards), with its thickness.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PixelLine {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    pub thickness: f32,
}

impl PixelLine {
    pub(crate) fn is_horizontal(&self) -> bool {
        self.y0 == self.y1
    }
}

/// Runs of ink along one row (or column) of at least `min` pixels, bridging gaps of `gap`.
fn runs(ink: impl Iterator<Item = bool>, min: u32, gap: u32) -> Vec<(u32, u32)> {
    let mut out = vec![];
    let mut start: Option<u32> = None;
    let mut last_ink = 0u32;
    for (i, dark) in (0u32..).zip(ink) {
        if dark {
            match start {
                Some(_) if i - last_ink <= gap + 1 => {}
                Some(s) => {
                    if last_ink + 1 - s >= min {
                        out.push((s, last_ink + 1));
                    }
                    start = Some(i);
                }
                None => start = Some(i),
            }
            last_ink = i;
        }
    }
    if let Some(s) = start
        && last_ink + 1 - s >= min
    {
        out.push((s, last_ink + 1));
    }
    out
}

/// Runs on neighbouring rows that overlap, joined into bands: (first row, last row, from, to).
fn bands(rows: Vec<Vec<(u32, u32)>>, max_thickness: u32) -> Vec<(u32, u32, u32, u32)> {
    let mut open: Vec<(u32, u32, u32, u32)> = vec![];
    let mut done = vec![];
    for (r, runs) in rows.into_iter().enumerate() {
        let r = r as u32;
        let mut next: Vec<(u32, u32, u32, u32)> = vec![];
        for (a, b) in runs {
            let joined = open
                .iter()
                .position(|&(_, last, oa, ob)| last + 1 == r && a < ob && oa < b);
            match joined {
                Some(j) => {
                    let (first, _, oa, ob) = open.swap_remove(j);
                    next.push((first, r, oa.min(a), ob.max(b)));
                }
                None => next.push((r, r, a, b)),
            }
        }
        // Bands not continued on this row are finished.
        done.append(&mut open);
        open = next;
    }
    done.extend(open);
    done.into_iter()
        .filter(|&(first, last, _, _)| last - first < max_thickness)
        .collect()
}

/// Pieces of one line joined: a line a scan left slightly tilted, or broken by noise, comes as
/// pieces at about the same height (within 3 pixels) that overlap or nearly touch.
fn collinear(mut pieces: Vec<PixelLine>) -> Vec<PixelLine> {
    let horizontal = pieces.first().is_some_and(PixelLine::is_horizontal);
    // (position across, from, to) in the line's own direction.
    let key = |l: &PixelLine| {
        if horizontal {
            (l.y0, l.x0, l.x1)
        } else {
            (l.x0, l.y0, l.y1)
        }
    };
    pieces.sort_by(|a, b| key(a).1.total_cmp(&key(b).1));
    let mut out: Vec<PixelLine> = vec![];
    for p in pieces {
        let (at, from, to) = key(&p);
        let joined = out.iter_mut().find(|l| {
            let (lat, lfrom, lto) = key(l);
            (lat - at).abs() <= 3.0 && from <= lto + 4.0 && lfrom <= to + 4.0
        });
        match joined {
            Some(l) => {
                let (lat, lfrom, lto) = key(l);
                let (wl, wp) = (lto - lfrom, to - from);
                let mid = (lat * wl + at * wp) / (wl + wp).max(1.0);
                let (a, b) = (lfrom.min(from), lto.max(to));
                let thickness = l.thickness.max(p.thickness);
                *l = if horizontal {
                    PixelLine {
                        x0: a,
                        y0: mid,
                        x1: b,
                        y1: mid,
                        thickness,
                    }
                } else {
                    PixelLine {
                        x0: mid,
                        y0: a,
                        x1: mid,
                        y1: b,
                        thickness,
                    }
                };
            }
            None => out.push(p),
        }
    }
    out
}

/// The page's ruling lines: horizontal runs of ink at least a fortieth of the width; vertical runs
/// as long, or shorter ones that reach from one horizontal line to another (the wall of a one-line
/// cell). Thick bands (a shaded cell, a black block) are no lines.
pub(crate) fn ruling_lines(image: &GrayImage, threshold: u8) -> Vec<PixelLine> {
    let (w, h) = image.dimensions();
    let ink = |x: u32, y: u32| image.get_pixel(x, y).0[0] <= threshold;
    let max_thickness = (w.max(h) / 250).max(4);
    let min_h = (w / 40).max(20);
    // Pieces from a quarter of the final length: a tilted line is a staircase of them.
    let rows: Vec<Vec<(u32, u32)>> = (0..h)
        .map(|y| runs((0..w).map(|x| ink(x, y)), (min_h / 4).max(8), 2))
        .collect();
    let horizontal: Vec<PixelLine> = collinear(
        bands(rows, max_thickness)
            .into_iter()
            .map(|(first, last, a, b)| {
                let y = (first + last) as f32 / 2.0;
                PixelLine {
                    x0: a as f32,
                    y0: y,
                    x1: b as f32,
                    y1: y,
                    thickness: (last - first + 1) as f32,
                }
            })
            .collect(),
    )
    .into_iter()
    .filter(|l| l.x1 - l.x0 >= min_h as f32)
    .collect();
    let short = (h / 150).max(8);
    let long = (h / 40).max(20);
    let cols: Vec<Vec<(u32, u32)>> = (0..w).map(|x| runs((0..h).map(|y| ink(x, y)), short, 2)).collect();
    let near = |x: f32, y: f32| {
        horizontal
            .iter()
            .any(|l| (l.y0 - y).abs() <= l.thickness + 3.0 && x >= l.x0 - 3.0 && x <= l.x1 + 3.0)
    };
    let vertical: Vec<PixelLine> = collinear(
        bands(cols, max_thickness)
            .into_iter()
            .map(|(first, last, a, b)| {
                let x = (first + last) as f32 / 2.0;
                PixelLine {
                    x0: x,
                    y0: a as f32,
                    x1: x,
                    y1: b as f32,
                    thickness: (last - first + 1) as f32,
                }
            })
            .collect(),
    )
    .into_iter()
    .filter(|l| l.y1 - l.y0 >= long as f32 || (near(l.x0, l.y0) && near(l.x0, l.y1)))
    .collect();
    horizontal.into_iter().chain(vertical).collect()
}

/// The lines painted white, with a pixel to spare on each side, so OCR reads no `|` or `_`.
pub(crate) fn erase(image: &mut GrayImage, lines: &[PixelLine]) {
    let (w, h) = image.dimensions();
    for l in lines {
        let half = l.thickness / 2.0 + 1.5;
        let (x0, x1, y0, y1) = if l.is_horizontal() {
            (l.x0, l.x1, l.y0 - half, l.y0 + half)
        } else {
            (l.x0 - half, l.x0 + half, l.y0, l.y1)
        };
        let clamp = |v: f32, max: u32| (v.max(0.0) as u32).min(max);
        for y in clamp(y0, h)..clamp(y1 + 1.0, h) {
            for x in clamp(x0, w)..clamp(x1 + 1.0, w) {
                image.put_pixel(x, y, image::Luma([255]));
            }
        }
    }
}

/// A box of pixels: (left, top, right, bottom), right and bottom outside it.
pub(crate) type PixelBox = (u32, u32, u32, u32);

/// Every connected piece of ink (pixels at most `threshold`, touching by side or corner), given
/// to `each` with its box and its pixels.
pub(crate) fn components(image: &GrayImage, threshold: u8, mut each: impl FnMut(PixelBox, &[(u32, u32)])) {
    let (w, h) = image.dimensions();
    let mut seen = vec![false; (w as usize) * (h as usize)];
    let mut stack: Vec<(u32, u32)> = vec![];
    let mut pixels: Vec<(u32, u32)> = vec![];
    for y in 0..h {
        for x in 0..w {
            let i = (y as usize) * (w as usize) + x as usize;
            if seen[i] || image.get_pixel(x, y).0[0] > threshold {
                continue;
            }
            seen[i] = true;
            stack.push((x, y));
            pixels.clear();
            let mut b = (x, y, x + 1, y + 1);
            while let Some((px, py)) = stack.pop() {
                pixels.push((px, py));
                b = (b.0.min(px), b.1.min(py), b.2.max(px + 1), b.3.max(py + 1));
                for ny in py.saturating_sub(1)..=(py + 1).min(h - 1) {
                    for nx in px.saturating_sub(1)..=(px + 1).min(w - 1) {
                        let j = (ny as usize) * (w as usize) + nx as usize;
                        if !seen[j] && image.get_pixel(nx, ny).0[0] <= threshold {
                            seen[j] = true;
                            stack.push((nx, ny));
                        }
                    }
                }
            }
            each(b, &pixels);
        }
    }
}

/// Specks painted white: pieces of ink smaller than a full stop at `dpi` (a scanner's dust, the
/// noise of a grey page), which OCR otherwise reads as letters in and between words (`Gee`
/// after `Pengelolaan BMN`, `Bimte Diklat Maha` for `Bimtek/Penyuluhan/Diklat`).
pub(crate) fn despeckle(image: &mut GrayImage, threshold: u8, dpi: u32) {
    // A full stop of 10-point type is about 0,35 mm: some 16 pixels at 300 dpi; a speck 2×2.
    let most = ((dpi as f32 / 120.0).powi(2)).round().max(1.0) as usize;
    let mut specks: Vec<(u32, u32)> = vec![];
    components(image, threshold, |_, pixels| {
        if pixels.len() <= most {
            specks.extend_from_slice(pixels);
        }
    });
    for (x, y) in specks {
        image.put_pixel(x, y, image::Luma([255]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A white page with a grid of black lines, two pixels thick.
    fn grid(w: u32, h: u32, xs: &[u32], ys: &[u32]) -> GrayImage {
        GrayImage::from_fn(w, h, |x, y| {
            let on_x = xs.iter().any(|&gx| x >= gx && x < gx + 2) && y >= ys[0] && y < ys[ys.len() - 1] + 2;
            let on_y = ys.iter().any(|&gy| y >= gy && y < gy + 2) && x >= xs[0] && x < xs[xs.len() - 1] + 2;
            image::Luma([if on_x || on_y { 0 } else { 255 }])
        })
    }

    #[test]
    fn specks_go_and_a_full_stop_stays() {
        let mut image = GrayImage::from_pixel(60, 20, image::Luma([240]));
        let mut ink = |x0: u32, y0: u32, side: u32| {
            for y in y0..y0 + side {
                for x in x0..x0 + side {
                    image.put_pixel(x, y, image::Luma([10]));
                }
            }
        };
        ink(5, 5, 2); // a speck: 4 pixels
        ink(20, 5, 4); // a full stop: 16 pixels
        ink(40, 2, 1); // a lone pixel
        despeckle(&mut image, 128, 300);
        let dark = |x: u32, y: u32| image.get_pixel(x, y).0[0] < 128;
        assert!(!dark(5, 5) && !dark(6, 6) && !dark(40, 2));
        assert!(dark(20, 5) && dark(23, 8));
        let mut pieces = vec![];
        components(&image, 128, |b, p| pieces.push((b, p.len())));
        assert_eq!(pieces, vec![((20, 5, 24, 9), 16)]);
    }

    #[test]
    fn runs_bridge_small_gaps_and_drop_short_ones() {
        let row = "##.###..##.....#####".chars().map(|c| c == '#');
        // Gaps of one pixel bridge: 0..6, then 8..10 (too short: 2 < 3), then 15..20.
        assert_eq!(runs(row, 3, 1), vec![(0, 6), (15, 20)]);
    }

    #[test]
    fn otsu_parts_ink_from_paper() {
        let image = GrayImage::from_fn(10, 10, |x, _| image::Luma([if x < 3 { 20 } else { 230 }]));
        let t = otsu(&image);
        assert!((20..230).contains(&t), "{t}");
    }

    #[test]
    fn a_grid_gives_its_lines_and_a_letter_stem_does_not() {
        let mut image = grid(400, 300, &[20, 120, 380], &[40, 70, 260]);
        // A stem of 14 pixels in the middle of a cell: no wall.
        for y in 150..164 {
            image.put_pixel(200, y, image::Luma([0]));
            image.put_pixel(201, y, image::Luma([0]));
        }
        let lines = ruling_lines(&image, otsu(&image));
        let horizontal: Vec<f32> = lines.iter().filter(|l| l.is_horizontal()).map(|l| l.y0).collect();
        let vertical: Vec<f32> = lines.iter().filter(|l| !l.is_horizontal()).map(|l| l.x0).collect();
        assert_eq!(horizontal, vec![40.5, 70.5, 260.5]);
        assert_eq!(vertical, vec![20.5, 120.5, 380.5]);
    }

    #[test]
    fn a_short_wall_between_two_lines_is_a_line() {
        // A one-line row 24 pixels high on a 1200-pixel page: its walls are shorter than the
        // long minimum (30) but reach from line to line.
        let image = grid(800, 1200, &[20, 300, 700], &[100, 124]);
        let lines = ruling_lines(&image, otsu(&image));
        assert_eq!(lines.iter().filter(|l| !l.is_horizontal()).count(), 3, "{lines:?}");
    }

    #[test]
    fn a_shaded_block_is_no_line() {
        let image = GrayImage::from_fn(400, 300, |_, y| {
            image::Luma([if (100..140).contains(&y) { 0 } else { 255 }])
        });
        assert!(ruling_lines(&image, 128).is_empty());
    }

    #[test]
    fn a_turned_page_is_found_turned_and_straightened() {
        let image = grid(900, 600, &[50, 300, 850], &[60, 100, 140, 180, 220, 500]);
        for deg in [1.5f32, -0.8] {
            let turned = rotate(&image, deg);
            let found = skew(&turned, otsu(&turned));
            assert!((found - deg).abs() <= 0.1, "turned {deg}°, found {found}°");
            let straight = rotate(&turned, -found);
            let lines = ruling_lines(&straight, otsu(&straight));
            let horizontal = lines.iter().filter(|l| l.is_horizontal()).count();
            assert_eq!(horizontal, 6, "{deg}°: {lines:?}");
        }
    }
}
