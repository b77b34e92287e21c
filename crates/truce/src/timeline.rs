//! `truce timeline`: the dated record replayed date by date.
//!
//! Each date's policy state is rebuilt from the pre-war tariffs (1 January 2018) plus the
//! record's measures in force that day ([`truce_scenario::compile()`]), so the 2018–2024
//! measures already inside a 2024 baseline are not counted twice. The record is
//! `tariff-wall` by default (the US–China record plus every other US partner's 2025–26
//! measures and Canada's retaliation) or `us-china` (US–China measures isolated). At each
//! date it reports the trade-weighted average US tariff on China and China's on the US (Σ τ·M
//! / Σ M over the model's sectors, M = baseline imports, statutory rates: PIIE's definition)
//! beside PIIE's published values, the US tariff on all imports before and after
//! substitution ([`truce_scenario::rates`]) and on each partner, and solves the model (dates in
//! parallel).

// The facade's `Error` is shared by every pipeline (its largest variant is the data layer's);
// boxing it is a crate-wide decision, so the size lint is allowed here.
#![allow(clippy::result_large_err)]

use crate::dataset::Dataset;
use crate::run::{engine_params, quota_result, record_notes_for, solve_all};
use crate::Error;
use std::path::{Path, PathBuf};
use truce_model::cp2015::SolveInfo;
use truce_model::{Baseline, Outcome};
use truce_output::{Header, TimelineOutput, TimelinePoint, WelfareMeasure};
use truce_plot::{render, Chart, Event, Series};
use truce_report::{country_results, solver_info, Cell, OutcomeJsonOptions, Report, Table};
use truce_scenario::compile::average_tariff_pct;
use truce_scenario::rates::{effective_tariff, EffectiveTariff};
use truce_scenario::record::{self, PiiePoint};
use truce_scenario::{compile, Date, Scenario};

/// Options of a timeline.
#[derive(Debug, Clone)]
pub struct TimelineOptions {
    /// First date (default 1 January 2018).
    pub from: Date,
    /// Last date (default 31 July 2026, the end of the record).
    pub to: Date,
    /// Measure outcomes against the pre-war state instead of the dataset's baseline.
    pub relative_to_prewar: bool,
    /// The record replayed: `tariff-wall` (default) or `us-china` ([`truce_scenario::RECORDS`]).
    pub record: String,
}

impl Default for TimelineOptions {
    fn default() -> Self {
        Self {
            from: record::PREWAR,
            to: record::RECORD_END,
            relative_to_prewar: false,
            record: "tariff-wall".into(),
        }
    }
}

/// One dated state.
#[derive(Debug, Clone)]
pub struct Point {
    /// Date.
    pub date: Date,
    /// What changed that day.
    pub label: String,
    /// Trade-weighted statutory average US tariff on China, percent.
    pub us_tariff_on_chn_pct: f64,
    /// Same, China on the US.
    pub chn_tariff_on_us_pct: f64,
    /// The model's (θ-consistent) average US tariff on China, percent.
    pub us_tariff_on_chn_model_pct: f64,
    /// The model's average Chinese tariff on the US, percent.
    pub chn_tariff_on_us_model_pct: f64,
    /// PIIE's published value for this date, if any.
    pub piie: Option<PiiePoint>,
    /// The US tariff on all goods imports before and after substitution, and by partner
    /// (`None` if the dataset has no USA).
    pub us_effective_tariff: Option<EffectiveTariff>,
    /// Everything measured.
    pub outcome: Outcome,
    /// Solver diagnostics.
    pub solver: SolveInfo,
}

/// A replayed record.
#[derive(Debug, Clone)]
pub struct Timeline {
    /// The dataset.
    pub dataset: Dataset,
    /// `baseline` or `pre-war`.
    pub reference: String,
    /// Dated states, in order.
    pub points: Vec<Point>,
    /// Notes (scope, assumptions).
    pub notes: Vec<String>,
    /// The options used.
    pub options: TimelineOptions,
}

