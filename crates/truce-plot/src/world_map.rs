//! A world map of one value per country (welfare changes), from Natural Earth boundaries
//! compiled into the crate (`assets/`, see its README: world-atlas 2.0.2 `countries-110m.json`,
//! public domain; no download at run time), in the Equal Earth projection (Šavrič, Patterson &
//! Jenny 2019), with a diverging colour scale centred on zero.

use crate::{register_font, PlotError, Rendered, FAMILY};
use plotters::prelude::*;
use std::collections::HashMap;

const TOPOJSON: &str = include_str!("../assets/countries-110m.json");
const ISO_NUMERIC: &str = include_str!("../assets/iso3166-numeric.csv");

/// One country's polygons (rings of (longitude, latitude) in degrees) and its ISO3 code.
#[derive(Debug, Clone)]
pub struct Country {
    /// ISO 3166-1 alpha-3 code, when the feature has one.
    pub iso3: Option<String>,
    /// Name in the source.
    pub name: String,
    /// Outer rings and holes, as closed rings.
    pub rings: Vec<Vec<(f64, f64)>>,
}

/// Decode the embedded TopoJSON (quantised, delta-encoded arcs; `~i` = arc i reversed).
///
/// # Panics
/// Never on the embedded file (a test decodes it); it is a programming error if it changes.
pub fn countries() -> Vec<Country> {
    let iso: HashMap<&str, &str> = ISO_NUMERIC
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(','))
        .collect();
    let topo: serde_json::Value = serde_json::from_str(TOPOJSON).expect("embedded TopoJSON");
    let sc = &topo["transform"]["scale"];
    let tr = &topo["transform"]["translate"];
    let (sx, sy) = (sc[0].as_f64().unwrap(), sc[1].as_f64().unwrap());
    let (tx, ty) = (tr[0].as_f64().unwrap(), tr[1].as_f64().unwrap());
    let arcs: Vec<Vec<(f64, f64)>> = topo["arcs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let (mut x, mut y) = (0i64, 0i64);
            a.as_array()
                .unwrap()
                .iter()
                .map(|p| {
                    x += p[0].as_i64().unwrap();
                    y += p[1].as_i64().unwrap();
                    (x as f64 * sx + tx, y as f64 * sy + ty)
                })
                .collect()
        })
        .collect();
    let ring = |idx: &serde_json::Value| -> Vec<(f64, f64)> {
        let mut out: Vec<(f64, f64)> = Vec::new();
        for a in idx.as_array().unwrap() {
            let k = a.as_i64().unwrap();
            let pts: Vec<(f64, f64)> = if k >= 0 {
                arcs[k as usize].clone()
            } else {
                let mut v = arcs[(!k) as usize].clone();
                v.reverse();
                v
            };
            let skip = usize::from(!out.is_empty());
            out.extend(pts.into_iter().skip(skip));
        }
        out
    };
    topo["objects"]["countries"]["geometries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            let mut rings = Vec::new();
            match g["type"].as_str() {
                Some("Polygon") => {
                    for r in g["arcs"].as_array().unwrap() {
                        rings.push(ring(r));
                    }
                }
                Some("MultiPolygon") => {
                    for poly in g["arcs"].as_array().unwrap() {
                        for r in poly.as_array().unwrap() {
                            rings.push(ring(r));
                        }
                    }
                }
                _ => {}
            }
            Country {
                iso3: g["id"]
                    .as_str()
                    .and_then(|id| iso.get(id))
                    .map(|s| s.to_string()),
                name: g["properties"]["name"].as_str().unwrap_or("").to_string(),
                rings,
            }
        })
        .collect()
}

/// Equal Earth projection of (longitude, latitude) in degrees, in units of the sphere's radius
/// (x within ±2.71, y within ±1.32). Šavrič, B., Patterson, T. and Jenny, B. (2019), "The Equal
/// Earth map projection", *International Journal of Geographical Information Science* 33(3),
/// eqs. (1)–(2).
pub fn equal_earth(lon: f64, lat: f64) -> (f64, f64) {
    const A1: f64 = 1.340264;
    const A2: f64 = -0.081106;
    const A3: f64 = 0.000893;
    const A4: f64 = 0.003796;
    let m = 3f64.sqrt() / 2.0;
    let lam = lon.to_radians();
    let th = (m * lat.to_radians().sin()).asin();
    let (t2, t6) = (th * th, th.powi(6));
    let x = 2.0 * 3f64.sqrt() * lam * th.cos()
        / (3.0 * (A1 + 3.0 * A2 * t2 + t6 * (7.0 * A3 + 9.0 * A4 * t2)));
    let y = th * (A1 + A2 * t2 + t6 * (A3 + A4 * t2));
    (x, y)
}

