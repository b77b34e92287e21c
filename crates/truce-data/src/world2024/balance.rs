//! Balancing algorithms: iterative proportional fitting on a non-negative array under linear
//! sum constraints (generalised RAS), and bi-proportional RAS of an input–output matrix.
//!
//! Both only multiply and divide (and take one square root for balance constraints, which IEEE
//! 754 rounds exactly), in a fixed order, so the same inputs give the same bits on every
//! platform.
//!
//! References: Deming, W. E. and Stephan, F. F. (1940), "On a least squares adjustment of a
//! sampled frequency table when the expected marginal totals are known", *Annals of
//! Mathematical Statistics* 11(4): 427–444; Stone, R. (1961), *Input–Output and National
//! Accounts*, OECD (the RAS method); Miller, R. E. and Blair, P. D. (2009), *Input–Output
//! Analysis*, 2nd ed., ch. 7.

/// A constraint Σ_{c ∈ cells} x_c = target.
#[derive(Debug, Clone)]
pub(crate) struct SumConstraint {
    pub label: String,
    pub cells: Vec<usize>,
    pub target: f64,
}

/// A constraint Σ_{c ∈ a} x_c = Σ_{c ∈ b} x_c (e.g. a region's services exports equal its
/// services imports), met by scaling `a` by √(B/A) and `b` by √(A/B).
#[derive(Debug, Clone)]
pub(crate) struct BalanceConstraint {
    pub label: String,
    pub a: Vec<usize>,
    pub b: Vec<usize>,
}

/// What an IPF run did.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct IpfInfo {
    /// Full sweeps over all constraints.
    pub sweeps: usize,
    /// Largest relative constraint error at the start of the last sweep.
    pub max_rel_error: f64,
}

/// Why a balancing run failed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum BalanceFailure {
    /// A constraint's fixed cells already exceed its target, or it has no free cell left to
    /// carry a positive remainder.
    Infeasible { label: String, detail: String },
    /// The sweeps did not reach the tolerance.
    NotConverged {
        label: String,
        sweeps: usize,
        error: f64,
    },
}

/// Iterative proportional fitting: scale the free cells of `x` until every constraint holds to
/// relative tolerance `tol`. Cells with `fixed[c]` are never changed; cells at zero stay zero.
///
/// Each sweep visits the sum constraints in order, then the balance constraints; the error
/// measured is the largest |Σ − target| / target over the sweep (before each scaling), so on
/// return every constraint holds to about `tol`.
pub(crate) fn ipf(
    x: &mut [f64],
    fixed: &[bool],
    sums: &[SumConstraint],
    balances: &[BalanceConstraint],
    tol: f64,
    max_sweeps: usize,
) -> Result<IpfInfo, BalanceFailure> {
    let mut worst_label = String::new();
    let mut worst = f64::INFINITY;
    for sweep in 1..=max_sweeps {
        worst = 0.0;
        for c in sums {
            let (mut fx, mut fr) = (0.0, 0.0);
            for &k in &c.cells {
                if fixed[k] {
                    fx += x[k];
                } else {
                    fr += x[k];
                }
            }
            let err = ((fx + fr) - c.target).abs() / c.target;
            if err > worst {
                worst = err;
                worst_label.clone_from(&c.label);
            }
            let rest = c.target - fx;
            if rest < 0.0 || (fr <= 0.0 && rest > tol * c.target) {
                return Err(BalanceFailure::Infeasible {
                    label: c.label.clone(),
                    detail: format!(
                        "target {:.6}, fixed cells {:.6}, free cells {:.6}",
                        c.target, fx, fr
                    ),
                });
            }
            if fr > 0.0 {
                let f = rest / fr;
                for &k in &c.cells {
                    if !fixed[k] {
                        x[k] *= f;
                    }
                }
            }
        }
        for c in balances {
            let a: f64 = c.a.iter().map(|&k| x[k]).sum();
            let b: f64 = c.b.iter().map(|&k| x[k]).sum();
            if !(a > 0.0 && b > 0.0) {
                return Err(BalanceFailure::Infeasible {
                    label: c.label.clone(),
                    detail: format!("sides {a:.6} and {b:.6} must both be positive"),
                });
            }
            let err = (a - b).abs() / (a + b);
            if err > worst {
                worst = err;
                worst_label.clone_from(&c.label);
            }
            let f = (b / a).sqrt();
            for &k in &c.a {
                x[k] *= f;
            }
            for &k in &c.b {
                x[k] /= f;
            }
        }
        if worst < tol {
            return Ok(IpfInfo {
                sweeps: sweep,
                max_rel_error: worst,
            });
        }
    }
    Err(BalanceFailure::NotConverged {
        label: worst_label,
        sweeps: max_sweeps,
        error: worst,
    })
}

