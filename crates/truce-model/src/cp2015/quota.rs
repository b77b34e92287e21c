//! Export quotas and supply caps as endogenous export-tax equivalents (docs/model-cp2015.md,
//! "Export quotas and supply caps").
//!
//! Each constraint is a tax t_q on the cells it covers, z = ln(1 + t_q) ≥ 0, with
//! complementarity: quantity ≤ cap, z ≥ 0, z·(cap − quantity) = 0. The wage problem solves
//! them at fixed wages; this module holds the constraints on the sparse pattern, their state,
//! the Newton step in z and the solution's report.

use super::equilibrium::{Equilibrium, QuotaKind, QuotaSolution};
use super::pattern::{Pattern, PolicyCoefficients};
use crate::baseline::Baseline;
use crate::dims::Dims;
use crate::error::ModelError;
use crate::policy::Policy;
use truce_solve::linalg::Lu;
use truce_solve::NonFinite;

/// Cap on the quota iterations at one wage vector (each re-solves prices and expenditure,
/// warm-started; they typically converge in a handful).
pub(super) const QUOTA_MAX_ITER: usize = 200;

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

/// The quotas and caps of one policy with their state between wage evaluations: z =
/// ln(1 + t_q), the quantity at the last evaluation, and a Broyden estimate of the Jacobian
/// ∂ ln(quantity)/∂z at fixed wages.
#[derive(Debug, Clone, Default)]
pub(super) struct Quotas {
    cells: Vec<QuotaCell>,
    z: Vec<f64>,
    /// Quantity of each quota's flow at the last evaluation.
    quantity: Vec<f64>,
    /// B ≈ ∂ ln(quantity_k)/∂z_l, row-major nq × nq; empty until the first step sets it to
    /// the partial-equilibrium Jacobian. Kept across wage vectors and, through the
    /// [`Equilibrium`] a solve is warm-started from, across solves: the first step at new wages
    /// or a new policy is then a Newton step with what earlier steps learnt.
    jac: Vec<f64>,
    /// (z, ln quantity) at the last step within the current wage vector (Broyden's secant pair).
    prev: Option<(Vec<f64>, Vec<f64>)>,
}

impl Quotas {
    /// Locate each quota and cap of `policy` on the pattern and keep its base coefficients
    /// (`coef` holds the policy's coefficients without any quota's tax).
    pub(super) fn new(
        b: &Baseline,
        pat: &Pattern,
        coef: &PolicyCoefficients,
        policy: &Policy,
    ) -> Result<Self, ModelError> {
        let d = b.dims();
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
        Ok(Self {
            cells,
            z: vec![0.0; nq],
            quantity: vec![1.0; nq],
            jac: Vec::new(),
            prev: None,
        })
    }

    /// Whether the policy has no quota or cap.
    pub(super) fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// Start each quota solved before on the same flow from its old equivalent, and, when the
    /// earlier solve had the same quotas, from its Jacobian estimate.
    pub(super) fn warm_start(&mut self, eq: &Equilibrium) {
        let nq = self.cells.len();
        let mut map = Vec::with_capacity(nq);
        for (k, q) in self.cells.iter().enumerate() {
            let same = |s: &QuotaSolution| {
                (s.kind, s.exporter, s.sector) == (q.kind, q.exporter, q.sector)
            };
            let found = eq.quotas.iter().position(same);
            if let Some(kk) = found {
                self.z[k] = eq.quota_z[kk];
            }
            map.push(found);
        }
        let old = eq.quotas.len();
        if eq.quota_jac.len() == old * old && map.iter().all(Option::is_some) {
            let map: Vec<usize> = map.into_iter().flatten().collect();
            self.jac = (0..nq * nq)
                .map(|c| eq.quota_jac[map[c / nq] * old + map[c % nq]])
                .collect();
        }
    }

    /// Forget the secant pair of the last wage vector (Broyden updates only within one wage
    /// vector: across wage vectors the quantities also move with wages).
    pub(super) fn forget_secants(&mut self) {
        self.prev = None;
    }

    /// Set the quota cells' coefficients for the current z = ln(1 + t_q): the equivalent enters
    /// the cell's cost shifter and its producer value like an export tax (spec §6).
    pub(super) fn apply_taxes(&self, coef: &mut PolicyCoefficients) {
        for (q, &z) in self.cells.iter().zip(&self.z) {
            let (fk, fp) = ((-q.theta * z).exp(), (-z).exp());
            for &(e, k0, producer0, _) in &q.entries {
                coef.k[e] = k0 * fk;
                coef.producer[e] = producer0 * fp;
            }
        }
    }

