//! `truce run`'s results as the typed output, tables, the report and the output folder's
//! files.

#![allow(clippy::result_large_err)]

use super::{effective_tariff_output, RunResult, StepResult};
use crate::Error;
use std::path::{Path, PathBuf};
use truce_model::{Baseline, Outcome};
use truce_output::{
    CountryResult, Header, QuotaResult, RunOutput, RunStep, SectorResult, WelfareMeasure,
};
use truce_report::{country_results, solver_info, Cell, OutcomeJsonOptions, Report, Table};

fn sector_codes(b: &Baseline) -> Vec<String> {
    b.sectors().iter().map(|s| s.code.clone()).collect()
}

/// Each country of `countries` gains `sectors`: its region × sector results (`output_pct`,
/// `gross_output_pct`, `price_pct`, `critical_cost_share`, …), in the dataset's sector order.
fn with_sectors(mut countries: Vec<CountryResult>, out: &Outcome) -> Vec<CountryResult> {
    for c in &mut countries {
        c.sectors = out
            .sectors
            .iter()
            .filter(|s| s.region == c.code)
            .map(|s| SectorResult {
                sector: s.sector.clone(),
                output_pct: s.output_pct,
                gross_output_pct: s.gross_output_pct,
                real_gross_output_pct: s.real_gross_output_pct,
                price_pct: s.price_pct,
                input_cost_pct: s.input_cost_pct,
                critical_cost_share: s.critical_cost_share,
                critical_cost_share_new: s.critical_cost_share_new,
                va_share_new: s.va_share_new,
                domestic_share_base: s.domestic_share_base,
                domestic_share_new: s.domestic_share_new,
                expenditure_base: s.expenditure_base,
                expenditure_new: s.expenditure_new,
            })
            .collect();
    }
    countries
}

/// A solved quota or cap as the output type.
pub(crate) fn quota_result(q: &truce_model::QuotaOutcome) -> QuotaResult {
    QuotaResult {
        kind: q.kind.clone(),
        exporter: q.exporter.clone(),
        importer: q.importer.clone(),
        sector: q.sector.clone(),
        cap_pct: q.cap_pct,
        quantity_pct: q.quantity_pct,
        binding: q.binding,
        tax_equivalent_pct: q.tax_equivalent_pct,
        rent: q.rent,
    }
}

impl StepResult {
    fn output(&self, b: &Baseline, reference: &str) -> RunStep {
        RunStep {
            name: self.name.clone(),
            label: self.label.clone(),
            date: self.date.map(|d| d.to_string()),
            reference: reference.to_string(),
            measures: self.measures.clone(),
            us_tariff_on_chn_pct: self.us_tariff_on_chn_pct,
            chn_tariff_on_us_pct: self.chn_tariff_on_us_pct,
            effective_tariff: self.effective_tariff.as_ref().map(effective_tariff_output),
            welfare_measure: WelfareMeasure::RealIncome,
            countries: with_sectors(
                country_results(
                    &self.outcome,
                    &sector_codes(b),
                    OutcomeJsonOptions::RealIncome,
                ),
                &self.outcome,
            ),
            quotas: self.quotas.iter().map(quota_result).collect(),
            solver: solver_info(&self.solver),
        }
    }
}

impl RunResult {
    /// The typed result (`run` output, docs/output-schema.md): one entry of `steps` per step,
    /// also for a scenario without `[[step]]` (one step named after the scenario).
    pub fn output(&self) -> RunOutput {
        let b = &self.dataset.baseline;
        RunOutput {
            header: Header::of::<RunOutput>(),
            scenario: self.scenario.clone(),
            description: self.description.clone(),
            dataset: self.dataset.output(),
            reference: self.reference.clone(),
            welfare_measure: WelfareMeasure::RealIncome,
            notes: self.notes.clone(),
            elasticities: Some(self.elasticities.output()),
            steps: self
                .steps
                .iter()
                .map(|s| s.output(b, &self.reference))
                .collect(),
        }
    }

    /// The JSON of [`RunResult::output`].
    pub fn json(&self) -> serde_json::Value {
        serde_json::to_value(self.output()).expect("output types always serialise")
    }