/// Bi-proportional (RAS) balancing of a dense `n × n` matrix `z` (row-major) to row sums
/// `rows` and column sums `cols` (whose totals must agree). Rows are scaled, then columns,
/// until both hold to relative tolerance `tol`.
pub(crate) fn ras(
    z: &mut [f64],
    rows: &[f64],
    cols: &[f64],
    tol: f64,
    max_sweeps: usize,
) -> Result<IpfInfo, BalanceFailure> {
    let n = rows.len();
    debug_assert_eq!(z.len(), n * cols.len());
    let m = cols.len();
    let mut worst = f64::INFINITY;
    for sweep in 1..=max_sweeps {
        worst = 0.0;
        for r in 0..n {
            let s: f64 = z[r * m..(r + 1) * m].iter().sum();
            if rows[r] < 0.0 || (s <= 0.0 && rows[r] > 0.0) {
                return Err(BalanceFailure::Infeasible {
                    label: format!("row {r}"),
                    detail: format!("target {:.6}, current sum {:.6}", rows[r], s),
                });
            }
            if s > 0.0 {
                worst = worst.max((s - rows[r]).abs() / rows[r].max(f64::MIN_POSITIVE));
                let f = rows[r] / s;
                z[r * m..(r + 1) * m].iter_mut().for_each(|v| *v *= f);
            }
        }
        for c in 0..m {
            let s: f64 = (0..n).map(|r| z[r * m + c]).sum();
            if cols[c] < 0.0 || (s <= 0.0 && cols[c] > 0.0) {
                return Err(BalanceFailure::Infeasible {
                    label: format!("column {c}"),
                    detail: format!("target {:.6}, current sum {:.6}", cols[c], s),
                });
            }
            if s > 0.0 {
                worst = worst.max((s - cols[c]).abs() / cols[c].max(f64::MIN_POSITIVE));
                let f = cols[c] / s;
                (0..n).for_each(|r| z[r * m + c] *= f);
            }
        }
        if worst < tol {
            return Ok(IpfInfo {
                sweeps: sweep,
                max_rel_error: worst,
            });
        }
    }
    Err(BalanceFailure::NotConverged {
        label: "RAS".into(),
        sweeps: max_sweeps,
        error: worst,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipf_meets_row_and_column_totals_and_keeps_fixed_cells() {
        // 3×3 table, cell (0,0) fixed at 1.
        let mut x = vec![1.0; 9];
        let mut fixed = vec![false; 9];
        fixed[0] = true;
        let rows = [5.0, 7.0, 9.0];
        let cols = [6.0, 6.0, 9.0];
        let mut sums = Vec::new();
        for r in 0..3 {
            sums.push(SumConstraint {
                label: format!("row {r}"),
                cells: (0..3).map(|c| r * 3 + c).collect(),
                target: rows[r],
            });
        }
        for c in 0..3 {
            sums.push(SumConstraint {
                label: format!("col {c}"),
                cells: (0..3).map(|r| r * 3 + c).collect(),
                target: cols[c],
            });
        }
        let info = ipf(&mut x, &fixed, &sums, &[], 1e-13, 10_000).unwrap();
        assert!(info.max_rel_error < 1e-13);
        assert_eq!(x[0], 1.0);
        for r in 0..3 {
            let s: f64 = x[r * 3..r * 3 + 3].iter().sum();
            assert!((s - rows[r]).abs() < 1e-11);
        }
        for c in 0..3 {
            let s: f64 = (0..3).map(|r| x[r * 3 + c]).sum();
            assert!((s - cols[c]).abs() < 1e-11);
        }
    }

    #[test]
    fn ipf_balance_constraint_equalises_the_two_sides() {
        let mut x = vec![1.0, 2.0, 3.0, 10.0];
        let fixed = vec![false; 4];
        let b = BalanceConstraint {
            label: "bal".into(),
            a: vec![0, 1],
            b: vec![2, 3],
        };
        ipf(&mut x, &fixed, &[], &[b], 1e-14, 100).unwrap();
        let (a, bb) = (x[0] + x[1], x[2] + x[3]);
        assert!((a - bb).abs() < 1e-12 * a);
        // Geometric mean of the two sides: √(3·13).
        assert!((a - (3.0f64 * 13.0).sqrt()).abs() < 1e-12);
    }

    #[test]
    fn ipf_reports_an_infeasible_constraint() {
        let mut x = vec![5.0, 1.0];
        let fixed = vec![true, false];
        let c = SumConstraint {
            label: "too small".into(),
            cells: vec![0, 1],
            target: 3.0,
        };
        match ipf(&mut x, &fixed, &[c], &[], 1e-12, 100) {
            Err(BalanceFailure::Infeasible { label, .. }) => assert_eq!(label, "too small"),
            other => panic!("expected infeasible, got {other:?}"),
        }
    }

    #[test]
    fn ras_meets_margins() {
        let mut z = vec![1.0, 2.0, 3.0, 4.0];
        let rows = [4.0, 6.0];
        let cols = [5.0, 5.0];
        let info = ras(&mut z, &rows, &cols, 1e-14, 1000).unwrap();
        assert!(info.sweeps > 1);
        assert!((z[0] + z[1] - 4.0).abs() < 1e-12);
        assert!((z[0] + z[2] - 5.0).abs() < 1e-12);
    }
}
