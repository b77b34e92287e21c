//! A sweep's bands as a chart (`truce sweep … --plot FILE.png|svg`): per region, for every
//! step, the median and the 5–95 % band of one outcome, beside the point estimate.

use super::{SweepResult, OUTCOMES};
use crate::Error;
use std::path::Path;
use truce_plot::{render_bands, Band, BandChart, BandGroup};

/// Whether `path` names a chart truce can draw: `.png` or `.svg`.
///
/// # Errors
/// [`Error::Usage`] naming the flag, the file and the fix.
pub fn check_plot_path(path: &Path) -> Result<(), Error> {
    match plot_kind(path) {
        Some(_) => Ok(()),
        None => Err(Error::Usage(format!(
            "--plot {}: give a .png or .svg file",
            path.display()
        ))),
    }
}

fn plot_kind(path: &Path) -> Option<bool> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())?;
    match ext.as_str() {
        "png" => Some(true),
        "svg" => Some(false),
        _ => None,
    }
}

/// Check an outcome name for `--plot-outcome`.
///
/// # Errors
/// [`Error::Usage`] listing the outcomes.
pub fn check_plot_outcome(outcome: &str) -> Result<(), Error> {
    if OUTCOMES.contains(&outcome) {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "--plot-outcome {outcome}: not an outcome of a sweep; use one of {}",
            OUTCOMES.join(", ")
        )))
    }
}

impl SweepResult {
    /// The bands of `outcome` (one of [`OUTCOMES`]) as a chart: regions along the x axis,
    /// one coloured dot-and-whisker per step.
    pub fn band_chart(&self, outcome: &str) -> BandChart {
        let o = &self.output;
        let groups = self
            .steps
            .iter()
            .map(|step| BandGroup {
                name: step.clone(),
                bands: self
                    .regions
                    .iter()
                    .map(|region| {
                        let b = o.bands.iter().find(|b| {
                            &b.step == step && &b.region == region && b.outcome == outcome
                        })?;
                        Some(Band {
                            median: b.median?,
                            low: b.p5?,
                            high: b.p95?,
                            point: b.point,
                        })
                    })
                    .collect(),
            })
            .collect();
        let what = outcome.trim_end_matches("_pct").replace('_', " ");
        BandChart {
            title: format!(
                "{}: {what}, % change vs {}",
                o.scenario, o.reference
            ),
            y_label: format!("{what}, % change"),
            categories: self.regions.clone(),
            groups,
            key: format!(
                "dot: median, bar: 5–95 % band over {} converged draws (seed {}); diamond: point estimate (the dataset's own θ)",
                o.converged, o.seed
            ),
        }
    }

    /// Draw [`SweepResult::band_chart`] to `path` (`.png` or `.svg`), atomically.
    ///
    /// # Errors
    /// [`Error::Usage`] for another extension or outcome, [`Error::Plot`], [`Error::Write`].
    pub fn write_plot(&self, path: &Path, outcome: &str) -> Result<(), Error> {
        check_plot_outcome(outcome)?;
        let png = plot_kind(path).ok_or_else(|| check_plot_path(path).unwrap_err())?;
        let width = (160 + 110 * self.regions.len() as u32).clamp(900, 1800);
        let r = render_bands(&self.band_chart(outcome), width, 720)?;
        let bytes = if png { r.png } else { r.svg.into_bytes() };
        truce_report::write_atomic(path, &bytes)?;
        Ok(())
    }
}
