//! Levels mode: the structural gravity model of USITC `gegravity` (Herman 2021), solved in
//! levels from fitted trade costs.
//!
//! # The model (Anderson & van Wincoop 2003; Yotov, Piermartini, Monteiro & Larch 2016, ch. 2)
//! Armington–CES with elasticity of substitution σ. Trade costs enter as
//! $t_{ij}^{1-\sigma}=\exp(\sum_k\beta_k x_{k,ij})$, the fitted value of a gravity regression
//! (constant included). With output shares $y_i=Y_i/\sum Y$ and expenditure shares
//! $e_j=E_j/\sum E$ taken from the Y and E columns *as given*, the multilateral resistances
//! solve (YPML eqs. (2-32)–(2-33), in gegravity's notation $\Omega_i=\Pi_i^{1-\sigma}$,
//! $\Phi_j=P_j^{1-\sigma}$)
//! $$\Phi_j=\sum_i t_{ij}^{1-\sigma}\,y_i/\Omega_i,\qquad \Omega_i=\sum_j t_{ij}^{1-\sigma}\,e_j/\Phi_j,$$
//! normalised by $P_{\text{ref}}=1$ for the reference importer. Modeled trade is
//! $X_{ij}=t_{ij}^{1-\sigma}\,E_j\,y_i/(\Phi_j\Omega_i)$.
//!
//! The counterfactual re-solves the same system with the new costs $t'$ and the *baseline*
//! shares y, e (gegravity's `_full_ge` keeps them: its counterfactual resistances equal its
//! conditional ones), then sets factory-gate prices from its calibrated
//! $\beta_i=y_i/\Omega_i$: $p_i^{1-\sigma}=y_i/(\beta_i\Omega'_i)=\Omega_i/\Omega'_i$.
//! Output and expenditure scale with the price, $Y'_i=p_iY_i$, $E'_j=\varphi_jY'_j$ with
//! $\varphi_j=E_j/Y_j$; counterfactual trade is $X'_{ij}=t'^{1-\sigma}_{ij}E'_j\,y'_i/(\Phi'_j\Omega'_i)$
//! with $y'_i=Y'_i/\sum Y'$. The numeraire is $P'_{\text{ref}}=1$.
//!
//! Reported, as gegravity reports them: factory-gate price, outward and inward multilateral
//! resistance, real GDP $Y/P$, terms of trade $p/P$ (the same change), output, expenditure,
//! foreign exports and imports and intranational trade (all on modeled flows), and the welfare
//! statistic $(E/P)/(E'/P')$ (below 1 is a gain). truce's `real_income_pct` is
//! $(E'/P')/(E/P)-1$.
//!
//! # Solver
//! Each resistance system is a matrix-scaling (RAS) problem; it is iterated in logs,
//! $\ln\Omega\leftarrow\operatorname{lse}_j(\ln t_{ij}+\ln e_j-\ln\Phi_j)$,
//! $\ln\Phi\leftarrow\operatorname{lse}_i(\ln t_{ij}+\ln y_i-\ln\Omega_i)$, then shifted so
//! that $\ln\Phi_{\text{ref}}=0$, Anderson-accelerated, until the largest change is below
//! [`LevelsParams::tol`]. Log-sum-exp keeps cost factors such as $e^{16}$ from overflowing.

use crate::error::GravityError;
use crate::panel::CrossSection;
use std::time::Duration;
use truce_solve::{
    solve_fixed_point, FixedPoint, Info, NoObserver, NonFinite, Observer, SolveParams,
};

/// Trade-cost coefficients βₖ by covariate name; the name `constant` multiplies 1 (it need
/// not be a column).
#[derive(Debug, Clone, PartialEq)]
pub struct CostFunction {
    terms: Vec<(String, f64)>,
}

