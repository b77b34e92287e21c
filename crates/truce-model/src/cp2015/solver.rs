//! The equilibrium solver: an outer fixed point in ŵ around inner price and expenditure loops.

use super::expenditure::{expenditure_map, Flows};
use super::input_cost::log_input_cost;
use super::nested_cost::{nested_cost, Nest, NestScratch, SharesOut};
use super::pattern::{Pattern, PolicyCoefficients};
use super::price_index::log_price_index;
use super::trade_balance::excess_demand;
use super::trade_share::trade_share;
use crate::baseline::Baseline;
use crate::dims::Dims;
use crate::error::ModelError;
use crate::policy::{DeficitRule, Policy};
use std::sync::Arc;
use std::time::Duration;
use thiserror::Error;
use truce_solve::{
    solve_fixed_point_with, Anderson, FixedPoint, Info, NonFinite, Observer, SolveParams,
    Termination,
};

/// Knobs of the Caliendo–Parro solver.
#[derive(Debug, Clone, PartialEq)]
pub struct EngineParams {
    /// Outer loop: tolerance on max |Zₙ|/VAₙ, iteration cap, Anderson memory, and a trust
    /// region of 10 % of ŵ (at least 0.1) per iteration (far from the solution Anderson's extrapolations can
    /// otherwise jump out of the region where the wage update is informative).
    pub outer: SolveParams,
    /// Step of the wage update ŵ ← ŵ − step·Z/VA before acceleration (the authors' 0.2).
    pub wage_step: f64,
    /// Inner price loop: tolerance on max |Δ ln P̂|.
    pub price_tol: f64,
    /// Inner expenditure loop: tolerance on max |ΔX'ʲₙ| / VAₙ.
    pub expenditure_tol: f64,
    /// Cap on each inner loop.
    pub inner_max_iter: usize,
    /// Anderson memory of the inner loops.
    pub inner_memory: usize,
}

impl Default for EngineParams {
    fn default() -> Self {
        Self {
            outer: SolveParams::default()
                .with_tol(1e-10)
                .and_then(|p| p.with_max_iter(2000))
                .and_then(|p| p.with_memory(6))
                .and_then(|p| p.with_max_step(Some(0.1)))
                .expect("valid defaults"),
            wage_step: 0.2,
            price_tol: 1e-13,
            expenditure_tol: 1e-13,
            inner_max_iter: 20_000,
            inner_memory: 8,
        }
    }
}

/// Diagnostics of a Caliendo–Parro solve.
#[derive(Debug, Clone, PartialEq)]
pub struct SolveInfo {
    /// How the outer loop ended.
    pub termination: Termination,
    /// Outer (wage) iterations.
    pub iterations: usize,
    /// Inner price-loop iterations, summed over outer iterations.
    pub price_iterations: usize,
    /// Inner expenditure-loop iterations, summed.
    pub expenditure_iterations: usize,
    /// Final residual max |Zₙ|/VAₙ.
    pub residual: f64,
    /// Walras'-law gap Σₙ|Zₙ| / Σₙ VAₙ at the returned point.
    pub walras_gap: f64,
    /// Accounting identity |Σₙ Zₙ + Σₙ D'ₙ| / Σₙ VAₙ (zero up to rounding by construction).
    pub identity_gap: f64,
    /// Labour-market clearing residual max |ŵVA − Σⱼγʲₙ Y'ʲₙ| / VAₙ (implied by (13)–(14); its
    /// floor is set by how exactly the data's cost shares sum to one).
    pub labour_market_gap: f64,
    /// Wall time.
    pub elapsed: Duration,
}

/// The solver did not reach an equilibrium. Carries the diagnostics; never a result.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum SolveError {
    /// The policy does not fit the baseline.
    #[error(transparent)]
    Policy(#[from] ModelError),
    /// The iteration ended without converging: the engine's diagnostics, and truce-solve's
    /// one non-convergence error (termination, residual, tolerance, what to try) as the source.
    #[error("the Caliendo–Parro equilibrium solver did not converge (outer wage loop)")]
    NotConverged(Box<SolveInfo>, #[source] truce_solve::NotConverged),
}

fn hint(t: &Termination) -> &'static str {
    match t {
        Termination::MaxIters => "raise the iteration limit, or split the shock into steps and warm-start each from the last",
        Termination::Stalled => "the shock may be too large for the data (a price index near zero or infinity); check the policy for prohibitive rates",
        Termination::NonFinite(_) => "a price or wage became infinite or NaN: check for prohibitive trade costs or zero value added",
        Termination::Timeout => "raise the time limit",
        Termination::Cancelled => "the solve was cancelled",
        _ => "",
    }
}

