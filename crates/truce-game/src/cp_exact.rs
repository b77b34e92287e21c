//! Exact derivatives of the Caliendo–Parro game: each instrument's policy direction, the
//! players' objectives as functions of the equilibrium, gradients by one adjoint solve
//! (`truce_model::cp2015::Linearised`) and the players' Hessians by differences of them.

use super::{covered_rate, CpGame, CpGameError, Kind, HESSIAN_STEP};
use rayon::prelude::*;
use truce_model::cp2015::{Equilibrium, PolicyDirection, RegionObjective};

impl CpGame {
    /// The change of policy instrument `k` makes per unit at level `x_k`, for exact
    /// derivatives (`None`: an export quota, solved as a complementarity condition that the
    /// exact derivatives do not cover).
    pub(super) fn direction(&self, k: usize, x_k: f64) -> Option<PolicyDirection> {
        let b = &self.baseline;
        let d = b.dims();
        match &self.kinds[k] {
            Kind::Tariff {
                importer,
                exporter,
                sectors,
            } => Some(PolicyDirection {
                // d ln(1 + τ')/dx = 1/(1 + x).
                cells: sectors
                    .iter()
                    .map(|&j| (d.nij(*importer, *exporter, j), 1.0 / (1.0 + x_k), 0.0))
                    .collect(),
            }),
            Kind::ExportTax {
                exporter,
                importer,
                shares,
                log_scale,
            } => {
                let (rate, drate) = if *log_scale {
                    (x_k.exp_m1(), x_k.exp())
                } else {
                    (x_k, 1.0)
                };
                Some(PolicyDirection {
                    cells: shares
                        .iter()
                        .map(|&(j, s)| {
                            let c = d.nij(*importer, *exporter, j);
                            let base = b.export_tax()[c];
                            let t = covered_rate(base, s, rate);
                            // d covered_rate / d rate.
                            let dt = if s >= 1.0 {
                                1.0
                            } else {
                                s * (1.0 + rate / (1.0 + base)).powf(s - 1.0)
                            };
                            (c, 0.0, dt * drate / (1.0 + t))
                        })
                        .collect(),
                })
            }
            Kind::ExportQuota { .. } => None,
        }
    }

    /// Each player's payoff as a function of the equilibrium, for exact derivatives.
    pub(super) fn objectives(&self) -> Vec<RegionObjective> {
        let b = &self.baseline;
        let d = b.dims();
        match &self.weights {
            None => self
                .regions
                .iter()
                .map(|&r| RegionObjective::real_income(b, r))
                .collect(),
            Some(weights) => self
                .regions
                .iter()
                .zip(weights)
                .map(|(&n, lam)| {
                    let base = (0..d.j)
                        .map(|j| lam[j] * b.va_share()[d.nj(n, j)] * b.gross_output()[d.nj(n, j)])
                        .sum::<f64>()
                        + b.tariff_revenue()[n]
                        + b.export_tax_revenue()[n]
                        + b.deficit()[n];
                    RegionObjective {
                        region: n,
                        wage_bill: 0.0,
                        value_added: lam.clone(),
                        base,
                    }
                })
                .collect(),
        }
    }

    /// Exact derivatives at `x` (whose equilibrium is `eq`) of each combination
    /// $\sum_pc_pu_p$ of `combos` along the instruments `wrt`: `Some(out[r][a])`, or `None`
    /// when the exact derivatives do not cover this game (nested CES production, quotas or
    /// supply caps, an export-quota instrument; truce_model::cp2015::NotCovered).
    pub(super) fn exact_gradients(
        &self,
        x: &[f64],
        eq: &Equilibrium,
        combos: &[Vec<f64>],
        wrt: &[usize],
    ) -> Result<Option<Vec<Vec<f64>>>, CpGameError> {
        let Some(dirs) = wrt
            .iter()
            .map(|&k| self.direction(k, x[k]))
            .collect::<Option<Vec<_>>>()
        else {
            return Ok(None);
        };
        let policy = self.policy_at(x)?;
        self.linearisations
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let Ok(lin) = self.sensitivity.linearise(&self.baseline, &policy, eq) else {
            return Ok(None);
        };
        let (_, g) = lin.gradients(&self.objectives(), combos, &dirs);
        Ok(Some(g))
    }

    /// Whether this game's payoffs have exact derivatives (at the status quo; the features
    /// that decide it do not change with the instruments).
    pub fn has_exact_derivatives(&self) -> bool {
        self.kinds
            .iter()
            .all(|k| !matches!(k, Kind::ExportQuota { .. }))
            && self.baseline.production().is_cobb_douglas()
            && self.base_policy.supply_caps().is_empty()
            && self.base_policy.export_quotas().is_empty()
            && matches!(
                self.base_policy.deficit_rule(),
                truce_model::DeficitRule::Fixed | truce_model::DeficitRule::Zero
            )
    }

    /// Each player's Hessian over `wrt` at `x` (equilibrium `eq`, exact gradients `g0[p]`), by
    /// forward differences of exact gradients: one warm-started equilibrium and one
    /// linearisation per instrument, in parallel; symmetrised. `None` without exact derivatives.
    pub(super) fn player_hessians(
        &self,
        x: &[f64],
        eq: &Equilibrium,
        g0: &[Vec<f64>],
        combos: &[Vec<f64>],
        wrt: &[usize],
    ) -> Result<Option<Vec<Vec<f64>>>, CpGameError> {
        let step = HESSIAN_STEP;
        let template = self.clone();
        let cols: Vec<Result<Option<Vec<Vec<f64>>>, CpGameError>> = wrt
            .par_iter()
            .map_init(
                || template.clone(),
                |game, &k| {
                    let (h, xp, e) = game.moved_equilibrium(x, k, step, eq)?;
                    Ok(game.exact_gradients(&xp, &e, combos, wrt)?.map(|gp| {
                        gp.iter()
                            .zip(g0)
                            .map(|(g1, g0)| g1.iter().zip(g0).map(|(a, b)| (a - b) / h).collect())
                            .collect()
                    }))
                },
            )
            .collect();
        let n = wrt.len();
        let mut hs = vec![vec![0.0; n * n]; combos.len()];
        for (a, col) in cols.into_iter().enumerate() {
            let Some(col) = col? else {
                return Ok(None);
            };
            for (hp, cp) in hs.iter_mut().zip(col) {
                for (b, v) in cp.into_iter().enumerate() {
                    hp[b * n + a] = v;
                }
            }
        }
        for hp in &mut hs {
            for a in 0..n {
                for b in 0..a {
                    let v = 0.5 * (hp[a * n + b] + hp[b * n + a]);
                    hp[a * n + b] = v;
                    hp[b * n + a] = v;
                }
            }
        }
        Ok(Some(hs))
    }
}
