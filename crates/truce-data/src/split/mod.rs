//! Carving a small sector out of one or more aggregate sectors (`truce data split-sector`): a
//! rare-earth sector out of MINING (compounds, metals) and ELECTRICAL (magnets), for example.
//!
//! # What is carved
//! For each parent sector p, from cited figures:
//! * **output**: the share of each region's output of p that is the new good;
//! * **flows**: the share of each bilateral flow of p (exporter → importer) that is the new good;
//!   a region's domestic sales of it are its carved output less its carved exports;
//! * **uses**: the share of each buyer's purchases of p (region × using sector) that is the new
//!   good; the rest of a region's absorption of the new good is final demand.
//!
//! # Why the result is still an equilibrium
//! The new sector r gets, in each region, the technology of the goods it was carved from: its
//! input column is the carved-output-weighted mix of the parents' columns (after the split) and
//! likewise its value-added share. Then, with Y'_p = Y_p − Y^c_p and Y'_r = Σ_p Y^c_p, every
//! row k of CP2015 eq. (13) keeps its intermediate demand
//! (Σ_q γ_{k,q} Y^c_q = γ_{k,r} Y'_r), the parents' rows lose exactly the carved uses C_p and the
//! new row gains Σ_p C_p; final demand moves from the parents to r by the carved absorption
//! less the carved uses. Tariffs on r are the carved-flow-weighted rates of the parents, so
//! tariff revenue, value added, gross output by region and deficits are unchanged. A dataset
//! that was an exact equilibrium stays one: a zero shock returns ŵ = 1 (tested), and with the
//! parent's θ for the new sector and Cobb–Douglas production every aggregate result of a shock
//! that treats the two alike is unchanged (tested).

mod carve;
mod spec;
mod write;

use crate::dataset::{Dataset, Source};
use crate::error::DataError;
use carve::{carve_final_demand, carve_io, carve_trade, carved_baseline, resolve_carves, Check};
use std::path::PathBuf;
use write::{
    carry_production, carve_alt_tariffs, exports_and_absorption, split_manifest, split_report,
};

/// What to carve, and from where.
#[derive(Debug, Clone, PartialEq)]
pub struct SplitSpec {
    /// Code of the new sector, e.g. `RARE_EARTHS`.
    pub code: String,
    /// Its name.
    pub name: String,
    /// Its trade elasticity θ.
    pub theta: f64,
    /// Id of the source of θ (one of the dataset's or of `sources`).
    pub theta_source: Option<String>,
    /// Classification it covers (e.g. `HS 2805.30, 2846, 8505.11`).
    pub classification: Option<String>,
    /// Sources to add to the manifest (the cited figures the shares come from).
    pub sources: Vec<Source>,
    /// A note for the manifest (how the shares were derived).
    pub note: Option<String>,
    /// When set, the new sector joins the critical-input nest with this ε_c.
    pub epsilon_c: Option<f64>,
    /// One carve per parent sector.
    pub carves: Vec<Carve>,
    /// Where the spec came from (file and line per value), for messages.
    pub origin: Origin,
}

/// Where a spec value was written: a file and, per value, a line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Origin {
    /// The spec file (or a label for specs built in code).
    pub file: PathBuf,
}

/// A share with the line it was written on (0: built in code).
#[derive(Debug, Clone, PartialEq)]
pub struct Share {
    /// The value, in (0, 1).
    pub value: f64,
    /// 1-based line in the spec file, 0 if unknown.
    pub line: usize,
}

impl Share {
    /// A share built in code.
    pub fn new(value: f64) -> Self {
        Self { value, line: 0 }
    }
}

/// What is carved out of one parent sector.
#[derive(Debug, Clone, PartialEq)]
pub struct Carve {
    /// The parent sector's code.
    pub parent: String,
    /// Region code → share of its output of the parent.
    pub output: Vec<(String, Share)>,
    /// (exporter, importer) → share of that flow of the parent (cross-border flows only).
    pub flows: Vec<(String, String, Share)>,
    /// (buyer region or `ALL`, using sector) → share of its purchases of the parent.
    pub uses: Vec<(String, String, Share)>,
}

/// What the split did, in the dataset's money units.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SplitReport {
    /// The new sector's code.
    pub code: String,
    /// Output of the new good by region.
    pub output: Vec<(String, f64)>,
    /// Exports of the new good by region (border values).
    pub exports: Vec<(String, f64)>,
    /// Absorption of the new good by region (gross of tariffs).
    pub absorption: Vec<(String, f64)>,
    /// Share of each region's absorption that is final demand (the rest: the listed uses).
    pub final_share: Vec<(String, f64)>,
    /// Base cost share of the new good in each region × using sector with a positive share.
    pub cost_shares: Vec<(String, String, f64)>,
}

