//! Platform-independent powers: `x^y = exp(y·ln x)` computed with +, −, ×, ÷ and exact
//! power-of-two scaling only.
//!
//! `f64::powf` calls the platform's maths library, whose last bit may differ between systems.
//! The θ-consistent equivalent rates ([`crate::equivalent_increment`]) enter the tariffs that
//! `truce data build-default` writes into the committed world2024 dataset, whose bytes must not
//! depend on the machine that rebuilds them; so the record evaluates its powers here. Accuracy:
//! a few units in the last place for the arguments the record uses (bases near 1, exponents
//! between −15 and 0), checked against `powf` by a property test.
//!
//! Method (as in fdlibm): ln x = k·ln 2 + 2·atanh((m−1)/(m+1)) with x = m·2^k, m ∈ [√½, √2),
//! the series summed to s²¹; exp r = 2^k·e^ρ with ρ = r − k·ln 2 ∈ [−ln2/2, ln2/2], the Taylor
//! series summed to ρ²⁰; ln 2 is split into a high part with trailing zero bits and a low part
//! so that k·ln 2 is exact.

/// ln 2, high part (its last 21 bits are zero, so k·LN2_HI is exact for |k| < 2²¹).
const LN2_HI: f64 = 0.693_147_180_369_123_8; // bits 0x3fe62e42fee00000
/// ln 2 − LN2_HI.
const LN2_LO: f64 = 1.908_214_929_270_587_7e-10; // bits 0x3dea39ef35793c76

/// 2^k for a normal-range integer k, exactly.
fn two_pow(k: i64) -> f64 {
    debug_assert!((-1022..=1023).contains(&k));
    f64::from_bits(((k + 1023) as u64) << 52)
}

/// Natural logarithm of a positive, finite, normal x.
fn ln(x: f64) -> f64 {
    debug_assert!(x > 0.0 && x.is_finite());
    let bits = x.to_bits();
    let mut k = ((bits >> 52) & 0x7ff) as i64 - 1023;
    // Mantissa in [1, 2).
    let mut m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    if m > std::f64::consts::SQRT_2 {
        m *= 0.5;
        k += 1;
    }
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    // 2·atanh(s) = 2(s + s³/3 + s⁵/5 + …); |s| ≤ 0.1716, so s²¹/21 < 1e-17 relative.
    let mut sum = 0.0;
    let mut odd = 21.0;
    while odd >= 3.0 {
        sum = s2 * (1.0 / odd + sum);
        odd -= 2.0;
    }
    let ln_m = 2.0 * s + 2.0 * s * sum;
    let kf = k as f64;
    kf * LN2_HI + (ln_m + kf * LN2_LO)
}

/// e^r, with underflow to 0 and overflow to +∞.
fn exp(r: f64) -> f64 {
    if r < -708.0 {
        return 0.0;
    }
    if r > 709.0 {
        return f64::INFINITY;
    }
    let k = (r / std::f64::consts::LN_2).round();
    let rho = (r - k * LN2_HI) - k * LN2_LO;
    // Taylor series of e^ρ, |ρ| ≤ 0.35: the ρ²⁰/20! term is below 1e-27.
    let mut sum = 1.0;
    let mut n = 20.0;
    while n >= 1.0 {
        sum = 1.0 + rho * sum / n;
        n -= 1.0;
    }
    sum * two_pow(k as i64)
}

/// x^y for x > 0 (finite, normal) and finite y; `x == 1` gives exactly 1.
pub(crate) fn pow(x: f64, y: f64) -> f64 {
    if x == 1.0 || y == 0.0 {
        return 1.0;
    }
    exp(y * ln(x))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ln2_parts_are_fdlibms() {
        assert_eq!(LN2_HI.to_bits(), 0x3fe6_2e42_fee0_0000);
        assert_eq!(LN2_LO.to_bits(), 0x3dea_39ef_3579_3c76);
        assert_eq!(LN2_HI.to_bits() & 0x1f_ffff, 0, "k·LN2_HI must be exact");
    }

    #[test]
    fn exact_cases() {
        assert_eq!(pow(1.0, -7.3), 1.0);
        assert_eq!(pow(2.0, 0.0), 1.0);
        assert_eq!(ln(1.0), 0.0);
        assert_eq!(exp(0.0), 1.0);
        assert!((pow(2.0, 10.0) - 1024.0).abs() < 1e-12);
        assert!((ln(std::f64::consts::E) - 1.0).abs() < 2e-16);
        assert_eq!(exp(-800.0), 0.0);
    }

    proptest! {
        #![proptest_config(truce_testkit::seeded(256))]
        /// Agrees with the platform's powf to a few ulps where the record uses it.
        #[test]
        fn matches_powf(x in 0.2f64..20.0, y in -15.0f64..1.0) {
            let a = pow(x, y);
            let b = x.powf(y);
            prop_assert!((a / b - 1.0).abs() < 1e-14, "{x}^{y}: {a} vs {b}");
        }

        #[test]
        fn ln_and_exp_invert(x in 1e-6f64..1e6) {
            prop_assert!((exp(ln(x)) / x - 1.0).abs() < 1e-14);
        }
    }
}
