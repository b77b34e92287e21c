//! # truce-plot: line charts and world maps of truce results, as SVG and PNG
//!
//! Brief overview. A [`Chart`] is a title, axis labels, line [`Series`] over a numeric x axis
//! (fractional years for time series) and vertical [`Event`] markers. [`render`] draws it
//! with `plotters` into an SVG string and PNG bytes. Text in the PNG uses DejaVu Sans,
//! compiled in from `assets/fonts/` (Bitstream Vera licence, see the `LICENSE-DejaVu.txt`
//! there), so rendering needs no system fonts and no fontconfig. [`render_world_map`] draws
//! one value per country on Natural Earth boundaries compiled in from `assets/`.
//!
//! # Example
//! ```
//! use truce_plot::{render, Chart, Event, Series};
//! let chart = Chart {
//!     title: "Average tariff".into(),
//!     x_label: "year".into(),
//!     y_label: "percent".into(),
//!     series: vec![Series::line("US on China", vec![(2018.0, 3.1), (2019.7, 21.0)])],
//!     events: vec![Event { x: 2019.0, label: "event".into() }],
//!     time_axis: true,
//! };
//! let out = render(&chart, 800, 500).unwrap();
//! assert!(out.svg.contains("<svg"));
//! assert_eq!(&out.png[1..4], b"PNG");
//! ```

mod bands;
mod world_map;

pub use bands::{render_bands, Band, BandChart, BandGroup};
pub use world_map::{countries, diverging, equal_earth, render_world_map, Country, NO_DATA};

use plotters::prelude::*;
use plotters::style::FontStyle;
use std::sync::Once;
use thiserror::Error;

/// DejaVu Sans (Bitstream Vera licence; `assets/fonts/LICENSE-DejaVu.txt`).
const FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
const FAMILY: &str = "sans-serif";

/// A chart could not be drawn.
#[derive(Debug, Error)]
#[error("cannot draw the chart `{chart}`: {message}")]
pub struct PlotError {
    /// Chart title.
    pub chart: String,
    /// What failed.
    pub message: String,
}

/// A line series.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Legend entry.
    pub name: String,
    /// (x, y) points, in x order.
    pub points: Vec<(f64, f64)>,
    /// Draw as markers only (e.g. published reference points) instead of a step line.
    pub markers_only: bool,
}

impl Series {
    /// A line that holds each value until the next point (policy levels change in steps).
    pub fn line(name: impl Into<String>, points: Vec<(f64, f64)>) -> Self {
        Self {
            name: name.into(),
            points,
            markers_only: false,
        }
    }
    /// Markers only.
    pub fn markers(name: impl Into<String>, points: Vec<(f64, f64)>) -> Self {
        Self {
            name: name.into(),
            points,
            markers_only: true,
        }
    }
}

/// A vertical marker.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Position on the x axis.
    pub x: f64,
    /// Label drawn beside the line.
    pub label: String,
}

/// Where an event label is drawn, in pixels from the plotting area's top-left corner. Labels
/// are vertical text: `w` is one line of text across, `h` its length.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelBox {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl LabelBox {
    /// Whether two boxes share any area.
    pub fn overlaps(&self, o: &LabelBox) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }
}

/// Width of a vertical event label, pixels (one 14-pixel line and a gap).
pub const LABEL_WIDTH: f64 = 16.0;
/// Pixels per character of an event label.
const LABEL_CHAR: f64 = 8.5;