    /// Tidy country table: one row per step × region.
    pub fn country_table(&self) -> Table {
        let mut t = Table::new(
            format!(
                "{}: outcomes by step, % change vs {}",
                self.scenario, self.reference
            ),
            &[
                "step",
                "region",
                "welfare %",
                "real wage %",
                "CPI %",
                "ToT %",
                "exports %",
                "imports %",
                "tariff rev. %",
            ],
        )
        .align(1, truce_report::Align::Left);
        for s in &self.steps {
            for c in &s.outcome.countries {
                t.push(vec![
                    Cell::text(&s.name),
                    Cell::text(&c.code),
                    Cell::opt(c.real_income_pct, 3),
                    Cell::num(c.real_wage_pct, 3),
                    Cell::num(c.price_index_pct, 3),
                    Cell::num(c.terms_of_trade_pct, 3),
                    Cell::opt(c.exports_pct, 2),
                    Cell::opt(c.imports_pct, 2),
                    Cell::opt(c.tariff_revenue_pct, 1),
                ]);
            }
        }
        t
    }

    fn steps_table(&self) -> Table {
        let mut t = Table::new(
            "Steps",
            &[
                "step",
                "date",
                "US tariff on CHN %",
                "CHN tariff on US %",
                "tariff on all imports %",
                "after subst. %",
                "measures",
                "solver",
            ],
        );
        for s in &self.steps {
            t.push(vec![
                Cell::text(format!("{} ({})", s.name, s.label)),
                Cell::text(s.date.map(|d| d.to_string()).unwrap_or_else(|| "–".into())),
                Cell::opt(s.us_tariff_on_chn_pct, 1),
                Cell::opt(s.chn_tariff_on_us_pct, 1),
                Cell::opt(
                    s.effective_tariff
                        .as_ref()
                        .and_then(|e| e.pre_substitution_pct),
                    1,
                ),
                Cell::opt(
                    s.effective_tariff
                        .as_ref()
                        .and_then(|e| e.post_substitution_pct),
                    1,
                ),
                Cell::Int(s.measures.len() as i64),
                Cell::text(format!(
                    "{} ({} it.)",
                    s.solver.termination, s.solver.iterations
                )),
            ]);
        }
        t
    }

    /// The sector view (`truce run --sectors`): one row per step × region × sector, with the
    /// change in output (quantity), nominal gross output, price and unit cost, and, with a
    /// critical-input nest, the base cost share of the critical inputs and the ratio of the
    /// output loss to it. `sectors` restricts the rows (codes; all when empty).
    ///
    /// # Errors
    /// [`Error::Usage`] naming an unknown sector code (with a suggestion).
    pub fn sector_table(&self, sectors: &[String]) -> Result<Table, Error> {
        let b = &self.dataset.baseline;
        let codes: Vec<&str> = b.sectors().iter().map(|s| s.code.as_str()).collect();
        for s in sectors {
            if !codes.contains(&s.as_str()) {
                return Err(Error::Usage(format!(
                    "--sectors: unknown sector `{s}`{}; the dataset's sectors are {}",
                    truce_model::suggest::did_you_mean(s, codes.iter().copied()),
                    codes.join(" ")
                )));
            }
        }
        let critical = b.production().critical.is_some();
        let mut head = vec![
            "step",
            "region",
            "sector",
            "output %",
            "gross output %",
            "price %",
            "unit cost %",
        ];
        if critical {
            head.extend(["critical cost share %", "output loss ÷ share"]);
        }
        let mut t = Table::new(
            format!(
                "{}: sector results, % change vs {} (output = quantity of gross output)",
                self.scenario, self.reference
            ),
            &head,
        )
        .align(1, truce_report::Align::Left)
        .align(2, truce_report::Align::Left);
        for st in &self.steps {
            for x in &st.outcome.sectors {
                if !sectors.is_empty() && !sectors.contains(&x.sector) {
                    continue;
                }
                let mut row = vec![
                    Cell::text(&st.name),
                    Cell::text(&x.region),
                    Cell::text(&x.sector),
                    Cell::opt(x.output_pct, 3),
                    Cell::opt(x.gross_output_pct, 3),
                    Cell::num(x.price_pct, 3),
                    Cell::num(x.input_cost_pct, 3),
                ];
                if critical {
                    let share = x.critical_cost_share.unwrap_or(0.0);
                    row.push(Cell::num(100.0 * share, 4));
                    let ratio = match (x.output_pct, share > 0.0) {
                        (Some(o), true) if o < 0.0 => Some(-o / (100.0 * share)),
                        _ => None,
                    };
                    row.push(Cell::opt(ratio, 0));
                }
                t.push(row);
            }
        }
        Ok(t)
    }

