//! The θ-consistent equivalents of partial measures (see the parent module's docs): the
//! increment of one layer, a cell's model and statutory levels from its layers, and the pre-war
//! level that the record's layers bring to a given tariff.

use crate::scenario::WithinSector;

/// θ-consistent increment of a rate `rate` (fraction) covering share `share` of a flow that
/// already bears `tau0`, for trade elasticity `theta` (see the module docs).
///
/// # Example
/// ```
/// use truce_scenario::equivalent_increment;
/// assert_eq!(equivalent_increment(0.03, 0.25, 1.0, 4.0), 0.25);
/// let d = equivalent_increment(0.0, 0.25, 0.5, 4.0);
/// assert!(d > 0.0 && d < 0.125); // below the statutory average s·r
/// ```
pub fn equivalent_increment(tau0: f64, rate: f64, share: f64, theta: f64) -> f64 {
    equivalent_increment_within(tau0, rate, share, theta, WithinSector::Substitutes)
}

/// As [`equivalent_increment`], with the covered goods aggregated with the rest of the sector
/// as `within` says: [`WithinSector::Substitutes`] is the θ-consistent (Fréchet) equivalent;
/// [`WithinSector::CobbDouglas`] keeps the covered goods' spending share fixed, so the sector's
/// price rises by the factor f^s (the θ → 0 limit of the power mean) — the right aggregation
/// for an input nothing else in the sector replaces (rare earths in magnets and motors).
///
/// # Example
/// ```
/// use truce_scenario::{equivalent_increment_within, WithinSector};
/// // A 100 % export tax on 1.6 % of a sector with θ = 12.9.
/// let subst = equivalent_increment_within(0.0, 1.0, 0.016, 12.9, WithinSector::Substitutes);
/// let cd = equivalent_increment_within(0.0, 1.0, 0.016, 12.9, WithinSector::CobbDouglas);
/// assert!(subst < 0.0013);                   // buyers switch to the sector's other goods
/// assert!((cd - (2f64.powf(0.016) - 1.0)).abs() < 1e-12); // ≈ 1.1 %: they cannot
/// ```
pub fn equivalent_increment_within(
    tau0: f64,
    rate: f64,
    share: f64,
    theta: f64,
    within: WithinSector,
) -> f64 {
    if share >= 1.0 {
        return rate;
    }
    if share <= 0.0 || rate == 0.0 {
        return 0.0;
    }
    (1.0 + tau0) * (equivalent_factor(1.0 + rate / (1.0 + tau0), share, theta, within) - 1.0)
}

/// The uniform factor equivalent to a factor `f` on share `s` of a Fréchet aggregate:
/// [s f^{−θ} + 1 − s]^{−1/θ}, or f^s under Cobb–Douglas aggregation.
///
/// The powers come from the `libm` crate (a pure-Rust port of musl's libm), not `f64::powf`,
/// which calls the platform's maths library whose last bit may differ between systems: these
/// rates enter the tariffs that `truce data build-default` writes into the committed world2024
/// dataset, whose bytes must not depend on the machine that rebuilds them.
pub(super) fn equivalent_factor(f: f64, s: f64, theta: f64, within: WithinSector) -> f64 {
    match within {
        WithinSector::Substitutes => libm::pow(s * libm::pow(f, -theta) + 1.0 - s, -1.0 / theta),
        WithinSector::CobbDouglas => libm::pow(f, s),
    }
}

/// One layer's level on one cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Slice {
    pub(super) share: f64,
    pub(super) rate: f64, // fraction (tariff/export tax) or change fraction (trade cost)
    /// How the covered goods aggregate with the rest of the sector: `Substitutes` at θ (the
    /// default) or `CobbDouglas` (their spending share is fixed; chokepoint inputs).
    pub(super) within: WithinSector,
}

/// The model tariff of a cell: τ₀ plus each layer's θ-consistent increment against τ₀, added
/// in layer order (the same arithmetic forwards, [`evaluate`](super::evaluate), and backwards,
/// [`prewar_level`]).
pub(crate) fn tariff_level(tau0: f64, slices: &[Slice], theta: f64) -> f64 {
    let mut t = tau0;
    for sl in slices {
        t += equivalent_increment_within(tau0, sl.rate, sl.share, theta, sl.within);
    }
    t
}

/// The statutory tariff of a cell: τ₀ + Σ s·r.
pub(super) fn statutory_level(tau0: f64, slices: &[Slice]) -> f64 {
    let mut t = tau0;
    for sl in slices {
        t += sl.share * sl.rate;
    }
    t
}

/// The neighbouring double towards +∞ (`up`) or −∞.
fn next_float(x: f64, up: bool) -> f64 {
    if x == 0.0 {
        let tiny = f64::from_bits(1);
        return if up { tiny } else { -tiny };
    }
    let b = x.to_bits();
    f64::from_bits(if (x > 0.0) == up { b + 1 } else { b - 1 })
}

