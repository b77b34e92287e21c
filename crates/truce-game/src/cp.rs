//! The Caliendo–Parro (2015) engine as a [`Game`]: chosen governments set import tariffs on
//! chosen partners (one rate per tradable sector, or one uniform rate), and optionally an export
//! tax on a share of some exports (how export controls on rare earths enter); every other policy
//! stays at the baseline. Payoffs are exact real income $\hat I_n/\hat P_n$.
//!
//! Gradients are exact: the implicit-function theorem on the equilibrium system, one adjoint
//! solve per payoff combination (`truce_model::cp2015::Linearised`, whatever the number of
//! instruments), and the Hessians of [`Game::weighted_hessian`] forward differences of those
//! exact gradients, so the searches take projected Newton steps. Where the exact derivatives do
//! not reach (nested CES production, export quotas, supply caps: the rare-earth lever's short
//! run), gradients fall back to forward finite differences of re-solved equilibria, each
//! warm-started from the equilibrium at the current point and solved in parallel (rayon). The
//! solver tolerance is tightened to 1e-13 so that the gradients are exact to about 1e-12 and
//! differences of 1e-5 in a tariff stay well above the noise.

#[path = "cp_exact.rs"]
mod exact;
#[path = "cp_setup.rs"]
mod setup;

use crate::game::{Game, Instrument, SecondOrder};
use rayon::prelude::*;
use std::sync::Arc;
use thiserror::Error;
use truce_model::cp2015::{
    real_income, Engine, EngineParams, Equilibrium, Sensitivity, SolveError,
};
use truce_model::{Baseline, ModelError, Policy};
use truce_solve::linalg::BlockLowRank;
use truce_solve::{NoObserver, SolveParams};

/// What went wrong playing the Caliendo–Parro game.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum CpGameError {
    /// The equilibrium did not solve (carries the engine's diagnostics).
    #[error(transparent)]
    Solve(Box<SolveError>),
    /// A policy value was rejected.
    #[error(transparent)]
    Model(Box<ModelError>),
    /// The game was set up wrongly (unknown region, no tradable sector, …).
    #[error("{0}")]
    Setup(String),
    /// A player's base income is not positive, so its real income is undefined.
    #[error("real income of {0} is undefined: its base income is not positive")]
    Welfare(String),
}

impl From<SolveError> for CpGameError {
    fn from(e: SolveError) -> Self {
        CpGameError::Solve(Box::new(e))
    }
}

impl From<ModelError> for CpGameError {
    fn from(e: ModelError) -> Self {
        CpGameError::Model(Box::new(e))
    }
}

/// Which tariffs a player sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TariffInstruments {
    /// One tariff per tradable sector on each partner.
    Sector,
    /// One tariff on each partner, applied to every tradable sector.
    Uniform,
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    /// τ'ʲₙᵢ = level for j in `sectors`.
    Tariff {
        importer: usize,
        exporter: usize,
        sectors: Vec<usize>,
    },
    /// t'ʲₙᵢ = the sector-level equivalent of `level` on share_j of the flow ([`covered_rate`]).
    /// With `log_scale` the instrument is ln(1 + rate), so that rates from 0 to thousands of
    /// per cent are equally easy to search.
    ExportTax {
        exporter: usize,
        importer: usize,
        shares: Vec<(usize, f64)>,
        log_scale: bool,
    },
    /// A quota: the exporter licenses `level` times the baseline quantity of its sector
    /// exports to the importer (solved by the engine as an export-tax equivalent).
    ExportQuota {
        exporter: usize,
        importer: usize,
        sector: usize,
    },
}

/// The sector-level export tax equivalent to a rate `x` on a share `s` of a flow already taxed
/// at `base`, with the covered goods' share of the sector's spending held fixed (Cobb–Douglas
/// inside the sector, as a scenario's `within_sector = "cobb-douglas"`; docs/scenarios.md):
/// (1 + base)·(1 + x/(1 + base))^s − 1. A rare-earth tax is not dodged by buying the sector's
/// other goods, so the θ-consistent aggregation (which caps it near s/θ) does not apply.
fn covered_rate(base: f64, s: f64, x: f64) -> f64 {
    if s >= 1.0 {
        return base + x;
    }
    (1.0 + base) * (1.0 + x / (1.0 + base)).powf(s) - 1.0
}