impl CostFunction {
    /// Build from (variable, coefficient) pairs.
    ///
    /// # Errors
    /// If a coefficient is not finite, a name is empty or appears twice, or there is no term.
    pub fn new<S: Into<String>>(
        terms: impl IntoIterator<Item = (S, f64)>,
    ) -> Result<Self, GravityError> {
        let terms: Vec<(String, f64)> = terms.into_iter().map(|(s, b)| (s.into(), b)).collect();
        if terms.is_empty() {
            return Err(GravityError::invalid(
                "cost coefficients",
                "none",
                "give at least one (variable, coefficient) pair",
            ));
        }
        for (k, (name, b)) in terms.iter().enumerate() {
            if name.is_empty() || terms[..k].iter().any(|(o, _)| o.eq_ignore_ascii_case(name)) {
                return Err(GravityError::invalid(
                    "cost variable",
                    format!("`{name}`"),
                    "variable names must be non-empty and unique",
                ));
            }
            if !b.is_finite() {
                return Err(GravityError::invalid(
                    format!("coefficient of {name}"),
                    b,
                    "coefficients must be finite numbers",
                ));
            }
        }
        Ok(Self { terms })
    }

    /// The (variable, coefficient) pairs.
    pub fn terms(&self) -> &[(String, f64)] {
        &self.terms
    }

    /// ln tᵢⱼ^{1−σ} = Σₖ βₖ xₖ,ᵢⱼ for every exporter i × importer j (`i * n + j`).
    ///
    /// # Errors
    /// If a variable is not a column of the panel or one of its cells is not a number.
    pub fn log_costs(&self, cs: &CrossSection) -> Result<Vec<f64>, GravityError> {
        let n = cs.n();
        let mut out = vec![0.0; n * n];
        for (name, b) in &self.terms {
            if name.eq_ignore_ascii_case("constant") && !cs.has_covariate(name) {
                out.iter_mut().for_each(|v| *v += b);
                continue;
            }
            let x = cs.covariate(name)?;
            for (o, xv) in out.iter_mut().zip(&x) {
                *o += b * xv;
            }
        }
        Ok(out)
    }
}

/// Solver settings of levels mode.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelsParams {
    /// Tolerance on the largest change of ln Ω or ln Φ between iterations.
    pub tol: f64,
    /// Iteration cap of each resistance solve.
    pub max_iter: usize,
    /// Anderson memory.
    pub memory: usize,
}

impl Default for LevelsParams {
    fn default() -> Self {
        Self {
            tol: 1e-13,
            max_iter: 10_000,
            memory: 5,
        }
    }
}

/// Solved multilateral resistances, in logs: ln Ω = ln Π^{1−σ}, ln Φ = ln P^{1−σ}.
#[derive(Debug, Clone, PartialEq)]
pub struct Resistances {
    /// ln Ωᵢ (outward), by exporter.
    pub ln_omega: Vec<f64>,
    /// ln Φⱼ (inward), by importer; 0 at the reference importer.
    pub ln_phi: Vec<f64>,
    /// Diagnostics.
    pub info: Info,
}

/// The AvW system as a fixed point in x = [ln Ω; ln Φ].
struct ResistanceProblem<'a> {
    n: usize,
    reference: usize,
    ln_t: &'a [f64],
    ln_y: &'a [f64],
    ln_e: &'a [f64],
    work: Vec<f64>,
}

/// ln Σ exp(vₖ), shifted by the largest term.
fn log_sum_exp(v: &[f64]) -> f64 {
    let m = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !m.is_finite() {
        return m;
    }
    m + v.iter().map(|x| (x - m).exp()).sum::<f64>().ln()
}

impl FixedPoint for ResistanceProblem<'_> {
    fn dim(&self) -> usize {
        2 * self.n
    }

    fn eval(&mut self, x: &[f64], gx: &mut [f64]) -> Result<f64, NonFinite> {
        let n = self.n;
        let (ln_phi, ln_t) = (&x[n..], self.ln_t);
        // YPML (2-33): Ωᵢ = Σⱼ t^{1−σ}ᵢⱼ eⱼ / Φⱼ.
        for i in 0..n {
            for j in 0..n {
                self.work[j] = ln_t[i * n + j] + self.ln_e[j] - ln_phi[j];
            }
            gx[i] = log_sum_exp(&self.work[..n]);
        }
        // YPML (2-32): Φⱼ = Σᵢ t^{1−σ}ᵢⱼ yᵢ / Ωᵢ, with the Ω just computed.
        for j in 0..n {
            for i in 0..n {
                self.work[i] = ln_t[i * n + j] + self.ln_y[i] - gx[i];
            }
            gx[n + j] = log_sum_exp(&self.work[..n]);
        }
        // Normalisation P_ref = 1: (Ω, Φ) → (Ω·Φ_ref, Φ/Φ_ref) leaves both equations intact.
        let shift = gx[n + self.reference];
        for i in 0..n {
            gx[i] += shift;
            gx[n + i] -= shift;
        }
        let mut worst: f64 = 0.0;
        for (k, (g, v)) in gx.iter().zip(x).enumerate() {
            if !g.is_finite() {
                let name = if k < n { "ln_omega" } else { "ln_phi" };
                return Err(NonFinite::new(name, k % n));
            }
            worst = worst.max((g - v).abs());
        }
        Ok(worst)
    }

    fn project(&mut self, x: &mut [f64]) {
        let n = self.n;
        let shift = x[n + self.reference];
        for i in 0..n {
            x[i] += shift;
            x[n + i] -= shift;
        }
    }
}

