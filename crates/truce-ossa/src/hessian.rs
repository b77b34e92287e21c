//! Exact second derivatives of the payoffs with respect to tariffs, in the structure the
//! games' Newton steps exploit: block diagonal (one block per importer–industry pair) plus a
//! few dozen rank-one terms ([`truce_solve::linalg::BlockLowRank`]).
//!
//! # The reduced Hessian
//! The unknowns $y=(\hat E,\hat w)$ are implicit in $F(y;t)=0$ (spec §3). For a payoff
//! $\Phi(y,t)=\sum_pw_pu_p$, with the adjoint $v$ of spec §10 ($F_y^\top v=\nabla_y\Phi$) and
//! the Lagrangian $\mathcal L=\Phi-v^\top F$, differentiating $F(y(t);t)=0$ twice gives
//! $$\nabla^2_t\Phi=\mathcal L_{tt}+\mathcal L_{ty}Y+Y^\top\mathcal L_{yt}+Y^\top\mathcal L_{yy}Y,
//! \qquad Y=\frac{dy}{dt}=-F_y^{-1}F_t .$$
//! * $Y^\top$ (14 columns): one transposed solve with the Newton factors and one reverse sweep
//!   each (the reverse sweep `welfare::sweep` with residual weights $-F_y^{-\top}e_k$).
//! * $\mathcal L_{ty}$, $\mathcal L_{yy}$ (14 columns): the reverse sweep of $\mathcal L$ run in
//!   dual numbers along each unknown (forward over reverse).
//! * $\mathcal L_{tt}$ splits in two. Holding $y$ fixed, every intermediate quantity
//!   ($\hat Y_{is}$, $\mathrm{rev}_j$, $\ln A_{js}$) is a sum of terms each of which depends on
//!   the tariffs of one importer–industry pair, and the residuals are linear in them: their
//!   curvature is **block diagonal** (6 × 6 per pair), read off by seven dual sweeps with the
//!   payoff's seeds frozen, each perturbing the tariffs on one exporter in every block at once.
//!   The payoffs are nonlinear only in a few **aggregates** per region $p$:
//!   $S_p=\sum_s\lambda_{ps}Y'_{ps}$, $K'_p$, $L'_p$, $R'_p$ and $\ln\hat P_p$ (spec §5:
//!   $\hat G_p=(S_p+R'_pL'_p/K'_p)/N_p/\hat P_p$); their curvature is $Q^\top WQ$ with $Q$ the
//!   aggregates' gradients (one reverse sweep each) and $W$ a 5 × 5 matrix per region.
//!
//! Every low-rank piece is turned into signed rank-one terms (eigen-decompositions of the 5 × 5
//! matrices; $AY^\top+YA^\top=\frac12[(A+Y)(A+Y)^\top-(A-Y)(A-Y)^\top]$ for the implicit part).
//! Cost for all 1 386 tariffs: about 21 dual and 63 ordinary sweeps, against 1 386 re-solved
//! equilibria for a Hessian by differences of gradients.

use crate::equilibrium::{forward, Forward, Solution};
use crate::scalar::{Dual, Scalar};
use crate::state::State;
use crate::welfare::{
    gov_new, ln_payoff, payoff_gradient, payoffs, sweep, weighted_seeds, Measure, Point, Seeds,
};
use truce_solve::linalg::{sym_eigen, BlockLowRank};

/// Payoffs, their gradients and the Hessian of a weighted sum of them, over some tariffs.
#[derive(Debug, Clone)]
pub struct PayoffHessian {
    /// Every region's payoff ($\hat W_p$ or $\hat G_p$).
    pub payoffs: Vec<f64>,
    /// `gradients[p][a]`: $\partial u_p/\partial t'_{c_a}$ for the cells $c_a$ asked for.
    pub gradients: Vec<Vec<f64>>,
    /// $\nabla^2\sum_pw_pu_p$ over the cells asked for (row `a` is cell $c_a$).
    pub hessian: BlockLowRank,
}

