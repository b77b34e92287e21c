//! Uncertainty bands as a dot-and-whisker chart: one column per category (region), one
//! coloured mark per group (step) in it: a dot at the median and a bar with caps from the 5th
//! to the 95th percentile, and a hollow diamond at the point estimate.

use crate::{render_svg_png, PlotError, Rendered, FAMILY, PALETTE};
use plotters::prelude::*;

/// One band: median, 5th and 95th percentile, and the point estimate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Band {
    /// Median over the draws.
    pub median: f64,
    /// 5th percentile.
    pub low: f64,
    /// 95th percentile.
    pub high: f64,
    /// The value at the point estimate of the parameters, if defined.
    pub point: Option<f64>,
}

/// One group of bands (a step), one per category (`None` where undefined).
#[derive(Debug, Clone, PartialEq)]
pub struct BandGroup {
    /// Legend entry.
    pub name: String,
    /// One per category of the chart.
    pub bands: Vec<Option<Band>>,
}

/// A chart of bands.
#[derive(Debug, Clone, PartialEq)]
pub struct BandChart {
    /// Title.
    pub title: String,
    /// y-axis label.
    pub y_label: String,
    /// The categories along the x axis (region codes).
    pub categories: Vec<String>,
    /// The groups, drawn side by side in each category.
    pub groups: Vec<BandGroup>,
    /// What the marks mean, printed under the legend.
    pub key: String,
}

fn legend_w(name: &str) -> i32 {
    30 + (name.chars().count() as f64 * 7.6) as i32 + 24
}

fn legend_rows(c: &BandChart, w: u32) -> i32 {
    let mut rows = 1;
    let mut x = 70;
    for g in &c.groups {
        if x + legend_w(&g.name) > w as i32 - 10 && x > 70 {
            rows += 1;
            x = 70;
        }
        x += legend_w(&g.name);
    }
    rows
}

fn draw<DB: DrawingBackend>(
    full: DrawingArea<DB, plotters::coord::Shift>,
    c: &BandChart,
) -> Result<(), String>
where
    DB::ErrorType: 'static,
{
    let err = |e: &dyn std::fmt::Display| e.to_string();
    full.fill(&WHITE).map_err(|e| err(&e))?;
    let (w, h) = full.dim_in_pixel();
    let rows = legend_rows(c, w);
    let (root, legend) = full.split_vertically(h.saturating_sub((24 + 26 * rows + 24) as u32));
    let values = c
        .groups
        .iter()
        .flat_map(|g| g.bands.iter().flatten())
        .flat_map(|b| [b.low, b.high, b.median].into_iter().chain(b.point))
        .filter(|v| v.is_finite());
    let (lo, hi) = values.fold((0.0f64, 0.0f64), |(a, b), v| (a.min(v), b.max(v)));
    if c.categories.is_empty() || c.groups.is_empty() {
        return Err("no bands to draw".into());
    }
    let span = (hi - lo).max(1e-6);
    let (y0, y1) = (lo - span * 0.08, hi + span * 0.08);
    let n = c.categories.len() as f64;
    let mut chart = ChartBuilder::on(&root)
        .caption(&c.title, (FAMILY, 24))
        .margin(18)
        .x_label_area_size(36)
        .y_label_area_size(70)
        .build_cartesian_2d(-0.5..n - 0.5, y0..y1)
        .map_err(|e| err(&e))?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_desc(&c.y_label)
        .axis_desc_style((FAMILY, 18))
        .label_style((FAMILY, 15))
        .y_label_formatter(&|y| {
            let s = if y1 - y0 >= 10.0 {
                format!("{y:.0}")
            } else if y1 - y0 >= 1.0 {
                format!("{y:.1}")
            } else {
                format!("{y:.2}")
            };
            if s.trim_start_matches('-')
                .chars()
                .all(|c| c == '0' || c == '.')
            {
                s.trim_start_matches('-').to_string()
            } else {
                s
            }
        })
        .light_line_style(WHITE)
        .bold_line_style(RGBColor(225, 225, 225))
        .draw()
        .map_err(|e| err(&e))?;
    // Zero line and light separators between categories.
    let grey = RGBColor(150, 150, 150);
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(-0.5, 0.0), (n - 0.5, 0.0)],
            grey.stroke_width(1),
        )))
        .map_err(|e| err(&e))?;
    chart
        .draw_series((1..c.categories.len()).map(|i| {
            let x = i as f64 - 0.5;
            PathElement::new(
                vec![(x, y0), (x, y1)],
                RGBColor(235, 235, 235).stroke_width(1),
            )
        }))
        .map_err(|e| err(&e))?;
    let g = c.groups.len() as f64;
    let step = (0.8 / g).min(0.22);
    let cap = step * 0.3;
    for (k, group) in c.groups.iter().enumerate() {
        let color = PALETTE[k % PALETTE.len()];
        let dx = (k as f64 - (g - 1.0) / 2.0) * step;
        for (i, b) in group.bands.iter().enumerate() {
            let Some(b) = b else { continue };
            if ![b.low, b.high, b.median].iter().all(|v| v.is_finite()) {
                continue;
            }
            let x = i as f64 + dx;
            let style = color.stroke_width(2);
            chart
                .draw_series([
                    PathElement::new(vec![(x, b.low), (x, b.high)], style),
                    PathElement::new(vec![(x - cap, b.low), (x + cap, b.low)], style),
                    PathElement::new(vec![(x - cap, b.high), (x + cap, b.high)], style),
                ])
                .map_err(|e| err(&e))?;
            chart
                .draw_series(std::iter::once(Circle::new(
                    (x, b.median),
                    5,
                    color.filled(),
                )))
                .map_err(|e| err(&e))?;
            if let Some(p) = b.point.filter(|p| p.is_finite()) {
                chart
                    .draw_series(std::iter::once(
                        EmptyElement::at((x, p))
                            + PathElement::new(
                                vec![(0, -7), (7, 0), (0, 7), (-7, 0), (0, -7)],
                                BLACK.stroke_width(1),
                            ),
                    ))
                    .map_err(|e| err(&e))?;
            }
        }
    }
    // Category names under their columns.
    for (i, name) in c.categories.iter().enumerate() {
        let (px, py) = chart.backend_coord(&(i as f64, y0));
        let tw = (name.chars().count() as f64 * 8.5) as i32;
        root.draw(&Text::new(
            name.clone(),
            (px - tw / 2, py + 8),
            (FAMILY, 15).into_font().color(&BLACK),
        ))
        .map_err(|e| err(&e))?;
    }
    // Legend: a dot and whisker per group, then what the marks mean.
    let (mut x, mut y) = (70i32, 8i32);
    for (k, group) in c.groups.iter().enumerate() {
        let color = PALETTE[k % PALETTE.len()];
        if x + legend_w(&group.name) > w as i32 - 10 && x > 70 {
            x = 70;
            y += 26;
        }
        legend
            .draw(&PathElement::new(
                vec![(x + 12, y - 2), (x + 12, y + 14)],
                color.stroke_width(2),
            ))
            .map_err(|e| err(&e))?;
        legend
            .draw(&Circle::new((x + 12, y + 6), 5, color.filled()))
            .map_err(|e| err(&e))?;
        legend
            .draw(&Text::new(
                group.name.clone(),
                (x + 30, y - 2),
                (FAMILY, 15).into_font().color(&BLACK),
            ))
            .map_err(|e| err(&e))?;
        x += legend_w(&group.name);
    }
    legend
        .draw(&Text::new(
            c.key.clone(),
            (70, y + 26),
            (FAMILY, 14).into_font().color(&RGBColor(80, 80, 80)),
        ))
        .map_err(|e| err(&e))?;
    full.present().map_err(|e| err(&e))?;
    Ok(())
}

