//! The number type the model's kernels are written over: `f64` for the equilibrium and the
//! adjoint gradients, [`Dual`] for exact directional derivatives of the gradients (forward
//! mode over the reverse sweep: Hessian–vector products, `crate::hessian`).
//!
//! One generic kernel per equation block, instantiated twice, keeps the second derivatives in
//! step with the model: there is no separately differentiated copy of the equations.
//!
//! A dual number $a+b\varepsilon$ with $\varepsilon^2=0$ carries a value and its derivative
//! along one direction; $f(a+b\varepsilon)=f(a)+f'(a)b\varepsilon$ (Griewank & Walther 2008,
//! *Evaluating Derivatives*, 2nd ed., ch. 3). Hand-written (about 100 lines) rather than the
//! `num-dual` crate, whose current releases depend on nalgebra (29 s of CPU for a clean build on
//! the 2-core machine, `docs/architecture.md`) for what these kernels do not use.

use std::ops::{Add, AddAssign, Div, Mul, MulAssign, Neg, Sub, SubAssign};

/// What the kernels need of a number: field arithmetic, arithmetic with `f64` constants on the
/// right, and `powf`, `ln`, `exp`.
pub(crate) trait Scalar:
    Copy
    + std::fmt::Debug
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + AddAssign
    + SubAssign
    + MulAssign
    + Add<f64, Output = Self>
    + Sub<f64, Output = Self>
    + Mul<f64, Output = Self>
    + Div<f64, Output = Self>
{
    /// A constant.
    fn cst(v: f64) -> Self;
    /// The value (real part).
    fn re(self) -> f64;
    /// $x^e$ for a constant exponent.
    fn powf(self, e: f64) -> Self;
    /// $\ln x$.
    fn ln(self) -> Self;
    /// $e^x$.
    fn exp(self) -> Self;
}

impl Scalar for f64 {
    #[inline]
    fn cst(v: f64) -> Self {
        v
    }
    #[inline]
    fn re(self) -> f64 {
        self
    }
    #[inline]
    fn powf(self, e: f64) -> Self {
        f64::powf(self, e)
    }
    #[inline]
    fn ln(self) -> Self {
        f64::ln(self)
    }
    #[inline]
    fn exp(self) -> Self {
        f64::exp(self)
    }
}

/// A dual number $v+d\,\varepsilon$, $\varepsilon^2=0$.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Dual {
    /// Value.
    pub v: f64,
    /// Derivative along the direction being followed.
    pub d: f64,
}

impl Dual {
    /// $v+d\,\varepsilon$.
    #[inline]
    pub fn new(v: f64, d: f64) -> Self {
        Self { v, d }
    }
}

impl Scalar for Dual {
    #[inline]
    fn cst(v: f64) -> Self {
        Self { v, d: 0.0 }
    }
    #[inline]
    fn re(self) -> f64 {
        self.v
    }
    #[inline]
    fn powf(self, e: f64) -> Self {
        let p = self.v.powf(e);
        // d(xᵉ) = e xᵉ/x dx (x > 0 wherever the model takes powers).
        Self {
            v: p,
            d: if self.d == 0.0 {
                0.0
            } else {
                e * p / self.v * self.d
            },
        }
    }
    #[inline]
    fn ln(self) -> Self {
        Self {
            v: self.v.ln(),
            d: self.d / self.v,
        }
    }
    #[inline]
    fn exp(self) -> Self {
        let e = self.v.exp();
        Self {
            v: e,
            d: e * self.d,
        }
    }
}

impl Add for Dual {
    type Output = Self;
    #[inline]
    fn add(self, o: Self) -> Self {
        Self::new(self.v + o.v, self.d + o.d)
    }
}
impl Sub for Dual {
    type Output = Self;
    #[inline]
    fn sub(self, o: Self) -> Self {
        Self::new(self.v - o.v, self.d - o.d)
    }
}
impl Mul for Dual {
    type Output = Self;
    #[inline]
    fn mul(self, o: Self) -> Self {
        Self::new(self.v * o.v, self.d * o.v + self.v * o.d)
    }
}
impl Div for Dual {
    type Output = Self;
    #[inline]
    fn div(self, o: Self) -> Self {
        let q = self.v / o.v;
        Self::new(q, (self.d - q * o.d) / o.v)
    }
}
impl Neg for Dual {
    type Output = Self;
    #[inline]
    fn neg(self) -> Self {
        Self::new(-self.v, -self.d)
    }
}
impl AddAssign for Dual {
    #[inline]
    fn add_assign(&mut self, o: Self) {
        *self = *self + o;
    }
}
impl SubAssign for Dual {
    #[inline]
    fn sub_assign(&mut self, o: Self) {
        *self = *self - o;
    }
}
impl MulAssign for Dual {
    #[inline]
    fn mul_assign(&mut self, o: Self) {
        *self = *self * o;
    }
}
impl Add<f64> for Dual {
    type Output = Self;
    #[inline]
    fn add(self, o: f64) -> Self {
        Self::new(self.v + o, self.d)
    }
}
impl Sub<f64> for Dual {
    type Output = Self;
    #[inline]
    fn sub(self, o: f64) -> Self {
        Self::new(self.v - o, self.d)
    }
}
impl Mul<f64> for Dual {
    type Output = Self;
    #[inline]
    fn mul(self, o: f64) -> Self {
        Self::new(self.v * o, self.d * o)
    }
}
impl Div<f64> for Dual {
    type Output = Self;
    #[inline]
    fn div(self, o: f64) -> Self {
        Self::new(self.v / o, self.d / o)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Dual arithmetic gives the derivative of a composite function exactly.
    #[test]
    fn duals_differentiate_a_composite_function() {
        // f(x) = ln(x³ + 2x) · e^{x/2} / (1 + x)
        let f = |x: Dual| (x.powf(3.0) + x * 2.0).ln() * (x / 2.0).exp() / (x + 1.0);
        let g = |x: f64| (x.powi(3) + 2.0 * x).ln() * (x / 2.0).exp() / (1.0 + x);
        for x in [0.3, 1.0, 2.7] {
            let d = f(Dual::new(x, 1.0));
            assert!((d.v - g(x)).abs() < 1e-15);
            let h = 1e-6;
            let fd = (g(x + h) - g(x - h)) / (2.0 * h);
            assert!((d.d - fd).abs() < 1e-8, "{x}: {} vs {fd}", d.d);
        }
        let mut a = Dual::new(2.0, 1.0);
        a -= Dual::cst(0.5);
        a *= Dual::new(3.0, 0.0);
        a += -Dual::new(1.0, 1.0);
        assert_eq!(a, Dual::new(3.5, 2.0));
        assert_eq!((Dual::new(4.0, 1.0) - 1.0).re(), 3.0);
    }
}