/// Carve the sector `spec` describes out of `ds` (see the module docs). The new sector comes
/// last; every other index is unchanged.
///
/// # Errors
/// A [`DataError`] naming the spec file, line, field and value: a share outside (0, 1); an
/// unknown region or sector (with a suggestion); a carve of a flow that is zero, of a
/// domestic flow, or from a region with no carved output; carved exports above carved output
/// or domestic sales; listed uses above a region's absorption of the new good; a θ or ε_c that
/// is not finite and positive; a code that already exists; a parent named twice.
pub fn split_sector(ds: &Dataset, spec: &SplitSpec) -> Result<(Dataset, SplitReport), DataError> {
    let b = &ds.baseline;
    let chk = Check {
        b,
        file: &spec.origin.file,
    };
    chk.spec(spec)?;
    let resolved = resolve_carves(&chk, spec)?;
    let trade = carve_trade(b, &resolved);
    let tradable = trade.tradable;
    let io_va = carve_io(b, &resolved);
    let (alpha, final_share) = carve_final_demand(&chk, &resolved)?;
    let nb = carved_baseline(&chk, spec, trade, io_va, alpha)?;
    let r = b.dims().j;
    let (exports, absorption) = exports_and_absorption(&nb, r);
    let mut manifest = split_manifest(
        &chk,
        ds,
        spec,
        &resolved,
        tradable,
        exports.iter().sum::<f64>(),
    )?;
    let nb = carry_production(&chk, spec, &ds.manifest, &mut manifest, nb, r)?;
    let alt = carve_alt_tariffs(ds, &resolved, tradable);
    let report = split_report(
        b,
        &nb,
        spec,
        &resolved,
        (&exports, &absorption),
        final_share,
    );
    let out = Dataset::new(manifest, nb, alt)?;
    Ok((out, report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::path::Path;
    use std::sync::Arc;
    use truce_model::cp2015::{real_income, Engine};
    use truce_model::solve::NoObserver;
    use truce_model::testing::random_world;
    use truce_model::Baseline;
    use truce_model::Policy;

    fn dataset(b: Baseline) -> Dataset {
        Dataset::new(crate::dataset::tests::manifest(&b), b, BTreeMap::new()).unwrap()
    }

    /// Carve 5 % of R00's sector-0 output, 10 % of its exports of it to R01 and R02, and 0.1 %
    /// of R01's sector-1 and R02's sector-2 purchases of sector 0.
    fn spec(theta: f64) -> SplitSpec {
        SplitSpec {
            code: "CRIT".into(),
            name: "A critical input".into(),
            theta,
            theta_source: None,
            classification: None,
            sources: Vec::new(),
            note: None,
            epsilon_c: None,
            carves: vec![Carve {
                parent: "S00".into(),
                output: vec![("R00".into(), Share::new(0.05))],
                flows: vec![
                    ("R00".into(), "R01".into(), Share::new(0.1)),
                    ("R00".into(), "R02".into(), Share::new(0.1)),
                ],
                uses: vec![
                    ("R01".into(), "S01".into(), Share::new(0.001)),
                    ("R02".into(), "S02".into(), Share::new(0.001)),
                ],
            }],
            origin: Origin {
                file: PathBuf::from("spec.toml"),
            },
        }
    }

    fn world() -> Baseline {
        // A world where R00 exports sector 0 to R01 and R02 (random_world leaves ~10 % of
        // pairs without trade; this seed has both).
        let b = random_world(3, 4, 3);
        let d = b.dims();
        assert!(b.flows()[d.nij(1, 0, 0)] > 0.0 && b.flows()[d.nij(2, 0, 0)] > 0.0);
        b
    }

    #[test]
    fn a_split_dataset_is_still_an_equilibrium() {
        let ds = dataset(world());
        let mut s = spec(5.0);
        s.epsilon_c = Some(0.1);
        let (split, report) = split_sector(&ds, &s).unwrap();
        let b = Arc::new(split.baseline.clone());
        assert_eq!(b.dims().j, 4);
        // The new sector joined a critical nest, recorded in the manifest.
        assert_eq!(b.production().epsilon_c(), Some(0.1));
        let pm = split.manifest.production.as_ref().unwrap();
        assert_eq!(pm.critical_sectors, vec!["CRIT".to_string()]);
        assert_eq!(b.sectors()[3].code, "CRIT");
        let eq = Engine::new(b.clone())
            .solve(&Policy::baseline(&b), None, &mut NoObserver)
            .unwrap();
        for w in &eq.w_hat {
            assert!((w - 1.0).abs() < 1e-12, "{w}");
        }
        // Value added, gross output by region and deficits are unchanged.
        let old = &ds.baseline;
        for n in 0..4 {
            assert!((b.value_added()[n] / old.value_added()[n] - 1.0).abs() < 1e-12);
            assert!((b.deficit()[n] - old.deficit()[n]).abs() < 1e-12 * old.value_added()[n]);
        }
        assert!(report.output[0].1 > 0.0 && report.exports[0].1 > 0.0);
        assert!(report
            .cost_shares
            .iter()
            .any(|(r, s, g)| r == "R01" && s == "S01" && *g > 0.0));
        // The written dataset reads back identically.
        let dir = tempfile::tempdir().unwrap();
        crate::write_dataset(&split, dir.path()).unwrap();
        let back = crate::read_dataset(dir.path()).unwrap();
        assert_eq!(back.baseline, split.baseline);
        let text = std::fs::read_to_string(dir.path().join("dataset.toml")).unwrap();
        assert!(
            text.contains("[production]") && text.contains("epsilon_c = 0.1"),
            "{text}"
        );
    }

    /// A uniform carve (the same share of every output, flow and use) of a sector, with its θ,
    /// makes an exact scaled copy: under Cobb–Douglas any shock that treats the two alike has
    /// the same effects as on the unsplit world.
    #[test]
    fn a_uniform_split_with_the_parents_theta_changes_no_result() {
        let ds = dataset(world());
        let b0 = &ds.baseline;
        let d = b0.dims();
        let mut s = spec(b0.theta()[0]);
        let code = |n: usize| b0.regions()[n].code.clone();
        s.carves[0].output = (0..d.n).map(|n| (code(n), Share::new(0.05))).collect();
        s.carves[0].flows = (0..d.n)
            .flat_map(|n| (0..d.n).map(move |i| (n, i)))
            .filter(|&(n, i)| n != i && b0.flows()[d.nij(n, i, 0)] > 0.0)
            .map(|(n, i)| (code(i), code(n), Share::new(0.05)))
            .collect();
        s.carves[0].uses = (0..d.j)
            .map(|j| {
                (
                    "ALL".to_string(),
                    b0.sectors()[j].code.clone(),
                    Share::new(0.05),
                )
            })
            .collect();
        let (split, _) = split_sector(&ds, &s).unwrap();
        let (a, b) = (
            Arc::new(ds.baseline.clone()),
            Arc::new(split.baseline.clone()),
        );
        // The same tariff on the parent and on the carved sector.
        let mut pa = Policy::baseline(&a);
        let mut pb = Policy::baseline(&b);
        for (n, i) in [(1, 0), (2, 0), (0, 3)] {
            pa.set_tariff(&a, n, i, 0, 0.3).unwrap();
            pb.set_tariff(&b, n, i, 0, 0.3).unwrap();
            pb.set_tariff(&b, n, i, 3, 0.3).unwrap();
        }
        let ea = Engine::new(a.clone())
            .solve(&pa, None, &mut NoObserver)
            .unwrap();
        let eb = Engine::new(b.clone())
            .solve(&pb, None, &mut NoObserver)
            .unwrap();
        let (wa, wb) = (real_income(&a, &ea), real_income(&b, &eb));
        for n in 0..4 {
            assert!((wa[n].unwrap() - wb[n].unwrap()).abs() < 1e-10);
            assert!((ea.w_hat[n] - eb.w_hat[n]).abs() < 1e-10);
        }
    }

    #[test]
    fn bad_shares_and_codes_are_named() {
        let ds = dataset(world());
        type Edit = Box<dyn Fn(&mut SplitSpec)>;
        let cases: Vec<(Edit, &str)> = vec![
            (
                Box::new(|s| s.carves[0].output[0].1 = Share::new(0.0)),
                "output.R00",
            ),
            (
                Box::new(|s| s.carves[0].output[0].1 = Share::new(1.0)),
                "output.R00",
            ),
            (
                Box::new(|s| s.carves[0].flows[0].2 = Share::new(-0.1)),
                "flow.share",
            ),
            (
                Box::new(|s| s.carves[0].uses[0].2 = Share::new(1.5)),
                "use.share",
            ),
            (
                Box::new(|s| s.carves[0].parent = "S0".into()),
                "carve.parent",
            ),
            (
                Box::new(|s| s.carves[0].uses[0].1 = "S09".into()),
                "use.sector",
            ),
            // Uses above absorption: R03 gets none of the new good.
            (Box::new(|s| s.carves[0].uses[0].0 = "R03".into()), "use"),
            (Box::new(|s| s.carves[0].flows[0].0 = "R01".into()), "flow"),
            (Box::new(|s| s.theta = f64::NAN), "theta"),
            (Box::new(|s| s.epsilon_c = Some(0.0)), "epsilon_c"),
            (Box::new(|s| s.code = "S01".into()), "code"),
            // Exports above output: a tiny output share.
            (
                Box::new(|s| s.carves[0].output[0].1 = Share::new(1e-6)),
                "output.R00",
            ),
        ];
        for (edit, field) in cases {
            let mut s = spec(5.0);
            edit(&mut s);
            let e = split_sector(&ds, &s).unwrap_err();
            assert_eq!(e.column.as_deref(), Some(field), "{e}");
            assert!(e.to_string().contains("spec.toml"), "{e}");
        }
    }

    #[test]
    fn the_spec_file_is_parsed_with_lines() {
        let text = r#"
code = "CRIT"
name = "A critical input"
theta = 2.0
[[carve]]
parent = "S00"
output = { R00 = 0.05 }
[[carve.flow]]
exporter = "R00"
importer = "R01"
share = 1.5
"#;
        let s = SplitSpec::parse(Path::new("s.toml"), text).unwrap();
        let e = split_sector(&dataset(world()), &s).unwrap_err();
        assert_eq!(e.row, Some(11), "{e}");
        let bad = SplitSpec::parse(Path::new("s.toml"), "code = 1").unwrap_err();
        assert_eq!(bad.row, Some(1));
    }
}
