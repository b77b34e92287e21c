//! `truce data build-default`: rebuild the embedded default world (world2024) from its cited
//! facts, write it as a truce dataset, and report how the calibration meets its targets.

use crate::Error;
use std::path::{Path, PathBuf};
use truce_report::{Cell, Report, Table};
use truce_world::Calibration;

/// world2024 rebuilt and written.
#[derive(Debug, Clone)]
pub struct DefaultWorld {
    /// The calibrated dataset and its report.
    pub calibration: Calibration,
    /// The folder it was written to.
    pub out: PathBuf,
    /// The folder the rare-earth variant world2024-ree was written to.
    pub out_ree: PathBuf,
}

/// The default folder of world2024-ree beside `out`: its name with `-ree` appended
/// (`data/world2024` → `data/world2024-ree`).
pub fn ree_folder(out: &Path) -> PathBuf {
    let mut name = out.file_name().unwrap_or_default().to_os_string();
    name.push("-ree");
    out.with_file_name(name)
}

/// Build world2024 (from the facts embedded in truce, or from the `facts.csv` and
/// `wiod2011_structure.csv` in `facts`) and write it to `out`, and its rare-earth variant
/// world2024-ree to `out_ree` (created if needed; their dataset files are replaced, atomically).
///
/// # Errors
/// A fact table that is missing or malformed, a calibration that cannot meet its targets, or
/// a folder that cannot be written: [`Error::Data`] naming the file, row and field.
pub fn build_default(
    out: &Path,
    out_ree: &Path,
    facts: Option<&Path>,
) -> Result<DefaultWorld, Error> {
    let calibration = match facts {
        Some(dir) => truce_world::build_from_dir(dir),
        None => truce_world::build(),
    }?;
    truce_world::write_all(&calibration, out, out_ree)?;
    Ok(DefaultWorld {
        calibration,
        out: out.to_path_buf(),
        out_ree: out_ree.to_path_buf(),
    })
}