/// The players' differenced Hessians: (x, wrt, one dense matrix per player).
type HessianCache = (Vec<f64>, Vec<usize>, Vec<Vec<f64>>);

/// The tariff game on a Caliendo–Parro baseline.
#[derive(Debug, Clone)]
pub struct CpGame {
    baseline: Arc<Baseline>,
    base_policy: Policy,
    engine: Engine,
    players: Vec<String>,
    regions: Vec<usize>,
    instruments: Vec<Instrument>,
    kinds: Vec<Kind>,
    warm: Option<(Vec<f64>, Equilibrium)>,
    fd_step: f64,
    /// Political-economy weights λ by player × sector (`None`: real income).
    weights: Option<Vec<Vec<f64>>>,
    /// The trade pattern for exact derivatives (`truce_model::cp2015::Sensitivity`).
    sensitivity: Arc<Sensitivity>,
    /// Equilibria solved (each payoff or gradient evaluation at a new point, each
    /// finite-difference column, each Hessian column): a counter for profiles.
    solves: Arc<std::sync::atomic::AtomicUsize>,
    /// Exact derivatives computed (each one linearisation and LU of the equilibrium system).
    linearisations: Arc<std::sync::atomic::AtomicUsize>,
    /// The players' Hessians at the last point they were differenced at (x, wrt, one dense
    /// matrix per player), reused by Newton steps within [`HESSIAN_REUSE`] of it.
    hessian_cache: Option<HessianCache>,
}

impl CpGame {
    /// A game between the regions `players` (codes) of `baseline`: each player sets its import
    /// tariffs on every other player, per tradable sector or uniformly, within
    /// `[lower, upper]`. Every other policy stays at the baseline (deficits fixed, as in the
    /// baseline's policy).
    ///
    /// # Errors
    /// [`CpGameError::Setup`] for an unknown or repeated code, fewer than two players, bounds
    /// that are not finite with `-1 < lower ≤ upper`, or a baseline without tradable sectors.
    pub fn new(
        baseline: Arc<Baseline>,
        players: &[&str],
        tariffs: TariffInstruments,
        lower: f64,
        upper: f64,
    ) -> Result<Self, CpGameError> {
        let tradable: Vec<usize> = (0..baseline.dims().j)
            .filter(|&j| baseline.sectors()[j].tradable)
            .collect();
        Self::on_sectors(baseline, players, tariffs, lower, upper, &tradable)
    }

