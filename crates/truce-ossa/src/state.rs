//! A data state $(X, t)$ and the baseline quantities derived from it (Ossa2014 spec §2).

use crate::dims::OssaDims;
use crate::error::OssaError;

/// A validated data state of the Ossa (2014) model: trade flows $X_{ijs}$ (before tariffs),
/// the tariffs $t_{ijs}$ in force, the elasticities $\sigma_s$, and every baseline quantity of
/// spec §2 computed from them.
///
/// Counterfactuals are solved in changes relative to a state; the paper's counterfactuals start
/// from the *purged* state (spec §4), and cooperation re-bases on the state at the starting
/// tariffs (spec §8, step 1), see [`crate::Solution::rebase`].
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    dims: OssaDims,
    regions: Vec<String>,
    industries: Vec<String>,
    sigma: Vec<f64>,
    trade: Vec<f64>,
    tariff: Vec<f64>,
    // Derived (spec §2).
    expenditure: Vec<f64>,
    output: Vec<f64>,
    alpha: Vec<f64>,
    gamma: Vec<f64>,
    mu: Vec<f64>,
    profit: Vec<f64>,
    delta: Vec<f64>,
    revenue: Vec<f64>,
    net_exports: Vec<f64>,
    labour_income: Vec<f64>,
    cost_share: Vec<f64>,
}

impl State {
    /// Validate a state and derive the §2 quantities.
    ///
    /// `trade` and `tariff` use the layout [`OssaDims::ijs`]; `sigma` has one entry per industry;
    /// `regions` and `industries` are codes used in messages.
    ///
    /// Derivations (Ossa2014 spec §2): $E_j=\sum_{i,s}(1+t_{ijs})X_{ijs}$, $Y_{is}=\sum_jX_{ijs}$,
    /// $\alpha_{ijs}=X_{ijs}/Y_{is}$, $\gamma_{ijs}=(1+t_{ijs})X_{ijs}/\sum_k(1+t_{kjs})X_{kjs}$,
    /// $\mu_{js}=\sum_i(1+t_{ijs})X_{ijs}/E_j$, $\Pi_{is}=Y_{is}/\sigma_s$,
    /// $\delta_{is}=(1-1/\sigma_s)Y_{is}/\sum_r(1-1/\sigma_r)Y_{ir}$, $R_j=\sum_{i,s}t_{ijs}X_{ijs}$,
    /// $NX_i=\sum_{j,s}X_{ijs}-\sum_{k,s}X_{kis}$, $\ell_i=E_i+NX_i-R_i-\sum_s\Pi_{is}$.
    /// Shares with a zero denominator are set to 0 (spec §12, pitfall 5).
    ///
    /// # Errors
    /// [`OssaError::Invalid`] naming the cell by codes for: wrong lengths, negative or
    /// non-finite flows, tariffs that are not finite or not above −1, a non-zero tariff on
    /// domestic sales, σ ≤ 1, a region with no expenditure or no labour income.
    pub fn new(
        regions: Vec<String>,
        industries: Vec<String>,
        sigma: Vec<f64>,
        trade: Vec<f64>,
        tariff: Vec<f64>,
    ) -> Result<State, OssaError> {
        let d = OssaDims {
            n: regions.len(),
            s: industries.len(),
        };
        if d.n < 2 || d.s == 0 {
            return Err(OssaError::invalid(
                "regions",
                "(whole array)",
                format!("{} regions × {} industries", d.n, d.s),
                "the model needs at least two regions and one industry",
            ));
        }
        for (name, len, want) in [
            ("sigma", sigma.len(), d.s),
            ("trade", trade.len(), d.cube_len()),
            ("tariff", tariff.len(), d.cube_len()),
        ] {
            if len != want {
                return Err(OssaError::invalid(
                    name,
                    "(whole array)",
                    format!("{len} values"),
                    format!("expected {want} ({} regions, {} industries)", d.n, d.s),
                ));
            }
        }
        let mut st = State {
            dims: d,
            regions,
            industries,
            sigma,
            trade,
            tariff,
            expenditure: vec![0.0; d.n],
            output: vec![0.0; d.rs_len()],
            alpha: vec![0.0; d.cube_len()],
            gamma: vec![0.0; d.cube_len()],
            mu: vec![0.0; d.rs_len()],
            profit: vec![0.0; d.rs_len()],
            delta: vec![0.0; d.rs_len()],
            revenue: vec![0.0; d.n],
            net_exports: vec![0.0; d.n],
            labour_income: vec![0.0; d.n],
            cost_share: vec![0.0; d.cube_len()],
        };
        st.validate()?;
        st.derive()?;
        Ok(st)
    }