/// Exact Hessian of $\sum_pw_pu_p$ (payoffs `measure`, weights `weights`, one per region) with
/// respect to the counterfactual tariffs of `cells` ([`crate::OssaDims::ijs`] indices, off the
/// diagonal, each at most once), at the solution `sol` of state `st`; with every region's
/// payoff and gradient over the same cells. See the module documentation for the method.
///
/// # Panics
/// If `weights` does not have one entry per region or a cell is out of range (programming
/// errors).
pub fn weighted_hessian(
    st: &State,
    sol: &Solution,
    measure: Measure<'_>,
    weights: &[f64],
    cells: &[usize],
) -> PayoffHessian {
    let d = st.dims();
    let (n, k2, nc) = (d.n, d.unknowns(), cells.len());
    assert_eq!(weights.len(), n, "weighted_hessian: one weight per region");
    let cube = d.cube_len();
    let pt = sol.point();
    let u = payoffs(st, sol, measure);
    let mut full = vec![0.0; cube];
    let gradients: Vec<Vec<f64>> = (0..n)
        .map(|p| {
            payoff_gradient(st, sol, measure, p, &mut full);
            cells.iter().map(|&c| full[c]).collect()
        })
        .collect();
    // The adjoint of Σ w u: residual weights −v.
    let sd = weighted_seeds(st, &pt, measure, &u, weights);
    let zero_w = vec![0.0; k2];
    let mut gy = vec![0.0; k2];
    sweep(st, &pt, &zero_w, &sd, &mut gy, &mut full);
    sol.jacobian.solve_transpose(&mut gy);
    let wf: Vec<f64> = gy.iter().map(|v| -v).collect();

    let mut h = BlockLowRank::new(nc);
    blocks(st, sol, &sd, &wf, cells, &mut h);
    implicit_terms(st, sol, measure, &u, weights, &wf, cells, &mut h);
    aggregate_terms(st, sol, measure, &u, weights, cells, &mut h);
    PayoffHessian {
        payoffs: u,
        gradients,
        hessian: h,
    }
}

/// The tariff factors at the solution, as the Newton workspace computes them.
fn tariff_factors(st: &State, t_new: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let d = st.dims();
    let mut tau_hat = vec![1.0; d.cube_len()];
    let mut tau_pow = vec![1.0; d.cube_len()];
    for s in 0..d.s {
        let e = 1.0 - st.sigma()[s];
        for j in 0..d.n {
            for i in 0..d.n {
                let c = d.ijs(i, j, s);
                let th = (1.0 + t_new[c]) / (1.0 + st.tariff()[c]);
                tau_hat[c] = th;
                tau_pow[c] = if th == 1.0 { 1.0 } else { th.powf(e) };
            }
        }
    }
    (tau_hat, tau_pow)
}

/// Dual-number buffers for forward passes near a solution.
struct DualPass {
    tau_hat: Vec<Dual>,
    tau_pow: Vec<Dual>,
    t_new: Vec<Dual>,
    e_hat: Vec<Dual>,
    w_hat: Vec<Dual>,
    fw: Forward<Dual>,
    out_y: Vec<Dual>,
    out_t: Vec<Dual>,
}

impl DualPass {
    fn new(st: &State, sol: &Solution) -> Self {
        let d = st.dims();
        let (tau_hat, tau_pow) = tariff_factors(st, &sol.tariff);
        let c = |v: &[f64]| v.iter().map(|&x| Dual::cst(x)).collect::<Vec<_>>();
        Self {
            tau_hat: c(&tau_hat),
            tau_pow: c(&tau_pow),
            t_new: c(&sol.tariff),
            e_hat: c(&sol.e_hat),
            w_hat: c(&sol.w_hat),
            fw: Forward::new(d),
            out_y: vec![Dual::cst(0.0); d.unknowns()],
            out_t: vec![Dual::cst(0.0); d.cube_len()],
        }
    }

    /// Set the tariff direction: dt[c] on each cell (τ̂ = (1+t')/(1+t), τ̂^{1−σ}).
    fn set_tariff_direction(&mut self, st: &State, sol: &Solution, dt: &[f64]) {
        let d = st.dims();
        for c in 0..d.cube_len() {
            let sigma = st.sigma()[c / (d.n * d.n)];
            let t1 = 1.0 + sol.tariff[c];
            self.t_new[c].d = dt[c];
            self.tau_hat[c].d = dt[c] / (1.0 + st.tariff()[c]);
            self.tau_pow[c].d = (1.0 - sigma) * self.tau_pow[c].v * dt[c] / t1;
        }
    }

