//! The Caliendo–Parro engine: owns the workspace, sets up a policy (its coefficients and
//! quotas), warm-starts, runs the outer wage loop ([`super::wage`]) and assembles the
//! [`Equilibrium`].

use super::equilibrium::{hint, CostShares, Equilibrium, SolveError, SolveInfo};
use super::expenditure::Flows;
use super::nested_cost::{Nest, NestScratch};
use super::params::EngineParams;
use super::pattern::{Pattern, PolicyCoefficients};
use super::quota::Quotas;
use super::wage::{WageProblem, Workspace};
use crate::baseline::Baseline;
use crate::dims::Dims;
use crate::policy::Policy;
use std::sync::Arc;
use truce_solve::{solve_fixed_point_with, Anderson, Info, NonFinite, Observer, Termination};

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
            quotas: Quotas::default(),
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
        self.ws.quotas = Quotas::new(&b, &self.pattern, &self.ws.coef, policy)?;
        let mut w = vec![1.0; d.n];
        match warm {
            Some(eq) if eq.w_hat.len() == d.n && eq.ln_p.len() == d.nj_len() => {
                w.copy_from_slice(&eq.w_hat);
                self.ws.ln_p.copy_from_slice(&eq.ln_p);
                self.ws.x.copy_from_slice(&eq.expenditure);
                // A quota solved before on the same flow starts from its old equivalent.
                self.ws.quotas.warm_start(eq);
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
        let quota_z = ws.quotas.z().to_vec();
        let quota_jac = ws.quotas.jacobian().to_vec();
        let quotas = ws.quotas.solutions(d, &ws.pi_new, &ws.x, &ws.coef);
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
            quota_jac,
        })
    }
}
