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
/// ln(1 + t_q), the quantity at the last evaluation, and the last (z, ln quantity) pair of
/// each, for secant steps.
#[derive(Debug, Clone, Default)]
pub(super) struct Quotas {
    cells: Vec<QuotaCell>,
    z: Vec<f64>,
    /// Quantity of each quota's flow at the last evaluation.
    quantity: Vec<f64>,
    prev: Vec<Option<(f64, f64)>>,
    /// The last sane secant slope of each quota, kept across wage vectors: near the
    /// solution the first step at new wages is then a Newton step, not the cruder
    /// partial-equilibrium one.
    slope: Vec<Option<f64>>,
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
            prev: vec![None; nq],
            slope: vec![None; nq],
        })
    }

    /// Whether the policy has no quota or cap.
    pub(super) fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// Start each quota solved before on the same flow from its old equivalent.
    pub(super) fn warm_start(&mut self, eq: &Equilibrium) {
        for (k, q) in self.cells.iter().enumerate() {
            let same = |s: &QuotaSolution| {
                (s.kind, s.exporter, s.sector) == (q.kind, q.exporter, q.sector)
            };
            if let Some(kk) = eq.quotas.iter().position(same) {
                self.z[k] = eq.quota_z[kk];
            }
        }
    }

    /// Forget the secants of the last wage vector (secants only within one wage vector).
    pub(super) fn forget_secants(&mut self) {
        self.prev.iter_mut().for_each(|p| *p = None);
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

    /// One safeguarded Newton step of every quota on ln(quantity) in z, from the quantities of
    /// the last [`Quotas::measure`]: the slope is the secant of the last two steps when it is
    /// sane, else the partial-equilibrium one, −(θ(1 − π') + 1) (the flow's share π' of the
    /// importer's spending moves as (1 + t)^−θ(1−π'), its producer value by a further
    /// (1 + t)^−1); z is projected on z ≥ 0.
    pub(super) fn newton_step(&mut self, d: Dims, pi: &[f64], x: &[f64]) -> Result<(), NonFinite> {
        for (k, q) in self.cells.iter().enumerate() {
            let z = self.z[k];
            let lq = self.quantity[k].ln();
            // The sales-weighted share of the covered flows in their importers' spending.
            let (mut num, mut den) = (0.0, 0.0);
            for &(e, _, _, n) in &q.entries {
                let v = pi[e] * x[d.nj(n, q.sector)];
                num += v * pi[e];
                den += v;
            }
            let share = if den > 0.0 { num / den } else { 0.0 };
            let analytic = -(q.theta * (1.0 - share) + 1.0);
            // Secants may be far flatter than the partial-equilibrium slope (demand for a
            // critical input is inelastic), never steeper than ten times it.
            let sane = |sec: f64| sec < 0.0 && sec > 10.0 * analytic;
            let slope = match self.prev[k] {
                Some((z0, lq0)) if (z - z0).abs() > 1e-12 => {
                    let sec = (lq - lq0) / (z - z0);
                    if sane(sec) {
                        self.slope[k] = Some(sec);
                        sec
                    } else {
                        self.slope[k].unwrap_or(analytic)
                    }
                }
                _ => self.slope[k].unwrap_or(analytic),
            };
            let gap = lq - q.level.ln();
            let next = (z - (gap / slope).clamp(-QUOTA_MAX_STEP, QUOTA_MAX_STEP)).max(0.0);
            if !next.is_finite() {
                return Err(NonFinite::new("quota tax equivalent", k));
            }
            self.prev[k] = Some((z, lq));
            self.z[k] = next;
        }
        Ok(())
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