    /// Set the direction in the unknowns.
    fn set_unknown_direction(&mut self, n: usize, dy: &[f64]) {
        for i in 0..n {
            self.e_hat[i].d = dy[i];
            self.w_hat[i].d = dy[n + i];
        }
    }

    fn forward(&mut self, st: &State) {
        let ok = forward(
            st,
            &self.tau_hat,
            &self.tau_pow,
            &self.t_new,
            &vec![0.0; st.dims().n],
            &self.e_hat,
            &self.w_hat,
            &mut self.fw,
        );
        debug_assert!(ok, "the forward pass at a solution is finite");
    }

    fn point(&self) -> Point<'_, Dual> {
        Point {
            e_hat: &self.e_hat,
            w_hat: &self.w_hat,
            tariff: &self.t_new,
            m: &self.fw.m,
            pi: &self.fw.pi,
            a: &self.fw.a,
            y_hat: &self.fw.y_hat,
            rev: &self.fw.rev,
        }
    }
}

/// The block-diagonal part of $\mathcal L_{tt}$: seven dual sweeps with frozen seeds, probe
/// `i` perturbing every tariff on exporter `i`.
fn blocks(
    st: &State,
    sol: &Solution,
    sd: &Seeds<f64>,
    wf: &[f64],
    cells: &[usize],
    h: &mut BlockLowRank,
) {
    let d = st.dims();
    let n = d.n;
    // Blocks by importer–industry pair (cube index / n), positions in `cells` by exporter.
    let mut slot = vec![usize::MAX; d.s * n * n];
    let mut members: Vec<Vec<(usize, usize)>> = Vec::new(); // (exporter, position)
    for (a, &c) in cells.iter().enumerate() {
        let pair = c / n;
        if slot[pair] == usize::MAX {
            slot[pair] = members.len();
            members.push(Vec::new());
        }
        members[slot[pair]].push((c % n, a));
    }
    let mut mats: Vec<Vec<f64>> = members
        .iter()
        .map(|m| vec![0.0; m.len() * m.len()])
        .collect();
    let frozen = Seeds {
        y_hat: sd.y_hat.iter().map(|&v| Dual::cst(v)).collect(),
        rev: sd.rev.iter().map(|&v| Dual::cst(v)).collect(),
        e_hat: sd.e_hat.iter().map(|&v| Dual::cst(v)).collect(),
        w_hat: sd.w_hat.iter().map(|&v| Dual::cst(v)).collect(),
        ln_a: sd.ln_a.iter().map(|&v| Dual::cst(v)).collect(),
    };
    let mut pass = DualPass::new(st, sol);
    let mut dt = vec![0.0; d.cube_len()];
    for i in 0..n {
        dt.iter_mut().for_each(|v| *v = 0.0);
        let mut any = false;
        for &c in cells {
            if c % n == i {
                dt[c] = 1.0;
                any = true;
            }
        }
        if !any {
            continue;
        }
        pass.set_tariff_direction(st, sol, &dt);
        pass.forward(st);
        let pt = pass.point();
        let (mut oy, mut ot) = (pass.out_y.clone(), pass.out_t.clone());
        sweep(st, &pt, wf, &frozen, &mut oy, &mut ot);
        for (b, m) in members.iter().enumerate() {
            let Some(col) = m.iter().position(|&(e, _)| e == i) else {
                continue;
            };
            let w = m.len();
            let pair = cells[m[0].1] / n;
            for (row, &(e, _)) in m.iter().enumerate() {
                mats[b][row * w + col] = ot[pair * n + e].d;
            }
        }
    }
    for (m, mut a) in members.into_iter().zip(mats) {
        let w = m.len();
        for r in 0..w {
            for c in 0..r {
                let v = 0.5 * (a[r * w + c] + a[c * w + r]);
                a[r * w + c] = v;
                a[c * w + r] = v;
            }
        }
        h.push_block(m.iter().map(|&(_, p)| p).collect(), a);
    }
}

