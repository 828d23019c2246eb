//! Who depends on whom, drawn in columns: repositories that depend on none
//! of the others on the left, each other one column right of the furthest
//! it depends on, so every line runs leftwards from a repository to one it
//! builds on. Within a column, repositories sit near what they depend on
//! (one barycentre sweep), which keeps lines from crossing more than they
//! must.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{finish_sized, Drawn, Size, INK, PALETTE};

/// The lines: darker than the grid of charts, lighter than the names.
const LINE: RGBColor = RGBColor(0xb4, 0xbb, 0xc4);

/// A repository in the drawing.
pub struct GraphNode {
    /// Its label (a short name: the drawing may cut it further).
    pub label: String,
    /// Its class: an index into the legend, which gives its colour.
    pub class: usize,
}

/// Where a node is drawn: its column, and its row in the column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// From 0, the left.
    pub column: usize,
    /// From 0, the top.
    pub row: usize,
}

/// Lines are `(dependent, dependency)` indices into `nodes`; `legend`
/// names the classes, best first, "unknown" last. Wide, the columns stand
/// side by side and the drawing is as tall as the longest; narrow (a
/// phone), each repository has a row of its own, indented by its column,
/// so that names are not cut.
pub fn dependency_graph(
    title: &str,
    nodes: &[GraphNode],
    edges: &[(usize, usize)],
    legend: &[String],
    size: Size,
) -> String {
    let sheet = Sheet::new(&layout(nodes, edges), size);
    let mut svg = String::new();
    let drawn = draw(&mut svg, nodes, edges, &sheet, legend, size).map_err(|e| e.to_string());
    finish_sized(svg, drawn, title, (size.width(), sheet.height))
}

const LEGEND_BAND: i32 = 56;

/// Where each node's dot is, and the room its name has.
struct Sheet {
    dots: Vec<(i32, i32)>,
    /// Pixels for each name, right of its dot.
    room: i32,
    height: u32,
    /// Lines end at the end of the name of what is depended on (wide), or
    /// at its dot (narrow, where names are on other rows).
    to_name: bool,
}

impl Sheet {
    fn new(places: &[Place], size: Size) -> Sheet {
        let width = size.width() as i32;
        let columns = places.iter().map(|p| p.column + 1).max().unwrap_or(1) as i32;
        match size {
            Size::Wide => {
                let (pitch, column_width) = (22, (width - 24) / columns);
                let rows = places.iter().map(|p| p.row + 1).max().unwrap_or(1) as i32;
                Sheet {
                    dots: places
                        .iter()
                        .map(|p| {
                            let (c, r) = (p.column as i32, p.row as i32);
                            (18 + c * column_width, LEGEND_BAND + r * pitch + pitch / 2)
                        })
                        .collect(),
                    room: column_width - 22,
                    height: (LEGEND_BAND + rows * pitch + 16) as u32,
                    to_name: true,
                }
            }
            Size::Narrow => {
                let (pitch, indent) = (28, 18);
                let mut order: Vec<usize> = (0..places.len()).collect();
                order.sort_by_key(|&i| (places[i].column, places[i].row));
                let mut dots = vec![(0, 0); places.len()];
                for (rank, &i) in order.iter().enumerate() {
                    let c = places[i].column as i32;
                    dots[i] = (
                        18 + c * indent,
                        LEGEND_BAND + rank as i32 * pitch + pitch / 2,
                    );
                }
                Sheet {
                    dots,
                    room: width - 18 - (columns - 1) * indent - 22,
                    height: (LEGEND_BAND + places.len().max(1) as i32 * pitch + 16) as u32,
                    to_name: false,
                }
            }
        }
    }
}