/// A solved counterfactual: the changes ("hats") and the new levels, with diagnostics.
///
/// Layouts as in [`Dims`]. Nominal values are in base-year units under the numeraire
/// Σₙ VAₙ ŵₙ = Σₙ VAₙ (world GDP held constant).
#[derive(Debug, Clone, PartialEq)]
pub struct Equilibrium {
    /// ŵₙ.
    pub w_hat: Vec<f64>,
    /// ĉʲₙ, [`Dims::nj`].
    pub c_hat: Vec<f64>,
    /// P̂ʲₙ, [`Dims::nj`].
    pub p_hat: Vec<f64>,
    /// π'ʲₙᵢ, [`Dims::nij`] (dense).
    pub trade_share: Vec<f64>,
    /// X'ʲₙ, [`Dims::nj`].
    pub expenditure: Vec<f64>,
    /// Y'ʲₙ at producer prices, [`Dims::nj`].
    pub gross_output: Vec<f64>,
    /// I'ₙ = ŵₙVAₙ + R'ₙ + T'ₙ + D'ₙ.
    pub income: Vec<f64>,
    /// R'ₙ.
    pub tariff_revenue: Vec<f64>,
    /// T'ₙ.
    pub export_tax_revenue: Vec<f64>,
    /// D'ₙ.
    pub deficit: Vec<f64>,
    /// Zₙ at the solution.
    pub excess_demand: Vec<f64>,
    /// Diagnostics.
    pub info: SolveInfo,
    /// The cost shares at the solution when production is not Cobb–Douglas (they move with
    /// prices); `None` when they equal the baseline's.
    pub cost_shares: Option<CostShares>,
    /// Every export quota and supply cap of the policy, solved: its tax equivalent, quantity
    /// and rent (quotas first, in the policy's order, then caps).
    pub quotas: Vec<QuotaSolution>,
    // Warm-start state.
    pub(crate) ln_p: Vec<f64>,
    pub(crate) quota_z: Vec<f64>,
}

/// Cost shares at a solution under nested CES production (they sum to one for every region ×
/// sector).
#[derive(Debug, Clone, PartialEq)]
pub struct CostShares {
    /// γ'ʲₙ: labour (value added) per unit of gross output, [`Dims::nj`].
    pub va_share: Vec<f64>,
    /// γ'^{k,j}_n: inputs from k per unit of j's gross output, [`Dims::nkj`].
    pub io_share: Vec<f64>,
    /// Cost share of the critical composite (0 without a critical nest), [`Dims::nj`].
    pub critical_share: Vec<f64>,
}

/// What a quantity constraint caps: one bilateral flow, or a producer's whole output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuotaKind {
    /// An export quota on the sales to this importer.
    Export {
        /// Importer index.
        importer: usize,
    },
    /// A supply (capacity) cap on every sale of the producer, home sales included.
    Supply,
}

/// One export quota or supply cap at the solution.
///
/// The constraint is solved as a tax t_q levied on top of any explicit export tax t' of the
/// cells it covers, (1 + t_total) = (1 + t')(1 + t_q), with complementarity: t_q ≥ 0,
/// quantity ≤ cap, and t_q·(cap − quantity) = 0. The rent, t_q(1 + t')·V' (V' the producer
/// value of the sales covered), is the scarcity wedge between what buyers pay and the
/// producer's cost; it accrues to the exporting (producing) country — the licence holders of
/// an export quota, the owners of scarce capacity — inside its export-tax revenue.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuotaSolution {
    /// Quota or cap.
    pub kind: QuotaKind,
    /// Exporter (producer) index.
    pub exporter: usize,
    /// Sector index.
    pub sector: usize,
    /// The cap, relative to the baseline quantity.
    pub level: f64,
    /// t_q, the tax equivalent (fraction; 0 where the cap does not bind).
    pub tax_equivalent: f64,
    /// Quantity relative to the baseline, (V'/V)/ĉ.
    pub quantity: f64,
    /// Whether the cap binds (t_q > 0).
    pub binding: bool,
    /// The rent, base-year units of the flows.
    pub rent: f64,
    /// Producer value of the sales covered at the solution, base-year units.
    pub producer_value: f64,
}

impl Equilibrium {
    /// The export taxes in force at the solution: the policy's, with every quota's tax
    /// equivalent stacked on its cell, (1 + t')(1 + t_q) − 1 ([`Dims::nij`]).
    pub fn export_tax_in_force(&self, p: &Policy) -> Vec<f64> {
        let mut t = p.export_tax().to_vec();
        let d = p.dims();
        for q in &self.quotas {
            let importers: Vec<usize> = match q.kind {
                QuotaKind::Export { importer } => vec![importer],
                QuotaKind::Supply => (0..d.n).collect(),
            };
            for n in importers {
                let c = d.nij(n, q.exporter, q.sector);
                t[c] = (1.0 + t[c]) * (1.0 + q.tax_equivalent) - 1.0;
            }
        }
        t
    }

    /// Whether a binding supply cap taxes home sales (such a state cannot become a baseline:
    /// a baseline has no tax on domestic sales).
    pub fn taxes_home_sales(&self) -> bool {
        self.quotas
            .iter()
            .any(|q| q.kind == QuotaKind::Supply && q.tax_equivalent > 0.0)
    }
}

