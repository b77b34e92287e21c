//! The loop: tolerance, cap, stall, time limit, cancellation, observers.

use crate::{Anderson, Control, Info, Iterate, NonFinite, Observer, SolveParams, Termination};
use std::time::Instant;

/// A fixed-point problem `x = g(x)` with its own residual.
///
/// `eval` computes `g(x)` into `gx` and returns the residual of `x` (the quantity compared with
/// the tolerance: for the Caliendo–Parro wage loop, the largest trade imbalance relative to
/// value added). It must not loop to convergence over the outer variable, keep time or print.
pub trait FixedPoint {
    /// Length of `x`.
    fn dim(&self) -> usize;

    /// Evaluate `g(x)` into `gx` and return the residual of `x`.
    ///
    /// # Errors
    /// [`NonFinite`] naming the variable and index when a NaN or infinity appears.
    fn eval(&mut self, x: &[f64], gx: &mut [f64]) -> Result<f64, NonFinite>;

    /// Map an accelerated iterate back onto the admissible set (e.g. impose a numeraire or
    /// positivity). The default does nothing.
    fn project(&mut self, _x: &mut [f64]) {}
}

/// Iterate `x ← Anderson(g)(x)` until the residual is below `params.tol()` or another
/// [`Termination`] applies. On return `x` holds the last iterate at which the residual was
/// evaluated (the converged point when [`Termination::Converged`]).
///
/// The driver never panics on bad numbers: a NaN residual or iterate ends the solve as
/// [`Termination::NonFinite`].
pub fn solve_fixed_point<P: FixedPoint + ?Sized, O: Observer + ?Sized>(
    problem: &mut P,
    x: &mut [f64],
    params: &SolveParams,
    observer: &mut O,
) -> Info {
    let mut acc = Anderson::new(problem.dim(), params.memory(), params.mixing());
    solve_fixed_point_with(problem, x, params, observer, &mut acc)
}

/// As [`solve_fixed_point`], reusing a caller-owned accelerator (no allocation in the loop).
///
/// # Panics
/// If `acc.dim()` or `x.len()` differs from `problem.dim()` (a programming error).
pub fn solve_fixed_point_with<P: FixedPoint + ?Sized, O: Observer + ?Sized>(
    problem: &mut P,
    x: &mut [f64],
    params: &SolveParams,
    observer: &mut O,
    acc: &mut Anderson,
) -> Info {
    assert_eq!(
        x.len(),
        problem.dim(),
        "solve_fixed_point: x has the wrong length"
    );
    assert_eq!(
        acc.dim(),
        problem.dim(),
        "solve_fixed_point: accelerator has the wrong length"
    );
    let start = Instant::now();
    let dim = x.len();
    let mut gx = vec![0.0; dim];
    // Safeguard: the best point seen, its image, and a mixing scale that halves whenever an
    // accelerated step lands far above the best residual (Anderson can extrapolate wildly on
    // strongly non-linear maps, e.g. a prohibitive world-wide tariff war) and recovers after.
    let mut best_x = x.to_vec();
    let mut prev = x.to_vec();
    let mut best_gx = vec![0.0; dim];
    let mut best = f64::INFINITY;
    let mut best_at = 0usize;
    let mut residual = f64::NAN;
    let base_mixing = params.mixing();
    let mut scale = 1.0f64;
    acc.reset();
    acc.set_mixing(base_mixing);
    for iteration in 1..=params.max_iter() {
        residual = match problem.eval(x, &mut gx) {
            Ok(r) => r,
            Err(nf) => return finish(Termination::NonFinite(nf), iteration, f64::NAN, start),
        };
        if !residual.is_finite() {
            return finish(
                Termination::NonFinite(NonFinite::new("residual", 0)),
                iteration,
                residual,
                start,
            );
        }
        if residual < params.tol() {
            return finish(Termination::Converged, iteration, residual, start);
        }
        let it = Iterate {
            iteration,
            residual,
            tol: params.tol(),
        };
        if observer.observe(&it) == Control::Stop {
            return finish(Termination::Cancelled, iteration, residual, start);
        }
        if let Some(limit) = params.time_limit() {
            if start.elapsed() > limit {
                return finish(Termination::Timeout, iteration, residual, start);
            }
        }
        let rejected = residual > SAFEGUARD_FACTOR * best;
        if residual < best {
            if residual < best * (1.0 - 1e-6) {
                best_at = iteration;
            }
            best = residual;
            best_x.copy_from_slice(x);
            best_gx.copy_from_slice(&gx);
            scale = (scale * 1.5).min(1.0);
        } else if iteration - best_at >= params.stall_window() {
            return finish(Termination::Stalled, iteration, residual, start);
        }
        if rejected {
            // Back to the best point; a plain damped step with half the previous mixing.
            scale *= 0.5;
            x.copy_from_slice(&best_x);
            gx.copy_from_slice(&best_gx);
            acc.reset();
        }
        acc.set_mixing(base_mixing * scale);
        prev.copy_from_slice(x);
        acc.step(x, &gx);
        if let Some(limit) = params.max_step() {
            // Relative to each coordinate's size (at least 1): a wage index at 15 may move by
            // 1.5, one near 1 by 0.1.
            let ratio = x
                .iter()
                .zip(&prev)
                .map(|(a, b)| (a - b).abs() / (limit * b.abs().max(1.0)))
                .fold(0.0, f64::max);
            if ratio > 1.0 {
                let shrink = 1.0 / ratio;
                for (a, b) in x.iter_mut().zip(&prev) {
                    *a = b + shrink * (*a - b);
                }
            }
        }
        if let Some(i) = x.iter().position(|v| !v.is_finite()) {
            return finish(
                Termination::NonFinite(NonFinite::new("iterate", i)),
                iteration,
                residual,
                start,
            );
        }
        problem.project(x);
    }
    finish(Termination::MaxIters, params.max_iter(), residual, start)
}