/// The starting level τ₀ whose [`tariff_level`] is `target`.
///
/// Each layer's increment lies between min(r, 0) and max(s·r, 0) (a power mean lies between
/// its arguments), so τ₀ lies in [target − Σ max(s·r, 0), target − Σ min(r, 0)], cut to the
/// domain where every 1 + τ₀ + r stays positive; on that bracket the level is increasing with
/// slope at least 1 (module docs). Newton steps kept inside the shrinking bracket (bisection
/// when a step leaves it) find τ₀ to the last double; then a walk over neighbouring doubles looks for one that reproduces
/// `target` to the last bit (kept when found; otherwise the nearest).
pub(crate) fn prewar_level(target: f64, slices: &[Slice], theta: f64) -> f64 {
    if slices.is_empty() {
        return target;
    }
    let f = |x: f64| tariff_level(x, slices, theta);
    let up: f64 = slices.iter().map(|s| (s.share * s.rate).max(0.0)).sum();
    let down: f64 = slices.iter().map(|s| s.rate.min(0.0)).sum();
    let edge = -1.0
        + slices
            .iter()
            .map(|s| (-s.rate).max(0.0))
            .fold(0.0, f64::max);
    let mut lo = (target - up).max(edge + 1e-12 * (1.0 + edge.abs()));
    let mut hi = (target - down).max(lo);
    let mut x = (target - slices.iter().map(|s| s.share * s.rate).sum::<f64>()).clamp(lo, hi);
    for _ in 0..200 {
        let r = f(x) - target;
        if r == 0.0 || !r.is_finite() {
            break;
        }
        if r < 0.0 {
            lo = x;
        } else {
            hi = x;
        }
        let h = 1e-7 * (1.0 + x.abs());
        let slope = (f(x + h) - f(x)) / h;
        let slope = if slope.is_finite() {
            slope.max(1.0)
        } else {
            1.0
        };
        if next_float(lo, true) >= hi {
            break;
        }
        let mut next = x - r / slope;
        if !(next > lo && next < hi) || next == x {
            next = 0.5 * (lo + hi);
        }
        x = next;
    }
    // Polish: the map is increasing, so walk one double at a time towards the target and
    // stop where it is met or crossed.
    let mut r = f(x) - target;
    for _ in 0..64 {
        if r == 0.0 || !r.is_finite() {
            return x;
        }
        let y = next_float(x, r < 0.0);
        let ry = f(y) - target;
        if (ry < 0.0) != (r < 0.0) || ry == 0.0 {
            return if ry.abs() <= r.abs() { y } else { x };
        }
        x = y;
        r = ry;
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(truce_testkit::seeded(256))]
        /// The equivalent lies between 0 and the statutory average s·r, and is increasing in
        /// the share.
        #[test]
        fn equivalent_is_bounded_and_monotone(
            tau0 in 0.0f64..0.3, r in 0.0f64..2.0, s in 0.0f64..1.0, theta in 2.0f64..12.0
        ) {
            let e = equivalent_increment(tau0, r, s, theta);
            prop_assert!(e >= -1e-12 && e <= s * r + 1e-12);
            let e2 = equivalent_increment(tau0, r, (s + 0.1).min(1.0), theta);
            prop_assert!(e2 >= e - 1e-12);
        }

        /// The equivalent moves the Fréchet flow exactly as the partial tariff does.
        #[test]
        fn equivalent_matches_the_flow(
            tau0 in 0.0f64..0.3, r in 0.01f64..3.0, s in 0.01f64..0.99, theta in 2.0f64..12.0
        ) {
            let e = equivalent_increment(tau0, r, s, theta);
            let lhs = (1.0 + tau0 + e).powf(-theta);
            let rhs = s * (1.0 + tau0 + r).powf(-theta) + (1.0 - s) * (1.0 + tau0).powf(-theta);
            prop_assert!((lhs / rhs - 1.0).abs() < 1e-10);
        }
    }

    fn slices() -> impl Strategy<Value = Vec<Slice>> {
        proptest::collection::vec(
            (0.0f64..1.0, -0.25f64..1.5).prop_map(|(share, rate)| Slice {
                share,
                rate,
                within: WithinSector::Substitutes,
            }),
            0..6,
        )
    }

    proptest! {
        #![proptest_config(truce_testkit::seeded(256))]
        /// The pre-war level is the inverse of the record's layering: forwards then backwards
        /// returns the start, and the start found reproduces the level to the last bit, or to
        /// within the few units in the last place that rounding in the layers leaves when no
        /// double does (world2024 and the synthetic world are reproduced bit for bit: tested).
        #[test]
        fn prewar_level_inverts_tariff_level(
            tau0 in 0.0f64..0.3, sl in slices(), theta in 1.4f64..14.0
        ) {
            let t = tariff_level(tau0, &sl, theta);
            let back = prewar_level(t, &sl, theta);
            prop_assert!((back - tau0).abs() < 1e-13, "{back} vs {tau0}");
            let again = tariff_level(back, &sl, theta);
            // Rounding is on the scale of the summands, not of their (possibly tiny) sum.
            let scale = 1.0 + tau0 + sl.iter().map(|s| s.rate.abs()).sum::<f64>();
            prop_assert!((again - t).abs() <= 4.0 * f64::EPSILON * scale, "{again} vs {t}");
        }

        /// The layered level is increasing in the start, with slope at least 1 (module docs).
        #[test]
        fn tariff_level_has_slope_at_least_one(
            tau0 in 0.0f64..0.3, sl in slices(), theta in 1.4f64..14.0
        ) {
            let h = 1e-4;
            let slope = (tariff_level(tau0 + h, &sl, theta) - tariff_level(tau0, &sl, theta)) / h;
            prop_assert!(slope >= 1.0 - 1e-9, "slope {slope}");
        }
    }

    #[test]
    fn full_coverage_is_the_rate_itself() {
        assert_eq!(equivalent_increment(0.1, 1.25, 1.0, 5.0), 1.25);
        // A prohibitive rate on half the flow stays finite.
        let e = equivalent_increment(0.0, 1000.0, 0.5, 4.0);
        assert!((e - (0.5f64.powf(-0.25) - 1.0)).abs() < 1e-6);
    }
}