/// Solve the multilateral resistances for costs `ln_t` (exporter × importer), output shares
/// and expenditure shares (in logs).
#[allow(clippy::too_many_arguments)]
fn solve_resistances<O: Observer + ?Sized>(
    stage: &'static str,
    reference: usize,
    ln_t: &[f64],
    ln_y: &[f64],
    ln_e: &[f64],
    start: Option<&Resistances>,
    params: &LevelsParams,
    observer: &mut O,
) -> Result<Resistances, GravityError> {
    let n = ln_y.len();
    let mut problem = ResistanceProblem {
        n,
        reference,
        ln_t,
        ln_y,
        ln_e,
        work: vec![0.0; n],
    };
    let mut x = match start {
        Some(r) => [r.ln_omega.as_slice(), r.ln_phi.as_slice()].concat(),
        None => vec![0.0; 2 * n],
    };
    let sp = SolveParams::default()
        .with_tol(params.tol)
        .and_then(|p| p.with_max_iter(params.max_iter))
        .and_then(|p| p.with_memory(params.memory))
        .map_err(|e| {
            GravityError::invalid("solver settings", format!("{params:?}"), e.to_string())
        })?;
    let info = solve_fixed_point(&mut problem, &mut x, &sp, observer);
    let info = info
        .require_converged(
            params.tol,
            "check the trade-cost coefficients for extreme values (a cost factor exp(Σβx) that \
             under- or overflows) or raise the iteration limit",
        )
        .map_err(|cause| GravityError::NotConverged { stage, cause })?;
    // `x` is the last point evaluated; one more evaluation gives the consistent pair.
    let mut gx = vec![0.0; 2 * n];
    let _ = problem.eval(&x, &mut gx);
    Ok(Resistances {
        ln_omega: gx[..n].to_vec(),
        ln_phi: gx[n..].to_vec(),
        info,
    })
}

/// A calibrated levels-mode baseline: data, costs, solved resistances.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelsModel {
    codes: Vec<String>,
    sigma: f64,
    reference: usize,
    output: Vec<f64>,
    expenditure: Vec<f64>,
    ln_y: Vec<f64>,
    ln_e: Vec<f64>,
    ln_t: Vec<f64>,
    base: Resistances,
    params: LevelsParams,
}

/// Per-country results of a levels-mode counterfactual, percent changes unless stated.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelsCountry {
    /// Code.
    pub code: String,
    /// Factory-gate price pᵢ − 1.
    pub factory_gate_price_pct: f64,
    /// Outward multilateral resistance Πᵢ.
    pub omr_pct: f64,
    /// Inward multilateral resistance Pᵢ (the consumer price index of the model).
    pub imr_pct: f64,
    /// Real GDP Y/P.
    pub gdp_pct: f64,
    /// gegravity's welfare statistic (E/P)/(E'/P') (a ratio; below 1 is a gain).
    pub welfare_statistic: f64,
    /// Real income (E'/P')/(E/P) − 1 = 1/welfare statistic − 1.
    pub real_income_pct: f64,
    /// Terms of trade p/P.
    pub terms_of_trade_pct: f64,
    /// Nominal output Y' = pY.
    pub output_pct: f64,
    /// Nominal expenditure E' = φY'.
    pub expenditure_pct: f64,
    /// Foreign exports Σ_{j≠i} X'ᵢⱼ (modeled).
    pub foreign_exports_pct: f64,
    /// Foreign imports Σ_{i≠j} X'ᵢⱼ (modeled).
    pub foreign_imports_pct: f64,
    /// Intranational trade X'ᵢᵢ (modeled).
    pub intranational_trade_pct: f64,
}