    /// The quotas and caps in force at each step, solved: cap, quantity, tax equivalent, rent.
    pub fn quota_table(&self) -> Option<Table> {
        if self.steps.iter().all(|s| s.quotas.is_empty()) {
            return None;
        }
        let unit = self
            .dataset
            .flow_unit_usd_bn
            .map_or("base units", |_| "USD bn");
        let mut t = Table::new(
            "Export quotas and supply caps: solved as tax equivalents (0 where they do not bind)",
            &[
                "step",
                "kind",
                "exporter → importer",
                "sector",
                "cap %",
                "quantity %",
                "tax equivalent %",
                &format!("rent, {unit}"),
            ],
        );
        for st in &self.steps {
            for q in &st.quotas {
                t.push(vec![
                    Cell::text(&st.name),
                    Cell::text(q.kind.replace('_', " ")),
                    Cell::text(format!("{} → {}", q.exporter, q.importer)),
                    Cell::text(&q.sector),
                    Cell::num(q.cap_pct, 1),
                    Cell::num(q.quantity_pct, 1),
                    Cell::num(q.tax_equivalent_pct, 1),
                    Cell::num(q.rent * self.dataset.flow_unit_usd_bn.unwrap_or(1.0), 4),
                ]);
            }
        }
        Some(t)
    }

    /// The report the CLI prints: the tidy country table, the steps, the notes.
    pub fn report(&self) -> Report {
        self.report_with(None)
            .expect("without a sector filter the report cannot fail")
    }

    /// The report, with the sector view when `sectors` is given (empty: every sector).
    ///
    /// # Errors
    /// [`Error::Usage`] for an unknown sector code.
    pub fn report_with(&self, sectors: Option<&[String]>) -> Result<Report, Error> {
        let mut r = Report::of(&self.output()).with_table(self.country_table());
        if let Some(list) = sectors {
            r = r.with_table(self.sector_table(list)?);
        }
        if let Some(q) = self.quota_table() {
            r = r.with_table(q);
        }
        r = r.with_table(self.steps_table());
        r = r.with_note(
            "welfare % is the exact change in real income (Î/P̂); average tariffs are trade-weighted statutory rates, Σ τ·M / Σ M over the model's sectors with baseline imports M (PIIE's definition); the tariff on all imports is the effective_tariff region's (the US by default) over every partner, with baseline imports or, after substitution, the step's solved imports.",
        );
        for n in &self.notes {
            r = r.with_note(n.clone());
        }
        Ok(r)
    }