/// Place vertical labels beside their lines so that no two overlap: `anchors` are (line x in
/// pixels, label length in characters), `plot_w`×`plot_h` the plotting area. Each label goes,
/// in order of preference, right of its line at the top, left of it at the top, then lower
/// down beside the line (below the labels it would hit). The result is in the order given.
pub fn place_labels(anchors: &[(f64, usize)], plot_w: f64, plot_h: f64) -> Vec<LabelBox> {
    let mut order: Vec<usize> = (0..anchors.len()).collect();
    order.sort_by(|&a, &b| anchors[a].0.total_cmp(&anchors[b].0));
    let mut placed: Vec<(usize, LabelBox)> = Vec::with_capacity(anchors.len());
    for k in order {
        let (x, chars) = anchors[k];
        let h = chars as f64 * LABEL_CHAR + 8.0;
        let sides = [x + 1.0, x - 1.0 - LABEL_WIDTH];
        let free = |b: &LabelBox| placed.iter().all(|(_, p)| !p.overlaps(b));
        let mut tops = vec![0.0];
        tops.extend(placed.iter().map(|(_, p)| p.y + p.h + 4.0));
        tops.sort_by(f64::total_cmp);
        let mut best = None;
        'search: for &y in &tops {
            for &bx in &sides {
                let b = LabelBox {
                    x: bx,
                    y,
                    w: LABEL_WIDTH,
                    h,
                };
                if bx >= -LABEL_WIDTH && bx + LABEL_WIDTH <= plot_w + LABEL_WIDTH && free(&b) {
                    best = Some(b);
                    break 'search;
                }
            }
        }
        // Nowhere free inside the area: below everything (never on top of another label).
        let b = best.unwrap_or_else(|| LabelBox {
            x: sides[0],
            y: tops.last().copied().unwrap_or(0.0).max(plot_h - h),
            w: LABEL_WIDTH,
            h,
        });
        placed.push((k, b));
    }
    placed.sort_by_key(|(k, _)| *k);
    placed.into_iter().map(|(_, b)| b).collect()
}

/// A chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Title.
    pub title: String,
    /// x-axis label.
    pub x_label: String,
    /// y-axis label.
    pub y_label: String,
    /// Series.
    pub series: Vec<Series>,
    /// Event markers.
    pub events: Vec<Event>,
    /// The x axis is a fractional year: short spans are labelled YYYY-MM.
    pub time_axis: bool,
}

/// A rendered chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    /// SVG document.
    pub svg: String,
    /// PNG file bytes.
    pub png: Vec<u8>,
}

fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The embedded file is a valid TrueType font; a test renders text with it.
        let _ = plotters::style::register_font(FAMILY, FontStyle::Normal, FONT);
    });
}

const PALETTE: [RGBColor; 8] = [
    RGBColor(31, 119, 180),
    RGBColor(214, 39, 40),
    RGBColor(44, 160, 44),
    RGBColor(255, 127, 14),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(23, 190, 207),
];

/// Rows of the legend under the plot (1, or 2 when the entries do not fit in one).
fn entry_w(s: &Series) -> i32 {
    30 + (s.name.chars().count() as f64 * 7.6) as i32 + 24
}

fn legend_rows(c: &Chart, full_w: u32) -> u32 {
    let total: i32 = c.series.iter().map(entry_w).sum();
    if 70 + total > full_w as i32 - 10 {
        2
    } else {
        1
    }
}

/// Height of the chart above the legend.
fn plot_height(full_h: u32, rows: u32) -> u32 {
    full_h.saturating_sub(14 + 28 * rows)
}

/// Short time spans are drawn in months, so that ticks fall on month boundaries: (months?,
/// factor from the chart's x to the drawn x).
fn x_scale(c: &Chart) -> (bool, f64) {
    let months = c.time_axis && {
        let xs = c.series.iter().flat_map(|s| s.points.iter().map(|p| p.0));
        let (a, b) = xs.fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(x), b.max(x)));
        b - a < 4.0
    };
    (months, if months { 12.0 } else { 1.0 })
}

/// The events inside [x0, x1] (drawn units) and their label boxes.
fn label_layout(
    c: &Chart,
    k: f64,
    x0: f64,
    x1: f64,
    plot_w: f64,
    plot_h: f64,
) -> (Vec<&Event>, Vec<LabelBox>) {
    let events: Vec<&Event> = c
        .events
        .iter()
        .filter(|e| e.x * k >= x0 && e.x * k <= x1)
        .collect();
    let anchors: Vec<(f64, usize)> = events
        .iter()
        .map(|e| ((e.x * k - x0) / (x1 - x0) * plot_w, e.label.chars().count()))
        .collect();
    let boxes = place_labels(&anchors, plot_w, plot_h);
    (events, boxes)
}