/// The result of a levels-mode counterfactual.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelsOutcome {
    /// Per country, in code order.
    pub countries: Vec<LevelsCountry>,
    /// Modeled baseline trade Xᵢⱼ (`i * n + j`, exporter × importer).
    pub baseline_trade: Vec<f64>,
    /// Counterfactual trade X'ᵢⱼ.
    pub counterfactual_trade: Vec<f64>,
    /// Counterfactual resistances.
    pub resistances: Resistances,
    /// Baseline resistances solve diagnostics.
    pub baseline_info: Info,
    /// Wall time of the counterfactual (resistances and results).
    pub elapsed: Duration,
}

impl LevelsModel {
    /// Calibrate: fitted costs from `costs`, shares from the Y and E columns, baseline
    /// resistances solved with P_ref = 1 for `reference_importer`.
    ///
    /// # Errors
    /// If σ ≤ 1 or not finite, the reference importer is not a country of the cross-section,
    /// the file lacks Y or E or a cost variable, or the resistances do not converge.
    pub fn calibrate(
        cs: &CrossSection,
        costs: &CostFunction,
        sigma: f64,
        reference_importer: &str,
        params: LevelsParams,
    ) -> Result<Self, GravityError> {
        if !(sigma.is_finite() && sigma > 1.0) {
            return Err(GravityError::invalid(
                "sigma",
                sigma,
                "the elasticity of substitution must exceed 1 (the trade elasticity is σ − 1)",
            ));
        }
        let reference = cs.index(reference_importer).ok_or_else(|| {
            GravityError::invalid(
                "reference importer",
                reference_importer,
                format!(
                    "not a country of the {} cross-section (it has: {})",
                    cs.year(),
                    cs.codes().join(" ")
                ),
            )
        })?;
        let output = cs.output_column()?.to_vec();
        let expenditure = cs.expenditure_column()?.to_vec();
        let (sy, se) = (output.iter().sum::<f64>(), expenditure.iter().sum::<f64>());
        let ln_y: Vec<f64> = output.iter().map(|v| (v / sy).ln()).collect();
        let ln_e: Vec<f64> = expenditure.iter().map(|v| (v / se).ln()).collect();
        let ln_t = costs.log_costs(cs)?;
        let base = solve_resistances(
            "baseline",
            reference,
            &ln_t,
            &ln_y,
            &ln_e,
            None,
            &params,
            &mut NoObserver,
        )?;
        Ok(Self {
            codes: cs.codes().to_vec(),
            sigma,
            reference,
            output,
            expenditure,
            ln_y,
            ln_e,
            ln_t,
            base,
            params,
        })
    }

    /// Country codes, in order.
    pub fn codes(&self) -> &[String] {
        &self.codes
    }
    /// σ.
    pub fn sigma(&self) -> f64 {
        self.sigma
    }
    /// The reference importer's code.
    pub fn reference_importer(&self) -> &str {
        &self.codes[self.reference]
    }
    /// Baseline resistances.
    pub fn baseline_resistances(&self) -> &Resistances {
        &self.base
    }
    /// Baseline ln t^{1−σ}.
    pub fn baseline_log_costs(&self) -> &[f64] {
        &self.ln_t
    }

    /// Modeled trade Xᵢⱼ = t^{1−σ}ᵢⱼ Eⱼ yᵢ / (Φⱼ Ωᵢ) for given costs, expenditure, output
    /// shares and resistances.
    fn modeled_trade(&self, ln_t: &[f64], e: &[f64], y: &[f64], r: &Resistances) -> Vec<f64> {
        let n = self.codes.len();
        let mut x = vec![0.0; n * n];
        for i in 0..n {
            for j in 0..n {
                x[i * n + j] =
                    (ln_t[i * n + j] + e[j].ln() + y[i].ln() - r.ln_phi[j] - r.ln_omega[i]).exp();
            }
        }
        x
    }

