//! PNG downloads of the charts: their SVG under a heading (title, scope,
//! how recent the data is; [`with_heading`]) rasterised by resvg at twice
//! its size (sharp in a slide or a document), the text set in the
//! machine's fonts (DejaVu Sans on Debian, package `fonts-dejavu-core`).

use std::sync::{Arc, OnceLock};

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg::{fontdb, Options, Tree};

/// The rasterised pixels per SVG unit.
const SCALE: f32 = 2.0;

/// Why a chart could not be made a PNG.
#[derive(Debug, thiserror::Error)]
pub enum PngError {
    /// No font on the machine: text cannot be drawn.
    #[error(
        "no font was found on this machine to draw the chart's text (install fonts-dejavu-core)"
    )]
    NoFont,
    /// The SVG could not be read (a bug: the charts are ours).
    #[error("the chart's SVG could not be read: {0}")]
    Svg(String),
    /// The image could not be made or encoded.
    #[error("the PNG could not be made: {0}")]
    Encode(String),
}

/// The machine's fonts, read once; sans-serif is DejaVu Sans when present.
fn fonts() -> Arc<fontdb::Database> {
    static FONTS: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = fontdb::Database::new();
            db.load_system_fonts();
            if db
                .faces()
                .any(|f| f.families.iter().any(|(n, _)| n == "DejaVu Sans"))
            {
                db.set_sans_serif_family("DejaVu Sans");
            }
            Arc::new(db)
        })
        .clone()
}

/// The PNG of a chart's SVG.
pub fn png(svg: &str) -> Result<Vec<u8>, PngError> {
    let fonts = fonts();
    if fonts.is_empty() {
        return Err(PngError::NoFont);
    }
    let options = Options {
        fontdb: fonts,
        ..Options::default()
    };
    let tree = Tree::from_str(svg, &options).map_err(|e| PngError::Svg(e.to_string()))?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(SCALE)
        .ok_or_else(|| PngError::Encode("the chart has no size".into()))?;
    let mut pixmap = Pixmap::new(size.width(), size.height())
        .ok_or_else(|| PngError::Encode("the image is too large".into()))?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        Transform::from_scale(SCALE, SCALE),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| PngError::Encode(e.to_string()))
}

/// Height of the heading [`with_heading`] adds, in SVG units.
const HEADING: u32 = 64;

/// The chart's SVG under a heading, for a slide or a document where the
/// page around it is gone: its title, then what it shows and how recent
/// the data is (`scope`). The chart keeps its own size below.
pub fn with_heading(svg: &str, title: &str, scope: &str) -> String {
    let (width, height) = view_box(svg).unwrap_or((880, 360));
    let Some(open) = svg.find("<svg") else {
        return svg.to_owned();
    };
    let chart = format!(
        "<svg x=\"0\" y=\"{HEADING}\" width=\"{width}\" height=\"{height}\"{}",
        &svg[open + 4..]
    );
    let line = |text: &str, y: u32, size: u32, weight: &str| {
        format!(
            "<text x=\"12\" y=\"{y}\" font-family=\"sans-serif\" font-size=\"{size}\" \
             font-weight=\"{weight}\" fill=\"#333a44\">{}</text>",
            escape(&shorten(text, 110))
        )
    };
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{total}\" \
         viewBox=\"0 0 {width} {total}\"><rect width=\"{width}\" height=\"{total}\" fill=\"#ffffff\"/>\
         {}{}{chart}</svg>",
        line(title, 28, 20, "bold"),
        line(scope, 52, 14, "normal"),
        total = height + HEADING,
    )
}

/// The width and height of an SVG's `viewBox="0 0 W H"`.
fn view_box(svg: &str) -> Option<(u32, u32)> {
    let start = svg.find("viewBox=\"")? + "viewBox=\"".len();
    let values: Vec<u32> = svg[start..]
        .split('"')
        .next()?
        .split_whitespace()
        .filter_map(|v| v.parse::<f64>().ok())
        .map(|v| v.round() as u32)
        .collect();
    match values[..] {
        [_, _, w, h] => Some((w, h)),
        _ => None,
    }
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max - 1).collect();
    out.push('…');
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::drawing::{line_chart, Series, Size};

    #[test]
    fn a_chart_becomes_a_png_twice_its_size() {
        let svg = line_chart(
            "Contributors",
            &["Jan 2024".into(), "Feb 2024".into()],
            &[Series {
                label: "active".into(),
                values: vec![Some(3.0), Some(5.0)],
            }],
            "contributors",
            Size::Wide,
        );
        match png(&svg) {
            Ok(bytes) => {
                assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
                // The IHDR chunk: width and height, big-endian.
                let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
                let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
                assert_eq!((width, height), (1760, 720));
            }
            // A machine without fonts says so rather than drawing no text.
            Err(PngError::NoFont) => {}
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn a_slide_s_chart_carries_its_title_scope_and_date() {
        let svg = line_chart(
            "Contributors",
            &["2025".into(), "2026 (partial)".into()],
            &[Series {
                label: "active".into(),
                values: vec![Some(3.0), Some(5.0)],
            }],
            "contributors",
            Size::Wide,
        );
        let headed = with_heading(
            &svg,
            "Active & new contributors",
            "Showing all 31 repositories · all time · data up to 2 June 2026",
        );
        assert!(headed.contains(">Active &amp; new contributors</text>"));
        assert!(headed.contains("data up to 2 June 2026</text>"));
        assert!(
            headed.contains("viewBox=\"0 0 880 424\""),
            "{}",
            &headed[..200]
        );
        match png(&headed) {
            Ok(bytes) => {
                let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
                assert_eq!(height, 848, "the heading is drawn above the chart");
            }
            Err(PngError::NoFont) => {}
            Err(e) => panic!("{e}"),
        }
    }
}