/// The Caliendo–Parro (2015) solver for one baseline: owns its workspace, allocated once.
///
/// Re-entrant: each `Engine` has its own buffers; clone it (cheap: the baseline is shared) to
/// solve in parallel.
///
/// # Example
/// ```
/// # use truce_model::testing::symmetric_world;
/// use truce_model::cp2015::Engine;
/// use truce_model::Policy;
/// let baseline = std::sync::Arc::new(symmetric_world(3, 2));
/// let mut engine = Engine::new(baseline.clone());
/// let mut policy = Policy::baseline(&baseline);
/// policy.set_tariff(&baseline, 0, 1, 0, 0.25).unwrap(); // region 0 taxes region 1, sector 0
/// let eq = engine.solve(&policy, None, &mut truce_solve::NoObserver).unwrap();
/// assert!(eq.info.termination.is_converged());
/// assert!(eq.info.walras_gap < 1e-9);
/// ```
///
/// # References
/// Caliendo, L. and Parro, F. (2015), "Estimates of the Trade and Welfare Effects of NAFTA",
/// *Review of Economic Studies* 82(1): 1–44, Definition 2 and Appendix C.
#[derive(Debug, Clone)]
pub struct Engine {
    baseline: Arc<Baseline>,
    params: EngineParams,
    pattern: Arc<Pattern>,
    /// The CES nests, when production is not Cobb–Douglas (`None`: the CP2015 kernels).
    nest: Option<Arc<Nest>>,
    ws: Workspace,
}

/// Cap on the quota iterations at one wage vector (each re-solves prices and expenditure,
/// warm-started; they typically converge in a handful).
const QUOTA_MAX_ITER: usize = 200;

/// Largest change of a quota's z = ln(1 + t_q) in one Newton step (a factor e³ ≈ 20 on
/// 1 + t_q): a flat secant (inelastic demand for a critical input) can otherwise throw z so
/// far that the flow underflows to zero (seen in `truce talks --link ree-export-tax`, where a
/// best response probes extreme tariffs with the short run's supply caps in force).
const QUOTA_MAX_STEP: f64 = 3.0;

/// A quota or cap on the sparse pattern.
#[derive(Debug, Clone)]
struct QuotaCell {
    kind: QuotaKind,
    exporter: usize,
    sector: usize,
    level: f64,
    /// Pattern entries of the sales covered, with their base coefficients (without the
    /// constraint's tax): (entry, k, producer, importer).
    entries: Vec<(usize, f64, f64, usize)>,
    /// Baseline producer value V of the sales covered.
    v0: f64,
    /// θ of the sector.
    theta: f64,
}

/// The quotas' state between outer iterations: z = ln(1 + t_q), and the last (z, ln quantity)
/// pair of each, for secant steps.
#[derive(Debug, Clone, Default)]
struct QuotaState {
    z: Vec<f64>,
    prev: Vec<Option<(f64, f64)>>,
    /// The last sane secant slope of each quota, kept across wage vectors: near the
    /// solution the first step at new wages is then a Newton step, not the cruder
    /// partial-equilibrium one.
    slope: Vec<Option<f64>>,
}

#[derive(Debug, Clone)]
struct Workspace {
    coef: PolicyCoefficients,
    ln_w: Vec<f64>,
    ln_c: Vec<f64>,
    ln_p: Vec<f64>,
    ln_p_next: Vec<f64>,
    c_pow: Vec<f64>,
    shift: Vec<f64>,
    sum: Vec<f64>,
    pi_new: Vec<f64>,
    x: Vec<f64>,
    x_next: Vec<f64>,
    income: Vec<f64>,
    deficit_new: Vec<f64>,
    z: Vec<f64>,
    flows: Flows,
    acc_p: Anderson,
    acc_x: Anderson,
    acc_w: Anderson,
    price_iterations: usize,
    expenditure_iterations: usize,
    inner_failed: Option<&'static str>,
    /// Outer residual at the previous evaluation: inner loops are solved only as tightly as
    /// the outer iterate deserves (inexact inner solves far from the solution).
    last_residual: f64,
    // Nested CES production (empty when Cobb–Douglas).
    nest_scratch: NestScratch,
    va_new: Vec<f64>,
    io_new: Vec<f64>,
    crit_new: Vec<f64>,
    // Export quotas of the current policy.
    quotas: Vec<QuotaCell>,
    /// Quantity of each quota's flow at the last evaluation.
    quota_q: Vec<f64>,
    quota: QuotaState,
}

impl Engine {
    /// Build a solver for `baseline` with default parameters.
    pub fn new(baseline: Arc<Baseline>) -> Self {
        Self::with_params(baseline, EngineParams::default())
    }

