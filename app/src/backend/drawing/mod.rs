//! Charts drawn with plotters into SVG on the server, so they appear without
//! JavaScript, print sharply and can be saved as files. Colours are the
//! Okabe–Ito palette, which stays distinct for the common colour-vision
//! deficiencies; every chart has a title, labelled axes and a text
//! alternative, and the page shows its numbers as a table too.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

mod dependency_graph;
pub use dependency_graph::{dependency_graph, GraphNode};

/// The Okabe–Ito colours, in the order series take them.
const PALETTE: [RGBColor; 6] = [
    RGBColor(0x00, 0x72, 0xb2), // blue
    RGBColor(0xe6, 0x9f, 0x00), // orange
    RGBColor(0x00, 0x9e, 0x73), // bluish green
    RGBColor(0xd5, 0x5e, 0x00), // vermillion
    RGBColor(0xcc, 0x79, 0xa7), // reddish purple
    RGBColor(0x56, 0xb4, 0xe9), // sky blue
];
const GRID: RGBColor = RGBColor(0xe3, 0xe6, 0xea);
const INK: RGBColor = RGBColor(0x33, 0x3a, 0x44);

/// The drawing size; the SVG scales to its container.
pub const WIDTH: u32 = 880;
/// See [`WIDTH`].
pub const HEIGHT: u32 = 360;

/// Which drawing of a chart: for a wide box (a computer's screen, paper
/// and the downloads), or for a phone. Both scale to their box; the narrow
/// one keeps its text at 10 pixels or more on a 360-pixel screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// [`WIDTH`] wide.
    Wide,
    /// [`NARROW_WIDTH`] wide, with fewer period labels.
    Narrow,
}

/// The width of [`Size::Narrow`], shown 350 pixels wide on a 390-pixel
/// phone.
pub const NARROW_WIDTH: u32 = 400;

impl Size {
    fn width(self) -> u32 {
        match self {
            Size::Wide => WIDTH,
            Size::Narrow => NARROW_WIDTH,
        }
    }

    fn line_height(self) -> u32 {
        match self {
            Size::Wide => HEIGHT,
            Size::Narrow => 330,
        }
    }

    /// At most this many period labels of `chars` characters under a line
    /// chart: the narrow drawing's plot is about 310 pixels wide, and its
    /// characters about 8.
    fn x_labels(self, chars: usize) -> usize {
        match self {
            Size::Wide => 8,
            Size::Narrow => (310 / (chars as u32 * 8 + 16)).clamp(2, 6) as usize,
        }
    }

    /// The text size of axes, legends and bar names. plotters writes 80 %
    /// of it in the SVG: 17 is 13.7 units, 10.9 pixels on a 360-pixel phone.
    fn font(self) -> f64 {
        match self {
            Size::Wide => 15.0,
            Size::Narrow => 17.0,
        }
    }

    /// The text size of the heatmap's rows, columns and scale.
    fn small_font(self) -> f64 {
        match self {
            Size::Wide => 13.0,
            Size::Narrow => 16.0,
        }
    }
}

/// One line of a line chart: a value per x label (`None`: no value there).
pub struct Series {
    /// The legend.
    pub label: String,
    /// One value per x label.
    pub values: Vec<Option<f64>>,
}

/// Lines over periods. `title` names the chart (also its text
/// alternative), `y_label` the vertical axis.
pub fn line_chart(
    title: &str,
    x_labels: &[String],
    series: &[Series],
    y_label: &str,
    size: Size,
) -> String {
    let mut svg = String::new();
    let drawn = draw_lines(&mut svg, x_labels, series, y_label, size).map_err(|e| e.to_string());
    finish_sized(svg, drawn, title, (size.width(), size.line_height()))
}

/// Horizontal bars, one per label, longest scale at the largest value
/// (the onboarding funnel). `x_label` names the values.
pub fn bar_chart(
    title: &str,
    labels: &[String],
    values: &[f64],
    x_label: &str,
    size: Size,
) -> String {
    let mut svg = String::new();
    let drawn = draw_bars(&mut svg, labels, values, x_label, size).map_err(|e| e.to_string());
    let height = bars_height(labels.len(), size);
    finish_sized(svg, drawn, title, (size.width(), height))
}