/// Draw a band chart at `width` × `height` pixels as SVG and PNG.
///
/// # Errors
/// [`PlotError`] when there is nothing to draw or the backend fails.
pub fn render_bands(chart: &BandChart, width: u32, height: u32) -> Result<Rendered, PlotError> {
    render_svg_png(
        &chart.title,
        width,
        height,
        |root| draw(root, chart),
        |root| draw(root, chart),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart() -> BandChart {
        let b = |m: f64| {
            Some(Band {
                median: m,
                low: m - 0.5,
                high: m + 0.4,
                point: Some(m + 0.1),
            })
        };
        BandChart {
            title: "Welfare".into(),
            y_label: "% change".into(),
            categories: vec!["USA".into(), "CHN".into(), "EU27".into()],
            groups: vec![
                BandGroup {
                    name: "peak".into(),
                    bands: vec![b(-1.0), b(-2.0), None],
                },
                BandGroup {
                    name: "geneva".into(),
                    bands: vec![b(-0.3), b(-0.5), b(0.1)],
                },
            ],
            key: "dot: median; bar: 5–95 % band; diamond: point estimate".into(),
        }
    }

    #[test]
    fn draws_every_category_and_group_with_its_key() {
        let r = render_bands(&chart(), 900, 500).unwrap();
        for s in ["USA", "CHN", "EU27", "peak", "geneva", "5–95 %", "% change"] {
            assert!(r.svg.contains(s), "{s} missing from the SVG");
        }
        let img = image::load_from_memory(&r.png).unwrap().to_rgb8();
        assert_eq!(img.dimensions(), (900, 500));
        // The two palette colours were drawn (the whiskers and dots).
        for (k, c) in PALETTE[..2].iter().enumerate() {
            let n = img.pixels().filter(|p| p.0 == [c.0, c.1, c.2]).count();
            assert!(n > 20, "group {k}: {n} pixels of its colour");
        }
    }

    #[test]
    fn nothing_to_draw_is_an_error_not_a_panic() {
        let mut c = chart();
        c.groups.clear();
        assert!(render_bands(&c, 300, 200).is_err());
    }
}
