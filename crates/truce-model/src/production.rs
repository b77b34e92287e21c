//! The production structure: how a sector combines labour and the composite goods of every
//! sector, and how easily it substitutes between them.
//!
//! Caliendo & Parro (2015) use Cobb–Douglas technologies (every elasticity of substitution 1):
//! cost shares never move, so an input that is 0.1 % of costs can cost at most about 0.1 % of
//! output however scarce it becomes. truce generalises eq. (10) to a nested CES technology
//! (docs/model-cp2015.md, "Nested CES production"):
//!
//! ```text
//!  unit cost cʲₙ ── ε_c ──┬── critical composite  (the sectors of the critical nest, CES ε among them)
//!                         └── rest bundle ── σ_VA ──┬── labour (wage wₙ)
//!                                                   └── intermediates ── ε ── every other sector k
//! ```
//!
//! * `sigma_va` (σ_VA): labour (value added) against the intermediate bundle;
//! * `epsilon` (ε): among intermediate sectors;
//! * `critical` (optional): a set of sectors (e.g. rare earths and magnets) combined with
//!   everything else — labour and the other intermediates — at its own elasticity ε_c, down to
//!   the Leontief limit ε_c → 0, where a sector's output cannot exceed what its critical inputs
//!   allow.
//!
//! Every elasticity equal to 1 is Cobb–Douglas, and the engine then runs the original CP2015
//! kernels unchanged (bit for bit the published results).
//!
//! # References
//! Atalay, E. (2017), "How Important Are Sectoral Shocks?", *AEJ: Macroeconomics* 9(4): 254–280;
//! Boehm, C., Flaaen, A. and Pandalai-Nayar, N. (2019), "Input Linkages and the Transmission of
//! Shocks: Firm-Level Evidence from the 2011 Tōhoku Earthquake", *Review of Economics and
//! Statistics* 101(1): 60–75; Baqaee, D. and Farhi, E. (2019), "The Macroeconomic Impact of
//! Microeconomic Shocks: Beyond Hulten's Theorem", *Econometrica* 87(4): 1155–1203.

use crate::error::{Location, ModelError};
use serde::Serialize;

/// The critical-input nest: sectors whose goods are combined with everything else at a low
/// elasticity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriticalNest {
    /// Sector indices (into the baseline's sectors), sorted, unique, non-empty.
    pub sectors: Vec<usize>,
    /// ε_c: elasticity of substitution between the critical composite and the rest of the
    /// inputs (labour and the other intermediates).
    pub epsilon_c: f64,
}

/// A production structure: the three elasticities of the nested CES technology.
///
/// # Example
/// ```
/// use truce_model::Production;
/// let cd = Production::cobb_douglas();
/// assert!(cd.is_cobb_douglas());
/// let p = Production::new(0.5, 0.2, Some((vec![3], 0.1))).unwrap();
/// assert!(!p.is_cobb_douglas());
/// assert!(Production::new(0.0, 1.0, None).is_err()); // elasticities must be positive
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Production {
    /// σ_VA: labour against the intermediate bundle.
    pub sigma_va: f64,
    /// ε: among intermediate sectors (also among the sectors of the critical nest).
    pub epsilon: f64,
    /// The critical nest, if any.
    pub critical: Option<CriticalNest>,
}

impl Default for Production {
    fn default() -> Self {
        Self::cobb_douglas()
    }
}

pub(crate) fn check_elasticity(field: &str, v: f64) -> Result<(), ModelError> {
    if !(v.is_finite() && v > 0.0) {
        return Err(ModelError::new(
            field,
            Location::default(),
            v,
            "elasticities of substitution must be finite and positive (1 = Cobb–Douglas; \
             values near 0 approach the Leontief limit)",
        ));
    }
    Ok(())
}

impl Production {
    /// Cobb–Douglas everywhere (CP2015): every elasticity 1, no critical nest.
    pub fn cobb_douglas() -> Self {
        Self {
            sigma_va: 1.0,
            epsilon: 1.0,
            critical: None,
        }
    }

    /// A nested CES structure; `critical` is `(sector indices, ε_c)`.
    ///
    /// # Errors
    /// A [`ModelError`] naming the field (`sigma_va`, `epsilon`, `epsilon_c`,
    /// `critical_sectors`) for an elasticity that is not finite and positive, or an empty
    /// critical nest. Sector indices are checked against a baseline by
    /// [`crate::Baseline::with_production`].
    pub fn new(
        sigma_va: f64,
        epsilon: f64,
        critical: Option<(Vec<usize>, f64)>,
    ) -> Result<Self, ModelError> {
        check_elasticity("sigma_va", sigma_va)?;
        check_elasticity("epsilon", epsilon)?;
        let critical = match critical {
            None => None,
            Some((mut sectors, epsilon_c)) => {
                check_elasticity("epsilon_c", epsilon_c)?;
                if sectors.is_empty() {
                    return Err(ModelError::new(
                        "critical_sectors",
                        Location::default(),
                        "[]",
                        "a critical nest needs at least one sector (e.g. RARE_EARTHS)",
                    ));
                }
                sectors.sort_unstable();
                sectors.dedup();
                Some(CriticalNest { sectors, epsilon_c })
            }
        };
        Ok(Self {
            sigma_va,
            epsilon,
            critical,
        })
    }

    /// `true` when every elasticity is exactly 1: the CP2015 technology, solved by the original
    /// Cobb–Douglas kernels (a critical nest with ε_c = 1 changes nothing).
    pub fn is_cobb_douglas(&self) -> bool {
        self.sigma_va == 1.0
            && self.epsilon == 1.0
            && match &self.critical {
                None => true,
                Some(c) => c.epsilon_c == 1.0,
            }
    }

    /// ε_c, or `None` without a critical nest.
    pub fn epsilon_c(&self) -> Option<f64> {
        self.critical.as_ref().map(|c| c.epsilon_c)
    }

    /// Whether sector `j` is in the critical nest.
    pub fn is_critical(&self, j: usize) -> bool {
        self.critical
            .as_ref()
            .is_some_and(|c| c.sectors.binary_search(&j).is_ok())
    }

    /// The same structure with ε_c replaced (the sensitivity the docs tabulate).
    ///
    /// # Errors
    /// If there is no critical nest, or `epsilon_c` is not finite and positive.
    pub fn with_epsilon_c(&self, epsilon_c: f64) -> Result<Self, ModelError> {
        check_elasticity("epsilon_c", epsilon_c)?;
        let mut p = self.clone();
        match &mut p.critical {
            Some(c) => c.epsilon_c = epsilon_c,
            None => {
                return Err(ModelError::new(
                    "epsilon_c",
                    Location::default(),
                    epsilon_c,
                    "there is no critical nest to set it for: name its sectors too \
                     (critical_sectors)",
                ))
            }
        }
        Ok(p)
    }
}