/// $\mathcal L_{ty}Y+Y^\top\mathcal L_{yt}+Y^\top\mathcal L_{yy}Y$ as signed rank-one terms.
#[allow(clippy::too_many_arguments)]
fn implicit_terms(
    st: &State,
    sol: &Solution,
    measure: Measure<'_>,
    u: &[f64],
    weights: &[f64],
    wf: &[f64],
    cells: &[usize],
    h: &mut BlockLowRank,
) {
    let d = st.dims();
    let (n, k2, nc) = (d.n, d.unknowns(), cells.len());
    let pt = sol.point();
    // Yᵀ e_k = −F_tᵀ F_y⁻ᵀ e_k.
    let zero = Seeds::zeros(d);
    let mut full = vec![0.0; d.cube_len()];
    let mut oy = vec![0.0; k2];
    let mut yt = vec![vec![0.0; nc]; k2];
    for (k, col) in yt.iter_mut().enumerate() {
        let mut e = vec![0.0; k2];
        e[k] = 1.0;
        sol.jacobian.solve_transpose(&mut e);
        let w: Vec<f64> = e.iter().map(|v| -v).collect();
        sweep(st, &pt, &w, &zero, &mut oy, &mut full);
        for (a, &c) in cells.iter().enumerate() {
            col[a] = full[c];
        }
    }
    // 𝓛_ty and 𝓛_yy: the sweep of 𝓛 in dual numbers along each unknown.
    let mut pass = DualPass::new(st, sol);
    let mut lty = vec![vec![0.0; nc]; k2];
    let mut lyy = vec![0.0; k2 * k2];
    let mut dy = vec![0.0; k2];
    for k in 0..k2 {
        dy.iter_mut().for_each(|v| *v = 0.0);
        dy[k] = 1.0;
        pass.set_unknown_direction(n, &dy);
        pass.forward(st);
        let ptd = pass.point();
        let ud: Vec<Dual> = (0..n)
            .map(|p| {
                if weights[p] != 0.0 {
                    ln_payoff(st, &ptd, measure, p).exp()
                } else {
                    Dual::cst(u[p])
                }
            })
            .collect();
        let sdd = weighted_seeds(st, &ptd, measure, &ud, weights);
        let (mut oyd, mut otd) = (pass.out_y.clone(), pass.out_t.clone());
        sweep(st, &ptd, wf, &sdd, &mut oyd, &mut otd);
        for (a, &c) in cells.iter().enumerate() {
            lty[k][a] = otd[c].d;
        }
        for l in 0..k2 {
            lyy[l * k2 + k] = oyd[l].d;
        }
    }
    // A = 𝓛_ty + ½ Yᵀ 𝓛_yy (symmetrised), then A Yᵀ + Y Aᵀ = ½[(A+Y)(A+Y)ᵀ − (A−Y)(A−Y)ᵀ],
    // each pair balanced so that neither side dominates the cancellation.
    for k in 0..k2 {
        let mut a = lty[k].clone();
        for l in 0..k2 {
            let c = 0.25 * (lyy[l * k2 + k] + lyy[k * k2 + l]);
            if c != 0.0 {
                for (av, yv) in a.iter_mut().zip(&yt[l]) {
                    *av += c * yv;
                }
            }
        }
        let na = a.iter().map(|v| v * v).sum::<f64>().sqrt();
        let ny = yt[k].iter().map(|v| v * v).sum::<f64>().sqrt();
        if na == 0.0 || ny == 0.0 {
            continue;
        }
        let s = (na / ny).sqrt();
        let plus: Vec<f64> = a.iter().zip(&yt[k]).map(|(x, y)| x / s + s * y).collect();
        let minus: Vec<f64> = a.iter().zip(&yt[k]).map(|(x, y)| x / s - s * y).collect();
        h.push_term(&plus, 0.5);
        h.push_term(&minus, -0.5);
    }
}

