//! A sweep's result as tables, the report the CLI prints, and the files of its output folder.

use super::{draw_file, DrawResult, Manifest, SweepResult, OUTCOMES};
use crate::Error;
use std::path::{Path, PathBuf};
use truce_output::Band;
use truce_report::{Cell, Report, Table};

fn band_text(b: &Band) -> String {
    match (b.p5, b.p95) {
        (Some(lo), Some(hi)) => format!("[{lo:.2}, {hi:.2}]"),
        _ => "–".into(),
    }
}

impl SweepResult {
    /// The bands table: one row per step × region, welfare, real wage and CPI.
    pub fn bands_table(&self) -> Table {
        let o = &self.output;
        let mut t = Table::new(
            format!(
                "{}: median and 5–95 % band over {} draws (seed {}), % change vs {}",
                o.scenario, o.converged, o.seed, o.reference
            ),
            &[
                "step",
                "region",
                "welfare % (point)",
                "median",
                "5–95 %",
                "real wage % median",
                "5–95 %",
                "CPI % median",
                "5–95 %",
            ],
        )
        .align(1, truce_report::Align::Left);
        let k = OUTCOMES.len();
        for row in o.bands.chunks(k) {
            let (w, rw, cpi) = (&row[0], &row[1], &row[2]);
            t.push(vec![
                Cell::text(&w.step),
                Cell::text(&w.region),
                Cell::opt(w.point, 3),
                Cell::opt(w.median, 3),
                Cell::text(band_text(w)),
                Cell::opt(rw.median, 3),
                Cell::text(band_text(rw)),
                Cell::opt(cpi.median, 3),
                Cell::text(band_text(cpi)),
            ]);
        }
        t
    }

    fn failed_table(&self) -> Option<Table> {
        if self.output.failed.is_empty() {
            return None;
        }
        let mut t = Table::new(
            format!(
                "Draws that did not converge ({} of {}), left out of the bands",
                self.output.failed.len(),
                self.records.len()
            ),
            &["draw", "step", "message"],
        );
        for f in &self.output.failed {
            t.push(vec![
                Cell::Int(f.draw as i64),
                Cell::text(&f.step),
                Cell::text(&f.message),
            ]);
        }
        Some(t)
    }

    /// The report the CLI prints.
    pub fn report(&self) -> Report {
        let mut r = Report::of(&self.output).with_table(self.bands_table());
        if let Some(t) = self.failed_table() {
            r = r.with_table(t);
        }
        for n in &self.output.notes {
            r = r.with_note(n.clone());
        }
        r
    }

    /// The tidy per-draw table: one row per draw × step × region, every outcome.
    pub fn draws_table(&self) -> Table {
        let mut headers = vec!["draw", "step", "region", "converged"];
        headers.extend(OUTCOMES);
        let mut t = Table::new("", &headers);
        for r in &self.records {
            let mut k = 0;
            for s in &self.steps {
                for g in &self.regions {
                    let mut row = vec![
                        Cell::Int(r.draw as i64),
                        Cell::text(s),
                        Cell::text(g),
                        Cell::Bool(matches!(r.result, DrawResult::Converged(_))),
                    ];
                    for _ in OUTCOMES {
                        row.push(match &r.result {
                            DrawResult::Converged(v) => Cell::opt(v[k], 9),
                            DrawResult::Failed { .. } => Cell::opt(None, 9),
                        });
                        k += 1;
                    }
                    t.push(row);
                }
            }
        }
        t
    }

    /// The drawn parameters: one row per draw × parameter.
    pub fn parameters_table(&self) -> Table {
        let mut t = Table::new("", &["draw", "parameter", "value"]);
        for r in &self.records {
            for (p, v) in self.parameters.iter().zip(&r.theta) {
                t.push(vec![
                    Cell::Int(r.draw as i64),
                    Cell::text(p),
                    Cell::num(*v, 12),
                ]);
            }
        }
        t
    }

    /// The bands as a tidy table (`bands.csv`).
    pub fn bands_csv(&self) -> Table {
        let mut t = Table::new(
            "",
            &[
                "step", "region", "outcome", "point", "median", "p5", "p95", "n",
            ],
        );
        for b in &self.output.bands {
            t.push(vec![
                Cell::text(&b.step),
                Cell::text(&b.region),
                Cell::text(&b.outcome),
                Cell::opt(b.point, 9),
                Cell::opt(b.median, 9),
                Cell::opt(b.p5, 9),
                Cell::opt(b.p95, 9),
                Cell::Int(b.n as i64),
            ]);
        }
        t
    }

    /// The files written into the output folder: `result.json` (the output), `bands.csv`,
    /// `draws.csv` (per draw × step × region), `parameters.csv` (per draw × parameter), the
    /// same three tables as `.parquet`, and `sweep.json` (the manifest `truce sweep merge`
    /// reads). The per-draw files under `draws/` are written as the draws finish.
    pub fn files(&self, dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let manifest = Manifest {
            fingerprint: self.fingerprint.clone(),
            shard: self.shard,
            output: self.output.clone(),
            base_notes: self.base_notes.clone(),
            steps: self.steps.clone(),
            regions: self.regions.clone(),
        };
        let (bands, draws, parameters) = (
            self.bands_csv(),
            self.draws_table(),
            self.parameters_table(),
        );
        vec![
            (
                dir.join("result.json"),
                truce_output::to_json(&self.output).into_bytes(),
            ),
            (dir.join("bands.csv"), bands.to_csv().into_bytes()),
            (dir.join("draws.csv"), draws.to_csv().into_bytes()),
            (dir.join("parameters.csv"), parameters.to_csv().into_bytes()),
            (dir.join("bands.parquet"), truce_report::to_parquet(&bands)),
            (dir.join("draws.parquet"), truce_report::to_parquet(&draws)),
            (
                dir.join("parameters.parquet"),
                truce_report::to_parquet(&parameters),
            ),
            (
                dir.join("sweep.json"),
                serde_json::to_vec_pretty(&manifest).expect("manifest serialises"),
            ),
        ]
    }

    /// Write [`SweepResult::files`] atomically: all appear, or none. A merge writes the draw
    /// files of every shard too, so that the merged folder can be merged or extended again.
    ///
    /// # Errors
    /// [`Error::Write`] naming the file.
    pub fn write(&self, dir: &Path) -> Result<(), Error> {
        let mut files = self.files(dir);
        for r in &self.records {
            let p = draw_file(dir, r.draw);
            if !p.exists() {
                files.push((p, serde_json::to_vec(r).expect("records serialise")));
            }
        }
        truce_report::write_files_atomic(&files)?;
        Ok(())
    }
}