/// A grid of shares (0 to 1, `None`: not yet known), one row per
/// `rows` label and one column per `columns` label, darker for more; a
/// legend gives the scale.
pub fn heatmap(
    title: &str,
    rows: &[String],
    columns: &[String],
    cells: &[Vec<Option<f64>>],
    (x_label, y_label): (&str, &str),
    scale: &[String; 5],
    size: Size,
) -> String {
    let mut svg = String::new();
    let height = heatmap_height(rows.len());
    let drawn = draw_heatmap(
        &mut svg,
        rows,
        columns,
        cells,
        (x_label, y_label, scale),
        size,
    )
    .map_err(|e| e.to_string());
    finish_sized(svg, drawn, title, (size.width(), height))
}

/// Rows of the heatmap are 18 pixels high, plus room for the axes.
fn heatmap_height(rows: usize) -> u32 {
    90 + 18 * rows.max(1) as u32
}

/// The colour of a share on a light-to-dark blue scale (one hue, so it
/// reads the same with any colour vision, and in grey on paper).
fn shade(share: f64) -> RGBColor {
    let s = share.clamp(0.0, 1.0);
    let mix = |light: f64, dark: f64| (light + (dark - light) * s).round() as u8;
    RGBColor(mix(239.0, 8.0), mix(243.0, 48.0), mix(255.0, 107.0))
}

fn draw_heatmap<'a>(
    svg: &'a mut String,
    rows: &'a [String],
    columns: &'a [String],
    cells: &'a [Vec<Option<f64>>],
    (x_label, y_label, scale): (&'a str, &'a str, &'a [String; 5]),
    size: Size,
) -> Drawn<'a> {
    let height = heatmap_height(rows.len());
    let root = SVGBackend::with_string(svg, (size.width(), height)).into_drawing_area();
    root.fill(&WHITE)?;
    let (n_rows, n_cols) = (rows.len().max(1), columns.len().max(1));
    let label_style = ("sans-serif", size.font() - 1.0).into_font().color(&INK);
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .margin_top(36)
        .x_label_area_size(40)
        // Room for a cohort and its size: "Sept. 2024 (12)".
        .y_label_area_size(match size {
            Size::Wide => 124,
            Size::Narrow => 136,
        })
        .build_cartesian_2d(0f64..n_cols as f64, 0f64..n_rows as f64)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .axis_style(INK)
        .label_style(label_style.clone())
        // Row and column names are drawn at the cells' centres below.
        .x_labels(0)
        .y_labels(0)
        .x_desc(x_label)
        .y_desc(y_label)
        .draw()?;
    let at = |x: f64, y: f64| chart.backend_coord(&(x, y));
    let small = ("sans-serif", size.small_font()).into_font().color(&INK);
    // A narrow drawing names every other column: "+10" is wider than a cell.
    let every = if size == Size::Narrow && n_cols > 7 {
        2
    } else {
        1
    };
    for (c, name) in columns.iter().enumerate().step_by(every) {
        let (x, y) = at(c as f64 + 0.5, 0.0);
        root.draw(&Text::new(
            name.clone(),
            (x, y + 6),
            small.pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;
    }
    for (r, name) in rows.iter().enumerate() {
        let (x, y) = at(0.0, (n_rows - r) as f64 - 0.5);
        root.draw(&Text::new(
            name.clone(),
            (x - 6, y),
            small.pos(Pos::new(HPos::Right, VPos::Center)),
        ))?;
    }
    for (r, row) in cells.iter().enumerate() {
        let y = (n_rows - 1 - r) as f64;
        for (c, share) in row.iter().enumerate() {
            let Some(share) = share else { continue };
            let x = c as f64;
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x + 0.03, y + 0.06), (x + 0.97, y + 0.94)],
                shade(*share).filled(),
            )))?;
        }
    }
    // The scale, top right: five swatches from 0 % to 100 %, labelled in
    // the reader's typography (`scale`).
    for (i, (share, label)) in [0.0, 0.25, 0.5, 0.75, 1.0].iter().zip(scale).enumerate() {
        let x = size.width() as i32 - 12 - (5 - i as i32) * 56;
        root.draw(&Rectangle::new(
            [(x, 8), (x + 18, 24)],
            shade(*share).filled(),
        ))?;
        root.draw(&Rectangle::new([(x, 8), (x + 18, 24)], GRID))?;
        root.draw(&Text::new(label.as_str(), (x + 21, 10), small.clone()))?;
    }
    root.present()?;
    Ok(())
}

/// Bars are 56 pixels apart, plus room for the axis; 76 in a narrow
/// drawing, whose bar names are above the bars.
fn bars_height(bars: usize, size: Size) -> u32 {
    let apart = match size {
        Size::Wide => 56,
        Size::Narrow => 76,
    };
    70 + apart * bars.max(1) as u32
}

