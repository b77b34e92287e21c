//! Knobs of the Caliendo–Parro solver's loops.

use truce_solve::SolveParams;

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