    /// The files `--out DIR` writes: `countries.csv`, `sectors.csv`, `bilateral.csv` (tidy,
    /// one row per step × …), the same tables as `.parquet`, `result.json`, and `quotas.csv`
    /// when any step has a quota or supply cap.
    pub fn files(&self, dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut countries = Table::new(
            "",
            &[
                "step",
                "reference",
                "code",
                "welfare_pct",
                "real_income_pct",
                "first_order_welfare_pct",
                "terms_of_trade_pct",
                "volume_of_trade_pct",
                "real_wage_pct",
                "wage_pct",
                "price_index_pct",
                "income_pct",
                "exports_pct",
                "imports_pct",
                "tariff_revenue_pct",
            ],
        );
        let mut sectors = Table::new(
            "",
            &[
                "step",
                "reference",
                "region",
                "sector",
                "gross_output_pct",
                "real_gross_output_pct",
                "price_pct",
                "input_cost_pct",
                "domestic_share_base",
                "domestic_share_new",
                "output_pct",
                "critical_cost_share",
                "critical_cost_share_new",
                "va_share_new",
            ],
        );
        let mut quotas = Table::new(
            "",
            &[
                "step",
                "reference",
                "kind",
                "exporter",
                "importer",
                "sector",
                "cap_pct",
                "quantity_pct",
                "binding",
                "tax_equivalent_pct",
                "rent",
            ],
        );
        let mut bilateral = Table::new(
            "",
            &[
                "step",
                "reference",
                "importer",
                "exporter",
                "sector",
                "flow_base",
                "flow_new",
                "flow_pct",
                "tariff_pct",
                "export_tax_pct",
            ],
        );
        for s in &self.steps {
            let head = || vec![Cell::text(&s.name), Cell::text(&self.reference)];
            for c in &s.outcome.countries {
                let mut row = head();
                row.extend([
                    Cell::text(&c.code),
                    Cell::opt(c.real_income_pct, 6),
                    Cell::opt(c.real_income_pct, 6),
                    Cell::num(c.first_order_welfare_pct, 6),
                    Cell::num(c.terms_of_trade_pct, 6),
                    Cell::num(c.volume_of_trade_pct, 6),
                    Cell::num(c.real_wage_pct, 6),
                    Cell::num(c.wage_pct, 6),
                    Cell::num(c.price_index_pct, 6),
                    Cell::opt(c.income_pct, 6),
                    Cell::opt(c.exports_pct, 6),
                    Cell::opt(c.imports_pct, 6),
                    Cell::opt(c.tariff_revenue_pct, 6),
                ]);
                countries.push(row);
            }
            for x in &s.outcome.sectors {
                let mut row = head();
                row.extend([
                    Cell::text(&x.region),
                    Cell::text(&x.sector),
                    Cell::opt(x.gross_output_pct, 6),
                    Cell::opt(x.real_gross_output_pct, 6),
                    Cell::num(x.price_pct, 6),
                    Cell::num(x.input_cost_pct, 6),
                    Cell::num(x.domestic_share_base, 6),
                    Cell::num(x.domestic_share_new, 6),
                    Cell::opt(x.output_pct, 6),
                    Cell::opt(x.critical_cost_share, 8),
                    Cell::opt(x.critical_cost_share_new, 8),
                    Cell::num(x.va_share_new, 8),
                ]);
                sectors.push(row);
            }
            for q in &s.quotas {
                let mut row = head();
                row.extend([
                    Cell::text(&q.kind),
                    Cell::text(&q.exporter),
                    Cell::text(&q.importer),
                    Cell::text(&q.sector),
                    Cell::num(q.cap_pct, 6),
                    Cell::num(q.quantity_pct, 6),
                    Cell::text(if q.binding { "true" } else { "false" }),
                    Cell::num(q.tax_equivalent_pct, 6),
                    Cell::num(q.rent, 8),
                ]);
                quotas.push(row);
            }
            for x in s
                .outcome
                .bilateral
                .iter()
                .filter(|x| x.importer != x.exporter)
            {
                let mut row = head();
                row.extend([
                    Cell::text(&x.importer),
                    Cell::text(&x.exporter),
                    Cell::text(&x.sector),
                    Cell::num(x.flow_base, 6),
                    Cell::num(x.flow_new, 6),
                    Cell::opt(x.flow_pct, 6),
                    Cell::num(x.tariff * 100.0, 6),
                    Cell::num(x.export_tax * 100.0, 6),
                ]);
                bilateral.push(row);
            }
        }
        let json = truce_output::to_json(&self.output());
        let mut files = vec![
            (dir.join("countries.csv"), countries.to_csv().into_bytes()),
            (dir.join("sectors.csv"), sectors.to_csv().into_bytes()),
            (dir.join("bilateral.csv"), bilateral.to_csv().into_bytes()),
            (
                dir.join("countries.parquet"),
                truce_report::to_parquet(&countries),
            ),
            (
                dir.join("sectors.parquet"),
                truce_report::to_parquet(&sectors),
            ),
            (
                dir.join("bilateral.parquet"),
                truce_report::to_parquet(&bilateral),
            ),
            (dir.join("result.json"), json.into_bytes()),
        ];
        if self.steps.iter().any(|s| !s.quotas.is_empty()) {
            files.push((dir.join("quotas.csv"), quotas.to_csv().into_bytes()));
        }
        files
    }

    /// Write [`RunResult::files`] atomically: all appear, or none.
    ///
    /// # Errors
    /// [`Error::Write`] naming the file.
    pub fn write(&self, dir: &Path) -> Result<(), Error> {
        truce_report::write_files_atomic(&self.files(dir))?;
        Ok(())
    }
}