fn draw_bars<'a>(
    svg: &'a mut String,
    labels: &'a [String],
    values: &'a [f64],
    x_label: &'a str,
    size: Size,
) -> Drawn<'a> {
    let height = bars_height(labels.len(), size);
    let root = SVGBackend::with_string(svg, (size.width(), height)).into_drawing_area();
    root.fill(&WHITE)?;
    let max = values.iter().fold(0.0f64, |a, b| a.max(*b));
    let n = labels.len().max(1);
    let label_style = ("sans-serif", size.font()).into_font().color(&INK);
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .margin_right(60)
        .x_label_area_size(40)
        .y_label_area_size(match size {
            Size::Wide => 300,
            Size::Narrow => 8,
        })
        .build_cartesian_2d(0f64..axis_top(max) / 1.25 * 1.05, 0f64..n as f64)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(WHITE)
        .bold_line_style(GRID)
        .axis_style(INK)
        .label_style(label_style.clone())
        .x_labels(match size {
            Size::Wide => 6,
            Size::Narrow => 4,
        })
        .x_label_formatter(&|x| format_tick(*x))
        // Bar names are drawn beside the bars below.
        .y_labels(0)
        .x_desc(x_label)
        .draw()?;
    // Wide: names on the left of the bars; narrow: above them.
    let (bar_bottom, bar_top) = match size {
        Size::Wide => (0.2, 0.8),
        Size::Narrow => (0.1, 0.55),
    };
    for (i, name) in labels.iter().enumerate() {
        let row = (n - i) as f64;
        let text = match size {
            Size::Wide => {
                let (x, y) = chart.backend_coord(&(0.0, row - 0.5));
                Text::new(
                    name.clone(),
                    (x - 8, y),
                    label_style.pos(Pos::new(HPos::Right, VPos::Center)),
                )
            }
            Size::Narrow => {
                let (x, y) = chart.backend_coord(&(0.0, row - 0.05));
                Text::new(
                    name.clone(),
                    (x, y),
                    label_style.pos(Pos::new(HPos::Left, VPos::Top)),
                )
            }
        };
        root.draw(&text)?;
    }
    for (i, v) in values.iter().enumerate() {
        let y = (n - 1 - i) as f64;
        chart.draw_series(std::iter::once(Rectangle::new(
            [(0.0, y + bar_bottom), (*v, y + bar_top)],
            PALETTE[0].filled(),
        )))?;
        chart.draw_series(std::iter::once(Text::new(
            format_tick(*v),
            (*v, y + (bar_bottom + bar_top) / 2.0),
            label_style.pos(Pos::new(HPos::Left, VPos::Center)),
        )))?;
    }
    root.present()?;
    Ok(())
}

type Drawn<'a> = Result<(), Box<dyn std::error::Error + 'a>>;

fn axis_top(max: f64) -> f64 {
    // Headroom above the peak keeps the legend clear of the lines.
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    (max * 1.25).max(max + 1.0)
}

fn draw_lines<'a>(
    svg: &'a mut String,
    x_labels: &'a [String],
    series: &'a [Series],
    y_label: &'a str,
    size: Size,
) -> Drawn<'a> {
    let root = SVGBackend::with_string(svg, (size.width(), size.line_height())).into_drawing_area();
    root.fill(&WHITE)?;
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .fold(0.0f64, |a, b| a.max(*b));
    let whole = series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .all(|v| v.fract() == 0.0);
    let n = x_labels.len().max(1);
    let label_style = ("sans-serif", size.font()).into_font().color(&INK);
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(32)
        .y_label_area_size(match size {
            Size::Wide => 56,
            Size::Narrow => 62,
        })
        .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), 0f64..axis_top(max))?;
    chart
        .configure_mesh()
        .light_line_style(WHITE)
        .bold_line_style(GRID)
        .axis_style(INK)
        .label_style(label_style.clone())
        .x_labels(
            size.x_labels(x_labels.first().map_or(8, |l| l.chars().count()))
                .min(n),
        )
        .x_label_formatter(&|x| {
            let i = x.round();
            if (x - i).abs() < 1e-6 && i >= 0.0 {
                x_labels.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_labels(6)
        .y_label_formatter(&|y| {
            // Counts have no "0.5 contributors": whole numbers only.
            if whole && (y - y.round()).abs() > 1e-9 {
                String::new()
            } else {
                format_tick(*y)
            }
        })
        .y_desc(y_label)
        .draw()?;
    for (i, s) in series.iter().enumerate() {
        let colour = PALETTE[i % PALETTE.len()];
        // A gap where a value is missing: each run of values is one line.
        let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
        for (x, v) in s.values.iter().enumerate() {
            match v {
                Some(v) => runs.last_mut().expect("a run").push((x as f64, *v)),
                None => runs.push(Vec::new()),
            }
        }
        let style = colour.stroke_width(2);
        let mut first = true;
        for run in runs.into_iter().filter(|r| !r.is_empty()) {
            let lone = (run.len() == 1).then(|| run[0]);
            let drawn = chart.draw_series(LineSeries::new(run, style))?;
            if first {
                drawn.label(s.label.as_str()).legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(3))
                });
                first = false;
            }
            if let Some(point) = lone {
                chart.draw_series(std::iter::once(Circle::new(point, 3, colour.filled())))?;
            }
        }
    }
    if series.len() > 1 {
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.85))
            .border_style(GRID)
            .label_font(label_style)
            .draw()?;
    }
    root.present()?;
    Ok(())
}