    /// Build a solver with explicit parameters.
    pub fn with_params(baseline: Arc<Baseline>, params: EngineParams) -> Self {
        let d = baseline.dims();
        let pattern = Arc::new(Pattern::new(&baseline));
        let nnz = pattern.nnz();
        let nest =
            (!baseline.production().is_cobb_douglas()).then(|| Arc::new(Nest::new(&baseline)));
        let ces = nest.is_some();
        let ws = Workspace {
            coef: PolicyCoefficients::new(&pattern),
            ln_w: vec![0.0; d.n],
            ln_c: vec![0.0; d.nj_len()],
            ln_p: vec![0.0; d.nj_len()],
            ln_p_next: vec![0.0; d.nj_len()],
            c_pow: vec![0.0; d.nj_len()],
            shift: vec![0.0; d.j],
            sum: vec![0.0; d.nj_len()],
            pi_new: vec![0.0; nnz],
            x: baseline.expenditure().to_vec(),
            x_next: vec![0.0; d.nj_len()],
            income: vec![0.0; d.n],
            deficit_new: vec![0.0; d.n],
            z: vec![0.0; d.n],
            flows: Flows::new(d),
            acc_p: Anderson::new(d.nj_len(), params.inner_memory, 1.0),
            acc_x: Anderson::new(d.nj_len(), params.inner_memory, 1.0),
            acc_w: Anderson::new(d.n, params.outer.memory(), params.outer.mixing()),
            price_iterations: 0,
            expenditure_iterations: 0,
            inner_failed: None,
            last_residual: f64::INFINITY,
            nest_scratch: NestScratch::new(d),
            va_new: if ces {
                baseline.va_share().to_vec()
            } else {
                Vec::new()
            },
            io_new: if ces {
                baseline.io_share().to_vec()
            } else {
                Vec::new()
            },
            crit_new: if ces {
                vec![0.0; d.nj_len()]
            } else {
                Vec::new()
            },
            quotas: Vec::new(),
            quota_q: Vec::new(),
            quota: QuotaState::default(),
        };
        Self {
            baseline,
            params,
            pattern,
            nest,
            ws,
        }
    }

    /// The baseline this engine solves.
    pub fn baseline(&self) -> &Arc<Baseline> {
        &self.baseline
    }

    /// The parameters.
    pub fn params(&self) -> &EngineParams {
        &self.params
    }

    /// Solve the counterfactual equilibrium for `policy`, optionally warm-started from an
    /// earlier solution on the same baseline.
    ///
    /// # Errors
    /// [`SolveError::Policy`] if the policy belongs to another baseline;
    /// [`SolveError::NotConverged`] with the diagnostics when the solve ends any other way
    /// than converged (iteration cap, stall, non-finite value, time limit, cancellation).
    pub fn solve<O: Observer + ?Sized>(
        &mut self,
        policy: &Policy,
        warm: Option<&Equilibrium>,
        observer: &mut O,
    ) -> Result<Equilibrium, SolveError> {
        let b = self.baseline.clone();
        let d = b.dims();
        self.ws.coef.set(&b, &self.pattern, policy)?;
        self.set_quotas(&b, policy)?;
        let mut w = vec![1.0; d.n];
        match warm {
            Some(eq) if eq.w_hat.len() == d.n && eq.ln_p.len() == d.nj_len() => {
                w.copy_from_slice(&eq.w_hat);
                self.ws.ln_p.copy_from_slice(&eq.ln_p);
                self.ws.x.copy_from_slice(&eq.expenditure);
                // A quota solved before on the same flow starts from its old equivalent.
                for (k, q) in self.ws.quotas.iter().enumerate() {
                    let same = |s: &QuotaSolution| {
                        (s.kind, s.exporter, s.sector) == (q.kind, q.exporter, q.sector)
                    };
                    if let Some(kk) = eq.quotas.iter().position(same) {
                        self.ws.quota.z[k] = eq.quota_z[kk];
                    }
                }
            }
            _ => {
                self.ws.ln_p.iter_mut().for_each(|v| *v = 0.0);
                self.ws.x.copy_from_slice(b.expenditure());
            }
        }
        self.ws.price_iterations = 0;
        self.ws.expenditure_iterations = 0;
        self.ws.last_residual = f64::INFINITY;
        let mut acc_w = std::mem::replace(&mut self.ws.acc_w, Anderson::new(0, 0, 1.0));
        let outer = self.params.outer.clone();
        let info = {
            let mut problem = WageProblem {
                b: &b,
                pat: &self.pattern,
                nest: self.nest.as_deref(),
                params: &self.params,
                rule: policy.deficit_rule(),
                ws: &mut self.ws,
            };
            solve_fixed_point_with(&mut problem, &mut w, &outer, observer, &mut acc_w)
        };
        self.ws.acc_w = acc_w;
        // `w` is the last point evaluated; the workspace holds its inner solutions.
        self.finish(&b, d, w, info)
    }