    /// Each quota's quantity (V'/V)/ĉ at the current solution (π', X', ln ĉ and the producer
    /// coefficients), and the complementarity residual max |min((θ + 1)·z, ln(cap/quantity))|:
    /// zero exactly when every quota either binds with z ≥ 0 or is slack with z = 0.
    pub(super) fn measure(
        &mut self,
        d: Dims,
        pi: &[f64],
        x: &[f64],
        coef: &PolicyCoefficients,
        ln_c: &[f64],
    ) -> Result<f64, NonFinite> {
        let mut worst: f64 = 0.0;
        for (k, q) in self.cells.iter().enumerate() {
            let (i, j) = (q.exporter, q.sector);
            let v: f64 = q
                .entries
                .iter()
                .map(|&(e, _, _, n)| pi[e] * x[d.nj(n, j)] * coef.producer[e])
                .sum();
            let qty = v / q.v0 / ln_c[d.nj(i, j)].exp();
            if !(qty.is_finite() && qty >= 0.0) {
                return Err(NonFinite::new("quota quantity", k));
            }
            // A flow that underflowed to zero is far below its cap: keep its log finite so
            // the Newton step lowers the equivalent instead of failing.
            let qty = qty.max(f64::MIN_POSITIVE);
            self.quantity[k] = qty;
            let gap = (q.level / qty).ln();
            worst = worst.max(((q.theta + 1.0) * self.z[k]).min(gap).abs());
        }
        Ok(worst)
    }

    /// The partial-equilibrium Jacobian ∂ ln(quantity_k)/∂z_l at fixed wages, spending and
    /// other producers' costs: quota l's tax moves the share π' of each flow it covers as
    /// (1 + t)^−θ, every other flow to the same importer in its sector as
    /// (1 + t)^{θπ'_l} (the price index), and the producer value of its own flows by a further
    /// (1 + t)^−1. So J_kl = Σ_{e∈k} s_e(−(θ + 1)·[e ∈ l] + θ·π'_{l,n(e)}·[same sector]), s_e
    /// the sales weights of quota k; the diagonal is −(θ(1 − π̄') + 1).
    fn partial_equilibrium_jacobian(&self, d: Dims, pi: &[f64], x: &[f64]) -> Vec<f64> {
        let nq = self.cells.len();
        // π' of quota l's flow to each importer, and whether an entry is covered by l.
        let mut share_to = vec![0.0; nq * d.n];
        for (l, q) in self.cells.iter().enumerate() {
            for &(e, _, _, n) in &q.entries {
                share_to[l * d.n + n] = pi[e];
            }
        }
        let mut jac = vec![0.0; nq * nq];
        for (k, qk) in self.cells.iter().enumerate() {
            let weights: Vec<f64> = qk
                .entries
                .iter()
                .map(|&(e, _, _, n)| pi[e] * x[d.nj(n, qk.sector)])
                .collect();
            let total: f64 = weights.iter().sum();
            for (l, ql) in self.cells.iter().enumerate() {
                let mut v = 0.0;
                for (&(e, _, _, n), &w) in qk.entries.iter().zip(&weights) {
                    let s = if total > 0.0 { w / total } else { 0.0 };
                    let own = ql.entries.iter().any(|&(el, _, _, _)| el == e);
                    let mut t = if own { -(qk.theta + 1.0) } else { 0.0 };
                    if ql.sector == qk.sector {
                        t += qk.theta * share_to[l * d.n + n];
                    }
                    v += s * t;
                }
                jac[k * nq + l] = v;
            }
        }
        jac
    }