    fn validate(&self) -> Result<(), OssaError> {
        let d = self.dims;
        for (s, &sg) in self.sigma.iter().enumerate() {
            if !(sg.is_finite() && sg > 1.0) {
                return Err(OssaError::invalid(
                    "sigma",
                    format!("industry {}", self.industries[s]),
                    sg,
                    "the elasticity of substitution must be a finite number above 1",
                ));
            }
        }
        for s in 0..d.s {
            for j in 0..d.n {
                for i in 0..d.n {
                    let c = d.ijs(i, j, s);
                    let (x, t) = (self.trade[c], self.tariff[c]);
                    if !(x.is_finite() && x >= 0.0) {
                        return Err(OssaError::invalid(
                            "trade",
                            self.cell(i, j, s),
                            x,
                            "trade flows must be finite and non-negative",
                        ));
                    }
                    if !(t.is_finite() && t > -1.0) {
                        return Err(OssaError::invalid(
                            "tariff",
                            self.cell(i, j, s),
                            t,
                            "tariffs are finite fractions above -1 (0.25 = 25 %)",
                        ));
                    }
                    if i == j && t != 0.0 {
                        return Err(OssaError::invalid(
                            "tariff",
                            self.cell(i, j, s),
                            t,
                            "a region levies no tariff on its own goods; set the diagonal to 0",
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// "exporter A, importer B, industry s" for messages.
    pub(crate) fn cell(&self, i: usize, j: usize, s: usize) -> String {
        format!(
            "exporter {}, importer {}, industry {}",
            self.regions[i], self.regions[j], self.industries[s]
        )
    }

    fn derive(&mut self) -> Result<(), OssaError> {
        let d = self.dims;
        // Ossa2014 spec §2.
        for s in 0..d.s {
            for j in 0..d.n {
                let mut spend = 0.0;
                for i in 0..d.n {
                    let c = d.ijs(i, j, s);
                    let (x, t) = (self.trade[c], self.tariff[c]);
                    spend += (1.0 + t) * x;
                    self.output[d.rs(i, s)] += x;
                    self.revenue[j] += t * x;
                    if i != j {
                        self.net_exports[i] += x;
                        self.net_exports[j] -= x;
                    }
                }
                self.expenditure[j] += spend;
                self.mu[d.rs(j, s)] = spend;
                for i in 0..d.n {
                    let c = d.ijs(i, j, s);
                    self.gamma[c] = if spend > 0.0 {
                        (1.0 + self.tariff[c]) * self.trade[c] / spend
                    } else {
                        0.0
                    };
                }
            }
        }
        for j in 0..d.n {
            let e = self.expenditure[j];
            if e.is_nan() || e <= 0.0 {
                return Err(OssaError::invalid(
                    "expenditure",
                    format!("region {}", self.regions[j]),
                    e,
                    "the region buys nothing in any industry; remove it or merge it into another",
                ));
            }
            for s in 0..d.s {
                self.mu[d.rs(j, s)] /= e;
            }
        }
        for s in 0..d.s {
            for j in 0..d.n {
                for i in 0..d.n {
                    let c = d.ijs(i, j, s);
                    let y = self.output[d.rs(i, s)];
                    self.alpha[c] = if y > 0.0 { self.trade[c] / y } else { 0.0 };
                    self.cost_share[c] = self.trade[c] / self.expenditure[j];
                }
            }
        }
        for i in 0..d.n {
            let mut wage_bill = 0.0;
            let mut profits = 0.0;
            for s in 0..d.s {
                let y = self.output[d.rs(i, s)];
                self.profit[d.rs(i, s)] = y / self.sigma[s];
                profits += y / self.sigma[s];
                wage_bill += (1.0 - 1.0 / self.sigma[s]) * y;
            }
            if wage_bill.is_nan() || wage_bill <= 0.0 {
                return Err(OssaError::invalid(
                    "labour_income",
                    format!("region {}", self.regions[i]),
                    wage_bill,
                    "the region produces nothing; it has no labour income",
                ));
            }
            for s in 0..d.s {
                self.delta[d.rs(i, s)] =
                    (1.0 - 1.0 / self.sigma[s]) * self.output[d.rs(i, s)] / wage_bill;
            }
            self.labour_income[i] =
                self.expenditure[i] + self.net_exports[i] - self.revenue[i] - profits;
            if self.labour_income[i].is_nan() || self.labour_income[i] <= 0.0 {
                return Err(OssaError::invalid(
                    "labour_income",
                    format!("region {}", self.regions[i]),
                    self.labour_income[i],
                    "expenditure plus net exports minus tariff revenue and profits must be positive",
                ));
            }
        }
        Ok(())
    }

    /// Dimensions.
    pub fn dims(&self) -> OssaDims {
        self.dims
    }
    /// Region codes.
    pub fn regions(&self) -> &[String] {
        &self.regions
    }
    /// Industry codes.
    pub fn industries(&self) -> &[String] {
        &self.industries
    }
    /// Index of a region code.
    pub fn region_index(&self, code: &str) -> Option<usize> {
        self.regions.iter().position(|r| r == code)
    }
    /// Index of an industry code.
    pub fn industry_index(&self, code: &str) -> Option<usize> {
        self.industries.iter().position(|r| r == code)
    }
    /// $\sigma_s$.
    pub fn sigma(&self) -> &[f64] {
        &self.sigma
    }
    /// $X_{ijs}$, before tariffs, [`OssaDims::ijs`].
    pub fn trade(&self) -> &[f64] {
        &self.trade
    }
    /// $t_{ijs}$, levied by importer $j$, [`OssaDims::ijs`].
    pub fn tariff(&self) -> &[f64] {
        &self.tariff
    }
    /// $E_j$: expenditure, gross of tariffs.
    pub fn expenditure(&self) -> &[f64] {
        &self.expenditure
    }
    /// $Y_{is}$: sales, [`OssaDims::rs`].
    pub fn output(&self) -> &[f64] {
        &self.output
    }
    /// $\alpha_{ijs}=X_{ijs}/Y_{is}$.
    pub fn alpha(&self) -> &[f64] {
        &self.alpha
    }
    /// $\gamma_{ijs}$: share of $j$'s industry-$s$ spending on goods from $i$, gross of tariffs.
    pub fn gamma(&self) -> &[f64] {
        &self.gamma
    }
    /// $\mu_{js}$: Cobb–Douglas expenditure shares, [`OssaDims::rs`].
    pub fn mu(&self) -> &[f64] {
        &self.mu
    }
    /// $\Pi_{is}=Y_{is}/\sigma_s$, [`OssaDims::rs`].
    pub fn profit(&self) -> &[f64] {
        &self.profit
    }
    /// $\delta_{is}$: industry share of labour income, [`OssaDims::rs`].
    pub fn delta(&self) -> &[f64] {
        &self.delta
    }
    /// $R_j$: tariff revenue.
    pub fn revenue(&self) -> &[f64] {
        &self.revenue
    }
    /// $NX_i$: net exports.
    pub fn net_exports(&self) -> &[f64] {
        &self.net_exports
    }
    /// $\ell_i$: labour income.
    pub fn labour_income(&self) -> &[f64] {
        &self.labour_income
    }
    /// $X_{ijs}/E_j$ (enters the budget constraint through tariff revenue).
    pub(crate) fn cost_share(&self) -> &[f64] {
        &self.cost_share
    }

    /// Check a counterfactual tariff cube against this state.
    ///
    /// # Errors
    /// [`OssaError::Invalid`] for a wrong length, a non-finite value or one not above −1, or a
    /// non-zero diagonal.
    pub fn check_tariffs(&self, t: &[f64]) -> Result<(), OssaError> {
        let d = self.dims;
        if t.len() != d.cube_len() {
            return Err(OssaError::invalid(
                "tariff",
                "(whole array)",
                format!("{} values", t.len()),
                format!("expected {} (N·N·S)", d.cube_len()),
            ));
        }
        for s in 0..d.s {
            for j in 0..d.n {
                for i in 0..d.n {
                    let v = t[d.ijs(i, j, s)];
                    if !(v.is_finite() && v > -1.0) {
                        return Err(OssaError::invalid(
                            "tariff",
                            self.cell(i, j, s),
                            v,
                            "tariffs are finite fractions above -1 (0.25 = 25 %)",
                        ));
                    }
                    if i == j && v != 0.0 {
                        return Err(OssaError::invalid(
                            "tariff",
                            self.cell(i, j, s),
                            v,
                            "a region levies no tariff on its own goods; keep the diagonal at 0",
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// Unweighted median of the $(N-1)S$ tariffs importer `j` levies in cube `t` (spec §5; the
    /// mean of the two middle values when the count is even).
    pub fn median_tariff(&self, t: &[f64], j: usize) -> f64 {
        let d = self.dims;
        let mut v: Vec<f64> = (0..d.s)
            .flat_map(|s| (0..d.n).filter(move |&i| i != j).map(move |i| (i, s)))
            .map(|(i, s)| t[d.ijs(i, j, s)])
            .collect();
        median(&mut v)
    }
}

/// Median of a slice (mean of the two middle values for an even count; NaN when empty).
pub fn median(v: &mut [f64]) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let k = v.len();
    if k % 2 == 1 {
        v[k / 2]
    } else {
        0.5 * (v[k / 2 - 1] + v[k / 2])
    }
}