    /// Locate each quota and cap of `policy` on the pattern and keep its base coefficients.
    fn set_quotas(&mut self, b: &Baseline, policy: &Policy) -> Result<(), ModelError> {
        let d = b.dims();
        let pat = &self.pattern;
        let coef = &self.ws.coef;
        let mut cells = Vec::new();
        let cell = |kind: QuotaKind, i: usize, j: usize, level: f64, importers: &[usize]| {
            let mut entries = Vec::new();
            let mut v0 = 0.0;
            for &n in importers {
                let r = j * d.n + n;
                if let Some(e) =
                    (pat.row_ptr[r]..pat.row_ptr[r + 1]).find(|&e| pat.exporter[e] == i)
                {
                    let c = d.nij(n, i, j);
                    entries.push((e, coef.k[e], coef.producer[e], n));
                    v0 += b.flows()[c] / (1.0 + b.export_tax()[c]);
                }
            }
            QuotaCell {
                kind,
                exporter: i,
                sector: j,
                level,
                entries,
                v0,
                theta: b.theta()[j],
            }
        };
        for q in policy.export_quotas() {
            let c = cell(
                QuotaKind::Export {
                    importer: q.importer,
                },
                q.exporter,
                q.sector,
                q.level,
                &[q.importer],
            );
            if c.entries.is_empty() {
                return Err(ModelError::new(
                    "export_quota",
                    b.location_nij(q.importer, q.exporter, q.sector),
                    q.level,
                    "this flow is zero in the baseline, so a cap on it cannot bind; remove it",
                ));
            }
            cells.push(c);
        }
        let all: Vec<usize> = (0..d.n).collect();
        for q in policy.supply_caps() {
            cells.push(cell(QuotaKind::Supply, q.producer, q.sector, q.level, &all));
        }
        let nq = cells.len();
        self.ws.quotas = cells;
        self.ws.quota_q = vec![1.0; nq];
        self.ws.quota = QuotaState {
            z: vec![0.0; nq],
            prev: vec![None; nq],
            slope: vec![None; nq],
        };
        Ok(())
    }

    fn finish(
        &mut self,
        b: &Baseline,
        d: Dims,
        w: Vec<f64>,
        info: Info,
    ) -> Result<Equilibrium, SolveError> {
        let ws = &mut self.ws;
        let world_va = b.world_value_added();
        let walras_gap = ws.z.iter().map(|z| z.abs()).sum::<f64>() / world_va;
        let identity_gap =
            (ws.z.iter().sum::<f64>() + ws.deficit_new.iter().sum::<f64>()).abs() / world_va;
        let va_share: &[f64] = if self.nest.is_some() {
            &ws.va_new
        } else {
            b.va_share()
        };
        let mut lmc: f64 = 0.0;
        for n in 0..d.n {
            let va_demand: f64 = (0..d.j)
                .map(|j| va_share[d.nj(n, j)] * ws.flows.gross_output[d.nj(n, j)])
                .sum();
            lmc = lmc.max(((w[n] * b.value_added()[n] - va_demand) / b.value_added()[n]).abs());
        }
        let mut termination = info.termination.clone();
        if termination.is_converged() {
            if let Some(which) = ws.inner_failed {
                termination = Termination::NonFinite(NonFinite::new(which, 0));
            }
        }
        let solve_info = SolveInfo {
            termination: termination.clone(),
            iterations: info.iterations,
            price_iterations: ws.price_iterations,
            expenditure_iterations: ws.expenditure_iterations,
            residual: info.residual,
            walras_gap,
            identity_gap,
            labour_market_gap: lmc,
            elapsed: info.elapsed,
        };
        if !termination.is_converged() {
            let info = Info {
                termination: termination.clone(),
                iterations: solve_info.iterations,
                residual: solve_info.residual,
                elapsed: solve_info.elapsed,
            };
            let cause = truce_solve::NotConverged {
                info,
                tol: self.params.outer.tol(),
                hint: hint(&termination).to_string(),
            };
            return Err(SolveError::NotConverged(Box::new(solve_info), cause));
        }
        let mut trade_share_dense = vec![0.0; d.cube_len()];
        for (e, &c) in self.pattern.cell.iter().enumerate() {
            trade_share_dense[c] = ws.pi_new[e];
        }
        let quota_z = ws.quota.z.clone();
        let quotas = ws
            .quotas
            .iter()
            .enumerate()
            .map(|(k, q)| {
                let t_q = quota_z[k].exp_m1();
                let (mut producer_value, mut rent) = (0.0, 0.0);
                for &(e, _, producer0, n) in &q.entries {
                    let v = ws.pi_new[e] * ws.x[d.nj(n, q.sector)] * ws.coef.producer[e];
                    producer_value += v;
                    // 1 + t' (the cell's explicit export tax) = border / producer at t_q = 0.
                    rent += t_q * (ws.coef.border[e] / producer0) * v;
                }
                QuotaSolution {
                    kind: q.kind,
                    exporter: q.exporter,
                    sector: q.sector,
                    level: q.level,
                    tax_equivalent: t_q,
                    quantity: ws.quota_q[k],
                    binding: quota_z[k] > 0.0,
                    rent,
                    producer_value,
                }
            })
            .collect();
        let cost_shares = self.nest.as_ref().map(|_| CostShares {
            va_share: ws.va_new.clone(),
            io_share: ws.io_new.clone(),
            critical_share: ws.crit_new.clone(),
        });
        Ok(Equilibrium {
            w_hat: w,
            c_hat: ws.ln_c.iter().map(|v| v.exp()).collect(),
            p_hat: ws.ln_p.iter().map(|v| v.exp()).collect(),
            trade_share: trade_share_dense,
            expenditure: ws.x.clone(),
            gross_output: ws.flows.gross_output.clone(),
            income: ws.income.clone(),
            tariff_revenue: ws.flows.tariff_revenue.clone(),
            export_tax_revenue: ws.flows.export_tax_revenue.clone(),
            deficit: ws.deficit_new.clone(),
            excess_demand: ws.z.clone(),
            info: solve_info,
            cost_shares,
            quotas,
            ln_p: ws.ln_p.clone(),
            quota_z,
        })
    }
}

