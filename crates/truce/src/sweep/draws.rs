//! Elasticity draws: a documented distribution per parameter, sampled from a seeded,
//! counter-based random stream so that the same seed gives bit-identical draws on any machine
//! and with any number of threads.
//!
//! Every draw `d` has its own stream: ChaCha8 keyed by the seed (its 8 little-endian bytes, the
//! other 24 bytes zero), stream number `d` (`chacha20::ChaCha8Rng::set_stream`). The
//! parameters are drawn in sector order from that stream. Uniforms are the top 53 bits of a
//! `u64`; normals come from the Box–Muller transform; logarithms, exponentials, square roots and
//! cosines are the pure-Rust `libm` functions, not the platform's, so no C library can change a
//! bit. Draw `d` therefore depends on (seed, d, the distributions) only, never on which thread
//! or shard computes it, nor on how many draws the sweep has.
//!
//! # The default distributions (docs/bands.md)
//!
//! Without a specification file, every sector's trade elasticity θʲ is log-normal with median
//! the dataset's θʲ and σ = ln(8.28 / 4) / (2 · 1.6449) = 0.2211 on ln θ: the 5–95 % range of
//! each θ spans a factor 8.28 / 4 = 2.07, the spread between the published aggregate trade
//! elasticities of Simonovska & Waugh (2014, "roughly four") and Eaton & Kortum (2002, 8.28)
//! (`../shared/data/elasticities/trade_elasticities.csv`). Sectors are drawn independently.
//!
//! # Specification files
//!
//! ```toml
//! [default]                  # every sector not listed below (optional)
//! distribution = "lognormal" # lognormal | normal | uniform | fixed
//! sigma_log = 0.3
//! source = "my assumption"
//!
//! [theta.AGRFOOD]            # one sector, by code
//! distribution = "normal"    # truncated below at `low` (default 0)
//! mean = 5.9                 # default: the dataset's θ
//! se = 1.2
//! source = "CP2015 Table 1"
//!
//! [theta.SERVICES]
//! distribution = "uniform"
//! low = 4.0
//! high = 8.28
//! source = "Simonovska & Waugh (2014) to Eaton & Kortum (2002)"
//! ```

use crate::Error;
use chacha20::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use truce_model::Baseline;
use truce_output::ParameterDistribution;

/// σ of ln θ in the default distribution: a 5–95 % range spanning the factor 8.28 / 4 between
/// Eaton & Kortum (2002, θ = 8.28) and Simonovska & Waugh (2014, θ ≈ 4), both in
/// `../shared/data/elasticities/trade_elasticities.csv`. 1.6449 is the standard normal's 95th
/// percentile.
pub const DEFAULT_SIGMA_LOG: f64 = 0.221_159_073_171_056_8;

/// The source line of the default distribution.
pub const DEFAULT_SOURCE: &str = "default: log-normal around the dataset's θ, 5–95 % range a factor 8.28/4 = 2.07 wide (Eaton & Kortum 2002: 8.28; Simonovska & Waugh 2014: roughly 4)";

/// A distribution of one parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Distribution {
    /// `median · exp(sigma_log · z)`.
    LogNormal {
        /// Median.
        median: f64,
        /// Standard deviation of the logarithm.
        sigma_log: f64,
    },
    /// `mean + se · z`, redrawn while at or below `low`.
    Normal {
        /// Mean.
        mean: f64,
        /// Standard error.
        se: f64,
        /// Truncation point.
        low: f64,
    },
    /// Uniform on `[low, high)`.
    Uniform {
        /// Lower bound.
        low: f64,
        /// Upper bound.
        high: f64,
    },
    /// Always this value.
    Fixed(f64),
}

/// One drawn parameter: the trade elasticity of one sector.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// `theta.SECTOR`.
    pub name: String,
    /// Sector index.
    pub sector: usize,
    /// The dataset's value.
    pub point: f64,
    /// Its distribution.
    pub distribution: Distribution,
    /// Where the distribution comes from.
    pub source: String,
}

