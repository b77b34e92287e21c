//! Welfare: the exact real-income change and the first-order decomposition of CP2015 eq. (16).

use super::equilibrium::Equilibrium;
use crate::baseline::Baseline;
use crate::policy::Policy;

/// First-order welfare decomposition of one region, in fractions of base income Iₙ.
#[derive(Debug, Clone, PartialEq)]
pub struct Decomposition {
    /// Terms-of-trade effect, by partner (index = partner region).
    pub tot_by_partner: Vec<f64>,
    /// Volume-of-trade effect, by partner.
    pub vot_by_partner: Vec<f64>,
    /// Terms-of-trade effect, by sector.
    pub tot_by_sector: Vec<f64>,
    /// Volume-of-trade effect, by sector.
    pub vot_by_sector: Vec<f64>,
}

impl Decomposition {
    /// Total terms-of-trade effect.
    pub fn terms_of_trade(&self) -> f64 {
        self.tot_by_partner.iter().sum()
    }
    /// Total volume-of-trade effect.
    pub fn volume_of_trade(&self) -> f64 {
        self.vot_by_partner.iter().sum()
    }
}

/// CP2015 eq. (16), linearised as the authors' `Welfarelineal.m` computes Table 2 (d ln x
/// replaced by x̂ − 1), extended to export taxes and iceberg costs (spec §6):
/// $$\mathrm{ToT}_n=\frac1{I_n}\sum_{j,i}\big[M^j_{in}(\hat p^{x,j}_{in}-1)-M^j_{ni}(\hat p^{m,j}_{ni}-1)\big],$$
/// $$\mathrm{VoT}_n=\frac1{I_n}\sum_{j,i:M^j_{ni}>0}\tau^j_{ni}M^j_{ni}\Big[\Big(\frac{M'^j_{ni}}{M^j_{ni}}-1\Big)-(\hat p^{m,j}_{ni}-1)\Big]
///   +\frac1{I_n}\sum_{j,i:V^j_{in}>0}t^j_{in}V^j_{in}\Big[\Big(\frac{V'^j_{in}}{V^j_{in}}-1\Big)-(\hat c^j_n-1)\Big],$$
/// with the export price per unit shipped $\hat p^{x}_{in}=\hat c_n(1+t'_{in})/(1+t_{in})$, the
/// import price per unit delivered $\hat p^{m}_{ni}=\hat c_i\hat d_{ni}(1+t'_{ni})/(1+t_{ni})$,
/// producer values $V=M/(1+t)$, base flows M (border values, domestic diagonal included), base
/// tariffs τ and base income Iₙ. With τ' = τ on untouched cells, t = t' = 0 and d̂ = 1 this is
/// exactly eq. (16); the iceberg loss then shows up as a worse import price.
pub fn decompose(b: &Baseline, p: &Policy, eq: &Equilibrium) -> Vec<Decomposition> {
    let d = b.dims();
    let (m0, tau0, t0) = (b.flows(), b.tariff(), b.export_tax());
    // Export taxes in force: the policy's, with binding quotas' tax equivalents.
    let t_in_force;
    let t1: &[f64] = if eq.quotas.is_empty() {
        p.export_tax()
    } else {
        t_in_force = eq.export_tax_in_force(p);
        &t_in_force
    };
    let (tau1, dhat) = (p.tariff(), p.trade_cost());
    let mut out: Vec<Decomposition> = (0..d.n)
        .map(|_| Decomposition {
            tot_by_partner: vec![0.0; d.n],
            vot_by_partner: vec![0.0; d.n],
            tot_by_sector: vec![0.0; d.j],
            vot_by_sector: vec![0.0; d.j],
        })
        .collect();
    for j in 0..d.j {
        for n in 0..d.n {
            let xn = eq.expenditure[d.nj(n, j)];
            for i in 0..d.n {
                let c = d.nij(n, i, j);
                let m = m0[c];
                if m == 0.0 {
                    continue;
                }
                let c_i = eq.c_hat[d.nj(i, j)];
                let tax_ratio = (1.0 + t1[c]) / (1.0 + t0[c]);
                let p_imp = c_i * dhat[c] * tax_ratio;
                let p_exp = c_i * tax_ratio;
                let m_new = eq.trade_share[c] * xn / (1.0 + tau1[c]);
                // Importer n: pays more per unit delivered.
                let dn = &mut out[n];
                let tot_n = -m * (p_imp - 1.0);
                dn.tot_by_partner[i] += tot_n;
                dn.tot_by_sector[j] += tot_n;
                let vot_n = tau0[c] * m * ((m_new / m - 1.0) - (p_imp - 1.0));
                dn.vot_by_partner[i] += vot_n;
                dn.vot_by_sector[j] += vot_n;
                // Exporter i: receives more per unit shipped.
                let di = &mut out[i];
                let tot_i = m * (p_exp - 1.0);
                di.tot_by_partner[n] += tot_i;
                di.tot_by_sector[j] += tot_i;
                if t0[c] > 0.0 {
                    let v = m / (1.0 + t0[c]);
                    let v_new = m_new / (1.0 + t1[c]);
                    let vot_i = t0[c] * v * ((v_new / v - 1.0) - (c_i - 1.0));
                    di.vot_by_partner[n] += vot_i;
                    di.vot_by_sector[j] += vot_i;
                }
            }
        }
    }
    for (n, dn) in out.iter_mut().enumerate() {
        let inc = b.income(n);
        for v in dn
            .tot_by_partner
            .iter_mut()
            .chain(dn.vot_by_partner.iter_mut())
            .chain(dn.tot_by_sector.iter_mut())
            .chain(dn.vot_by_sector.iter_mut())
        {
            *v /= inc;
        }
    }
    out
}

/// Consumer price index change P̂ₙ = Πⱼ (P̂ʲₙ)^{αʲₙ} (CP2015 §5, Cobb–Douglas preferences).
pub fn consumer_price_index(b: &Baseline, eq: &Equilibrium) -> Vec<f64> {
    let d = b.dims();
    (0..d.n)
        .map(|n| {
            (0..d.j)
                .map(|j| b.alpha()[d.nj(n, j)] * eq.p_hat[d.nj(n, j)].ln())
                .sum::<f64>()
                .exp()
        })
        .collect()
}

/// Exact real-income change Ŵₙ = Îₙ / P̂ₙ with Iₙ = VAₙ + Rₙ + Tₙ + Dₙ (not reported by the
/// paper; `None` where base income is not positive).
pub fn real_income(b: &Baseline, eq: &Equilibrium) -> Vec<Option<f64>> {
    let p = consumer_price_index(b, eq);
    (0..b.dims().n)
        .map(|n| {
            let inc = b.income(n);
            (inc > 0.0).then(|| eq.income[n] / inc / p[n])
        })
        .collect()
}
