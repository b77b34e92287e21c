//! # truce-gravity: one-sector structural gravity
//!
//! Brief overview. Two tools economists use for one-sector general-equilibrium gravity are
//! reproduced here, on their own sample data:
//!
//! * **Hat algebra** (Stata `ge_gravity`, Zylkin; R `GEGravity`): observed flows are the
//!   baseline and a counterfactual is a change in trade costs. This runs on truce's
//!   Caliendo–Parro engine with one sector and no intermediates: [`panel::CrossSection::baseline`]
//!   builds the one-sector [`truce_model::Baseline`] and [`partial_effect_cost`] turns a gravity
//!   coefficient β into the iceberg change d̂ = exp(−β/θ), so that flows scale by e^β at given
//!   prices.
//! * **Levels** (USITC `gegravity`, Herman 2021): baseline trade costs are the fitted
//!   exp(Σβₖxₖ), output and expenditure shares come from the Y and E columns, and the
//!   Anderson–van Wincoop resistances are solved in levels ([`levels`]).
//!
//! [`panel`] reads the bilateral panel both use (exporter, importer, year, trade, optional Y
//! and E, covariates; comma- or tab-delimited) and validates it once; every error names the
//! file, row, column and value ([`PanelError`]).
//!
//! The crate does no printing; the model is described in `docs/gravity.md`.
//!
//! # Example
//! ```
//! use truce_gravity::levels::{CostFunction, LevelsModel, LevelsParams};
//! # let dir = tempfile::tempdir().unwrap();
//! # let path = dir.path().join("p.csv");
//! # let mut s = String::from("exporter,importer,year,trade,Y,E,dist\n");
//! # for (a, ya) in [("A", 100.0), ("B", 50.0)] { for (b, eb) in [("A", 100.0), ("B", 50.0)] {
//! #   let d = if a == b { 0.0 } else { 1.0 };
//! #   s += &format!("{a},{b},2006,{},{ya},{eb},{d}\n", if a == b { 80.0 } else { 20.0 }); } }
//! # std::fs::write(&path, s).unwrap();
//! let panel = truce_gravity::read_panel(&path).unwrap();
//! let cs = panel.cross_section(2006).unwrap();
//! let costs = CostFunction::new([("dist", -1.0), ("constant", 2.0)]).unwrap();
//! let model = LevelsModel::calibrate(&cs, &costs, 5.0, "A", LevelsParams::default()).unwrap();
//! // Nothing changes: every price stays put.
//! let out = model
//!     .simulate(model.baseline_log_costs(), &mut truce_gravity::solve::NoObserver)
//!     .unwrap();
//! assert!(out.countries.iter().all(|c| c.factory_gate_price_pct.abs() < 1e-9));
//! ```
//!
//! # References
//! * Anderson, J. E. and van Wincoop, E. (2003), "Gravity with Gravitas", *AER* 93(1).
//! * Baier, S. L., Yotov, Y. V. and Zylkin, T. (2019), *JIE* 116: 206–226 (`ge_gravity`).
//! * Herman, P. R. (2021), "gegravity: General Equilibrium Gravity Modeling in Python", USITC
//!   Economics Working Paper 2021-04-B.
//! * Yotov, Y. V., Piermartini, R., Monteiro, J.-A. and Larch, M. (2016), *An Advanced Guide to
//!   Trade Policy Analysis: The Structural Gravity Model*, WTO/UNCTAD.

mod error;
pub mod levels;
pub mod panel;

pub use error::{GravityError, PanelError};
pub use panel::{import, read_panel, CrossSection, GravityData, Panel, RegionInfo};
pub use truce_solve as solve;

/// The iceberg trade-cost change d̂ = exp(−β/θ) that raises a flow by the factor e^β at given
/// prices: ge_gravity's partial effect, since π' ∝ π·d̂^{−θ} (CP2015 eq. (12) with one sector).
///
/// # Errors
/// If β is not finite or θ is not finite and positive.
pub fn partial_effect_cost(beta: f64, theta: f64) -> Result<f64, GravityError> {
    if !beta.is_finite() {
        return Err(GravityError::Invalid {
            field: "partial effect β".into(),
            value: beta.to_string(),
            problem: "must be a finite number".into(),
        });
    }
    if !(theta.is_finite() && theta > 0.0) {
        return Err(GravityError::Invalid {
            field: "trade elasticity θ".into(),
            value: theta.to_string(),
            problem: "must be finite and positive".into(),
        });
    }
    Ok((-beta / theta).exp())
}
