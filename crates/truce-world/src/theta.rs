//! Trade elasticities θ for the eleven world2024 sectors, from published estimates.
//!
//! Goods: Caliendo, L. and Parro, F. (2015), "Estimates of the Trade and Welfare Effects of
//! NAFTA", *Review of Economic Studies* 82(1): 1–44, Table 1 (99 % sample), as shipped in the
//! authors' replication code (`T.txt`; `../shared/data/elasticities/trade_elasticities.csv`,
//! source `CP2015_vector`). Where a world2024 sector spans several CP2015 sectors, θ is their
//! unweighted mean (the convention of the `AGG20_suggested` rows of the same file).
//!
//! Services are traded in world2024 and have no sector estimate in these sources (CP2015 treat
//! them as non-traded and hard-code 8.22); they take the aggregate trade elasticity of
//! Simonovska, I. and Waugh, M. E. (2014), "The elasticity of trade: Estimates and evidence",
//! *Journal of International Economics* 92(1): 34–50 ("roughly four").

/// One sector's θ with its derivation.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Theta {
    /// Sector code.
    pub sector: &'static str,
    /// θ.
    pub theta: f64,
    /// Id of the manifest source.
    pub source: &'static str,
    /// Which published values, and how they were combined.
    pub derivation: &'static str,
}

/// Manifest source id of the CP2015 estimates.
pub const CP2015: &str = "cp2015_theta";
/// Manifest source id of Simonovska–Waugh (2014).
pub const SW2014: &str = "simonovska_waugh_2014";

/// θ by sector, in the world2024 sector order.
pub const THETA: [Theta; 11] = [
    Theta {
        sector: "AGRFOOD",
        // (9.11 + 2.62) / 2
        theta: 5.865,
        source: CP2015,
        derivation: "mean of CP2015 Agriculture 9.11 and Food 2.62",
    },
    Theta {
        sector: "MINING",
        theta: 13.53,
        source: CP2015,
        derivation: "CP2015 Mining 13.53",
    },
    Theta {
        sector: "TEXTILES",
        theta: 8.10,
        source: CP2015,
        derivation: "CP2015 Textile 8.10",
    },
    Theta {
        sector: "CHEMPHARMA",
        // (3.13 + 1.67) / 2
        theta: 2.40,
        source: CP2015,
        derivation: "mean of CP2015 Chemicals 3.13 and Plastic 1.67; Petroleum (64.85, an \
                     outlier that applications usually cap or pool) left out",
    },
    Theta {
        sector: "METALS",
        // (3.28 + 6.99) / 2
        theta: 5.135,
        source: CP2015,
        derivation: "mean of CP2015 Basic metals 3.28 and Metal products 6.99",
    },
    Theta {
        sector: "MACHINERY",
        theta: 1.45,
        source: CP2015,
        derivation: "CP2015 Machinery n.e.c. 1.45",
    },
    Theta {
        sector: "ELECTRONICS",
        // (12.95 + 3.95 + 8.71) / 3 = 8.536666…
        theta: 8.536_666_666_666_667,
        source: CP2015,
        derivation: "mean of CP2015 Office 12.95, Communication 3.95 and Medical/precision \
                     8.71 (ISIC 30, 32, 33)",
    },
    Theta {
        sector: "ELECTRICAL",
        theta: 12.91,
        source: CP2015,
        derivation: "CP2015 Electrical 12.91 (ISIC 31)",
    },
    Theta {
        sector: "MOTORVEH",
        theta: 8.22,
        source: CP2015,
        derivation: "8.22, the value the CP2015 replication code uses for Auto and Other \
                     Transport (Table 1's 1.84 and 0.39 are imprecise; the code replaces them)",
    },
    Theta {
        sector: "OTHERMFG",
        // (11.50 + 16.52 + 2.41 + 3.98) / 4 = 8.6025
        theta: 8.6025,
        source: CP2015,
        derivation: "mean of CP2015 Wood 11.50, Paper 16.52, Minerals 2.41 and Other 3.98",
    },
    Theta {
        sector: "SERVICES",
        theta: 4.0,
        source: SW2014,
        derivation: "aggregate trade elasticity, Simonovska and Waugh (2014): 'roughly four' \
                     (no services estimate in CP2015, which treats services as non-traded)",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn means_are_computed_from_the_published_values() {
        let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
        assert_eq!(THETA[0].theta, mean(&[9.11, 2.62]));
        assert!((THETA[3].theta - mean(&[3.13, 1.67])).abs() < 1e-15);
        assert_eq!(THETA[4].theta, mean(&[3.28, 6.99]));
        assert_eq!(THETA[6].theta, mean(&[12.95, 3.95, 8.71]));
        assert_eq!(THETA[9].theta, mean(&[11.50, 16.52, 2.41, 3.98]));
        for (t, (code, _, _)) in THETA.iter().zip(crate::classification::SECTORS) {
            assert_eq!(t.sector, code);
            assert!(t.theta > 0.0);
        }
    }
}