/// The boxes of the event labels of `c` drawn at `width`×`height`, as [`render`] places them
/// (for tests that check that no two overlap).
pub fn event_label_boxes(c: &Chart, width: u32, height: u32) -> Vec<LabelBox> {
    let (_, k) = x_scale(c);
    let xs = c
        .series
        .iter()
        .flat_map(|s| s.points.iter())
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .map(|&(x, _)| x * k);
    let (x0, mut x1) = xs.fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(x), b.max(x)));
    if x0 > x1 {
        return Vec::new();
    }
    if x1 - x0 < 1e-9 {
        x1 = x0 + 1.0;
    }
    let x1 = x1 + (x1 - x0) * 0.02;
    let (plot_w, plot_h) = plot_area(width, plot_height(height, legend_rows(c, width)));
    label_layout(c, k, x0, x1, plot_w, plot_h).1
}

/// The plotting area of a drawing area of `w`×`h` pixels, roughly: less the caption, the
/// margins and the label areas.
fn plot_area(w: u32, h: u32) -> (f64, f64) {
    (
        f64::from(w.saturating_sub(106).max(1)),
        f64::from(h.saturating_sub(150).max(1)),
    )
}

fn draw<DB: DrawingBackend>(
    root: DrawingArea<DB, plotters::coord::Shift>,
    c: &Chart,
) -> Result<(), String>
where
    DB::ErrorType: 'static,
{
    let err = |e: &dyn std::fmt::Display| e.to_string();
    root.fill(&WHITE).map_err(|e| err(&e))?;
    let full = root;
    let (full_w, full_h) = full.dim_in_pixel();
    let rows = legend_rows(c, full_w);
    let (root, legend_area) = full.split_vertically(plot_height(full_h, rows));
    let (months, k) = x_scale(c);
    let scaled: Vec<Series> = c
        .series
        .iter()
        .map(|s| Series {
            points: s.points.iter().map(|&(x, y)| (x * k, y)).collect(),
            ..s.clone()
        })
        .collect();
    let pts = scaled.iter().flat_map(|s| s.points.iter());
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(x, y) in pts {
        if x.is_finite() && y.is_finite() {
            x0 = x0.min(x);
            x1 = x1.max(x);
            y0 = y0.min(y);
            y1 = y1.max(y);
        }
    }
    if x0 > x1 {
        return Err("no finite points to draw".into());
    }
    if x1 - x0 < 1e-9 {
        x1 = x0 + 1.0;
    }
    // Padding relative to the data's own span (a welfare chart spans about 1 point, a tariff
    // chart 150), with room at the top for the vertical event labels.
    let span = (y1.max(0.0) - y0.min(0.0)).max(1e-6);
    let pad = span * 0.08;
    let (y0, y1) = (
        y0.min(0.0) - if y0 < 0.0 { pad } else { 0.0 },
        y1.max(0.0) + span * 0.22,
    );
    let x1 = x1 + (x1 - x0) * 0.02;
    let mut chart = ChartBuilder::on(&root)
        .caption(&c.title, (FAMILY, 26))
        .margin(18)
        .x_label_area_size(50)
        .y_label_area_size(70)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(|e| err(&e))?;
    chart
        .configure_mesh()
        .x_desc(&c.x_label)
        .y_desc(&c.y_label)
        .axis_desc_style((FAMILY, 18))
        .label_style((FAMILY, 15))
        .y_label_formatter(&|y| {
            let s = if y1 - y0 >= 10.0 {
                format!("{y:.0}")
            } else {
                format!("{y:.1}")
            };
            // A tick at a tiny negative value would print as "-0.0".
            if s.trim_start_matches('-')
                .chars()
                .all(|c| c == '0' || c == '.')
            {
                s.trim_start_matches('-').to_string()
            } else {
                s
            }
        })
        .x_label_formatter(&|x| {
            if months {
                let m = x.round() as i64;
                format!("{}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1)
            } else {
                format!("{x:.0}")
            }
        })
        .light_line_style(WHITE)
        .bold_line_style(RGBColor(225, 225, 225))
        .draw()
        .map_err(|e| err(&e))?;
    // Events: dashed grey vertical lines, labelled vertically at the top of the plot, each
    // label moved beside or below its neighbours so that no two overlap (`place_labels`).
    let grey = RGBColor(110, 110, 110);
    let (w_px, h_px) = root.dim_in_pixel();
    let (plot_w, plot_h) = plot_area(w_px, h_px);
    let (events, boxes) = label_layout(c, k, x0, x1, plot_w, plot_h);
    for (e, b) in events.iter().zip(&boxes) {
        let ex = e.x * k;
        let n = 60;
        let dashes: Vec<Vec<(f64, f64)>> = (0..n)
            .filter(|k| k % 2 == 0)
            .map(|k| {
                let a = y0 + (y1 - y0) * f64::from(k) / f64::from(n);
                let b = y0 + (y1 - y0) * f64::from(k + 1) / f64::from(n);
                vec![(ex, a), (ex, b)]
            })
            .collect();
        chart
            .draw_series(
                dashes
                    .into_iter()
                    .map(|d| PathElement::new(d, grey.stroke_width(1))),
            )
            .map_err(|er| err(&er))?;
        let style = (FAMILY, 14)
            .into_font()
            .transform(FontTransform::Rotate270)
            .color(&grey);
        // Rotated text grows up from its anchor, its glyphs in the 10 pixels left of it: the
        // anchor is the box's bottom, 13 pixels in (checked on the rendered PNG).
        chart
            .draw_series(std::iter::once(Text::new(
                e.label.clone(),
                (
                    x0 + (b.x + 13.0) / plot_w * (x1 - x0),
                    y1 - (y1 - y0) * (b.y + b.h) / plot_h,
                ),
                style,
            )))
            .map_err(|er| err(&er))?;
    }
    for (k, s) in scaled.iter().enumerate() {
        let color = PALETTE[k % PALETTE.len()];
        let pts: Vec<(f64, f64)> = s
            .points
            .iter()
            .copied()
            .filter(|(x, y)| x.is_finite() && y.is_finite())
            .collect();
        if s.markers_only {
            chart
                .draw_series(pts.iter().map(|&p| Circle::new(p, 5, color.filled())))
                .map_err(|e| err(&e))?;
        } else {
            // Step line: a policy level holds until the next date.
            let mut step = Vec::with_capacity(pts.len() * 2);
            for (i, &(x, y)) in pts.iter().enumerate() {
                if i > 0 {
                    step.push((x, pts[i - 1].1));
                }
                step.push((x, y));
            }
            chart
                .draw_series(LineSeries::new(step, color.stroke_width(3)))
                .map_err(|e| err(&e))?;
        }
    }
    // Legend: one row under the plot, so that it never hides data or event labels.
    let (mut x, mut row_y) = (70i32, 14i32);
    for (k, sr) in c.series.iter().enumerate() {
        let color = PALETTE[k % PALETTE.len()];
        if x + entry_w(sr) > full_w as i32 - 10 && x > 70 {
            x = 70;
            row_y += 28;
        }
        if sr.markers_only {
            legend_area
                .draw(&Circle::new((x + 12, row_y + 6), 6, color.filled()))
                .map_err(|e| err(&e))?;
        } else {
            legend_area
                .draw(&PathElement::new(
                    vec![(x, row_y + 6), (x + 24, row_y + 6)],
                    color.stroke_width(4),
                ))
                .map_err(|e| err(&e))?;
        }
        legend_area
            .draw(&Text::new(
                sr.name.clone(),
                (x + 30, row_y - 2),
                (FAMILY, 15).into_font().color(&BLACK),
            ))
            .map_err(|e| err(&e))?;
        x += entry_w(sr);
    }
    full.present().map_err(|e| err(&e))?;
    Ok(())
}

/// Draw `chart` at `width` × `height` pixels as SVG and PNG.
///
/// # Errors
/// [`PlotError`] when there is nothing finite to draw or the backend fails.
pub fn render(chart: &Chart, width: u32, height: u32) -> Result<Rendered, PlotError> {
    render_svg_png(
        &chart.title,
        width,
        height,
        |root| draw(root, chart),
        |root| draw(root, chart),
    )
}

/// The one path from a chart's drawing code to its SVG and PNG bytes: `draw_svg` and
/// `draw_png` are the same drawing on the two backends (a closure cannot be generic over the
/// backend, so the caller passes it twice).
pub(crate) fn render_svg_png(
    title: &str,
    width: u32,
    height: u32,
    draw_svg: impl FnOnce(DrawingArea<SVGBackend<'_>, plotters::coord::Shift>) -> Result<(), String>,
    draw_png: impl FnOnce(DrawingArea<BitMapBackend<'_>, plotters::coord::Shift>) -> Result<(), String>,
) -> Result<Rendered, PlotError> {
    register_font();
    let fail = |message: String| PlotError {
        chart: title.to_string(),
        message,
    };
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        draw_svg(root).map_err(fail)?;
    }
    let mut buf = vec![0u8; (width * height * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (width, height)).into_drawing_area();
        draw_png(root).map_err(fail)?;
    }
    let mut png = Vec::new();
    {
        use image::ImageEncoder;
        image::codecs::png::PngEncoder::new(&mut png)
            .write_image(&buf, width, height, image::ColorType::Rgb8)
            .map_err(|e| fail(e.to_string()))?;
    }
    Ok(Rendered { svg, png })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart() -> Chart {
        Chart {
            title: "Test".into(),
            x_label: "year".into(),
            y_label: "percent".into(),
            series: vec![
                Series::line("a", vec![(2018.0, 1.0), (2019.0, 5.0), (2020.0, 3.0)]),
                Series::markers("b", vec![(2018.5, 2.0)]),
            ],
            events: vec![Event {
                x: 2019.5,
                label: "Geneva".into(),
            }],
            time_axis: true,
        }
    }

    #[test]
    fn renders_svg_and_png_with_text() {
        let r = render(&chart(), 640, 400).unwrap();
        assert!(r.svg.contains("Geneva") && r.svg.contains("percent"));
        let img = image::load_from_memory(&r.png).unwrap().to_rgb8();
        assert_eq!(img.dimensions(), (640, 400));
        // Text was drawn: the caption band holds dark pixels (the font rendered).
        let dark = (0..640)
            .flat_map(|x| (0..40).map(move |y| (x, y)))
            .filter(|&(x, y)| img.get_pixel(x, y).0.iter().all(|&c| c < 100))
            .count();
        assert!(
            dark > 30,
            "title text should be visible, found {dark} dark pixels"
        );
    }

    #[test]
    fn close_event_labels_are_moved_apart() {
        // Two events a month apart on an eight-year axis (the April 2025 peak and Geneva):
        // their lines are ~12 px apart, closer than a label is wide.
        let mut c = chart();
        c.series = vec![Series::line("a", vec![(2018.0, 1.0), (2026.5, 2.0)])];
        c.events = vec![
            Event {
                x: 2025.27,
                label: "Apr 2025: US 145 %, China 125 %".into(),
            },
            Event {
                x: 2025.36,
                label: "Geneva truce".into(),
            },
            Event {
                x: 2025.37,
                label: "a third one, the same week".into(),
            },
        ];
        let boxes = event_label_boxes(&c, 1200, 700);
        assert_eq!(boxes.len(), 3);
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                assert!(!a.overlaps(b), "{a:?} overlaps {b:?}");
            }
        }
        assert!(render(&c, 1200, 700).is_ok());
    }

    #[test]
    fn place_labels_keeps_a_lone_label_right_of_its_line_at_the_top() {
        let b = place_labels(&[(100.0, 10)], 1000.0, 500.0);
        assert_eq!(b[0].x, 101.0);
        assert_eq!(b[0].y, 0.0);
        // Many labels at one spot: none overlaps another.
        let many: Vec<(f64, usize)> = (0..12).map(|k| (500.0 + k as f64, 8)).collect();
        let b = place_labels(&many, 1000.0, 500.0);
        for (i, a) in b.iter().enumerate() {
            for c in &b[i + 1..] {
                assert!(!a.overlaps(c));
            }
        }
    }

    #[test]
    fn empty_chart_is_an_error_not_a_panic() {
        let mut c = chart();
        c.series.clear();
        assert!(render(&c, 100, 100).is_err());
    }
}