fn format_tick(y: f64) -> String {
    if (y - y.round()).abs() < 1e-9 {
        format!("{}", y.round() as i64)
    } else {
        format!("{y:.1}")
    }
}

/// A drawn chart (`(width, height)` pixels), made accessible; or nothing
/// when plotters could not draw it.
fn finish_sized(
    svg: String,
    drawn: Result<(), String>,
    title: &str,
    (width, height): (u32, u32),
) -> String {
    if let Err(e) = drawn {
        // plotters only fails here on a layout it cannot fit; the table still
        // has every number, so the page goes on without the chart.
        tracing::warn!(error = %e, chart = title, "a chart could not be drawn");
        return String::new();
    }
    accessible(svg, title, (width, height))
}

/// Lets the SVG scale with its container and gives it a text alternative
/// (`<title>`, `role="img"`). The title is escaped: it can carry names.
fn accessible(svg: String, title: &str, (width, height): (u32, u32)) -> String {
    let title = escape(title);
    let Some(open_end) = svg.find('>') else {
        return svg;
    };
    let (open, rest) = svg.split_at(open_end);
    let open = open
        .replacen(&format!("width=\"{width}\""), "", 1)
        .replacen(&format!("height=\"{height}\""), "", 1);
    format!(
        "{open} role=\"img\" aria-label=\"{title}\" preserveAspectRatio=\"xMidYMid meet\">\
         <title>{title}</title>{}",
        &rest[1..]
    )
}