    /// As [`CpGame::new`], with tariffs set only on `sectors` (indices of tradable sectors):
    /// e.g. goods only, where a dataset trades services that no one tariffs. With one tariff
    /// per sector, flows that are zero in the baseline get no instrument (they stay zero).
    ///
    /// # Errors
    /// As [`CpGame::new`]; also a sector index out of range or not tradable, or an empty list.
    pub fn on_sectors(
        baseline: Arc<Baseline>,
        players: &[&str],
        tariffs: TariffInstruments,
        lower: f64,
        upper: f64,
        sectors: &[usize],
    ) -> Result<Self, CpGameError> {
        if players.len() < 2 {
            return Err(CpGameError::Setup(
                "a game needs at least two players (e.g. --players USA,CHN)".into(),
            ));
        }
        if !(lower > -1.0 && upper >= lower && upper.is_finite()) {
            return Err(CpGameError::Setup(format!(
                "tariff bounds [{lower}, {upper}] are invalid: use -1 < lower ≤ upper"
            )));
        }
        let mut regions = Vec::new();
        for code in players {
            let r = baseline.region_index(code).ok_or_else(|| {
                let known: Vec<&str> = baseline.regions().iter().map(|r| r.code.as_str()).collect();
                CpGameError::Setup(format!(
                    "unknown region `{code}`; the baseline has {}",
                    known.join(", ")
                ))
            })?;
            if regions.contains(&r) {
                return Err(CpGameError::Setup(format!(
                    "player `{code}` is listed twice"
                )));
            }
            regions.push(r);
        }
        if let Some(&j) = sectors
            .iter()
            .find(|&&j| j >= baseline.dims().j || !baseline.sectors()[j].tradable)
        {
            return Err(CpGameError::Setup(format!(
                "sector index {j} is not a tradable sector of the baseline, so it carries no tariff"
            )));
        }
        let tradable: Vec<usize> = sectors.to_vec();
        if tradable.is_empty() {
            return Err(CpGameError::Setup(
                "the baseline has no tradable sector, so there are no tariffs to set".into(),
            ));
        }
        let mut instruments = Vec::new();
        let mut kinds = Vec::new();
        for (p, &n) in regions.iter().enumerate() {
            for &i in regions.iter().filter(|&&i| i != n) {
                let (imp, exp) = (&baseline.regions()[n].code, &baseline.regions()[i].code);
                match tariffs {
                    TariffInstruments::Sector => {
                        for &j in &tradable {
                            // A tariff on a flow that is zero in the baseline stays without
                            // effect (zero flows stay zero): no instrument.
                            if baseline.flows()[baseline.dims().nij(n, i, j)] == 0.0 {
                                continue;
                            }
                            let sec = &baseline.sectors()[j].code;
                            instruments.push(Instrument {
                                owner: p,
                                label: format!("{imp} tariff on imports from {exp}, {sec}"),
                                key: format!("{exp}/{sec}"),
                                lower,
                                upper,
                            });
                            kinds.push(Kind::Tariff {
                                importer: n,
                                exporter: i,
                                sectors: vec![j],
                            });
                        }
                    }
                    TariffInstruments::Uniform => {
                        instruments.push(Instrument {
                            owner: p,
                            label: format!("{imp} tariff on all imports from {exp}"),
                            key: format!("{exp}/uniform"),
                            lower,
                            upper,
                        });
                        kinds.push(Kind::Tariff {
                            importer: n,
                            exporter: i,
                            sectors: tradable.clone(),
                        });
                    }
                }
            }
        }
        let params = EngineParams {
            outer: SolveParams::default()
                .with_tol(1e-13)
                .and_then(|p| p.with_max_iter(4000))
                .and_then(|p| p.with_memory(6))
                .and_then(|p| p.with_max_step(EngineParams::default().outer.max_step()))
                .expect("valid solver parameters"),
            price_tol: 1e-14,
            expenditure_tol: 1e-14,
            ..EngineParams::default()
        };
        Ok(Self {
            base_policy: Policy::baseline(&baseline),
            engine: Engine::with_params(baseline.clone(), params),
            players: regions
                .iter()
                .map(|&r| baseline.regions()[r].code.clone())
                .collect(),
            regions,
            instruments,
            kinds,
            warm: None,
            fd_step: 1e-5,
            weights: None,
            sensitivity: Arc::new(Sensitivity::new(&baseline)),
            solves: Arc::new(std::sync::atomic::AtomicUsize::new(0)),
            linearisations: Arc::new(std::sync::atomic::AtomicUsize::new(0)),
            hessian_cache: None,
            baseline,
        })
    }

    /// The rate instrument `k` stands for at level `x_k`: the level itself, except for an
    /// export tax searched on a log scale (upper bound above 1000 %), whose level is
    /// ln(1 + rate).
    pub fn rate_of(&self, k: usize, x_k: f64) -> f64 {
        match &self.kinds[k] {
            Kind::ExportTax {
                log_scale: true, ..
            } => x_k.exp_m1(),
            _ => x_k,
        }
    }

    /// Whether payoffs carry political-economy weights.
    pub fn is_political_economy(&self) -> bool {
        self.weights.is_some()
    }

    /// The baseline.
    pub fn baseline(&self) -> &Arc<Baseline> {
        &self.baseline
    }

    /// Region index of each player.
    pub fn player_regions(&self) -> &[usize] {
        &self.regions
    }

    /// The instrument levels of the baseline policy (a tariff instrument covering several
    /// sectors takes their trade-weighted mean base rate; an export-tax instrument 0).
    pub fn status_quo(&self) -> Vec<f64> {
        let b = &self.baseline;
        let d = b.dims();
        self.kinds
            .iter()
            .map(|k| match k {
                Kind::Tariff {
                    importer,
                    exporter,
                    sectors,
                } => {
                    let (mut num, mut den) = (0.0, 0.0);
                    for &j in sectors {
                        let c = d.nij(*importer, *exporter, j);
                        num += b.flows()[c] * b.tariff()[c];
                        den += b.flows()[c];
                    }
                    if den > 0.0 {
                        num / den
                    } else {
                        sectors
                            .iter()
                            .map(|&j| b.tariff()[d.nij(*importer, *exporter, j)])
                            .sum::<f64>()
                            / sectors.len() as f64
                    }
                }
                Kind::ExportTax { .. } => 0.0,
                // The licences of the status quo: as many as anyone would buy (the bound).
                Kind::ExportQuota { .. } => f64::NAN,
            })
            .zip(&self.instruments)
            .map(|(v, ins)| if v.is_nan() { ins.upper } else { v })
            .collect()
    }