/// Each node's column (one right of the furthest of its dependencies; a
/// line closing a cycle is ignored) and row (near its dependencies).
pub fn layout(nodes: &[GraphNode], edges: &[(usize, usize)]) -> Vec<Place> {
    let n = nodes.len();
    let mut depends_on = vec![Vec::new(); n];
    for &(from, to) in edges.iter().filter(|(f, t)| f != t && *f < n && *t < n) {
        depends_on[from].push(to);
    }
    let mut column = vec![None; n];
    for node in 0..n {
        column_of(node, &depends_on, &mut column, &mut vec![false; n]);
    }
    let column: Vec<usize> = column.into_iter().map(Option::unwrap_or_default).collect();
    let columns = column.iter().max().map_or(0, |c| c + 1);
    let mut row = vec![0usize; n];
    for c in 0..columns {
        let mut members: Vec<usize> = (0..n).filter(|&i| column[i] == c).collect();
        // Leftmost: the most depended on first; others: by where what they
        // depend on sits.
        let dependents = |i: usize| depends_on.iter().filter(|d| d.contains(&i)).count();
        let centre = |i: usize| {
            let of: Vec<f64> = depends_on[i].iter().map(|&d| row[d] as f64).collect();
            of.iter().sum::<f64>() / of.len().max(1) as f64
        };
        members.sort_by(|&a, &b| {
            let by = if c == 0 {
                dependents(b).cmp(&dependents(a))
            } else {
                centre(a).total_cmp(&centre(b))
            };
            by.then_with(|| nodes[a].label.cmp(&nodes[b].label))
        });
        for (r, &i) in members.iter().enumerate() {
            row[i] = r;
        }
    }
    (0..n)
        .map(|i| Place {
            column: column[i],
            row: row[i],
        })
        .collect()
}

/// The longest chain of dependencies below `node`, memoised in `column`;
/// `visiting` breaks cycles.
fn column_of(
    node: usize,
    depends_on: &[Vec<usize>],
    column: &mut [Option<usize>],
    visiting: &mut [bool],
) -> usize {
    if let Some(c) = column[node] {
        return c;
    }
    visiting[node] = true;
    let mut c = 0;
    for &d in &depends_on[node] {
        if !visiting[d] {
            c = c.max(column_of(d, depends_on, column, visiting) + 1);
        }
    }
    visiting[node] = false;
    column[node] = Some(c);
    c
}

/// The colour of a class: classes go from best to worst (green, orange,
/// vermillion, purple), and the last is "unknown", in grey.
fn colour(class: usize, classes: usize) -> RGBColor {
    const BEST_TO_WORST: [RGBColor; 4] = [PALETTE[2], PALETTE[1], PALETTE[3], PALETTE[4]];
    if class + 1 >= classes && classes > 1 {
        RGBColor(0x99, 0x99, 0x99)
    } else {
        BEST_TO_WORST[class % BEST_TO_WORST.len()]
    }
}

/// A label cut to `chars` characters, with an ellipsis when cut.
fn cut(label: &str, chars: usize) -> String {
    if label.chars().count() <= chars {
        return label.to_owned();
    }
    let kept: String = label.chars().take(chars.saturating_sub(1)).collect();
    format!("{kept}…")
}