/// Escapes text for XML (SVG) content and attributes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(n: usize) -> Vec<String> {
        (1..=n).map(|m| format!("2024-{m:02}")).collect()
    }

    #[test]
    fn draws_each_series_with_a_text_alternative() {
        let svg = line_chart(
            "Contributors <per> month",
            &labels(3),
            &[
                Series {
                    label: "active".into(),
                    values: vec![Some(3.0), Some(5.0), Some(4.0)],
                },
                Series {
                    label: "new".into(),
                    values: vec![Some(1.0), None, Some(0.0)],
                },
            ],
            "contributors",
            Size::Wide,
        );
        assert!(svg.starts_with("<svg"), "{}", &svg[..80.min(svg.len())]);
        assert!(svg.contains("viewBox=\"0 0 880 360\""));
        assert!(svg.contains("<title>Contributors &lt;per&gt; month</title>"));
        assert!(!svg.contains("<per>"), "the title is escaped");
        let line = "stroke=\"#0072B2\" stroke-width=\"2\" points=\"";
        let at = svg.find(line).expect("the first series");
        let points = svg[at + line.len()..].split('"').next().unwrap();
        assert_eq!(points.split_whitespace().count(), 3, "one point per period");
        assert!(
            svg.contains("#E69F00"),
            "the second series has the second colour"
        );
        let open_tag = &svg[..svg.find('>').unwrap()];
        assert!(!open_tag.contains("width="), "the chart scales: {open_tag}");
    }

    #[test]
    fn counts_have_whole_ticks_and_shares_may_not() {
        let one = |v: f64| Series {
            label: "active".into(),
            values: vec![Some(0.0), Some(v)],
        };
        let texts = |svg: &str| -> Vec<String> {
            svg.split("<text")
                .skip(1)
                .filter_map(|t| {
                    Some(
                        t.split_once('>')?
                            .1
                            .split("</text>")
                            .next()?
                            .trim()
                            .to_owned(),
                    )
                })
                .collect()
        };
        // One contributor at most: the axis runs to 2, in halves.
        let counts = texts(&line_chart(
            "c",
            &labels(2),
            &[one(1.0)],
            "contributors",
            Size::Wide,
        ));
        assert!(
            !counts.iter().any(|t| t.contains('.')),
            "no half contributor: {counts:?}"
        );
        assert!(counts.iter().any(|t| t == "1"), "{counts:?}");
        let days = texts(&line_chart(
            "d",
            &labels(2),
            &[one(1.5)],
            "days",
            Size::Wide,
        ));
        assert!(
            days.iter().any(|t| t == "0.5"),
            "days may be halves: {days:?}"
        );
    }

    #[test]
    fn a_heatmap_shades_known_cells_and_scales() {
        let svg = heatmap(
            "Retention",
            &["Jan 2024".into(), "Feb 2024".into()],
            &["+0".into(), "+1".into()],
            &[vec![Some(1.0), Some(0.5)], vec![Some(1.0), None]],
            ("months after", "cohort"),
            &["0%", "25%", "50%", "75%", "100%"].map(String::from),
            Size::Wide,
        );
        assert!(svg.contains("<title>Retention</title>"));
        assert!(svg.contains(&format!("viewBox=\"0 0 880 {}\"", heatmap_height(2))));
        let open_tag = &svg[..svg.find('>').unwrap()];
        assert!(
            !open_tag.contains("height="),
            "the heatmap scales: {open_tag}"
        );
        // Full retention is the darkest blue: two cells and the legend.
        assert_eq!(svg.matches("#08306B").count(), 3, "{svg}");
        for label in ["Jan 2024", "Feb 2024", "+0", "+1"] {
            assert!(svg.contains(&format!(">\n{label}\n<")), "{label} in {svg}");
        }
    }

    #[test]
    fn bars_are_as_long_as_their_values() {
        let svg = bar_chart(
            "Funnel",
            &["newcomers".into(), "returned".into()],
            &[40.0, 10.0],
            "contributors",
            Size::Wide,
        );
        assert!(svg.contains("<title>Funnel</title>"));
        for label in ["newcomers", "returned", "40", "10"] {
            assert!(svg.contains(&format!(">\n{label}\n<")), "{label} in {svg}");
        }
    }

    /// Every `font-size` of an SVG.
    fn font_sizes(svg: &str) -> Vec<f64> {
        svg.split("font-size=\"")
            .skip(1)
            .map(|rest| rest.split('"').next().unwrap().parse().unwrap())
            .collect()
    }

    #[test]
    fn a_narrow_drawing_has_large_text_and_fewer_labels() {
        // Months, as a long history's labels read ("2010-01"): room for four.
        let periods: Vec<String> = (0..120)
            .map(|m| format!("{}-{:02}", 2010 + m / 12, m % 12 + 1))
            .collect();
        let series = [Series {
            label: "active".into(),
            values: (0..120).map(|m| Some(f64::from(m % 7))).collect(),
        }];
        let svg = line_chart("Active", &periods, &series, "contributors", Size::Narrow);
        assert!(svg.contains("viewBox=\"0 0 400 330\""), "{svg}");
        let shown = periods.iter().filter(|p| svg.contains(p.as_str())).count();
        assert!((2..=4).contains(&shown), "{shown} period labels");
        // Shown 318 pixels wide on a 360-pixel phone: 12.9 is 10.3 pixels.
        let sizes = font_sizes(&svg);
        assert!(
            !sizes.is_empty() && sizes.iter().all(|s| *s >= 12.9),
            "{sizes:?}"
        );

        let cohorts: Vec<String> = (0..24).map(|m| format!("C{m:02} (3)")).collect();
        let months: Vec<String> = (0..=12).map(|k| format!("+{k}")).collect();
        let cells = vec![vec![Some(0.5); 13]; 24];
        let scale = ["0 %", "25 %", "50 %", "75 %", "100 %"].map(String::from);
        let map = heatmap(
            "R",
            &cohorts,
            &months,
            &cells,
            ("m", "c"),
            &scale,
            Size::Narrow,
        );
        assert!(map.contains(&format!("viewBox=\"0 0 400 {}\"", heatmap_height(24))));
        assert!(map.contains(">\n+12\n<") && !map.contains(">\n+11\n<"));
        assert!(font_sizes(&map).iter().all(|s| *s >= 12.9));

        let bars = bar_chart("F", &["Newcomers".into()], &[40.0], "n", Size::Narrow);
        assert!(bars.contains(">\nNewcomers\n<"));
        assert!(font_sizes(&bars).iter().all(|s| *s >= 12.9));
    }

    #[test]
    fn an_empty_chart_still_draws_its_title() {
        let empty = line_chart("Nothing", &[], &[], "contributors", Size::Wide);
        assert!(empty.contains("<title>Nothing</title>"));
    }
}