/// The outer problem: x = ŵ, g(ŵ) = ŵ − step·Z(ŵ)/VA (CP2015 Appendix C, step 6); with export
/// quotas, x also holds each quota's z = ln(1 + t_q)/QUOTA_SCALE, updated by the quantity gap.
struct WageProblem<'a> {
    b: &'a Baseline,
    pat: &'a Pattern,
    nest: Option<&'a Nest>,
    params: &'a EngineParams,
    rule: DeficitRule,
    ws: &'a mut Workspace,
}

impl WageProblem<'_> {
    /// Solve the price system (10)–(11) and the expenditure system (13) for given ŵ, to
    /// tolerance `tol` (at least the configured floors), then evaluate eq. (14). Returns
    /// max |Zₙ|/VAₙ; leaves π', X', flows, income and Z in the workspace.
    fn inner(&mut self, w: &[f64], tol: f64) -> Result<f64, NonFinite> {
        let b = self.b;
        let d = b.dims();
        let ws = &mut *self.ws;
        let price_tol = self.params.price_tol.max(tol);
        let expenditure_tol = self.params.expenditure_tol.max(tol);
        // Inner loop 1: prices, eqs. (10)–(11), warm-started from the last ln P̂.
        ws.acc_p.reset();
        let mut converged = false;
        for _ in 0..self.params.inner_max_iter {
            ws.price_iterations += 1;
            match self.nest {
                None => log_input_cost(
                    d,
                    b.va_share(),
                    b.io_share(),
                    &ws.ln_w,
                    &ws.ln_p,
                    &mut ws.ln_c,
                ),
                Some(nest) => nested_cost(
                    d,
                    nest,
                    &ws.ln_w,
                    &ws.ln_p,
                    &mut ws.ln_c,
                    None,
                    &mut ws.nest_scratch,
                ),
            }
            if let Some(c) = log_price_index(
                d,
                b.theta(),
                self.pat,
                &ws.coef,
                &ws.ln_c,
                &mut ws.c_pow,
                &mut ws.shift,
                &mut ws.sum,
                &mut ws.ln_p_next,
            ) {
                return Err(NonFinite::new("P_hat[n][j]", c));
            }
            let mut delta: f64 = 0.0;
            for (k, (a, bb)) in ws.ln_p.iter().zip(&ws.ln_p_next).enumerate() {
                let dd = (a - bb).abs();
                if !dd.is_finite() {
                    return Err(NonFinite::new("P_hat[n][j]", k));
                }
                delta = delta.max(dd);
            }
            if delta < price_tol {
                ws.ln_p.copy_from_slice(&ws.ln_p_next);
                converged = true;
                break;
            }
            ws.acc_p.step(&mut ws.ln_p, &ws.ln_p_next);
        }
        // ĉ consistent with the accepted P̂ (and, under nested CES, the cost shares at those
        // prices), then π' (eq. (12)).
        match self.nest {
            None => log_input_cost(
                d,
                b.va_share(),
                b.io_share(),
                &ws.ln_w,
                &ws.ln_p,
                &mut ws.ln_c,
            ),
            Some(nest) => nested_cost(
                d,
                nest,
                &ws.ln_w,
                &ws.ln_p,
                &mut ws.ln_c,
                Some(SharesOut {
                    va: &mut ws.va_new,
                    io: &mut ws.io_new,
                    critical: &mut ws.crit_new,
                }),
                &mut ws.nest_scratch,
            ),
        }
        if let Some(c) = log_price_index(
            d,
            b.theta(),
            self.pat,
            &ws.coef,
            &ws.ln_c,
            &mut ws.c_pow,
            &mut ws.shift,
            &mut ws.sum,
            &mut ws.ln_p_next,
        ) {
            return Err(NonFinite::new("P_hat[n][j]", c));
        }
        trade_share(d, self.pat, &ws.coef, &ws.c_pow, &ws.sum, &mut ws.pi_new);

        // Inner loop 2: expenditure, eq. (13), warm-started from the last X'.
        ws.acc_x.reset();
        let mut converged_x = false;
        for _ in 0..self.params.inner_max_iter {
            ws.expenditure_iterations += 1;
            ws.flows.compute(d, self.pat, &ws.coef, &ws.pi_new, &ws.x);
            // Eq. (13) with the input shares at the current prices (the data's under
            // Cobb–Douglas).
            let io: &[f64] = if self.nest.is_some() {
                &ws.io_new
            } else {
                b.io_share()
            };
            expenditure_map(
                d,
                io,
                b.alpha(),
                w,
                b.value_added(),
                &ws.deficit_new,
                &ws.flows,
                &mut ws.income,
                &mut ws.x_next,
            );
            let mut delta: f64 = 0.0;
            for n in 0..d.n {
                let scale = 1.0 / b.value_added()[n];
                for j in 0..d.j {
                    let c = d.nj(n, j);
                    let dd = ((ws.x_next[c] - ws.x[c]) * scale).abs();
                    if !dd.is_finite() {
                        return Err(NonFinite::new("X[n][j]", c));
                    }
                    delta = delta.max(dd);
                }
            }
            if delta < expenditure_tol {
                converged_x = true;
                break;
            }
            ws.acc_x.step(&mut ws.x, &ws.x_next);
        }
        ws.inner_failed = if !converged {
            Some("P_hat (price loop did not converge)")
        } else if !converged_x {
            Some("X (expenditure loop did not converge)")
        } else {
            None
        };
        // Eq. (14) at the accepted X' (flows and income were computed from it).
        let residual = excess_demand(&ws.flows, &ws.deficit_new, b.value_added(), &mut ws.z);
        if let Some(n) = ws.z.iter().position(|z| !z.is_finite()) {
            return Err(NonFinite::new("Z[n]", n));
        }
        Ok(residual)
    }
}