    /// Solve the counterfactual with new log costs `ln_t_new` (exporter × importer).
    ///
    /// # Errors
    /// If the length is wrong, a cost is not finite, or the resistances do not converge.
    pub fn simulate<O: Observer + ?Sized>(
        &self,
        ln_t_new: &[f64],
        observer: &mut O,
    ) -> Result<LevelsOutcome, GravityError> {
        let start = std::time::Instant::now();
        let n = self.codes.len();
        if ln_t_new.len() != n * n {
            return Err(GravityError::invalid(
                "counterfactual costs",
                format!("length {}", ln_t_new.len()),
                format!("expected {} values (exporter × importer)", n * n),
            ));
        }
        if let Some(k) = ln_t_new.iter().position(|v| !v.is_finite()) {
            return Err(GravityError::invalid(
                format!(
                    "counterfactual cost {} → {}",
                    self.codes[k / n],
                    self.codes[k % n]
                ),
                ln_t_new[k],
                "log trade costs must be finite",
            ));
        }
        let new = solve_resistances(
            "counterfactual",
            self.reference,
            ln_t_new,
            &self.ln_y,
            &self.ln_e,
            Some(&self.base),
            &self.params,
            observer,
        )?;
        let inv = 1.0 / (1.0 - self.sigma);
        // p_i^{1−σ} = Ω_i / Ω'_i (gegravity's factory-gate equation with β_i = y_i/Ω_i).
        let p: Vec<f64> = (0..n)
            .map(|i| ((self.base.ln_omega[i] - new.ln_omega[i]) * inv).exp())
            .collect();
        let y_new_level: Vec<f64> = (0..n).map(|i| p[i] * self.output[i]).collect();
        let e_new: Vec<f64> = (0..n).map(|j| p[j] * self.expenditure[j]).collect();
        let sy: f64 = self.output.iter().sum();
        let sy_new: f64 = y_new_level.iter().sum();
        let y0: Vec<f64> = self.output.iter().map(|v| v / sy).collect();
        let y1: Vec<f64> = y_new_level.iter().map(|v| v / sy_new).collect();
        let x0 = self.modeled_trade(&self.ln_t, &self.expenditure, &y0, &self.base);
        let x1 = self.modeled_trade(ln_t_new, &e_new, &y1, &new);
        let pct = |a: f64, b: f64| 100.0 * (a / b - 1.0);
        let sums = |x: &[f64], i: usize| {
            let (mut exp_f, mut imp_f) = (0.0, 0.0);
            for k in 0..n {
                if k != i {
                    exp_f += x[i * n + k];
                    imp_f += x[k * n + i];
                }
            }
            (exp_f, imp_f)
        };
        let countries = (0..n)
            .map(|i| {
                // Π = Ω^{1/(1−σ)}, P = Φ^{1/(1−σ)}.
                let omr = ((new.ln_omega[i] - self.base.ln_omega[i]) * inv).exp();
                let imr = ((new.ln_phi[i] - self.base.ln_phi[i]) * inv).exp();
                let real = p[i] / imr; // (Y'/P')/(Y/P) = (E'/P')/(E/P) = (p/P')/(1/P)
                let (fx0, fm0) = sums(&x0, i);
                let (fx1, fm1) = sums(&x1, i);
                LevelsCountry {
                    code: self.codes[i].clone(),
                    factory_gate_price_pct: 100.0 * (p[i] - 1.0),
                    omr_pct: 100.0 * (omr - 1.0),
                    imr_pct: 100.0 * (imr - 1.0),
                    gdp_pct: 100.0 * (real - 1.0),
                    welfare_statistic: 1.0 / real,
                    real_income_pct: 100.0 * (real - 1.0),
                    terms_of_trade_pct: 100.0 * (real - 1.0),
                    output_pct: 100.0 * (p[i] - 1.0),
                    expenditure_pct: 100.0 * (p[i] - 1.0),
                    foreign_exports_pct: pct(fx1, fx0),
                    foreign_imports_pct: pct(fm1, fm0),
                    intranational_trade_pct: pct(x1[i * n + i], x0[i * n + i]),
                }
            })
            .collect();
        Ok(LevelsOutcome {
            countries,
            baseline_trade: x0,
            counterfactual_trade: x1,
            resistances: new,
            baseline_info: self.base.info.clone(),
            elapsed: start.elapsed(),
        })
    }
}
