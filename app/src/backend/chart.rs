//! Charts drawn with plotters into SVG on the server, so they appear without
//! JavaScript, print sharply and can be saved as files.

use plotters::prelude::*;

use crate::api::MonthRow;

/// Colours that stay apart for the common colour-vision deficiencies.
const ACTIVE: RGBColor = RGBColor(0x1f, 0x5f, 0xa8);
const NEW: RGBColor = RGBColor(0xd9, 0x5f, 0x02);
const GRID: RGBColor = RGBColor(0xe3, 0xe6, 0xea);
const INK: RGBColor = RGBColor(0x33, 0x3a, 0x44);

const WIDTH: u32 = 880;
const HEIGHT: u32 = 360;

/// Active and new contributors per month as two lines.
pub fn trend_chart(months: &[MonthRow]) -> String {
    let mut svg = String::new();
    if let Err(e) = draw(&mut svg, months) {
        // plotters only fails here on a layout it cannot fit; the table still
        // has every number, so the page goes on without the chart.
        tracing::warn!(error = %e, "trend chart could not be drawn");
        return String::new();
    }
    accessible(svg, months)
}

fn draw(svg: &mut String, months: &[MonthRow]) -> Result<(), String> {
    draw_into(svg, months).map_err(|e| e.to_string())
}

fn draw_into<'a>(
    svg: &'a mut String,
    months: &'a [MonthRow],
) -> Result<(), Box<dyn std::error::Error + 'a>> {
    let root = SVGBackend::with_string(svg, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE)?;
    let peak = months
        .iter()
        .map(|m| m.active_contributors)
        .max()
        .unwrap_or(0)
        .max(1);
    // Headroom above the peak keeps the legend clear of the lines.
    let y_top = peak + (peak / 4).max(2);
    let n = months.len().max(1) as i32;
    let label_style = ("sans-serif", 13).into_font().color(&INK);
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(32)
        .y_label_area_size(44)
        .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), 0i64..y_top)?;
    chart
        .configure_mesh()
        .light_line_style(WHITE)
        .bold_line_style(GRID)
        .axis_style(INK)
        .label_style(label_style.clone())
        .x_labels(8)
        .x_label_formatter(&|x| {
            let i = x.round() as usize;
            if (x - x.round()).abs() < 1e-6 {
                months.get(i).map(|m| m.month.clone()).unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_labels(6)
        .y_desc("contributors")
        .draw()?;
    let points = |pick: fn(&MonthRow) -> i64| {
        months
            .iter()
            .enumerate()
            .map(move |(i, m)| (i as f64, pick(m)))
            .collect::<Vec<_>>()
    };
    chart
        .draw_series(LineSeries::new(
            points(|m| m.active_contributors),
            ACTIVE.stroke_width(2),
        ))?
        .label("active contributors")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], ACTIVE.stroke_width(3)));
    chart
        .draw_series(LineSeries::new(
            points(|m| m.new_contributors),
            NEW.stroke_width(2),
        ))?
        .label("new contributors")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], NEW.stroke_width(3)));
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.85))
        .border_style(GRID)
        .label_font(label_style)
        .draw()?;
    root.present()?;
    Ok(())
}

/// Lets the SVG scale with its container and gives it a text alternative.
fn accessible(svg: String, months: &[MonthRow]) -> String {
    let summary = match (months.first(), months.last()) {
        (Some(first), Some(last)) => format!(
            "Active and new contributors per month, {} to {}",
            first.month, last.month
        ),
        _ => "No activity in this window".to_owned(),
    };
    let Some(open_end) = svg.find('>') else {
        return svg;
    };
    let (open, rest) = svg.split_at(open_end);
    let open = open
        .replacen(&format!("width=\"{WIDTH}\""), "", 1)
        .replacen(&format!("height=\"{HEIGHT}\""), "", 1);
    format!(
        "{open} role=\"img\" aria-label=\"{summary}\" preserveAspectRatio=\"xMidYMid meet\">\
         <title>{summary}</title>{}",
        &rest[1..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(month: &str, active: i64, new: i64) -> MonthRow {
        MonthRow {
            month: month.into(),
            active_contributors: active,
            new_contributors: new,
        }
    }

    #[test]
    fn draws_both_series_with_a_text_alternative() {
        let svg = trend_chart(&[
            row("2024-01", 3, 1),
            row("2024-02", 5, 2),
            row("2024-03", 4, 0),
        ]);
        assert!(svg.starts_with("<svg"), "{}", &svg[..80.min(svg.len())]);
        assert!(svg.contains("viewBox=\"0 0 880 360\""));
        assert!(svg
            .contains("<title>Active and new contributors per month, 2024-01 to 2024-03</title>"));
        assert!(svg.contains("active contributors") && svg.contains("new contributors"));
        for colour in ["#1F5FA8", "#D95F02"] {
            let line = format!("stroke=\"{colour}\" stroke-width=\"2\" points=\"");
            let at = svg
                .find(&line)
                .unwrap_or_else(|| panic!("no {colour} series"));
            let points = svg[at + line.len()..].split('"').next().unwrap();
            assert_eq!(points.split_whitespace().count(), 3, "one point per month");
        }
        let open_tag = &svg[..svg.find('>').unwrap()];
        assert!(!open_tag.contains("width="), "the chart scales: {open_tag}");
    }

    #[test]
    fn an_empty_window_still_draws_axes() {
        let svg = trend_chart(&[]);
        assert!(svg.contains("No activity in this window"));
    }
}
