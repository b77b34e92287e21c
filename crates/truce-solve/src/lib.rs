//! # truce-solve: the loop, kept apart from the economics
//!
//! Brief overview. Every equilibrium and every best-response iteration in truce is a
//! fixed point `x = g(x)`. The economics (a [`FixedPoint`] implementation) only knows how to
//! evaluate `g` once and how far `x` is from solving its equations. This crate owns everything
//! else:
//!
//! * [`Anderson`]: Anderson (type-II) acceleration of a damped fixed-point step, with a
//!   workspace allocated once and reused (the same object serves the outer wage loop, the inner
//!   price loop and the expenditure system of the Caliendo–Parro engine);
//! * [`solve_fixed_point`]: the driver: tolerance, iteration cap, stall detection, time limit,
//!   cancellation and [`Observer`]s;
//! * [`Termination`] and [`Info`]: how a solve ended, as a value: never a log line;
//! * [`linalg`]: the one place for dense linear algebra (LU and Cholesky factorisations);
//! * [`NotConverged`]: the one error of every solve, equilibrium or game, that did not converge
//!   (front ends find it in an error's `source()` chain and exit with code 3).
//!
//! The model crates never loop, keep time or print; the CLI shows progress by passing an
//! observer.
//!
//! # Example
//! ```
//! use truce_solve::{solve_fixed_point, FixedPoint, NonFinite, SolveParams, NoObserver};
//! /// x = cos(x): a toy contraction.
//! struct Cos;
//! impl FixedPoint for Cos {
//!     fn dim(&self) -> usize { 1 }
//!     fn eval(&mut self, x: &[f64], gx: &mut [f64]) -> Result<f64, NonFinite> {
//!         gx[0] = x[0].cos();
//!         Ok((gx[0] - x[0]).abs())
//!     }
//! }
//! let mut x = vec![1.0];
//! let info = solve_fixed_point(&mut Cos, &mut x, &SolveParams::default(), &mut NoObserver);
//! assert!(info.termination.is_converged());
//! assert!((x[0] - 0.739_085_133_215_160_6).abs() < 1e-9);
//! ```
//!
//! # References
//! * Walker, H. F. and Ni, P. (2011), "Anderson acceleration for fixed-point iterations",
//!   *SIAM J. Numer. Anal.* 49(4): 1715–1735.
//! * The driver/solver/observer split follows the `argmin` crate's executor design.

mod anderson;
mod driver;
pub mod linalg;
mod observer;
mod params;
mod termination;

pub use anderson::Anderson;
pub use driver::{solve_fixed_point, solve_fixed_point_with, FixedPoint};
pub use observer::{Control, Iterate, NoObserver, Observer, Recorder};
pub use params::{ParamError, SolveParams};
pub use termination::{Info, NonFinite, NotConverged, Termination};
