//! PNG downloads of the charts: their SVG rasterised by resvg at twice its
//! size (sharp in a slide or a document), the text set in the machine's
//! fonts (DejaVu Sans on Debian, package `fonts-dejavu-core`).

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::chart::{line_chart, Series};

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
}