    /// Every player's payoff under the baseline policy itself (1 when the baseline is an
    /// equilibrium). With uniform tariff instruments the baseline's sector tariffs are not a
    /// point of the instrument space ([`CpGame::status_quo`] only approximates them by their
    /// trade-weighted mean), so the status quo's payoffs come from here.
    ///
    /// # Errors
    /// If the baseline policy does not solve.
    pub fn status_quo_payoffs(&mut self) -> Result<Vec<f64>, CpGameError> {
        let mut engine = self.engine.clone();
        self.count_solve();
        let eq = engine.solve(&self.base_policy, None, &mut NoObserver)?;
        self.payoffs_of(&eq)
    }

    /// Whether [`CpGame::status_quo`] reproduces the baseline policy exactly (one instrument per
    /// sector).
    pub fn status_quo_is_exact(&self) -> bool {
        self.kinds.iter().all(|k| match k {
            Kind::Tariff { sectors, .. } => sectors.len() == 1,
            Kind::ExportTax { .. } | Kind::ExportQuota { .. } => true,
        })
    }

    /// The policy at instrument levels `x`.
    ///
    /// # Errors
    /// If a level is rejected by the policy (e.g. not finite).
    pub fn policy_at(&self, x: &[f64]) -> Result<Policy, CpGameError> {
        let b = &self.baseline;
        let d = b.dims();
        let mut p = self.base_policy.clone();
        for (k, kind) in self.kinds.iter().enumerate() {
            match kind {
                Kind::Tariff {
                    importer,
                    exporter,
                    sectors,
                } => {
                    for &j in sectors {
                        p.set_tariff(b, *importer, *exporter, j, x[k])?;
                    }
                }
                Kind::ExportTax {
                    exporter,
                    importer,
                    shares,
                    log_scale,
                } => {
                    let rate = if *log_scale { x[k].exp_m1() } else { x[k] };
                    for &(j, s) in shares {
                        let base = b.export_tax()[d.nij(*importer, *exporter, j)];
                        p.set_export_tax(b, *importer, *exporter, j, covered_rate(base, s, rate))?;
                    }
                }
                Kind::ExportQuota {
                    exporter,
                    importer,
                    sector,
                } => {
                    p.set_export_quota(b, *importer, *exporter, *sector, x[k])?;
                }
            }
        }
        Ok(p)
    }