impl WageProblem<'_> {
    /// Set the quota cells' coefficients for the current z = ln(1 + t_q): the equivalent enters
    /// the cell's cost shifter and its producer value like an export tax (spec §6).
    fn apply_quota_taxes(&mut self) {
        let ws = &mut *self.ws;
        for (q, &z) in ws.quotas.iter().zip(&ws.quota.z) {
            let (fk, fp) = ((-q.theta * z).exp(), (-z).exp());
            for &(e, k0, producer0, _) in &q.entries {
                ws.coef.k[e] = k0 * fk;
                ws.coef.producer[e] = producer0 * fp;
            }
        }
    }

    /// Each quota's quantity (V'/V)/ĉ at the current solution (into the workspace), and the
    /// complementarity residual max |min((θ + 1)·z, ln(cap/quantity))|: zero exactly when
    /// every quota either binds with z ≥ 0 or is slack with z = 0.
    fn quota_quantities(&mut self) -> Result<f64, NonFinite> {
        let d = self.b.dims();
        let ws = &mut *self.ws;
        let mut worst: f64 = 0.0;
        for (k, q) in ws.quotas.iter().enumerate() {
            let (i, j) = (q.exporter, q.sector);
            let v: f64 = q
                .entries
                .iter()
                .map(|&(e, _, _, n)| ws.pi_new[e] * ws.x[d.nj(n, j)] * ws.coef.producer[e])
                .sum();
            let qty = v / q.v0 / ws.ln_c[d.nj(i, j)].exp();
            if !(qty.is_finite() && qty >= 0.0) {
                return Err(NonFinite::new("quota quantity", k));
            }
            // A flow that underflowed to zero is far below its cap: keep its log finite so
            // the Newton step lowers the equivalent instead of failing.
            let qty = qty.max(f64::MIN_POSITIVE);
            ws.quota_q[k] = qty;
            let gap = (q.level / qty).ln();
            worst = worst.max(((q.theta + 1.0) * ws.quota.z[k]).min(gap).abs());
        }
        Ok(worst)
    }

    /// The inner solve at wages `w` with every quota met: the export-tax equivalents are
    /// iterated at fixed wages (each step re-solves prices and expenditure, warm-started) until
    /// each quota binds or is slack with a zero equivalent. Solving them here, not beside ŵ in
    /// the outer vector, matters: a quota's quantity moves θ-fold with relative wages, and an
    /// outer update that treats the two separately cycles (seen on random worlds with θ ≈ 12).
    ///
    /// Each step is a safeguarded Newton step on ln(quantity) in z: the slope is the secant of
    /// the last two steps when it is sane, else the partial-equilibrium one,
    /// −(θ(1 − π') + 1) (the flow's share π' of the importer's spending moves as
    /// (1 + t)^−θ(1−π'), its producer value by a further (1 + t)^−1); z is projected on z ≥ 0.
    /// Returns max(trade residual, quota residual).
    fn inner_with_quotas(&mut self, w: &[f64], tol: f64) -> Result<f64, NonFinite> {
        if self.ws.quotas.is_empty() {
            return self.inner(w, tol);
        }
        let d = self.b.dims();
        let quota_tol = tol.max(1e-2 * self.params.outer.tol());
        // Secants only within one wage vector.
        self.ws.quota.prev.iter_mut().for_each(|p| *p = None);
        let mut r = 0.0;
        let mut rq = f64::INFINITY;
        for _ in 0..QUOTA_MAX_ITER {
            self.apply_quota_taxes();
            r = self.inner(w, tol)?;
            rq = self.quota_quantities()?;
            // The quotas need not be met more tightly than the trade balance is at these wages:
            // the outer residual is the larger of the two.
            if rq <= quota_tol.max(0.1 * r) {
                break;
            }
            let ws = &mut *self.ws;
            for (k, q) in ws.quotas.iter().enumerate() {
                let z = ws.quota.z[k];
                let lq = ws.quota_q[k].ln();
                // The sales-weighted share of the covered flows in their importers' spending.
                let (mut num, mut den) = (0.0, 0.0);
                for &(e, _, _, n) in &q.entries {
                    let v = ws.pi_new[e] * ws.x[d.nj(n, q.sector)];
                    num += v * ws.pi_new[e];
                    den += v;
                }
                let pi = if den > 0.0 { num / den } else { 0.0 };
                let analytic = -(q.theta * (1.0 - pi) + 1.0);
                // Secants may be far flatter than the partial-equilibrium slope (demand for a
                // critical input is inelastic), never steeper than ten times it.
                let sane = |sec: f64| sec < 0.0 && sec > 10.0 * analytic;
                let slope = match ws.quota.prev[k] {
                    Some((z0, lq0)) if (z - z0).abs() > 1e-12 => {
                        let sec = (lq - lq0) / (z - z0);
                        if sane(sec) {
                            ws.quota.slope[k] = Some(sec);
                            sec
                        } else {
                            ws.quota.slope[k].unwrap_or(analytic)
                        }
                    }
                    _ => ws.quota.slope[k].unwrap_or(analytic),
                };
                let gap = lq - q.level.ln();
                let next = (z - (gap / slope).clamp(-QUOTA_MAX_STEP, QUOTA_MAX_STEP)).max(0.0);
                if !next.is_finite() {
                    return Err(NonFinite::new("quota tax equivalent", k));
                }
                ws.quota.prev[k] = Some((z, lq));
                ws.quota.z[k] = next;
            }
        }
        Ok(r.max(rq))
    }
}

