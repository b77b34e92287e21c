//! Levels mode (gegravity's model): the resistance equations hold, nothing moves without a
//! shock, symmetric shocks give symmetric answers, bad settings are refused, and a solver that
//! runs out of iterations says so.

use proptest::prelude::*;
use truce_gravity::levels::{CostFunction, LevelsModel, LevelsParams};
use truce_gravity::{read_panel, CrossSection, GravityError};
use truce_solve::NoObserver;

/// A cross-section of `n` countries C0.. with output `y`, expenditure `e` and a distance-like
/// covariate `dist` (0 at home), `pta` (0) and `border` (1 abroad).
fn cross_section(y: &[f64], e: &[f64], dist: &[f64]) -> CrossSection {
    let n = y.len();
    let mut s = String::from("exporter,importer,year,trade,Y,E,dist,pta,border\n");
    for i in 0..n {
        for j in 0..n {
            let trade = if i == j { 50.0 } else { 5.0 };
            let border = u8::from(i != j);
            s += &format!(
                "C{i},C{j},2006,{trade},{},{},{},0,{border}\n",
                y[i],
                e[j],
                dist[i * n + j]
            );
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.csv");
    std::fs::write(&path, s).unwrap();
    read_panel(&path).unwrap().cross_section(2006).unwrap()
}

fn costs() -> CostFunction {
    CostFunction::new([
        ("dist", -0.8),
        ("pta", 0.5),
        ("border", -2.0),
        ("constant", 3.0),
    ])
    .unwrap()
}

fn symmetric(n: usize) -> CrossSection {
    let dist: Vec<f64> = (0..n * n)
        .map(|c| if c / n == c % n { 0.0 } else { 1.0 })
        .collect();
    cross_section(&vec![100.0; n], &vec![100.0; n], &dist)
}

/// max over equations of |1 − Ω⁻¹ Σⱼ t eⱼ/Φⱼ| and |1 − Φ⁻¹ Σᵢ t yᵢ/Ωᵢ|.
fn resistance_residual(cs: &CrossSection, m: &LevelsModel) -> f64 {
    let n = cs.n();
    let (y, e) = (
        cs.output_column().unwrap(),
        cs.expenditure_column().unwrap(),
    );
    let (sy, se) = (y.iter().sum::<f64>(), e.iter().sum::<f64>());
    let r = m.baseline_resistances();
    let t = m.baseline_log_costs();
    let mut worst: f64 = 0.0;
    for i in 0..n {
        let s: f64 = (0..n)
            .map(|j| (t[i * n + j] - r.ln_phi[j]).exp() * e[j] / se)
            .sum();
        worst = worst.max((1.0 - s / r.ln_omega[i].exp()).abs());
    }
    for j in 0..n {
        let s: f64 = (0..n)
            .map(|i| (t[i * n + j] - r.ln_omega[i]).exp() * y[i] / sy)
            .sum();
        worst = worst.max((1.0 - s / r.ln_phi[j].exp()).abs());
    }
    worst
}

#[test]
fn baseline_resistances_solve_the_avw_system_and_modeled_trade_adds_up() {
    let dist = [0.0, 1.0, 2.0, 1.0, 0.0, 1.5, 2.0, 1.5, 0.0];
    let cs = cross_section(&[300.0, 200.0, 100.0], &[250.0, 250.0, 120.0], &dist);
    let m = LevelsModel::calibrate(&cs, &costs(), 5.0, "C1", LevelsParams::default()).unwrap();
    assert!(resistance_residual(&cs, &m) < 1e-12);
    assert_eq!(m.baseline_resistances().ln_phi[1], 0.0); // P_ref = 1
    let out = m.simulate(m.baseline_log_costs(), &mut NoObserver).unwrap();
    let x = &out.baseline_trade;
    let (se, sy) = (620.0, 600.0);
    for j in 0..3 {
        // Columns add up to expenditure; rows to output scaled by ΣE/ΣY.
        let col: f64 = (0..3).map(|i| x[i * 3 + j]).sum();
        assert!((col / [250.0, 250.0, 120.0][j] - 1.0).abs() < 1e-11);
        let row: f64 = (0..3).map(|k| x[j * 3 + k]).sum();
        assert!((row / ([300.0, 200.0, 100.0][j] * se / sy) - 1.0).abs() < 1e-11);
    }
    for c in &out.countries {
        assert!(c.factory_gate_price_pct.abs() < 1e-10);
        assert!(c.real_income_pct.abs() < 1e-10);
        assert!((c.welfare_statistic - 1.0).abs() < 1e-12);
    }
}

#[test]
fn a_symmetric_agreement_has_symmetric_effects() {
    let cs = symmetric(4);
    let m = LevelsModel::calibrate(&cs, &costs(), 5.0, "C3", LevelsParams::default()).unwrap();
    let mut exp = cs.clone();
    exp.set_covariate("pta", "C0", "C1", 1.0).unwrap();
    exp.set_covariate("pta", "C1", "C0", 1.0).unwrap();
    let out = m
        .simulate(&costs().log_costs(&exp).unwrap(), &mut NoObserver)
        .unwrap();
    let c = &out.countries;
    assert!((c[0].real_income_pct - c[1].real_income_pct).abs() < 1e-10);
    assert!((c[2].real_income_pct - c[3].real_income_pct).abs() < 1e-10);
    // Members gain, outsiders lose (trade diversion).
    assert!(c[0].real_income_pct > 0.0 && c[2].real_income_pct < 0.0);
    assert!(c[0].foreign_imports_pct > 0.0);
    // The reference importer's inward resistance is the numeraire.
    assert!(c[3].imr_pct.abs() < 1e-12);
    // Real income is the inverse of the welfare statistic, and equals real GDP.
    for k in c {
        assert!(((1.0 + k.real_income_pct / 100.0) * k.welfare_statistic - 1.0).abs() < 1e-12);
        assert!((k.gdp_pct - k.terms_of_trade_pct).abs() < 1e-12);
    }
}

#[test]
fn only_shares_matter_not_units() {
    let dist = [0.0, 1.0, 2.0, 1.0, 0.0, 1.5, 2.0, 1.5, 0.0];
    let a = cross_section(&[3.0, 2.0, 1.0], &[2.5, 2.5, 1.2], &dist);
    let b = cross_section(&[3e6, 2e6, 1e6], &[2.5e6, 2.5e6, 1.2e6], &dist);
    let solve = |cs: &CrossSection| {
        let m = LevelsModel::calibrate(cs, &costs(), 4.0, "C0", LevelsParams::default()).unwrap();
        let mut exp = cs.clone();
        exp.set_covariate("pta", "C1", "C2", 1.0).unwrap();
        m.simulate(&costs().log_costs(&exp).unwrap(), &mut NoObserver)
            .unwrap()
    };
    let (oa, ob) = (solve(&a), solve(&b));
    for (x, y) in oa.countries.iter().zip(&ob.countries) {
        assert!((x.real_income_pct - y.real_income_pct).abs() < 1e-10);
        assert!((x.foreign_exports_pct - y.foreign_exports_pct).abs() < 1e-9);
    }
}

#[test]
fn bad_settings_are_refused_with_a_clear_message() {
    let cs = symmetric(3);
    let e = LevelsModel::calibrate(&cs, &costs(), 1.0, "C0", LevelsParams::default()).unwrap_err();
    assert!(e.to_string().contains("sigma = 1"), "{e}");
    let e = LevelsModel::calibrate(&cs, &costs(), 5.0, "DEU", LevelsParams::default()).unwrap_err();
    assert!(e.to_string().contains("reference importer = DEU"), "{e}");
    assert!(e.to_string().contains("C0 C1 C2"), "{e}");
    let bad = CostFunction::new([("lndist", -1.0)]).unwrap();
    let e = LevelsModel::calibrate(&cs, &bad, 5.0, "C0", LevelsParams::default()).unwrap_err();
    assert!(matches!(e, GravityError::Panel(_)));
    assert!(e.to_string().contains("column lndist"), "{e}");
    assert!(CostFunction::new([("dist", f64::NAN)]).is_err());
    assert!(CostFunction::new([("dist", 1.0), ("DIST", 2.0)]).is_err());
    assert!(CostFunction::new(Vec::<(String, f64)>::new()).is_err());
    let m = LevelsModel::calibrate(&cs, &costs(), 5.0, "C0", LevelsParams::default()).unwrap();
    assert!(m.simulate(&[0.0; 4], &mut NoObserver).is_err());
    let mut nan = m.baseline_log_costs().to_vec();
    nan[1] = f64::NAN;
    let e = m.simulate(&nan, &mut NoObserver).unwrap_err();
    assert!(e.to_string().contains("C0 → C1"), "{e}");
}

#[test]
fn levels_mode_needs_y_and_e() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.csv");
    std::fs::write(
        &path,
        "exporter,importer,year,trade,dist\nA,A,1,5,0\nA,B,1,1,1\nB,A,1,1,1\nB,B,1,5,0\n",
    )
    .unwrap();
    let cs = read_panel(&path).unwrap().cross_section(1).unwrap();
    let c = CostFunction::new([("dist", -1.0)]).unwrap();
    let e = LevelsModel::calibrate(&cs, &c, 5.0, "A", LevelsParams::default()).unwrap_err();
    assert!(e.to_string().contains("no Y (output) column"), "{e}");
}

#[test]
fn running_out_of_iterations_is_an_error_not_a_result() {
    let dist = [0.0, 1.0, 2.0, 1.0, 0.0, 1.5, 2.0, 1.5, 0.0];
    let cs = cross_section(&[300.0, 200.0, 100.0], &[250.0, 250.0, 120.0], &dist);
    let params = LevelsParams {
        max_iter: 2,
        ..LevelsParams::default()
    };
    let e = LevelsModel::calibrate(&cs, &costs(), 5.0, "C0", params).unwrap_err();
    assert!(e.is_not_converged());
    assert!(e.to_string().contains("baseline"), "{e}");
}

/// gegravity's shortcut (baseline shares in the counterfactual resistances, p^{1−σ} = Ω/Ω')
/// can lower trade on the very pair whose cost fell when one exporter is most of world output.
/// Reference: gegravity 0.3 run on this 5-country panel (Y = 622.18…, 1, 328.03…, 1, 1;
/// E = 1, 1, 741.19…, 1, 409.20…; dist 0.1 abroad; β: dist −0.8, pta 0.5, border −2,
/// constant 3; σ = 5; reference importer C2; pta = 1 for C0 → C4), printed to 10 digits.
#[test]
fn reproduces_gegravity_where_its_shortcut_lowers_trade_on_a_freed_pair() {
    let y = [622.1832053028775, 1.0, 328.0282818068264, 1.0, 1.0];
    let e = [1.0, 1.0, 741.1851928938105, 1.0, 409.19533154039783];
    let dist: Vec<f64> = (0..25)
        .map(|c| if c / 5 == c % 5 { 0.0 } else { 0.1 })
        .collect();
    let cs = cross_section(&y, &e, &dist);
    let m = LevelsModel::calibrate(&cs, &costs(), 5.0, "C2", LevelsParams::default()).unwrap();
    let mut exp = cs.clone();
    exp.set_covariate("pta", "C0", "C4", 1.0).unwrap();
    let out = m
        .simulate(&costs().log_costs(&exp).unwrap(), &mut NoObserver)
        .unwrap();
    // (factory-gate price %, GDP %, foreign exports %) by country, from gegravity 0.3.
    let reference = [
        (0.9179802278, 0.03012710346, -4.250032435),
        (-4.458772346, -5.066432504, -8.638347766),
        (-0.9304554252, -0.9304554252, -38.66931384),
        (-4.458772346, -5.066432504, -8.638347766),
        (-8.741254007, 1.519807627, 30.00898889),
    ];
    for (c, r) in out.countries.iter().zip(reference) {
        assert!((c.factory_gate_price_pct - r.0).abs() < 1e-6, "{c:?}");
        assert!((c.gdp_pct - r.1).abs() < 1e-6, "{c:?}");
        assert!((c.foreign_exports_pct - r.2).abs() < 1e-6, "{c:?}");
    }
    let change = 100.0 * (out.counterfactual_trade[4] / out.baseline_trade[4] - 1.0);
    assert!((change - -4.658667019).abs() < 1e-6, "{change}");
}

proptest! {
    #![proptest_config(truce_testkit::seeded(32))]

    /// For any positive sizes and distances the resistances solve their equations, and
    /// re-solving with unchanged costs moves nothing.
    #[test]
    fn resistances_solve_and_no_shock_moves_nothing(
        y in proptest::collection::vec(1.0f64..1000.0, 5),
        e in proptest::collection::vec(1.0f64..1000.0, 5),
        d in proptest::collection::vec(0.1f64..4.0, 25),
    ) {
        let dist: Vec<f64> = (0..25).map(|c| if c / 5 == c % 5 { 0.0 } else { d[c] }).collect();
        let cs = cross_section(&y, &e, &dist);
        let m = LevelsModel::calibrate(&cs, &costs(), 5.0, "C2", LevelsParams::default()).unwrap();
        prop_assert!(resistance_residual(&cs, &m) < 1e-10);
        let out = m.simulate(m.baseline_log_costs(), &mut NoObserver).unwrap();
        for c in &out.countries {
            prop_assert!(c.factory_gate_price_pct.abs() < 1e-9);
            prop_assert!(c.foreign_exports_pct.abs() < 1e-9);
        }
    }
}