impl DefaultWorld {
    /// The calibration report: GDP and trade by region against the 2024 targets, US–China trade
    /// and tariffs by sector on the baseline date, and the calibration's checks; the JSON form is
    /// the [`truce_world::CalibrationReport`].
    pub fn report(&self) -> Report {
        let r = &self.calibration.report;
        let ds = &self.calibration.dataset;
        let out = &self.out;
        let mut json = serde_json::to_value(r).expect("the calibration report always serialises");
        json["ree"] = serde_json::to_value(&self.calibration.ree_report)
            .expect("the variant's report always serialises");
        let find = |kind: &str, region: &str| {
            r.margins
                .iter()
                .find(|m| m.kind == kind && m.region == region && m.partner.is_none())
        };
        let b = &ds.baseline;
        let d = b.dims();
        let services = b.sector_index("SERVICES");
        let (mut gx, mut gm, mut sx, mut sm) = (
            vec![0.0; d.n],
            vec![0.0; d.n],
            vec![0.0; d.n],
            vec![0.0; d.n],
        );
        for j in 0..d.j {
            for n in 0..d.n {
                for i in 0..d.n {
                    if i == n {
                        continue;
                    }
                    let v = b.flows()[d.nij(n, i, j)];
                    if Some(j) == services {
                        sx[i] += v;
                        sm[n] += v;
                    } else {
                        gx[i] += v;
                        gm[n] += v;
                    }
                }
            }
        }
        let mut regions = Table::new(
        "world2024: GDP and trade by region, USD bn (target = the 2024 figure where there is one)",
        &[
            "region",
            "GDP",
            "goods exports target",
            "goods exports",
            "goods imports target",
            "goods imports",
            "services exports",
            "services imports",
            "deficit",
        ],
    );
        for (n, (code, _)) in truce_world::REGIONS.iter().enumerate() {
            let target = |kind: &str| Cell::opt(find(kind, code).map(|m| m.target), 1);
            regions.push(vec![
                Cell::text(*code),
                Cell::num(b.value_added()[n], 1),
                target("goods_exports"),
                Cell::num(gx[n], 1),
                target("goods_imports"),
                Cell::num(gm[n], 1),
                Cell::num(sx[n], 1),
                Cell::num(sm[n], 1),
                Cell::num(b.deficit()[n], 1),
            ]);
        }
        let mut uc = Table::new(
        format!(
            "US–China goods trade and tariffs by sector on {} (the record's state: statutory rate, and the model's θ-consistent equivalent)",
            r.tariffs.baseline_date
        ),
        &[
            "sector",
            "US imports from CHN, USD bn",
            "US tariff %",
            "model %",
            "CHN imports from US, USD bn",
            "CHN tariff %",
            "model %",
        ],
    );
        for s in &r.us_china {
            uc.push(vec![
                Cell::text(&s.sector),
                Cell::num(s.us_imports_from_chn, 1),
                Cell::num(s.us_statutory_pct, 1),
                Cell::num(s.us_tariff_pct, 1),
                Cell::num(s.chn_imports_from_us, 1),
                Cell::num(s.chn_statutory_pct, 1),
                Cell::num(s.chn_tariff_pct, 1),
            ]);
        }
        let mut checks = Table::new("Calibration checks", &["check", "value"]);
        let mut row = |what: &str, v: String| checks.push(vec![Cell::text(what), Cell::text(v)]);
        row(
            "largest relative gap to a target",
            format!("{:.1e}", r.max_margin_rel_error),
        );
        row(
            "trade-table IPF",
            format!("{} sweeps, error {:.1e}", r.ipf.sweeps, r.ipf.max_rel_error),
        );
        let ras_sweeps = r.ras.iter().map(|x| x.info.sweeps).max().unwrap_or(0);
        row(
            "input–output RAS (worst region)",
            format!("{ras_sweeps} sweeps"),
        );
        let t = &r.tariffs;
        row(
            &format!(
                "US tariff on China, statutory, import-weighted (PIIE {:.1})",
                t.piie_us_on_chn_pct
            ),
            format!("{:.2} %", t.us_on_chn_avg_pct),
        );
        row(
            &format!(
                "China tariff on the US, statutory, import-weighted (PIIE {:.1})",
                t.piie_chn_on_us_pct
            ),
            format!("{:.2} %", t.chn_on_us_avg_pct),
        );
        row(
            "same, the model's θ-consistent rates (US on China / China on US)",
            format!(
                "{:.2} % / {:.2} %",
                t.us_on_chn_model_avg_pct, t.chn_on_us_model_avg_pct
            ),
        );
        row(
            "pre-war (1 Jan 2018 schedules, 2024 weights; PIIE 3.1 / 8.0)",
            format!(
                "{:.2} % / {:.2} %",
                t.us_on_chn_prewar_pct, t.chn_on_us_prewar_pct
            ),
        );
        row(
            "record measures in force on the baseline date",
            format!("{}", t.record_measures.len()),
        );
        row(
            "zero shock: max |ŵ − 1|",
            format!("{:.1e}", r.equilibrium.wage_max_abs_change),
        );
        row(
            "zero shock re-based: max flow change",
            format!("{:.1e}", r.equilibrium.rebased_flow_max_rel_change),
        );
        for s in &r.rare_earths {
            row(
                &format!(
                    "rare-earth share of CHN {} exports (world / to US)",
                    s.sector
                ),
                format!("{:.4} / {:.4}", s.world, s.to_usa),
            );
        }
        row(
            "electronics share of WIOD electrical & optical (φ)",
            format!("{:.4}", r.electronics_share),
        );
        let rr = &self.calibration.ree_report;
        let sr = &rr.split;
        let mut ree = Table::new(
            format!(
                "world2024-ree: the {} sector (USD bn; θ = {}, ε_c = {})",
                sr.code, rr.theta, rr.epsilon_c
            ),
            &[
                "region",
                "output",
                "exports",
                "absorption",
                "final-demand share",
            ],
        );
        for (k, (code, y)) in sr.output.iter().enumerate() {
            ree.push(vec![
                Cell::text(code),
                Cell::num(*y, 4),
                Cell::num(sr.exports[k].1, 4),
                Cell::num(sr.absorption[k].1, 4),
                Cell::num(sr.final_share[k].1, 3),
            ]);
        }
        Report::new(json)
        .with_table(regions)
        .with_table(uc)
        .with_table(checks)
        .with_table(ree)
        .with_note(format!(
            "Tariffs are the US–China record's policy state on {}: pre-war tariffs plus every record measure in force that day (data/us_china_measures/record.toml), so `truce timeline` reproduces this baseline on that date.",
            t.baseline_date
        ))
        .with_note(r.stylised_note.clone())
        .with_note(format!(
            "written to {} and {} (world2024-ree: zero shock max |ŵ − 1| = {:.1e})",
            out.display(),
            self.out_ree.display(),
            rr.wage_max_abs_change
        ))
    }
}