/// The distributions of every drawn parameter of a dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawSpec {
    /// One per sector, in sector order.
    pub parameters: Vec<Parameter>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SpecFile {
    default: Option<DistFile>,
    #[serde(default)]
    theta: BTreeMap<String, DistFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DistFile {
    distribution: String,
    median: Option<f64>,
    sigma_log: Option<f64>,
    mean: Option<f64>,
    se: Option<f64>,
    low: Option<f64>,
    high: Option<f64>,
    value: Option<f64>,
    source: Option<String>,
}

const DISTRIBUTIONS: &[&str] = &["lognormal", "normal", "uniform", "fixed"];

impl DistFile {
    /// The distribution of a parameter whose point value is `point`; `what` names it in errors.
    fn resolve(&self, point: f64, what: &str) -> Result<Distribution, String> {
        let finite_pos = |name: &str, v: f64| -> Result<f64, String> {
            if v.is_finite() && v > 0.0 {
                Ok(v)
            } else {
                Err(format!(
                    "{what}: {name} = {v}: must be a positive number (θ is positive)"
                ))
            }
        };
        let unused = |names: &[(&str, bool)]| -> Result<(), String> {
            match names.iter().find(|(_, set)| *set) {
                Some((n, _)) => Err(format!(
                    "{what}: `{n}` does not apply to distribution = \"{}\"; remove it",
                    self.distribution
                )),
                None => Ok(()),
            }
        };
        match self.distribution.as_str() {
            "lognormal" => {
                unused(&[
                    ("mean", self.mean.is_some()),
                    ("se", self.se.is_some()),
                    ("low", self.low.is_some()),
                    ("high", self.high.is_some()),
                    ("value", self.value.is_some()),
                ])?;
                let median = finite_pos("median", self.median.unwrap_or(point))?;
                let sigma_log = self.sigma_log.unwrap_or(DEFAULT_SIGMA_LOG);
                if !(sigma_log.is_finite() && sigma_log >= 0.0) {
                    return Err(format!(
                        "{what}: sigma_log = {sigma_log}: a standard deviation cannot be negative; use a value ≥ 0 (0.22 is the default)"
                    ));
                }
                Ok(Distribution::LogNormal { median, sigma_log })
            }
            "normal" => {
                unused(&[
                    ("median", self.median.is_some()),
                    ("sigma_log", self.sigma_log.is_some()),
                    ("high", self.high.is_some()),
                    ("value", self.value.is_some()),
                ])?;
                let mean = finite_pos("mean", self.mean.unwrap_or(point))?;
                let Some(se) = self.se else {
                    return Err(format!(
                        "{what}: distribution = \"normal\" needs `se` (the standard error of the estimate)"
                    ));
                };
                if !(se.is_finite() && se >= 0.0) {
                    return Err(format!(
                        "{what}: se = {se}: a standard error cannot be negative; give the estimate's standard error (≥ 0)"
                    ));
                }
                let low = self.low.unwrap_or(0.0);
                if !(low.is_finite() && low >= 0.0 && low < mean) {
                    return Err(format!(
                        "{what}: low = {low}: the truncation point must be ≥ 0 and below the mean {mean}"
                    ));
                }
                // `low` < mean: at least half the mass lies above it, so redrawing ends.
                Ok(Distribution::Normal { mean, se, low })
            }
            "uniform" => {
                unused(&[
                    ("median", self.median.is_some()),
                    ("sigma_log", self.sigma_log.is_some()),
                    ("mean", self.mean.is_some()),
                    ("se", self.se.is_some()),
                    ("value", self.value.is_some()),
                ])?;
                let (Some(low), Some(high)) = (self.low, self.high) else {
                    return Err(format!(
                        "{what}: distribution = \"uniform\" needs `low` and `high`"
                    ));
                };
                let low = finite_pos("low", low)?;
                let high = finite_pos("high", high)?;
                if low >= high {
                    return Err(format!(
                        "{what}: low = {low} is not below high = {high}; swap them"
                    ));
                }
                Ok(Distribution::Uniform { low, high })
            }
            "fixed" => {
                unused(&[
                    ("median", self.median.is_some()),
                    ("sigma_log", self.sigma_log.is_some()),
                    ("mean", self.mean.is_some()),
                    ("se", self.se.is_some()),
                    ("low", self.low.is_some()),
                    ("high", self.high.is_some()),
                ])?;
                Ok(Distribution::Fixed(finite_pos(
                    "value",
                    self.value.unwrap_or(point),
                )?))
            }
            other => Err(format!(
                "{what}: distribution = \"{other}\" is not known{}; use one of: {}",
                truce_model::suggest::did_you_mean(other, DISTRIBUTIONS.iter().copied()),
                DISTRIBUTIONS.join(", ")
            )),
        }
    }
}

impl DrawSpec {
    /// The default distributions for `b`: every θʲ log-normal around the dataset's value
    /// (module docs).
    pub fn default_for(b: &Baseline) -> Self {
        Self {
            parameters: b
                .sectors()
                .iter()
                .zip(b.theta())
                .enumerate()
                .map(|(j, (s, &t))| Parameter {
                    name: format!("theta.{}", s.code),
                    sector: j,
                    point: t,
                    distribution: Distribution::LogNormal {
                        median: t,
                        sigma_log: DEFAULT_SIGMA_LOG,
                    },
                    source: DEFAULT_SOURCE.into(),
                })
                .collect(),
        }
    }

    /// Read a specification file (module docs) for dataset `b`.
    ///
    /// # Errors
    /// [`Error::Usage`] naming the file, the table and the value: a file that cannot be read or
    /// parsed, an unknown key (e.g. a misspelt parameter), an unknown sector, an unknown
    /// distribution, a negative standard error, bounds in the wrong order.
    pub fn load(path: &Path, b: &Baseline) -> Result<Self, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::Usage(format!(
                "cannot read the elasticity distributions {}: {e}",
                path.display()
            ))
        })?;
        Self::parse(&text, b).map_err(|m| Error::Usage(format!("{}: {m}", path.display())))
    }

    /// Parse a specification (module docs) for dataset `b`; the error names the table and value.
    ///
    /// # Errors
    /// As [`DrawSpec::load`], without the file name.
    pub fn parse(text: &str, b: &Baseline) -> Result<Self, String> {
        let f: SpecFile = toml::from_str(text).map_err(|e| {
            format!(
                "{}(the keys are `[default]` and `[theta.SECTOR]` tables with distribution, median, sigma_log, mean, se, low, high, value, source)",
                e
            )
        })?;
        let codes: Vec<&str> = b.sectors().iter().map(|s| s.code.as_str()).collect();
        for code in f.theta.keys() {
            if !codes.contains(&code.as_str()) {
                return Err(format!(
                    "[theta.{code}]: no sector `{code}` in this dataset{}; its sectors are: {}",
                    truce_model::suggest::did_you_mean(code, codes.iter().copied()),
                    codes.join(" ")
                ));
            }
        }
        let mut spec = Self::default_for(b);
        for p in &mut spec.parameters {
            let code = codes[p.sector];
            let (table, what) = match f.theta.get(code) {
                Some(t) => (Some(t), format!("[theta.{code}]")),
                None => (f.default.as_ref(), format!("[default] (for {code})")),
            };
            if let Some(t) = table {
                p.distribution = t.resolve(p.point, &what)?;
                p.source = t
                    .source
                    .clone()
                    .unwrap_or_else(|| "no source given in the distribution file".into());
            }
        }
        Ok(spec)
    }

    /// The θ vector of draw `draw` under seed `seed` (module docs: bit-identical everywhere).
    pub fn theta(&self, seed: u64, draw: u64) -> Vec<f64> {
        let mut key = [0u8; 32];
        key[..8].copy_from_slice(&seed.to_le_bytes());
        let mut rng = ChaCha8Rng::from_seed(key);
        rng.set_stream(draw);
        self.parameters
            .iter()
            .map(|p| sample(&p.distribution, &mut rng))
            .collect()
    }

    /// The distributions as the output type.
    pub fn output(&self) -> Vec<ParameterDistribution> {
        self.parameters
            .iter()
            .map(|p| {
                let mut o = ParameterDistribution {
                    parameter: p.name.clone(),
                    point: p.point,
                    distribution: String::new(),
                    median: None,
                    sigma_log: None,
                    mean: None,
                    se: None,
                    low: None,
                    high: None,
                    source: p.source.clone(),
                };
                match p.distribution {
                    Distribution::LogNormal { median, sigma_log } => {
                        o.distribution = "lognormal".into();
                        o.median = Some(median);
                        o.sigma_log = Some(sigma_log);
                    }
                    Distribution::Normal { mean, se, low } => {
                        o.distribution = "normal".into();
                        o.mean = Some(mean);
                        o.se = Some(se);
                        o.low = Some(low);
                    }
                    Distribution::Uniform { low, high } => {
                        o.distribution = "uniform".into();
                        o.low = Some(low);
                        o.high = Some(high);
                    }
                    Distribution::Fixed(v) => {
                        o.distribution = "fixed".into();
                        o.mean = Some(v);
                    }
                }
                o
            })
            .collect()
    }
}