    /// Equilibria solved so far by this game and every copy made from it (payoffs at a new
    /// point, finite-difference columns, Hessian columns): for profiles.
    pub fn equilibria_solved(&self) -> usize {
        self.solves.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Exact derivatives computed so far by this game and its copies (each one linearisation
    /// and LU factorisation of the equilibrium system, `truce_model::cp2015::Linearised`).
    pub fn linearisations(&self) -> usize {
        self.linearisations
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    fn count_solve(&self) {
        self.solves
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// The one-sided difference step of instrument `k` at `x` (`step` relative to max(|x_k|, 1),
    /// backwards when forwards would leave the box), the moved point and its equilibrium,
    /// warm-started from `eq`: the column both difference schemes (payoffs, exact gradients)
    /// build on.
    pub(crate) fn moved_equilibrium(
        &mut self,
        x: &[f64],
        k: usize,
        step: f64,
        eq: &Equilibrium,
    ) -> Result<(f64, Vec<f64>, Equilibrium), CpGameError> {
        let mut h = step * x[k].abs().max(1.0);
        if x[k] + h > self.instruments[k].upper {
            h = -h;
        }
        let mut xp = x.to_vec();
        xp[k] += h;
        let policy = self.policy_at(&xp)?;
        self.count_solve();
        let e = self.engine.solve(&policy, Some(eq), &mut NoObserver)?;
        Ok((h, xp, e))
    }

    /// Solve the equilibrium at `x`, warm-started from the last solve.
    ///
    /// # Errors
    /// If the policy is rejected or the engine does not converge.
    pub fn solve(&mut self, x: &[f64]) -> Result<Equilibrium, CpGameError> {
        if let Some((xw, eq)) = &self.warm {
            if xw.as_slice() == x {
                return Ok(eq.clone());
            }
        }
        let policy = self.policy_at(x)?;
        self.count_solve();
        let warm = self.warm.as_ref().map(|(_, e)| e);
        let eq = match self.engine.solve(&policy, warm, &mut NoObserver) {
            Ok(e) => e,
            Err(_) if warm.is_some() => self.engine.solve(&policy, None, &mut NoObserver)?,
            Err(e) => return Err(e.into()),
        };
        self.warm = Some((x.to_vec(), eq.clone()));
        Ok(eq)
    }

    /// Real income of every player at an equilibrium.
    fn payoffs_of(&self, eq: &Equilibrium) -> Result<Vec<f64>, CpGameError> {
        let w = real_income(&self.baseline, eq);
        let Some(weights) = &self.weights else {
            return self
                .regions
                .iter()
                .map(|&r| {
                    w[r].ok_or_else(|| {
                        CpGameError::Welfare(self.baseline.regions()[r].code.clone())
                    })
                })
                .collect();
        };
        // Ĝ = (Σⱼ λⱼ VA'ⱼ + R' + T' + D') / (Σⱼ λⱼ VAⱼ + R + T + D) / P̂ (crate::political).
        let b = &self.baseline;
        let d = b.dims();
        let cpi = truce_model::cp2015::consumer_price_index(b, eq);
        let va_new: &[f64] = match &eq.cost_shares {
            Some(cs) => &cs.va_share,
            None => b.va_share(),
        };
        self.regions
            .iter()
            .zip(weights)
            .map(|(&n, lam)| {
                let (mut num, mut den) = (0.0, 0.0);
                for j in 0..d.j {
                    let c = d.nj(n, j);
                    num += lam[j] * va_new[c] * eq.gross_output[c];
                    den += lam[j] * b.va_share()[c] * b.gross_output()[c];
                }
                num += eq.tariff_revenue[n] + eq.export_tax_revenue[n] + eq.deficit[n];
                den += b.tariff_revenue()[n] + b.export_tax_revenue()[n] + b.deficit()[n];
                if den > 0.0 && num.is_finite() {
                    Ok(num / den / cpi[n])
                } else {
                    Err(CpGameError::Welfare(b.regions()[n].code.clone()))
                }
            })
            .collect()
    }

    /// Real income of every region (not only players) at `x`, relative to the baseline.
    ///
    /// # Errors
    /// If the equilibrium does not solve.
    pub fn all_real_incomes(&mut self, x: &[f64]) -> Result<Vec<Option<f64>>, CpGameError> {
        let eq = self.solve(x)?;
        Ok(real_income(&self.baseline, &eq))
    }
}

impl Game for CpGame {
    type Error = CpGameError;

    fn players(&self) -> &[String] {
        &self.players
    }

    fn instruments(&self) -> &[Instrument] {
        &self.instruments
    }

    fn payoffs(&mut self, x: &[f64]) -> Result<Vec<f64>, CpGameError> {
        let eq = self.solve(x)?;
        self.payoffs_of(&eq)
    }

    fn gradients(
        &mut self,
        x: &[f64],
        players: &[usize],
        wrt: &[usize],
        grads: &mut [Vec<f64>],
    ) -> Result<Vec<f64>, CpGameError> {
        let eq = self.solve(x)?;
        let u = self.payoffs_of(&eq)?;
        let np = self.players.len();
        let combos: Vec<Vec<f64>> = players
            .iter()
            .map(|&p| (0..np).map(|q| f64::from(u8::from(p == q))).collect())
            .collect();
        if let Some(g) = self.exact_gradients(x, &eq, &combos, wrt)? {
            for (dst, src) in grads.iter_mut().zip(g) {
                *dst = src;
            }
            return Ok(u);
        }
        let step = self.fd_step;
        let template = self.clone();
        // One warm-started solve per instrument, in parallel; each job gets its own engine.
        let cols: Vec<Result<Vec<f64>, CpGameError>> = wrt
            .par_iter()
            .map_init(
                || template.clone(),
                |g, &k| {
                    let (h, _, e) = g.moved_equilibrium(x, k, step, &eq)?;
                    let up = g.payoffs_of(&e)?;
                    Ok(up.iter().zip(&u).map(|(a, b)| (a - b) / h).collect())
                },
            )
            .collect();
        for g in grads.iter_mut() {
            g.resize(wrt.len(), 0.0);
        }
        for (a, col) in cols.into_iter().enumerate() {
            let col = col?;
            for (kk, &p) in players.iter().enumerate() {
                grads[kk][a] = col[p];
            }
        }
        Ok(u)
    }

    /// Exact (one adjoint solve, `truce_model::cp2015::Linearised`) when the game is covered;
    /// otherwise every player's finite-difference gradient, combined.
    fn weighted_gradient(
        &mut self,
        x: &[f64],
        wrt: &[usize],
        weights: &mut dyn FnMut(&[f64]) -> Vec<f64>,
        grad: &mut [f64],
    ) -> Result<Vec<f64>, CpGameError> {
        let eq = self.solve(x)?;
        let u = self.payoffs_of(&eq)?;
        let w = weights(&u);
        if let Some(g) = self.exact_gradients(x, &eq, std::slice::from_ref(&w), wrt)? {
            grad.copy_from_slice(&g[0]);
            return Ok(u);
        }
        let np = self.players.len();
        let players: Vec<usize> = (0..np).collect();
        let mut grads = vec![Vec::new(); np];
        let u = self.gradients(x, &players, wrt, &mut grads)?;
        grad.iter_mut().for_each(|g| *g = 0.0);
        for (p, gp) in grads.iter().enumerate() {
            if w[p] != 0.0 {
                for (g, v) in grad.iter_mut().zip(gp) {
                    *g += w[p] * v;
                }
            }
        }
        Ok(u)
    }

    /// Exact payoffs and per-player gradients; the Hessian of $\sum_pw_pu_p$ by forward
    /// differences of exact gradients (one warm-started equilibrium and one adjoint solve per
    /// instrument of `wrt`, in parallel), symmetrised, as one dense block (a player has about
    /// ten instruments). `None` when the game has no exact derivatives.
    fn weighted_hessian(
        &mut self,
        x: &[f64],
        wrt: &[usize],
        weights: &[f64],
    ) -> Result<Option<SecondOrder>, CpGameError> {
        let eq = self.solve(x)?;
        let u = self.payoffs_of(&eq)?;
        let np = self.players.len();
        let mut combos: Vec<Vec<f64>> = (0..np)
            .map(|p| (0..np).map(|q| f64::from(u8::from(p == q))).collect())
            .collect();
        combos.push(weights.to_vec());
        let Some(mut g) = self.exact_gradients(x, &eq, &combos, wrt)? else {
            return Ok(None);
        };
        g.pop();
        let n = wrt.len();
        let reuse = self.hessian_cache.as_ref().is_some_and(|(xc, wc, _)| {
            wc.as_slice() == wrt
                && xc
                    .iter()
                    .zip(x)
                    .all(|(a, b)| (a - b).abs() <= HESSIAN_REUSE)
        });
        if !reuse {
            let hs = self.player_hessians(x, &eq, &g, &combos[..np], wrt)?;
            let Some(hs) = hs else {
                return Ok(None);
            };
            self.hessian_cache = Some((x.to_vec(), wrt.to_vec(), hs));
        }
        let Some((_, _, hs)) = &self.hessian_cache else {
            return Ok(None);
        };
        let mut hess = vec![0.0; n * n];
        for (w, hp) in weights.iter().zip(hs) {
            if *w != 0.0 {
                for (a, b) in hess.iter_mut().zip(hp) {
                    *a += w * b;
                }
            }
        }
        let mut m = BlockLowRank::new(n);
        m.push_block((0..n).collect(), hess);
        Ok(Some(SecondOrder {
            payoffs: u,
            gradients: g,
            hessian: m,
        }))
    }
}

/// Relative step of the Hessian's forward differences of exact gradients: the gradients are
/// exact to about 1e-12 (engine tolerance 1e-13), so the truncation error (of order the step)
/// and the rounding error (1e-12 over the step) balance near 1e-6.
const HESSIAN_STEP: f64 = 1e-6;

/// Largest move of any instrument (0.05 = 5 tariff points) within which the players' Hessians are
/// reused rather than re-differenced: the Newton steps become chord steps there, each one
/// equilibrium and one linearisation instead of one per instrument; the gradients stay exact,
/// so the searches still converge to their KKT tolerance.
const HESSIAN_REUSE: f64 = 0.05;