/// The curvature of the payoffs in their aggregates, $Q^\top WQ$, as signed rank-one terms.
fn aggregate_terms(
    st: &State,
    sol: &Solution,
    measure: Measure<'_>,
    u: &[f64],
    weights: &[f64],
    cells: &[usize],
    h: &mut BlockLowRank,
) {
    let d = st.dims();
    let (n, k2) = (d.n, d.unknowns());
    let pt = sol.point();
    let zero_w = vec![0.0; k2];
    let mut oy = vec![0.0; k2];
    let mut full = vec![0.0; d.cube_len()];
    for p in 0..n {
        if weights[p] == 0.0 {
            continue;
        }
        let scale = weights[p] * u[p];
        // Aggregates' seeds and W = w u (∇²h + ∇h∇hᵀ) over them.
        let mut channels: Vec<Seeds<f64>> = Vec::new();
        let w: Vec<f64>;
        let lnp = {
            let mut sd = Seeds::zeros(d);
            for s in 0..d.s {
                sd.ln_a[d.rs(p, s)] = st.mu()[d.rs(p, s)] / (st.sigma()[s] - 1.0);
            }
            sd
        };
        match measure {
            Measure::RealIncome => {
                // h = ln Ê_p − ln P̂_p: only ln P̂ is an aggregate of the tariffs.
                channels.push(lnp);
                w = vec![scale];
            }
            Measure::Government(lambda) => {
                let lam = lambda.values();
                let g = gov_new(st, &pt, lam, p);
                let mut s1 = Seeds::zeros(d);
                let mut kk = Seeds::zeros(d);
                let mut ll = Seeds::zeros(d);
                for s in 0..d.s {
                    let kappa = 1.0 - 1.0 / st.sigma()[s];
                    let y = st.output()[d.rs(p, s)];
                    s1.y_hat[d.rs(p, s)] = lam[d.rs(p, s)] * y;
                    kk.y_hat[d.rs(p, s)] = kappa * y;
                    ll.y_hat[d.rs(p, s)] = lam[d.rs(p, s)] * kappa * y;
                }
                let mut rr = Seeds::zeros(d);
                rr.rev[p] = pt.e_hat[p] * st.expenditure()[p];
                channels.extend([s1, kk, ll, rr, lnp]);
                // N' = S + R L / K in (S, K, L, R); h = ln N' − ln P̂ + const.
                let (nn, k, l, r) = (g.num, g.k, g.l, g.r);
                let dn = [1.0, -r * l / (k * k), r / k, l / k];
                let mut d2n = [[0.0; 4]; 4];
                d2n[1][1] = 2.0 * r * l / (k * k * k);
                d2n[1][2] = -r / (k * k);
                d2n[2][1] = d2n[1][2];
                d2n[1][3] = -l / (k * k);
                d2n[3][1] = d2n[1][3];
                d2n[2][3] = 1.0 / k;
                d2n[3][2] = d2n[2][3];
                let mut grad = [0.0; 5];
                for q in 0..4 {
                    grad[q] = dn[q] / nn;
                }
                grad[4] = -1.0;
                let mut m = vec![0.0; 25];
                for a in 0..5 {
                    for b in 0..5 {
                        let hess = if a < 4 && b < 4 {
                            d2n[a][b] / nn - dn[a] * dn[b] / (nn * nn)
                        } else {
                            0.0
                        };
                        m[a * 5 + b] = scale * (hess + grad[a] * grad[b]);
                    }
                }
                w = m;
            }
        }
        // Q: the aggregates' gradients over the cells (y held fixed), normalised to unit
        // length with W rescaled to match: the aggregates are in the data's money units
        // (up to 10⁵), so W's entries span many orders of magnitude and an eigenvalue cut
        // relative to the largest would otherwise drop real curvature.
        let mut q: Vec<Vec<f64>> = channels
            .iter()
            .map(|sd| {
                sweep(st, &pt, &zero_w, sd, &mut oy, &mut full);
                cells.iter().map(|&c| full[c]).collect()
            })
            .collect();
        let m = channels.len();
        let norms: Vec<f64> = q
            .iter_mut()
            .map(|qa| {
                let nq = qa.iter().map(|v| v * v).sum::<f64>().sqrt();
                if nq > 0.0 {
                    qa.iter_mut().for_each(|v| *v /= nq);
                }
                nq
            })
            .collect();
        let mut w = w;
        for a in 0..m {
            for b in 0..m {
                w[a * m + b] *= norms[a] * norms[b];
            }
        }
        let (vals, vecs) = sym_eigen(m, &w);
        let top = vals.iter().fold(0.0f64, |a, v| a.max(v.abs()));
        for (r, &lam) in vals.iter().enumerate() {
            if lam.abs() <= 1e-13 * top {
                continue;
            }
            let mut t = vec![0.0; cells.len()];
            for (a, qa) in q.iter().enumerate() {
                let c = vecs[a * m + r];
                for (tv, qv) in t.iter_mut().zip(qa) {
                    *tv += c * qv;
                }
            }
            h.push_term(&t, lam);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::equilibrium::{purge, solve, NewtonParams};
    use crate::testing::random_state;
    use crate::welfare::weighted_gradient;
    use crate::Lambda;

    /// The exact Hessian matches central differences of exact gradients, for both payoffs,
    /// weights of both signs, all tariffs and a subset.
    #[test]
    fn hessian_matches_differences_of_gradients() {
        for (seed, n, s) in [(11u64, 4usize, 3usize), (3, 3, 5)] {
            let raw = random_state(seed, n, s);
            let (st, _) = purge(&raw, &NewtonParams::default()).unwrap();
            let d = st.dims();
            let lam = Lambda::new(
                d,
                (0..d.rs_len())
                    .map(|c| 0.3 + (c % 5) as f64 * 0.4)
                    .collect(),
            )
            .unwrap();
            let mut t = st.tariff().to_vec();
            for (c, v) in t.iter_mut().enumerate() {
                if *v != 0.0 {
                    *v += 0.15 * ((c % 5) as f64) / 4.0;
                }
            }
            let nx = vec![0.0; d.n];
            let p = NewtonParams {
                tol: 1e-14,
                ..NewtonParams::default()
            };
            let sol = solve(&st, &t, &nx, None, &p).unwrap();
            let all: Vec<usize> = (0..d.cube_len())
                .filter(|&c| c % d.n != (c / d.n) % d.n)
                .collect();
            let some: Vec<usize> = all.iter().copied().filter(|c| c % 3 != 1).collect();
            let weights: Vec<f64> = (0..d.n)
                .map(|j| [0.7, -0.4, 1.3, 0.2, 0.0][j % 5])
                .collect();
            for measure in [Measure::RealIncome, Measure::Government(&lam)] {
                for cells in [&all, &some] {
                    let ph = weighted_hessian(&st, &sol, measure, &weights, cells);
                    let dense = ph.hessian.dense();
                    let m = cells.len();
                    let u0 = payoffs(&st, &sol, measure);
                    let grad_at = |tt: &[f64]| {
                        let s = solve(&st, tt, &nx, Some(&sol.unknowns()), &p).unwrap();
                        let u = payoffs(&st, &s, measure);
                        let mut g = vec![0.0; d.cube_len()];
                        weighted_gradient(&st, &s, measure, &u, &weights, &mut g);
                        g
                    };
                    let mut worst = 0.0f64;
                    let mut top = 0.0f64;
                    for (b, &cb) in cells.iter().enumerate() {
                        let h = 1e-5;
                        let (mut tp, mut tm) = (t.clone(), t.clone());
                        tp[cb] += h;
                        tm[cb] -= h;
                        let (gp, gm) = (grad_at(&tp), grad_at(&tm));
                        for (a, &ca) in cells.iter().enumerate() {
                            let fd = (gp[ca] - gm[ca]) / (2.0 * h);
                            worst = worst.max((fd - dense[a * m + b]).abs());
                            top = top.max(fd.abs());
                        }
                    }
                    assert!(
                        worst <= 1e-8 * top.max(1.0),
                        "seed {seed}: worst {worst:e}, scale {top:e}"
                    );
                    // Payoffs and gradients as the adjoint gives them.
                    for j in 0..d.n {
                        assert_eq!(ph.payoffs[j], u0[j]);
                        let mut g = vec![0.0; d.cube_len()];
                        payoff_gradient(&st, &sol, measure, j, &mut g);
                        for (a, &c) in cells.iter().enumerate() {
                            assert_eq!(ph.gradients[j][a], g[c]);
                        }
                    }
                }
            }
        }
    }
}