/// An accelerated iterate whose residual exceeds this multiple of the best residual so far is
/// rejected (see [`solve_fixed_point_with`]).
const SAFEGUARD_FACTOR: f64 = 4.0;

fn finish(termination: Termination, iterations: usize, residual: f64, start: Instant) -> Info {
    Info {
        termination,
        iterations,
        residual,
        elapsed: start.elapsed(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{NoObserver, Recorder};

    struct Cos;
    impl FixedPoint for Cos {
        fn dim(&self) -> usize {
            1
        }
        fn eval(&mut self, x: &[f64], gx: &mut [f64]) -> Result<f64, NonFinite> {
            gx[0] = x[0].cos();
            Ok((gx[0] - x[0]).abs())
        }
    }

    /// g(x) = 2x + 1 diverges without acceleration: the cap must be reported, not a result.
    struct Expanding;
    impl FixedPoint for Expanding {
        fn dim(&self) -> usize {
            1
        }
        fn eval(&mut self, x: &[f64], gx: &mut [f64]) -> Result<f64, NonFinite> {
            gx[0] = 2.0 * x[0] + 1.0;
            Ok((gx[0] - x[0]).abs())
        }
    }

    struct NanAt3(usize);
    impl FixedPoint for NanAt3 {
        fn dim(&self) -> usize {
            2
        }
        fn eval(&mut self, x: &[f64], gx: &mut [f64]) -> Result<f64, NonFinite> {
            self.0 += 1;
            if self.0 == 3 {
                return Err(NonFinite::new("w_hat", 1));
            }
            gx[0] = 0.5 * x[0];
            gx[1] = 0.5 * x[1];
            Ok(x[0].abs() + x[1].abs())
        }
    }

    #[test]
    fn converges_on_a_contraction() {
        let mut x = vec![0.0];
        let info = solve_fixed_point(&mut Cos, &mut x, &SolveParams::default(), &mut NoObserver);
        assert_eq!(info.termination, Termination::Converged);
        assert!((x[0] - 0.739_085_133_215_160_6).abs() < 1e-9);
    }

    #[test]
    fn reports_the_iteration_cap() {
        let params = SolveParams::default()
            .with_memory(0)
            .unwrap()
            .with_max_iter(20)
            .unwrap();
        let mut x = vec![0.0];
        let info = solve_fixed_point(&mut Expanding, &mut x, &params, &mut NoObserver);
        assert!(matches!(
            info.termination,
            Termination::MaxIters | Termination::Stalled | Termination::NonFinite(_)
        ));
        assert!(!info.termination.is_converged());
    }

    #[test]
    fn reports_non_finite_with_variable_and_index() {
        let mut x = vec![1.0, 1.0];
        let params = SolveParams::default().with_memory(0).unwrap();
        let info = solve_fixed_point(&mut NanAt3(0), &mut x, &params, &mut NoObserver);
        assert_eq!(
            info.termination,
            Termination::NonFinite(NonFinite::new("w_hat", 1))
        );
    }

    #[test]
    fn observer_sees_every_iteration_and_can_cancel() {
        let mut rec = Recorder::default();
        let mut x = vec![0.0];
        let info = solve_fixed_point(&mut Cos, &mut x, &SolveParams::default(), &mut rec);
        assert_eq!(rec.iterates.len() + 1, info.iterations);

        struct StopAt2;
        impl Observer for StopAt2 {
            fn observe(&mut self, it: &Iterate) -> Control {
                if it.iteration == 2 {
                    Control::Stop
                } else {
                    Control::Continue
                }
            }
        }
        let mut x = vec![0.0];
        let info = solve_fixed_point(&mut Cos, &mut x, &SolveParams::default(), &mut StopAt2);
        assert_eq!(info.termination, Termination::Cancelled);
        assert_eq!(info.iterations, 2);
    }

    #[test]
    fn stall_is_detected() {
        /// Residual never improves.
        struct Flat;
        impl FixedPoint for Flat {
            fn dim(&self) -> usize {
                1
            }
            fn eval(&mut self, x: &[f64], gx: &mut [f64]) -> Result<f64, NonFinite> {
                gx[0] = x[0];
                Ok(1.0)
            }
        }
        let params = SolveParams::default().with_stall_window(10).unwrap();
        let mut x = vec![0.0];
        let info = solve_fixed_point(&mut Flat, &mut x, &params, &mut NoObserver);
        assert_eq!(info.termination, Termination::Stalled);
        assert_eq!(info.iterations, 11);
    }

    #[test]
    fn solver_types_are_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Anderson>();
        assert_send_sync::<SolveParams>();
        assert_send_sync::<Info>();
        assert_send_sync::<Termination>();
    }
}