    /// One safeguarded quasi-Newton step of the quotas' complementarity system from the
    /// quantities of the last [`Quotas::measure`]: on the active quotas (those taxed or over
    /// their cap) solve B·Δz = −ln(quantity/cap) with B the Broyden estimate of
    /// ∂ ln(quantity)/∂z (started from the partial-equilibrium Jacobian, updated with the
    /// secant of the last step at the same wages), cap the step, and project z on z ≥ 0.
    /// Demand for a critical input is inelastic, so the true slopes are far flatter than the
    /// partial-equilibrium ones and the caps move together: a diagonal secant per quota needs
    /// many steps to learn that, the matrix learns it once and keeps it.
    pub(super) fn newton_step(&mut self, d: Dims, pi: &[f64], x: &[f64]) -> Result<(), NonFinite> {
        let nq = self.cells.len();
        let lq: Vec<f64> = self.quantity.iter().map(|q| q.ln()).collect();
        let analytic = self.partial_equilibrium_jacobian(d, pi, x);
        if self.jac.len() != nq * nq {
            self.jac = analytic.clone();
        }
        // Broyden's ("good") update with the last step at these wages:
        // B ← B + (Δlnq − BΔz)Δzᵀ / (ΔzᵀΔz).
        if let Some((z0, lq0)) = &self.prev {
            let s: Vec<f64> = self.z.iter().zip(z0).map(|(a, b)| a - b).collect();
            let ss: f64 = s.iter().map(|v| v * v).sum();
            if ss > 1e-24 {
                for k in 0..nq {
                    let bs: f64 = (0..nq).map(|l| self.jac[k * nq + l] * s[l]).sum();
                    let r = (lq[k] - lq0[k]) - bs;
                    for l in 0..nq {
                        self.jac[k * nq + l] += r * s[l] / ss;
                    }
                }
            }
        }
        // Slopes may be far flatter than the partial-equilibrium ones (inelastic demand for a
        // critical input), never positive nor steeper than ten times them: otherwise start
        // again from the partial-equilibrium Jacobian.
        let sane = (0..nq).all(|k| {
            let (b, a) = (self.jac[k * nq + k], analytic[k * nq + k]);
            b.is_finite() && b < 0.0 && b > 10.0 * a
        });
        if !sane {
            self.jac = analytic.clone();
        }
        let gap: Vec<f64> = (0..nq).map(|k| lq[k] - self.cells[k].level.ln()).collect();
        let z_old = self.z.clone();
        self.step_on_active_set(&gap, &analytic)?;
        self.prev = Some((z_old, lq));
        Ok(())
    }

    /// Move z by the Newton step −B⁻¹·gap on the active quotas (taxed, or over their cap at
    /// `gap` = predicted ln(quantity/cap)), the largest move capped at QUOTA_MAX_STEP
    /// (direction kept), projected on z ≥ 0. A singular B falls back on the diagonal of the
    /// partial-equilibrium Jacobian `analytic`.
    fn step_on_active_set(&mut self, gap: &[f64], analytic: &[f64]) -> Result<(), NonFinite> {
        let nq = self.cells.len();
        let active: Vec<usize> = (0..nq)
            .filter(|&k| self.z[k] > 0.0 || gap[k] > 0.0)
            .collect();
        let m = active.len();
        let mut dz = vec![0.0; nq];
        if m > 0 {
            let sub: Vec<f64> = active
                .iter()
                .flat_map(|&k| active.iter().map(move |&l| (k, l)))
                .map(|(k, l)| self.jac[k * nq + l])
                .collect();
            let mut rhs: Vec<f64> = active.iter().map(|&k| -gap[k]).collect();
            match Lu::new(m, &sub) {
                Some(lu) => lu.solve(&mut rhs),
                None => {
                    for (r, &k) in rhs.iter_mut().zip(&active) {
                        *r /= analytic[k * nq + k];
                    }
                }
            }
            for (&k, &v) in active.iter().zip(&rhs) {
                dz[k] = v;
            }
        }
        let largest = dz.iter().fold(0.0f64, |a, v| a.max(v.abs()));
        let scale = if largest > QUOTA_MAX_STEP {
            QUOTA_MAX_STEP / largest
        } else {
            1.0
        };
        for k in 0..nq {
            let next = (self.z[k] + scale * dz[k]).max(0.0);
            if !next.is_finite() {
                return Err(NonFinite::new("quota tax equivalent", k));
            }
            self.z[k] = next;
        }
        Ok(())
    }

    /// The Jacobian estimate (the warm-start state of an [`Equilibrium`]).
    pub(super) fn jacobian(&self) -> &[f64] {
        &self.jac
    }

    /// z = ln(1 + t_q) of each quota (the warm-start state of an [`Equilibrium`]).
    pub(super) fn z(&self) -> &[f64] {
        &self.z
    }

    /// Every quota at the solution: tax equivalent, quantity, rent and producer value.
    pub(super) fn solutions(
        &self,
        d: Dims,
        pi: &[f64],
        x: &[f64],
        coef: &PolicyCoefficients,
    ) -> Vec<QuotaSolution> {
        self.cells
            .iter()
            .enumerate()
            .map(|(k, q)| {
                let t_q = self.z[k].exp_m1();
                let (mut producer_value, mut rent) = (0.0, 0.0);
                for &(e, _, producer0, n) in &q.entries {
                    let v = pi[e] * x[d.nj(n, q.sector)] * coef.producer[e];
                    producer_value += v;
                    // 1 + t' (the cell's explicit export tax) = border / producer at t_q = 0.
                    rent += t_q * (coef.border[e] / producer0) * v;
                }
                QuotaSolution {
                    kind: q.kind,
                    exporter: q.exporter,
                    sector: q.sector,
                    level: q.level,
                    tax_equivalent: t_q,
                    quantity: self.quantity[k],
                    binding: self.z[k] > 0.0,
                    rent,
                    producer_value,
                }
            })
            .collect()
    }
}