impl FixedPoint for WageProblem<'_> {
    fn dim(&self) -> usize {
        self.b.dims().n
    }

    fn eval(&mut self, w: &[f64], gw: &mut [f64]) -> Result<f64, NonFinite> {
        let b = self.b;
        let d = b.dims();
        for (n, &wn) in w.iter().enumerate() {
            if !(wn.is_finite() && wn > 0.0) {
                return Err(NonFinite::new("w_hat", n));
            }
            self.ws.ln_w[n] = wn.ln();
        }
        // Multiplicative (ge_gravity's E = (Y + D)·ŵ): ŵVA + D' = λ(VA + D)ŵ with
        // λ = ΣVAŵ / Σ(VA + D)ŵ, so that ΣD' = 0 and Walras' law holds (docs/gravity.md).
        let (va, d0) = (b.value_added(), b.deficit());
        let lambda = match self.rule {
            DeficitRule::Multiplicative => {
                let income: f64 = (0..d.n).map(|m| va[m] * w[m]).sum();
                let spending: f64 = (0..d.n).map(|m| (va[m] + d0[m]) * w[m]).sum();
                income / spending
            }
            _ => 1.0,
        };
        for n in 0..d.n {
            self.ws.deficit_new[n] = match self.rule {
                DeficitRule::Fixed => d0[n],
                DeficitRule::Zero => 0.0,
                DeficitRule::Multiplicative => lambda * (va[n] + d0[n]) * w[n] - va[n] * w[n],
            };
        }
        // Inner tolerances: 1e-3 of the previous outer residual, never looser than 1e-6 nor
        // tighter than the configured floor. A residual computed from loose inner solves is
        // only trusted far from the tolerance: near it, the inner loops are polished to the
        // floor and the residual recomputed, so a converged point always has exact inner
        // solutions.
        let floor = self.params.price_tol.min(self.params.expenditure_tol);
        let mut tol = floor.max((1e-3 * self.ws.last_residual).min(1e-6));
        let residual = loop {
            let r = self.inner_with_quotas(w, tol)?;
            if tol <= floor || r > 1e3 * self.params.outer.tol() {
                break r;
            }
            tol = floor;
        };
        self.ws.last_residual = residual;
        let ws = &mut *self.ws;
        for n in 0..d.n {
            gw[n] = w[n] - self.params.wage_step * ws.z[n] / b.value_added()[n];
        }
        Ok(residual)
    }

    /// Numeraire: Σₙ VAₙ ŵₙ = Σₙ VAₙ (world GDP in base units constant), and ŵ > 0.
    fn project(&mut self, w: &mut [f64]) {
        let va = self.b.value_added();
        for v in w.iter_mut() {
            if *v < 1e-6 {
                *v = 1e-6;
            }
        }
        let s: f64 = w.iter().zip(va).map(|(w, v)| w * v).sum();
        let scale = self.b.world_value_added() / s;
        w.iter_mut().for_each(|v| *v *= scale);
    }
}