/// Colour of `v` on a diverging scale with limit `lim` (red below 0, blue above, white at 0).
pub fn diverging(v: f64, lim: f64) -> RGBColor {
    let t = (v / lim).clamp(-1.0, 1.0);
    let (lo, hi) = (RGBColor(178, 24, 43), RGBColor(33, 102, 172));
    let mix = |a: u8, b: u8, f: f64| (a as f64 + (b as f64 - a as f64) * f).round() as u8;
    let (end, f) = if t < 0.0 { (lo, -t) } else { (hi, t) };
    RGBColor(mix(247, end.0, f), mix(247, end.1, f), mix(247, end.2, f))
}

/// Grey of countries without a value.
pub const NO_DATA: RGBColor = RGBColor(200, 200, 200);

/// Draw a world map of `values` (ISO3 code → value, e.g. welfare change in percent) with a
/// title and a legend label, as SVG and PNG of `width` × `height` pixels. Countries without a
/// value (including the members of an aggregate such as ROW) are grey.
///
/// # Errors
/// [`PlotError`] when no value is finite or the backend fails.
pub fn render_world_map(
    title: &str,
    legend: &str,
    values: &[(String, f64)],
    width: u32,
    height: u32,
) -> Result<Rendered, PlotError> {
    register_font();
    let fail = |message: String| PlotError {
        chart: title.to_string(),
        message,
    };
    let finite: Vec<f64> = values
        .iter()
        .map(|(_, v)| *v)
        .filter(|v| v.is_finite())
        .collect();
    if finite.is_empty() {
        return Err(fail("no finite value to draw".into()));
    }
    // Symmetric limit: the largest magnitude, rounded up to a readable step.
    let mx = finite.iter().fold(0.0f64, |a, v| a.max(v.abs())).max(1e-9);
    let step = 10f64.powf(mx.log10().floor());
    let lim = (mx / step).ceil() * step;
    let map: HashMap<&str, f64> = values
        .iter()
        .filter(|(_, v)| v.is_finite())
        .map(|(c, v)| (c.as_str(), *v))
        .collect();
    let shapes = countries();
    let ctx = Ctx {
        title,
        legend,
        width,
        height,
        map: &map,
        lim,
        shapes: &shapes,
    };
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        draw_map(root, &ctx).map_err(fail)?;
    }
    let mut buf = vec![0u8; (width * height * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (width, height)).into_drawing_area();
        draw_map(root, &ctx).map_err(fail)?;
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

struct Ctx<'a> {
    title: &'a str,
    legend: &'a str,
    width: u32,
    height: u32,
    map: &'a HashMap<&'a str, f64>,
    lim: f64,
    shapes: &'a [Country],
}