/// A uniform on [0, 1): the top 53 bits.
fn uniform(rng: &mut ChaCha8Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// A standard normal by Box–Muller (one of the pair), with `libm`'s functions.
fn standard_normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1 = 1.0 - uniform(rng); // (0, 1]: ln is finite
    let u2 = uniform(rng);
    libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(2.0 * std::f64::consts::PI * u2)
}

fn sample(d: &Distribution, rng: &mut ChaCha8Rng) -> f64 {
    match *d {
        Distribution::LogNormal { median, sigma_log } => {
            median * libm::exp(sigma_log * standard_normal(rng))
        }
        Distribution::Normal { mean, se, low } => loop {
            // `resolve` keeps low < mean: each try is accepted with probability > 1/2.
            let x = mean + se * standard_normal(rng);
            if x > low {
                break x;
            }
        },
        Distribution::Uniform { low, high } => low + (high - low) * uniform(rng),
        Distribution::Fixed(v) => v,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use truce_model::testing;

    fn world() -> Baseline {
        testing::random_world(5, 3, 4)
    }

    #[test]
    fn default_sigma_is_the_documented_spread() {
        let s = (8.28f64 / 4.0).ln() / (2.0 * 1.644_853_626_951_472_2);
        assert!((s - DEFAULT_SIGMA_LOG).abs() < 1e-15, "{s}");
    }

    #[test]
    fn same_seed_same_bits_other_seed_other_draws() {
        let b = world();
        let spec = DrawSpec::default_for(&b);
        let a: Vec<u64> = spec.theta(7, 3).iter().map(|x| x.to_bits()).collect();
        let again: Vec<u64> = spec.theta(7, 3).iter().map(|x| x.to_bits()).collect();
        assert_eq!(a, again);
        assert_ne!(spec.theta(7, 3), spec.theta(8, 3));
        assert_ne!(spec.theta(7, 3), spec.theta(7, 4));
    }

    #[test]
    fn draws_do_not_depend_on_the_thread_that_computes_them() {
        use rayon::prelude::*;
        let b = world();
        let spec = DrawSpec::default_for(&b);
        let serial: Vec<Vec<f64>> = (0..64).map(|d| spec.theta(11, d)).collect();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let parallel: Vec<Vec<f64>> = pool.install(|| {
            (0..64u64)
                .into_par_iter()
                .map(|d| spec.theta(11, d))
                .collect()
        });
        assert_eq!(serial, parallel);
    }

    #[test]
    fn pinned_bits_of_the_first_draw() {
        // Regression pin: the stream, the Box–Muller transform and libm together. A change
        // here changes every published band: bump the sweep output's version and say so.
        let b = world();
        let spec = DrawSpec::default_for(&b);
        let t = spec.theta(7, 0);
        let ratio: Vec<String> = t
            .iter()
            .zip(b.theta())
            .map(|(x, p)| format!("{:.12}", x / p))
            .collect();
        insta::assert_snapshot!(ratio.join(" "));
    }

    #[test]
    fn lognormal_draws_have_the_documented_median_and_spread() {
        let b = world();
        let spec = DrawSpec::default_for(&b);
        let mut logs: Vec<f64> = (0..20_000)
            .map(|d| (spec.theta(1, d)[0] / b.theta()[0]).ln())
            .collect();
        logs.sort_by(f64::total_cmp);
        let q = |p: f64| logs[(p * (logs.len() - 1) as f64) as usize];
        assert!(q(0.5).abs() < 0.01, "median of ln ratio {}", q(0.5));
        let width = (q(0.95) - q(0.05)).exp();
        assert!((width - 8.28 / 4.0).abs() < 0.05, "5–95 % factor {width}");
    }

    #[test]
    fn spec_files_set_each_sector_and_name_every_mistake() {
        let b = world();
        let codes: Vec<String> = b.sectors().iter().map(|s| s.code.clone()).collect();
        let c0 = &codes[0];
        let ok = format!(
            "[default]\ndistribution = \"fixed\"\nsource = \"pinned\"\n[theta.{c0}]\ndistribution = \"uniform\"\nlow = 2\nhigh = 3\nsource = \"test\"\n"
        );
        let spec = DrawSpec::parse(&ok, &b).unwrap();
        for d in 0..50 {
            let t = spec.theta(3, d);
            assert!((2.0..3.0).contains(&t[0]));
            assert_eq!(&t[1..], &b.theta()[1..]);
        }
        let bad = |text: String, want: &str| {
            let e = DrawSpec::parse(&text, &b).unwrap_err();
            assert!(e.contains(want), "{text}\n→ {e}\n(wanted {want})");
        };
        bad(
            format!("[theta.{c0}]\ndistribution = \"normal\"\nse = -1\n"),
            "se = -1: a standard error cannot be negative",
        );
        bad(
            "[theta.NOPE]\ndistribution = \"fixed\"\n".into(),
            "no sector `NOPE`",
        );
        bad(
            format!("[theta.{c0}]\ndistribution = \"normal\"\nsd = 1\n"),
            "unknown field `sd`",
        );
        bad("[gamma]\nx = 1\n".into(), "unknown field `gamma`");
        bad(
            format!("[theta.{c0}]\ndistribution = \"lognormall\"\n"),
            "did you mean `lognormal`",
        );
        bad(
            format!("[theta.{c0}]\ndistribution = \"uniform\"\nlow = 3\nhigh = 2\n"),
            "not below high",
        );
        bad(
            format!("[theta.{c0}]\ndistribution = \"lognormal\"\nsigma_log = -0.1\n"),
            "cannot be negative",
        );
        bad(
            format!("[theta.{c0}]\ndistribution = \"normal\"\nmean = 1\nse = 1\nlow = 2\n"),
            "below the mean",
        );
    }
}