/// Replay the record from `opts.from` to `opts.to` on `ds`, reporting progress as
/// `progress(done, total)`.
///
/// # Errors
/// [`Error::Usage`] for an empty or reversed date range; [`Error::Scenario`] when the
/// dataset lacks the record's countries, sectors or a baseline date; [`Error::Solve`] when a
/// date does not converge.
pub fn timeline(
    ds: Dataset,
    opts: &TimelineOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Timeline, Error> {
    if opts.to < opts.from {
        return Err(Error::Usage(format!(
            "--from {} is after --to {}: give the earlier date first",
            opts.from, opts.to
        )));
    }
    if !truce_scenario::RECORDS.contains(&opts.record.as_str()) {
        return Err(Error::Usage(format!(
            "--record {}: unknown record{}; the records are: {}",
            opts.record,
            truce_model::suggest::did_you_mean(
                &opts.record,
                truce_scenario::RECORDS.iter().copied()
            ),
            truce_scenario::RECORDS.join(", ")
        )));
    }
    let piie = record::piie_published();
    let mut dates: Vec<Date> = record::change_dates_of(&opts.record)
        .into_iter()
        .chain(piie.iter().map(|p| p.date))
        .filter(|d| *d >= opts.from && *d <= opts.to)
        .collect();
    dates.push(opts.from);
    dates.sort();
    dates.dedup();
    let mut text = format!("dataset = \"(timeline)\"\nrecord = \"{}\"\n", opts.record);
    for d in &dates {
        text.push_str(&format!("[[step]]\nname = \"{d}\"\ndate = {d}\n"));
    }
    let s = Scenario::from_toml_str(&text, "<timeline>", "timeline")?;
    let compiled = compile(&s, &ds.info())?;
    let params = engine_params(&s.model)?;
    let policies: Vec<_> = compiled.steps.iter().map(|c| &c.policy).collect();
    let reference = if opts.relative_to_prewar {
        compiled.prewar.as_ref().map(|p| &p.policy)
    } else {
        None
    };
    let (_, solved) = solve_all(&ds.baseline, &params, reference, &policies, progress)?;
    let b = &ds.baseline;
    let (usa, chn) = match (b.region_index("USA"), b.region_index("CHN")) {
        (Some(u), Some(c)) => (u, c),
        _ => {
            return Err(Error::Usage(
                "the dataset has no USA or no CHN region, which the US–China record needs".into(),
            ))
        }
    };
    let avg = |lv: &[f64], n: usize, i: usize| average_tariff_pct(b, lv, n, i).unwrap_or(0.0);
    let points = compiled
        .steps
        .iter()
        .zip(solved)
        .map(|(c, (outcome, solver))| {
            let date = c.date.expect("timeline steps are dated");
            let after = outcome.flows_new(b);
            Point {
                date,
                label: record::label_on_of(&opts.record, date),
                us_effective_tariff: Some(effective_tariff(
                    b,
                    &c.statutory_tariff,
                    usa,
                    Some(&after),
                )),
                us_tariff_on_chn_pct: avg(&c.statutory_tariff, usa, chn),
                chn_tariff_on_us_pct: avg(&c.statutory_tariff, chn, usa),
                us_tariff_on_chn_model_pct: avg(c.policy.tariff(), usa, chn),
                chn_tariff_on_us_model_pct: avg(c.policy.tariff(), chn, usa),
                piie: piie.iter().find(|p| p.date == date).cloned(),
                outcome,
                solver,
            }
        })
        .collect();
    let mut notes = record_notes_for(&opts.record);
    notes.extend(compiled.notes);
    if ds.synthetic {
        notes.push(format!("Dataset: {}.", ds.description));
    }
    if let Some(note) = &ds.stylised_note {
        notes.push(note.clone());
    }
    Ok(Timeline {
        reference: if opts.relative_to_prewar {
            "pre-war".into()
        } else {
            "baseline".into()
        },
        dataset: ds,
        points,
        notes,
        options: opts.clone(),
    })
}

/// Change of total bilateral imports of `importer` from `exporter`, percent.
fn bilateral_pct(o: &Outcome, importer: &str, exporter: &str) -> Option<f64> {
    let (mut a, mut z) = (0.0, 0.0);
    for x in &o.bilateral {
        if x.importer == importer && x.exporter == exporter {
            a += x.flow_base;
            z += x.flow_new;
        }
    }
    (a > 0.0).then(|| 100.0 * (z / a - 1.0))
}

impl Point {
    fn welfare(&self, code: &str) -> Option<f64> {
        self.outcome.country(code).and_then(|c| c.real_income_pct)
    }

    /// The US tariff on all goods imports: (before, after) substitution, percent.
    pub fn us_effective_pct(&self) -> (Option<f64>, Option<f64>) {
        self.us_effective_tariff
            .as_ref()
            .map(|e| (e.pre_substitution_pct, e.post_substitution_pct))
            .unwrap_or((None, None))
    }

    /// The US average tariff on `partner` (baseline weights), percent.
    pub fn us_tariff_on(&self, partner: &str) -> Option<f64> {
        self.us_effective_tariff
            .as_ref()?
            .by_partner
            .iter()
            .find(|p| p.partner == partner)?
            .pct
    }
}

/// A quota or cap by (kind, exporter, importer, sector).
type QuotaKey = (String, String, String, String);

fn quota_key(q: &truce_model::QuotaOutcome) -> QuotaKey {
    (
        q.kind.clone(),
        q.exporter.clone(),
        q.importer.clone(),
        q.sector.clone(),
    )
}

impl Point {
    /// The solved quota or cap `key` in force that day, if any.
    fn quota(&self, key: &QuotaKey) -> Option<&truce_model::QuotaOutcome> {
        self.outcome.quotas.iter().find(|q| &quota_key(q) == key)
    }
}

impl Timeline {
    /// Every quota or cap in force on some date, in order of first appearance.
    fn quota_keys(&self) -> Vec<QuotaKey> {
        let mut keys: Vec<QuotaKey> = Vec::new();
        for q in self.points.iter().flat_map(|p| &p.outcome.quotas) {
            let k = quota_key(q);
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
        keys
    }

    /// The quotas and caps by date: export-tax equivalent (%) and rent; `None` when the record
    /// has none on this dataset (China's licensing needs a RARE_EARTHS sector).
    pub fn quota_table(&self) -> Option<Table> {
        let keys = self.quota_keys();
        if keys.is_empty() {
            return None;
        }
        let mut t = Table::new(
            "Quotas and supply caps in force: export-tax equivalent (%), quantity (% of 2024) and rent, by date",
            &[
                "date",
                "kind",
                "exporter",
                "importer",
                "sector",
                "cap %",
                "quantity %",
                "tax equivalent %",
                "rent",
            ],
        );
        for p in &self.points {
            for q in &p.outcome.quotas {
                t.push(vec![
                    Cell::text(p.date.to_string()),
                    Cell::text(&q.kind),
                    Cell::text(&q.exporter),
                    Cell::text(&q.importer),
                    Cell::text(&q.sector),
                    Cell::num(q.cap_pct, 1),
                    Cell::num(q.quantity_pct, 1),
                    Cell::num(q.tax_equivalent_pct, 1),
                    Cell::num(q.rent, 3),
                ]);
            }
        }
        Some(t)
    }

    fn sector_codes(&self) -> Vec<String> {
        self.dataset
            .baseline
            .sectors()
            .iter()
            .map(|s| s.code.clone())
            .collect()
    }

    /// The typed result (`timeline` output, docs/output-schema.md).
    pub fn output(&self) -> TimelineOutput {
        let codes = self.sector_codes();
        let points = self
            .points
            .iter()
            .map(|p| TimelinePoint {
                date: p.date.to_string(),
                label: p.label.clone(),
                reference: self.reference.clone(),
                us_tariff_on_chn_pct: p.us_tariff_on_chn_pct,
                chn_tariff_on_us_pct: p.chn_tariff_on_us_pct,
                us_tariff_on_chn_model_pct: p.us_tariff_on_chn_model_pct,
                chn_tariff_on_us_model_pct: p.chn_tariff_on_us_model_pct,
                piie_us_tariff_on_chn_pct: p.piie.as_ref().and_then(|x| x.us_on_chn_pct),
                piie_chn_tariff_on_us_pct: p.piie.as_ref().and_then(|x| x.chn_on_us_pct),
                us_effective_tariff: p
                    .us_effective_tariff
                    .as_ref()
                    .map(crate::run::effective_tariff_output),
                us_imports_from_chn_pct: bilateral_pct(&p.outcome, "USA", "CHN"),
                chn_imports_from_us_pct: bilateral_pct(&p.outcome, "CHN", "USA"),
                welfare_measure: WelfareMeasure::RealIncome,
                countries: country_results(&p.outcome, &codes, OutcomeJsonOptions::RealIncome),
                quotas: p.outcome.quotas.iter().map(quota_result).collect(),
                solver: solver_info(&p.solver),
            })
            .collect();
        TimelineOutput {
            header: Header::of::<TimelineOutput>(),
            record: self.options.record.clone(),
            dataset: self.dataset.output(),
            reference: self.reference.clone(),
            from: self.options.from.to_string(),
            to: self.options.to.to_string(),
            tariff_definition: "trade-weighted statutory average, sum(tau*M)/sum(M) over the model's sectors, M = baseline imports (PIIE's definition)".into(),
            effective_tariff_definition: "us_effective_tariff: the US statutory tariff on all goods imports (and on each partner), weighted by baseline imports (pre_substitution_pct) or by the solved counterfactual's imports (post_substitution_pct)".into(),
            notes: self.notes.clone(),
            points,
        }
    }

    /// The JSON of [`Timeline::output`].
    pub fn json(&self) -> serde_json::Value {
        serde_json::to_value(self.output()).expect("output types always serialise")
    }

    fn regions(&self) -> Vec<String> {
        self.dataset
            .baseline
            .regions()
            .iter()
            .map(|r| r.code.clone())
            .collect()
    }

    /// The CSV time series: one row per date with tariffs, PIIE's values, US–China trade and
    /// every region's welfare, real wage and CPI.
    pub fn series_table(&self) -> Table {
        let regions = self.regions();
        let mut headers: Vec<String> = [
            "date",
            "label",
            "us_tariff_on_chn_pct",
            "chn_tariff_on_us_pct",
            "piie_us_tariff_on_chn_pct",
            "piie_chn_tariff_on_us_pct",
            "us_imports_from_chn_pct",
            "chn_imports_from_us_pct",
            "us_effective_tariff_pct",
            "us_effective_tariff_post_substitution_pct",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let partners: Vec<String> = regions.iter().filter(|r| *r != "USA").cloned().collect();
        for r in &partners {
            headers.push(format!("us_tariff_on_{r}_pct"));
        }
        for what in ["welfare_pct", "real_wage_pct", "cpi_pct"] {
            for r in &regions {
                headers.push(format!("{what}_{r}"));
            }
        }
        let quotas = self.quota_keys();
        for (kind, exporter, importer, sector) in &quotas {
            for what in ["tax_equivalent_pct", "rent"] {
                headers.push(format!("{kind}_{exporter}_{importer}_{sector}_{what}"));
            }
        }
        let hdr: Vec<&str> = headers.iter().map(String::as_str).collect();
        let mut t = Table::new("", &hdr);
        for p in &self.points {
            let mut row = vec![
                Cell::text(p.date.to_string()),
                Cell::text(&p.label),
                Cell::num(p.us_tariff_on_chn_pct, 2),
                Cell::num(p.chn_tariff_on_us_pct, 2),
                Cell::opt(p.piie.as_ref().and_then(|x| x.us_on_chn_pct), 1),
                Cell::opt(p.piie.as_ref().and_then(|x| x.chn_on_us_pct), 1),
                Cell::opt(bilateral_pct(&p.outcome, "USA", "CHN"), 2),
                Cell::opt(bilateral_pct(&p.outcome, "CHN", "USA"), 2),
                Cell::opt(p.us_effective_pct().0, 2),
                Cell::opt(p.us_effective_pct().1, 2),
            ];
            for r in &partners {
                row.push(Cell::opt(p.us_tariff_on(r), 2));
            }
            for c in &p.outcome.countries {
                row.push(Cell::opt(c.real_income_pct, 4));
            }
            for c in &p.outcome.countries {
                row.push(Cell::num(c.real_wage_pct, 4));
            }
            for c in &p.outcome.countries {
                row.push(Cell::num(c.price_index_pct, 4));
            }
            for key in &quotas {
                let q = p.quota(key);
                row.push(Cell::opt(q.map(|q| q.tax_equivalent_pct), 4));
                row.push(Cell::opt(q.map(|q| q.rent), 6));
            }
            t.push(row);
        }
        t
    }

    /// Our averages beside PIIE's published points.
    pub fn piie_table(&self) -> Table {
        let mut t = Table::new(
            "Trade-weighted average tariffs vs PIIE (Bown) published values, %",
            &[
                "date",
                "US on CHN",
                "PIIE",
                "gap",
                "CHN on US",
                "PIIE",
                "gap",
            ],
        );
        for p in &self.points {
            let Some(x) = &p.piie else { continue };
            t.push(vec![
                Cell::text(p.date.to_string()),
                Cell::num(p.us_tariff_on_chn_pct, 1),
                Cell::opt(x.us_on_chn_pct, 1),
                Cell::opt(x.us_on_chn_pct.map(|v| p.us_tariff_on_chn_pct - v), 1),
                Cell::num(p.chn_tariff_on_us_pct, 1),
                Cell::opt(x.chn_on_us_pct, 1),
                Cell::opt(x.chn_on_us_pct.map(|v| p.chn_tariff_on_us_pct - v), 1),
            ]);
        }
        t
    }

    fn summary_table(&self) -> Table {
        let mut t = Table::new(
            format!(
                "US–China record on {}: outcomes vs {} (%)",
                self.dataset.name, self.reference
            ),
            &[
                "date",
                "US on CHN",
                "CHN on US",
                "US on all",
                "after subst.",
                "welfare USA",
                "welfare CHN",
                "welfare CAN",
                "welfare MEX",
                "welfare VNM",
                "welfare EU27",
                "US imports from CHN",
                "what changed",
            ],
        )
        .align(12, truce_report::Align::Left);
        for p in &self.points {
            let (pre, post) = p.us_effective_pct();
            t.push(vec![
                Cell::text(p.date.to_string()),
                Cell::num(p.us_tariff_on_chn_pct, 1),
                Cell::num(p.chn_tariff_on_us_pct, 1),
                Cell::opt(pre, 1),
                Cell::opt(post, 1),
                Cell::opt(p.welfare("USA"), 3),
                Cell::opt(p.welfare("CHN"), 3),
                Cell::opt(p.welfare("CAN"), 3),
                Cell::opt(p.welfare("MEX"), 3),
                Cell::opt(p.welfare("VNM"), 3),
                Cell::opt(p.welfare("EU27"), 3),
                Cell::opt(bilateral_pct(&p.outcome, "USA", "CHN"), 1),
                Cell::text(truncate(&p.label, 60)),
            ]);
        }
        t
    }

    /// The US average tariff on each partner (baseline weights) and on all imports, by date.
    pub fn partner_table(&self) -> Table {
        let partners: Vec<String> = self.regions().into_iter().filter(|r| r != "USA").collect();
        let mut hdr: Vec<String> = vec!["date".into(), "all".into(), "after subst.".into()];
        hdr.extend(partners.iter().cloned());
        let hdr_ref: Vec<&str> = hdr.iter().map(String::as_str).collect();
        let mut t = Table::new(
            "US average tariff on all goods imports and by partner, % (statutory rates; weights: 2024 imports, or the solved imports after substitution)",
            &hdr_ref,
        );
        for p in &self.points {
            let (pre, post) = p.us_effective_pct();
            let mut row = vec![
                Cell::text(p.date.to_string()),
                Cell::opt(pre, 1),
                Cell::opt(post, 1),
            ];
            for r in &partners {
                row.push(Cell::opt(p.us_tariff_on(r), 1));
            }
            t.push(row);
        }
        t
    }

    /// The report as `--format csv` prints it: the full series ([`Timeline::series_table`])
    /// first, then the tables of [`Timeline::report`].
    pub fn csv_report(&self) -> Report {
        let mut report = self.report();
        report.tables.insert(0, self.series_table());
        report
    }

    /// The report: the summary table, the PIIE comparison, notes. CSV output is the full
    /// series.
    pub fn report(&self) -> Report {
        let mut r = Report::of(&self.output())
            .with_table(self.summary_table())
            .with_table(self.partner_table())
            .with_table(self.piie_table());
        if let Some(t) = self.quota_table() {
            r = r.with_table(t);
        }
        r = r.with_note("Average tariffs: Σ τ·M / Σ M over the model's sectors with baseline imports M and statutory rates (PIIE's definition); PIIE weights by HS-level 2017 (2018–20) or later imports, truce by the dataset's sector imports, so gaps are expected (docs/us-china-record.md).");
        for n in &self.notes {
            r = r.with_note(n.clone());
        }
        r
    }

    fn x(d: Date) -> f64 {
        d.as_year_fraction()
    }

    /// The charts: average tariffs with PIIE's points; welfare; US–China trade.
    pub fn charts(&self) -> Vec<(&'static str, Chart)> {
        let end = Self::x(self.options.to);
        let line = |name: &str, f: &dyn Fn(&Point) -> Option<f64>| {
            let mut pts: Vec<(f64, f64)> = self
                .points
                .iter()
                .filter_map(|p| f(p).map(|v| (Self::x(p.date), v)))
                .collect();
            if let Some(&(_, last)) = pts.last() {
                pts.push((end, last));
            }
            Series::line(name, pts)
        };
        let events: Vec<Event> = record::EVENTS
            .iter()
            .filter(|e| e.date >= self.options.from && e.date <= self.options.to)
            .map(|e| Event {
                x: Self::x(e.date),
                label: e.label.to_string(),
            })
            .collect();
        let piie = record::piie_published();
        let in_range = |d: Date| d >= self.options.from && d <= self.options.to;
        let tariffs = Chart {
            title:
                "US tariffs on China and on all imports, China's on the US: trade-weighted averages"
                    .into(),
            x_label: "date (year)".into(),
            y_label: "average tariff, %".into(),
            series: vec![
                line("US tariff on China (truce)", &|p| {
                    Some(p.us_tariff_on_chn_pct)
                }),
                line("China's tariff on the US (truce)", &|p| {
                    Some(p.chn_tariff_on_us_pct)
                }),
                Series::markers(
                    "US on China, PIIE published",
                    piie.iter()
                        .filter(|p| in_range(p.date))
                        .filter_map(|p| p.us_on_chn_pct.map(|v| (Self::x(p.date), v)))
                        .collect(),
                ),
                line("US tariff on all imports (truce)", &|p| {
                    p.us_effective_pct().0
                }),
                Series::markers(
                    "China on US, PIIE published",
                    piie.iter()
                        .filter(|p| in_range(p.date))
                        .filter_map(|p| p.chn_on_us_pct.map(|v| (Self::x(p.date), v)))
                        .collect(),
                ),
            ],
            events: events.clone(),
            time_axis: true,
        };
        let welfare = Chart {
            title: format!("Welfare (real income) vs {}", self.reference),
            x_label: "date (year)".into(),
            y_label: "real income change, %".into(),
            series: ["USA", "CHN", "VNM", "MEX", "CAN", "EU27"]
                .iter()
                .map(|c| line(c, &|p: &Point| p.welfare(c)))
                .collect(),
            events: events.clone(),
            time_axis: true,
        };
        let trade = Chart {
            title: format!("US–China trade vs {}", self.reference),
            x_label: "date (year)".into(),
            y_label: "change in imports, %".into(),
            series: vec![
                line("US imports from China", &|p| {
                    bilateral_pct(&p.outcome, "USA", "CHN")
                }),
                line("China's imports from the US", &|p| {
                    bilateral_pct(&p.outcome, "CHN", "USA")
                }),
            ],
            events,
            time_axis: true,
        };
        let mut charts = vec![("tariffs", tariffs), ("welfare", welfare), ("trade", trade)];
        // 2025–26 is dense: when the range covers it and more, add close-ups from December 2024.
        let zoom_from = Self::x(Date::constant(2024, 12, 1));
        if self.options.from.year() < 2024 && self.options.to.year() >= 2025 {
            let zoomed: Vec<(&'static str, Chart)> = charts
                .iter()
                .map(|(name, c)| {
                    let mut z = c.clone();
                    z.title.push_str(", 2025–26");
                    for s in &mut z.series {
                        let before = s.points.iter().rev().find(|p| p.0 < zoom_from).copied();
                        s.points.retain(|p| p.0 >= zoom_from);
                        if let (Some(b), false) = (before, s.markers_only) {
                            s.points.insert(0, (zoom_from, b.1));
                        }
                    }
                    z.events.retain(|e| e.x >= zoom_from);
                    let name: &'static str = match *name {
                        "tariffs" => "tariffs-2025",
                        "welfare" => "welfare-2025",
                        _ => "trade-2025",
                    };
                    (name, z)
                })
                .collect();
            charts.extend(zoomed);
        }
        charts
    }

    /// Everything `--out DIR` writes: `timeline.csv`, `timeline.json`, `timeline.parquet`
    /// (the tidy table: one row per date × region, `date` a DATE column), and each chart as SVG
    /// and PNG.
    ///
    /// # Errors
    /// [`Error::Plot`] if a chart cannot be drawn.
    pub fn files(&self, dir: &Path) -> Result<Vec<(PathBuf, Vec<u8>)>, Error> {
        let output = self.output();
        let json = truce_output::to_json(&output);
        let parquet = Report::of(&output)
            .to_parquet()
            .expect("the timeline output has a tidy table");
        let mut out = vec![
            (
                dir.join("timeline.csv"),
                self.series_table().to_csv().into_bytes(),
            ),
            (dir.join("timeline.json"), json.into_bytes()),
            (dir.join("timeline.parquet"), parquet),
        ];
        for (name, chart) in self.charts() {
            let r = render(&chart, 1200, 700)?;
            out.push((dir.join(format!("{name}.svg")), r.svg.into_bytes()));
            out.push((dir.join(format!("{name}.png")), r.png));
        }
        Ok(out)
    }

    /// Write [`Timeline::files`] atomically.
    ///
    /// # Errors
    /// [`Error::Plot`] or [`Error::Write`].
    pub fn write(&self, dir: &Path) -> Result<(), Error> {
        truce_report::write_files_atomic(&self.files(dir)?)?;
        Ok(())
    }

    /// The baseline outcomes are measured on.
    pub fn baseline(&self) -> &Baseline {
        &self.dataset.baseline
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}