fn draw<'a>(
    svg: &'a mut String,
    nodes: &'a [GraphNode],
    edges: &'a [(usize, usize)],
    sheet: &Sheet,
    legend: &'a [String],
    size: Size,
) -> Drawn<'a> {
    let root = SVGBackend::with_string(svg, (size.width(), sheet.height)).into_drawing_area();
    root.fill(&WHITE)?;
    let font = size.small_font();
    let text = ("sans-serif", font).into_font().color(&INK);
    // plotters writes text at 80 % of its size; a character is about half that wide.
    let char_width = font * 0.8 * 0.55;
    // The legend: one dot and name per class, in a row.
    let mut x = 12;
    for (class, name) in legend.iter().enumerate() {
        let dot = Circle::new((x + 5, 20), 5, colour(class, legend.len()).filled());
        root.draw(&dot)?;
        let at = (x + 14, 20);
        root.draw(&Text::new(
            name.clone(),
            at,
            text.pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
        x += 32 + (name.chars().count() as f64 * char_width) as i32;
    }
    let chars = (f64::from(sheet.room) / char_width).max(4.0) as usize;
    let labels: Vec<String> = nodes.iter().map(|n| cut(&n.label, chars)).collect();
    // Lines first, under the names, from a dependent's dot to what it
    // depends on.
    for &(from, to) in edges.iter().filter(|(f, t)| f != t) {
        let (Some(&(fx, fy)), Some(&(tx, ty))) = (sheet.dots.get(from), sheet.dots.get(to)) else {
            continue;
        };
        let end = if sheet.to_name {
            let name = (labels[to].chars().count() as f64 * char_width) as i32;
            (tx + 10 + name + 4).min(tx + sheet.room + 14)
        } else {
            tx
        };
        root.draw(&PathElement::new(
            vec![(fx - 6, fy), (end, ty)],
            LINE.stroke_width(1),
        ))?;
    }
    for (i, node) in nodes.iter().enumerate() {
        let (x, y) = sheet.dots[i];
        root.draw(&Circle::new(
            (x, y),
            5,
            colour(node.class, legend.len()).filled(),
        ))?;
        let name = Text::new(
            labels[i].clone(),
            (x + 10, y),
            text.pos(Pos::new(HPos::Left, VPos::Center)),
        );
        root.draw(&name)?;
    }
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nodes(labels: &[&str]) -> Vec<GraphNode> {
        labels
            .iter()
            .map(|l| GraphNode {
                label: (*l).to_owned(),
                class: 0,
            })
            .collect()
    }

    #[test]
    fn each_repository_sits_one_column_right_of_what_it_depends_on() {
        // plugin → library → core, and plugin → core.
        let graph = nodes(&["core", "library", "plugin", "alone"]);
        let places = layout(&graph, &[(1, 0), (2, 1), (2, 0)]);
        let columns: Vec<usize> = places.iter().map(|p| p.column).collect();
        assert_eq!(columns, [0, 1, 2, 0]);
        // In the first column, the most depended on is on top.
        assert_eq!((places[0].row, places[3].row), (0, 1));
    }

    #[test]
    fn a_cycle_does_not_loop_and_rows_follow_what_they_depend_on() {
        let graph = nodes(&["a", "b", "c", "x", "y"]);
        // a and b depend on each other; x depends on c, y on a.
        let places = layout(&graph, &[(0, 1), (1, 0), (3, 2), (4, 0)]);
        let columns: Vec<usize> = places.iter().map(|p| p.column).collect();
        assert_eq!(
            columns,
            [1, 0, 0, 1, 2],
            "the line closing the cycle is ignored"
        );
        let rows: Vec<usize> = places.iter().map(|p| p.row).collect();
        // Column 1: a beside b (row 0), x beside c (row 1).
        assert_eq!(rows, [0, 0, 1, 1, 0]);
    }

    #[test]
    fn the_drawing_names_every_repository_and_escapes_the_title() {
        let graph = nodes(&["lutece-core", "lutece-cms-plugin-blog", "<script>"]);
        let svg = dependency_graph(
            "Who depends on <whom>",
            &graph,
            &[(1, 0), (2, 0)],
            &["Ready".to_owned(), "Unknown".to_owned()],
            Size::Wide,
        );
        assert!(svg.contains("aria-label=\"Who depends on &lt;whom&gt;\""));
        // plotters writes each text on a line of its own.
        assert!(svg.contains("\nlutece-core\n"));
        assert!(svg.contains("\nlutece-cms-plugin-blog\n"));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(!svg.contains("<script>"), "names are text, never markup");
    }

    #[test]
    fn long_names_are_cut_with_an_ellipsis() {
        assert_eq!(cut("gru-library-identitystore", 10), "gru-libra…");
        assert_eq!(cut("blog", 10), "blog");
    }
}