fn draw_map<DB: DrawingBackend>(
    root: DrawingArea<DB, plotters::coord::Shift>,
    ctx: &Ctx<'_>,
) -> Result<(), String> {
    let Ctx {
        title,
        legend,
        width,
        height,
        map,
        lim,
        shapes,
    } = *ctx;
    {
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let (w, h) = (width as f64, height as f64);
        let top = 0.09 * h;
        let legend_h = 0.12 * h;
        let map_h = h - top - legend_h;
        let scale = (w * 0.96 / (2.0 * 2.7066)).min(map_h / (2.0 * 1.3173));
        let cx = w / 2.0;
        let cy = top + map_h / 2.0;
        let px = |lon: f64, lat: f64| {
            let (x, y) = equal_earth(lon, lat);
            (
                (cx + x * scale).round() as i32,
                (cy - y * scale).round() as i32,
            )
        };
        // Outline of the globe.
        let outline: Vec<(i32, i32)> = (0..=180)
            .map(|k| px(180.0, -90.0 + k as f64))
            .chain((0..=180).map(|k| px(-180.0, 90.0 - k as f64)))
            .collect();
        root.draw(&Polygon::new(outline, RGBColor(234, 242, 248).filled()))
            .map_err(|e| e.to_string())?;
        for c in shapes {
            let colour = c
                .iso3
                .as_deref()
                .and_then(|k| map.get(k))
                .map(|v| diverging(*v, lim))
                .unwrap_or(NO_DATA);
            for r in &c.rings {
                // Rings that cross the antimeridian (Russia, Fiji) are unwrapped, then held
                // to ±180°, so they do not streak across the map.
                let mut prev = r[0].0;
                let pts: Vec<(i32, i32)> = r
                    .iter()
                    .map(|&(lo, la)| {
                        let mut l = lo;
                        while l - prev > 180.0 {
                            l -= 360.0;
                        }
                        while prev - l > 180.0 {
                            l += 360.0;
                        }
                        prev = l;
                        px(l.clamp(-180.0, 180.0), la)
                    })
                    .collect();
                root.draw(&Polygon::new(pts.clone(), colour.filled()))
                    .map_err(|e| e.to_string())?;
                root.draw(&PathElement::new(
                    pts,
                    RGBColor(255, 255, 255).stroke_width(1),
                ))
                .map_err(|e| e.to_string())?;
            }
        }
        let font = |size: f64| (FAMILY, size).into_font().color(&BLACK);
        root.draw(&Text::new(
            title.to_string(),
            ((0.02 * w) as i32, (0.025 * h) as i32),
            font(0.035 * h),
        ))
        .map_err(|e| e.to_string())?;
        // Legend: a colour bar from −lim to +lim with five ticks, and the no-data swatch.
        let bx0 = (0.25 * w) as i32;
        let bx1 = (0.75 * w) as i32;
        let by0 = (h - legend_h + 0.25 * legend_h) as i32;
        let by1 = by0 + (0.2 * legend_h) as i32;
        for x in bx0..bx1 {
            let v = -lim + 2.0 * lim * (x - bx0) as f64 / (bx1 - bx0) as f64;
            root.draw(&Rectangle::new(
                [(x, by0), (x + 1, by1)],
                diverging(v, lim).filled(),
            ))
            .map_err(|e| e.to_string())?;
        }
        for k in 0..=4 {
            let v = -lim + lim * k as f64 / 2.0;
            let x = bx0 + ((bx1 - bx0) as f64 * k as f64 / 4.0) as i32;
            root.draw(&PathElement::new(vec![(x, by1), (x, by1 + 5)], BLACK))
                .map_err(|e| e.to_string())?;
            let label = if lim >= 1.0 {
                format!("{v:.1}")
            } else {
                format!("{v:.2}")
            };
            root.draw(&Text::new(label, (x - 12, by1 + 8), font(0.025 * h)))
                .map_err(|e| e.to_string())?;
        }
        root.draw(&Text::new(
            legend.to_string(),
            (bx0, by0 - (0.3 * legend_h) as i32),
            font(0.027 * h),
        ))
        .map_err(|e| e.to_string())?;
        let gx = bx1 + (0.04 * w) as i32;
        root.draw(&Rectangle::new(
            [(gx, by0), (gx + 20, by1)],
            NO_DATA.filled(),
        ))
        .map_err(|e| e.to_string())?;
        root.draw(&Text::new(
            "no value".to_string(),
            (gx + 26, by0),
            font(0.025 * h),
        ))
        .map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_boundaries_decode_with_iso_codes() {
        let c = countries();
        assert_eq!(c.len(), 177);
        let usa = c.iter().find(|c| c.iso3.as_deref() == Some("USA")).unwrap();
        assert_eq!(usa.name, "United States of America");
        // Every ring is closed and within the globe.
        for k in &c {
            for r in &k.rings {
                assert!(r.len() >= 4);
                let (a, b) = (r[0], r[r.len() - 1]);
                assert!(
                    (a.0 - b.0).abs() < 1e-9 && (a.1 - b.1).abs() < 1e-9,
                    "{}",
                    k.name
                );
                assert!(r
                    .iter()
                    .all(|p| p.0.abs() <= 180.0 + 1e-9 && p.1.abs() <= 90.0));
            }
        }
        assert_eq!(c.iter().filter(|c| c.iso3.is_none()).count(), 3);
    }

    #[test]
    fn equal_earth_matches_its_published_extent() {
        // The projection's width at the equator and height at the poles (paper, Table 1).
        let (x, _) = equal_earth(180.0, 0.0);
        let (_, y) = equal_earth(0.0, 90.0);
        assert!(
            (x - 2.7066).abs() < 1e-3 && (y - 1.3173).abs() < 1e-3,
            "{x} {y}"
        );
    }

    #[test]
    fn a_map_colours_countries_by_value() {
        let vals = vec![("USA".to_string(), -2.0), ("CHN".to_string(), 1.5)];
        let r = render_world_map("Test map", "welfare, %", &vals, 900, 500).unwrap();
        assert!(r.svg.contains("Test map"));
        let img = image::load_from_memory(&r.png).unwrap().to_rgb8();
        // Somewhere in the US (near Kansas) is red; somewhere in China is blue.
        let at = |lon, lat| {
            let scale = (900.0 * 0.96 / (2.0 * 2.7066f64)).min((500.0 * 0.79) / (2.0 * 1.3173));
            let (x, y) = equal_earth(lon, lat);
            let p = img.get_pixel(
                (450.0 + x * scale).round() as u32,
                (500.0 * 0.09 + 500.0 * 0.79 / 2.0 - y * scale).round() as u32,
            );
            p.0
        };
        let us = at(-98.0, 39.0);
        let cn = at(105.0, 34.0);
        assert!(us[0] > us[2], "US should be red: {us:?}");
        assert!(cn[2] > cn[0], "China should be blue: {cn:?}");
        assert!(render_world_map("x", "y", &[], 100, 100).is_err());
    }
}
