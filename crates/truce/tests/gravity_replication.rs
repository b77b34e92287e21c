//! Replication tests of the two one-sector gravity examples against the tools' own output.
//!
//! * Stata `ge_gravity` / R `GEGravity` (hat algebra): the documented rows printed by the
//!   GEGravity vignettes, 7 significant digits. Tolerances: 10⁻⁷ on the ratios (half a
//!   unit in the 7th decimal, plus ge_gravity's own stopping rule, |Δ ln X| ≤ 10⁻⁸ per
//!   iteration, whose solutions differ between its R and Stata versions by 5.8·10⁻⁸), and a
//!   relative 5·10⁻⁷ on new trade flows (7–8 significant digits printed).
//! * USITC `gegravity` 0.3 (levels mode): the package's own results for its example, typed
//!   with 10 significant digits. gegravity stops its `scipy.optimize.root` solves at a relative
//!   step of 10⁻⁸, so its values carry errors of that order; tolerances are 2·10⁻⁶ percentage
//!   points on percent changes (on values of 10⁻³ to 60 %) and 10⁻⁸ on the welfare statistic.

use truce::replicate::{ge_gravity, gegravity};
use truce::solve::NoObserver;
use truce_testkit::shared;

fn check_ge_gravity(deficits: ge_gravity::Deficits) {
    let dir = shared("data/ge_gravity_example");
    let rep = ge_gravity::run(&dir, deficits, &mut NoObserver).unwrap();
    assert_eq!(rep.new_eu_pairs.len(), 572);
    assert!(rep.equilibrium.info.termination.is_converged());
    assert!(rep.equilibrium.info.identity_gap < 1e-12);
    let b = &rep.baseline;
    let mut worst: f64 = 0.0;
    let mut worst_trade: f64 = 0.0;
    for p in ge_gravity::published(deficits) {
        let i = b.region_index(p.exporter).unwrap();
        let j = b.region_index(p.importer).unwrap();
        let m = rep.ge_gravity_measures(i);
        for (ours, theirs, what) in [
            (m.welfare, p.welfare, "welfare"),
            (m.real_wage, p.real_wage, "real_wage"),
            (m.nom_wage, p.nom_wage, "nom_wage"),
            (m.price_index, p.price_index, "price_index"),
        ] {
            let d = (ours - theirs).abs();
            worst = worst.max(d);
            assert!(
                d <= 1e-7,
                "{deficits:?} {}: {what} {ours:.9} vs published {theirs}",
                p.exporter
            );
        }
        let base = b.flows()[b.dims().nij(j, i, 0)];
        assert!(
            ((base - p.trade) / p.trade).abs() < 1e-7,
            "base flow {base}"
        );
        let new = rep.ge_gravity_new_trade(i, j);
        let rel = ((new - p.new_trade) / p.new_trade).abs();
        worst_trade = worst_trade.max(rel);
        assert!(
            rel <= 5e-7,
            "{deficits:?} {}→{}: new trade {new} vs published {}",
            p.exporter,
            p.importer,
            p.new_trade
        );
    }
    eprintln!("{deficits:?}: max |ratio diff| {worst:.2e}, max rel trade diff {worst_trade:.2e}");
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn ge_gravity_additive_matches_the_documented_rows() {
    check_ge_gravity(ge_gravity::Deficits::Additive);
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn ge_gravity_multiplicative_matches_the_documented_rows() {
    check_ge_gravity(ge_gravity::Deficits::Multiplicative);
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn gegravity_levels_mode_matches_the_package() {
    let dir = shared("data/gegravity_sample");
    let rep = gegravity::run(&dir, &mut NoObserver).unwrap();
    assert_eq!(rep.outcome.countries.len(), 30);
    let mut worst: f64 = 0.0;
    for c in &rep.outcome.countries {
        let r = gegravity::Replication::reference(&c.code).unwrap();
        for (ours, theirs, what) in [
            (
                c.factory_gate_price_pct,
                r.factory_gate_price_pct,
                "factory gate price",
            ),
            (c.omr_pct, r.omr_pct, "omr"),
            (c.imr_pct, r.imr_pct, "imr"),
            (c.gdp_pct, r.gdp_pct, "gdp"),
            (c.terms_of_trade_pct, r.terms_of_trade_pct, "terms of trade"),
            (c.output_pct, r.output_pct, "output"),
            (c.expenditure_pct, r.expenditure_pct, "expenditure"),
            (
                c.foreign_exports_pct,
                r.foreign_exports_pct,
                "foreign exports",
            ),
            (
                c.foreign_imports_pct,
                r.foreign_imports_pct,
                "foreign imports",
            ),
            (
                c.intranational_trade_pct,
                r.intranational_trade_pct,
                "intranational",
            ),
        ] {
            let d = (ours - theirs).abs();
            worst = worst.max(d);
            assert!(
                d <= 2e-6,
                "{}: {what} {ours:.10} vs gegravity {theirs}",
                c.code
            );
        }
        assert!(
            (c.welfare_statistic - r.welfare_statistic).abs() <= 1e-8,
            "{}: welfare statistic {} vs {}",
            c.code,
            c.welfare_statistic,
            r.welfare_statistic
        );
        assert!((c.real_income_pct - c.gdp_pct).abs() < 1e-12);
    }
    let codes = rep.model.codes();
    let n = codes.len();
    let mut worst_trade: f64 = 0.0;
    for r in &gegravity::GEGRAVITY_0_3_BILATERAL {
        let i = codes.iter().position(|c| c == r.exporter).unwrap();
        let j = codes.iter().position(|c| c == r.importer).unwrap();
        let (a, b) = (
            rep.outcome.baseline_trade[i * n + j],
            rep.outcome.counterfactual_trade[i * n + j],
        );
        for (ours, theirs) in [(a, r.baseline_trade), (b, r.experiment_trade)] {
            let rel = ((ours - theirs) / theirs).abs();
            worst_trade = worst_trade.max(rel);
            assert!(
                rel < 1e-7,
                "{}→{}: {ours} vs {theirs}",
                r.exporter,
                r.importer
            );
        }
        assert!((100.0 * (b / a - 1.0) - r.trade_pct).abs() < 2e-6);
    }
    eprintln!("gegravity: max |pct diff| {worst:.2e}, max rel trade diff {worst_trade:.2e}");
}
