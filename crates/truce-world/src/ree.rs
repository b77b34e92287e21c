//! `world2024-ree`: world2024 with a RARE_EARTHS sector split out of MINING and ELECTRICAL
//! (`truce_data::split`), and a critical-input nest that makes it a chokepoint.
//!
//! The sector holds separated rare earths — oxides, compounds and metals (carved out of MINING:
//! HS 2805.30, 2846; ores and concentrates stay in MINING, since mining is not where China's
//! hold lies, separation is) — and NdFeB permanent magnets (carved out of ELECTRICAL:
//! HS 8505.11). Every figure is a row of `facts.csv` (E-ids) or typed below with its citation;
//! docs/critical-inputs.md derives each number.
//!
//! Why a named variant rather than world2024 itself: world2024's eleven sectors are the record's
//! classification (its HS6 schedule means and product-group line shares are computed for them),
//! world2024 is what the timeline, the README's main job and every other engineer's tests run
//! on, and the variant differs from it only by the split: a scenario that names `world2024-ree`
//! gets the rare-earth chokepoint, everything else keeps world2024's numbers.

use crate::classification::{
    CHEMPHARMA, CHN, ELECTRICAL, ELECTRONICS, EU27, JPN, MACHINERY, METALS, MINING, MOTORVEH, N,
    OTHERMFG, ROW, USA,
};
use crate::facts::{Facts, Fig};
use crate::rare_earths::CHINA_RARE_EARTH_EXPORTS_2024_USD_BN;
use serde::Serialize;
use std::path::PathBuf;
use truce_data::dataset::{ProductionMeta, Source};
use truce_data::split::{split_sector, Carve, Origin, Share, SplitReport, SplitSpec};
use truce_data::{DataError, Dataset};

/// Name of the variant.
pub const REE_NAME: &str = "world2024-ree";

/// Code of the rare-earth sector.
pub const RARE_EARTHS: &str = "RARE_EARTHS";

/// China's production of rare-earth permanent magnets in 2024, tonnes: Shanghai Metals Market's
/// outlook for 2024 (about 260,000 t, after about 240,000 t in 2023), presented by SMM analyst
/// Liu Hao at the SMM 2024 Rare Earth Industry Forum (news.metal.com, "NdFeB Production to
/// Continue Rising in 2024", 5 June 2024). Not in `facts.csv`; medium confidence (a forecast).
pub const CHINA_MAGNET_PRODUCTION_2024_T: f64 = 260_000.0;

/// Where NdFeB magnets go, by buying sector: automotive (EV traction motors, power steering and
/// the small motors of every car) 40 %; electrical equipment (wind-turbine generators, motors)
/// 25 %; electronics (consumer electronics 12 %, hard disks 8 %) 20 %; machinery (industrial
/// motors, robots, MRI) the remaining 15 %. Industry summaries of 2023 demand (gitnux.org and
/// wifitalents.com NdFeB statistics pages: automotive 35–40 %, wind 25 %, consumer electronics
/// 12 %, hard disks 8 %); **low confidence**, applied to every region.
pub const MAGNET_END_USES: [(usize, &str, f64); 4] = [
    (MOTORVEH, "MOTORVEH", 0.40),
    (ELECTRICAL, "ELECTRICAL", 0.25),
    (ELECTRONICS, "ELECTRONICS", 0.20),
    (MACHINERY, "MACHINERY", 0.15),
];

/// Magnet output outside China, by region: Japan 75 % (Shin-Etsu, TDK, Proterial), the EU 25 %
/// (VAC in Germany). An assumption (**low confidence**): no figure was found.
pub const NON_CHINA_MAGNET_OUTPUT: [(usize, f64); 2] = [(JPN, 0.75), (EU27, 0.25)];

/// Separated rare-earth output outside China, by region: ROW 70 % (Lynas in Malaysia, the
/// largest separator outside China), the EU 20 % (Solvay in France, Silmet in Estonia), Japan
/// 10 %. The US separated next to nothing in 2024 (MP Materials shipped its concentrate to China
/// and had only begun to separate NdPr). An assumption (**low confidence**): no figure was
/// found.
pub const NON_CHINA_SEPARATION: [(usize, f64); 3] = [(ROW, 0.7), (EU27, 0.2), (JPN, 0.1)];

/// China's rare-earth exports in 2024, tonnes (GACC via Reuters, 20 January 2025: 55,431 t
/// worth USD 488.8 million, [`CHINA_RARE_EARTH_EXPORTS_2024_USD_BN`]).
pub const CHINA_RARE_EARTH_EXPORTS_2024_T: f64 = 55_431.0;

/// θ of RARE_EARTHS: the one-year (short-run) trade elasticity of Boehm, Levchenko and
/// Pandalai-Nayar (2023), "The Long and Short (Run) of Trade Elasticities", *American Economic
/// Review* 113(4): 861–905: about 0.76 (long run 1.75–2.25). Rare-earth supply outside China
/// cannot be scaled in months, which is the horizon of the 2025 controls.
pub const THETA_RARE_EARTHS: f64 = 0.76;

/// Default ε_c, between rare earths and the rest of a sector's inputs: 0.1, near the Leontief
/// limit. Boehm, Flaaen and Pandalai-Nayar (2019, REStat 101(1): 60–75) find US affiliates of
/// Japanese firms cut output one-for-one with Japanese inputs after the Tōhoku earthquake (a
/// Leontief relation); Atalay (2017) estimates intermediate inputs to be strong complements
/// (close to 0); Baqaee and Farhi (2019) calibrate near-Leontief intermediate nests. Range
/// tabulated in docs/critical-inputs.md: 0.05–1.
pub const DEFAULT_EPSILON_C: f64 = 0.1;

/// What the variant's build did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReeReport {
    /// Variant name.
    pub name: String,
    /// The split, in USD bn.
    pub split: SplitReport,
    /// Every figure used, with its fact ids or citation.
    pub figures: Vec<(String, f64, String)>,
    /// Largest |ŵ − 1| of a zero shock on the variant (its equilibrium check).
    pub wage_max_abs_change: f64,
    /// θ of the sector.
    pub theta: f64,
    /// ε_c of the critical nest.
    pub epsilon_c: f64,
}

/// A figure the variant uses: what it is, its value, where it comes from.
pub(crate) type Figure = (String, f64, String);

fn per_t(usd_bn: &Fig, tonnes: &Fig) -> Fig {
    usd_bn.div(tonnes)
}

/// The split spec of the rare-earth sector on calibrated world2024 `ds`, from the facts.
pub(crate) fn spec(f: &Facts, ds: &Dataset) -> Result<(SplitSpec, Vec<Figure>), DataError> {
    let b = &ds.baseline;
    let d = b.dims();
    let m = b.flows();
    let code = |n: usize| b.regions()[n].code.clone();
    let mut figures: Vec<Figure> = Vec::new();
    let mut fig = |what: &str, v: f64, src: String| {
        figures.push((what.to_string(), v, src));
        v
    };

    // Non-China supply: the US buys from outside China what the facts say (E33 − E34 for
    // magnets, E31 × (1 − E32) for compounds); for magnets every other importer buys the same
    // share from outside China as the US (the only importer with figures), for compounds none
    // (China separates 91 % of the world's rare earths and non-Chinese separators are small);
    // from the non-Chinese producers in proportion to their output (itself excluded).
    let spread = |producers: &[(usize, f64)],
                  china_exports: &[f64],
                  non_china_share: Option<f64>,
                  us_non_china: f64|
     -> Vec<(usize, usize, f64)> {
        let mut out = Vec::new();
        for n in (0..N).filter(|&n| n != CHN) {
            let total = match (n == USA, non_china_share) {
                (true, _) => us_non_china,
                (false, Some(s)) => s / (1.0 - s) * china_exports[n],
                (false, None) => 0.0,
            };
            let others: f64 = producers.iter().filter(|p| p.0 != n).map(|p| p.1).sum();
            for &(i, y) in producers.iter().filter(|p| p.0 != n) {
                if total > 0.0 {
                    out.push((i, n, total * y / others));
                }
            }
        }
        out
    };

    // --- Magnets, out of ELECTRICAL.
    let mag_value = f.usd_bn("E37", "China's permanent-magnet exports")?;
    let mag_tonnes = f.get("E36", "t", "China's permanent-magnet export volume")?;
    let unit = per_t(&mag_value, &mag_tonnes); // USD bn per t
    let chn_share = f.get("E24", "percent", "China's share of magnet manufacturing")?;
    let chn_mag = fig(
        "CHN magnet output, USD bn",
        CHINA_MAGNET_PRODUCTION_2024_T * unit.value,
        "SMM 2024 outlook 260,000 t × export unit value E37/E36".into(),
    );
    let world_mag = fig(
        "world magnet output, USD bn",
        chn_mag / (chn_share.value / 100.0),
        "CHN output ÷ China's share E24".into(),
    );
    let q1_us = f.get("E33", "USD m", "US sintered NdFeB imports, Q1 2024")?;
    let q1_us_chn = f.get(
        "E34",
        "USD m",
        "US sintered NdFeB imports from China, Q1 2024",
    )?;
    let chn_to_us = fig(
        "CHN → USA magnets, USD bn",
        q1_us_chn.value * 4.0 / 1000.0,
        "E34 × 4 (annualised, low)".into(),
    );
    let us_non_china_mag = fig(
        "non-China → USA magnets, USD bn",
        (q1_us.value - q1_us_chn.value) * 4.0 / 1000.0,
        "(E33 − E34) × 4".into(),
    );
    let mag_non_china_share = fig(
        "non-China share of every importer's magnet imports",
        1.0 - q1_us_chn.value / q1_us.value,
        "1 − E34/E33 (the US share, applied to all)".into(),
    );
    let non_us: f64 = (0..N)
        .filter(|&n| n != CHN && n != USA)
        .map(|n| m[d.nij(n, CHN, ELECTRICAL)])
        .sum();
    let chn_other_share = (mag_value.value - chn_to_us) / non_us;
    fig(
        "CHN → others magnets, share of China's ELECTRICAL exports to them",
        chn_other_share,
        "(E37 − CHN → USA) spread over China's other ELECTRICAL exports".into(),
    );
    let mag_producers: Vec<(usize, f64)> = NON_CHINA_MAGNET_OUTPUT
        .iter()
        .map(|&(n, s)| (n, s * (world_mag - chn_mag)))
        .collect();
    let mut out_elec: Vec<(String, Share)> = vec![(
        code(CHN),
        Share::new(chn_mag / b.gross_output()[d.nj(CHN, ELECTRICAL)]),
    )];
    for &(n, y) in &mag_producers {
        out_elec.push((
            code(n),
            Share::new(y / b.gross_output()[d.nj(n, ELECTRICAL)]),
        ));
    }
    let mut chn_mag_exports = vec![0.0; N];
    let mut flows_elec = Vec::new();
    for n in (0..N).filter(|&n| n != CHN) {
        let v = if n == USA {
            chn_to_us
        } else {
            chn_other_share * m[d.nij(n, CHN, ELECTRICAL)]
        };
        if v > 0.0 {
            chn_mag_exports[n] = v;
            flows_elec.push((
                code(CHN),
                code(n),
                Share::new(v / m[d.nij(n, CHN, ELECTRICAL)]),
            ));
        }
    }
    for (i, n, v) in spread(
        &mag_producers,
        &chn_mag_exports,
        Some(mag_non_china_share),
        us_non_china_mag,
    ) {
        flows_elec.push((code(i), code(n), Share::new(v / m[d.nij(n, i, ELECTRICAL)])));
    }

    // --- Separated rare earths (oxides, compounds, metals), out of MINING. Ores and
    // concentrates stay in MINING: mining them is not the chokepoint, separating them is.
    let sep_quota = f.get("E19", "t REO", "China's separation quota")?;
    let sep_share = f.get("E23", "percent", "China's share of world separation")?;
    let us_imports = f.get(
        "E31",
        "USD m",
        "US imports of rare-earth compounds and metals",
    )?;
    let us_from_chn = f.get("E32", "percent", "China's share of US rare-earth imports")?;
    let sep_unit = CHINA_RARE_EARTH_EXPORTS_2024_USD_BN / CHINA_RARE_EARTH_EXPORTS_2024_T;
    let chn_sep = fig(
        "CHN separated rare-earth output, USD bn",
        sep_quota.value * sep_unit,
        "separation quota E19 × China's 2024 export unit value (GACC: USD 488.8 m / 55,431 t)"
            .into(),
    );
    let world_sep = fig(
        "world separated rare-earth output, USD bn",
        chn_sep / (sep_share.value / 100.0),
        "CHN output ÷ China's share of separation E23".into(),
    );
    let chn_to_us_c = fig(
        "CHN → USA compounds, USD bn",
        us_imports.value / 1000.0 * us_from_chn.value / 100.0,
        "E31 × E32".into(),
    );
    let us_non_china_c = fig(
        "non-China → USA compounds, USD bn",
        us_imports.value / 1000.0 * (1.0 - us_from_chn.value / 100.0),
        "E31 × (1 − E32)".into(),
    );
    let non_us_min: f64 = (0..N)
        .filter(|&n| n != CHN && n != USA)
        .map(|n| m[d.nij(n, CHN, MINING)])
        .sum();
    let chn_other_min = (CHINA_RARE_EARTH_EXPORTS_2024_USD_BN - chn_to_us_c) / non_us_min;
    let sep_producers: Vec<(usize, f64)> = NON_CHINA_SEPARATION
        .iter()
        .map(|&(n, s)| (n, s * (world_sep - chn_sep)))
        .collect();
    let mut out_min: Vec<(String, Share)> = vec![(
        code(CHN),
        Share::new(chn_sep / b.gross_output()[d.nj(CHN, MINING)]),
    )];
    for &(n, y) in &sep_producers {
        out_min.push((code(n), Share::new(y / b.gross_output()[d.nj(n, MINING)])));
    }
    let mut chn_sep_exports = vec![0.0; N];
    let mut flows_min = Vec::new();
    for n in (0..N).filter(|&n| n != CHN) {
        let v = if n == USA {
            chn_to_us_c
        } else {
            chn_other_min * m[d.nij(n, CHN, MINING)]
        };
        if v > 0.0 {
            chn_sep_exports[n] = v;
            flows_min.push((code(CHN), code(n), Share::new(v / m[d.nij(n, CHN, MINING)])));
        }
    }
    for (i, n, v) in spread(&sep_producers, &chn_sep_exports, None, us_non_china_c) {
        flows_min.push((code(i), code(n), Share::new(v / m[d.nij(n, i, MINING)])));
    }

    // --- Uses: each region's absorption of each carved good, by end use.
    let catalysts = f.get("E40", "percent", "US rare-earth end use: catalysts")?;
    let glass = f.get(
        "E41",
        "percent",
        "US rare-earth end use: ceramics and glass",
    )?;
    let metallurgy = f.get("E42", "percent", "US rare-earth end use: metallurgy")?;
    let polishing = f.get("E43", "percent", "US rare-earth end use: polishing")?;
    let compound_uses = [
        (CHEMPHARMA, catalysts.value / 100.0),
        (OTHERMFG, (glass.value + polishing.value) / 100.0),
        (METALS, metallurgy.value / 100.0),
    ];
    let absorption =
        |parent: usize, out: &[(String, Share)], flows: &[(String, String, Share)]| -> Vec<f64> {
            // Carved flows (border values) by importer, with home sales = output − exports.
            let mut carved = vec![0.0; d.cube_len()];
            for (ex, im, s) in flows {
                let (i, n) = (
                    b.region_index(ex).expect("own codes"),
                    b.region_index(im).expect("own codes"),
                );
                carved[d.nij(n, i, parent)] = s.value * m[d.nij(n, i, parent)];
            }
            let mut a = vec![0.0; N];
            for (r, s) in out {
                let i = b.region_index(r).expect("own codes");
                let exports: f64 = (0..N).map(|n| carved[d.nij(n, i, parent)]).sum();
                carved[d.nij(i, i, parent)] = s.value * b.gross_output()[d.nj(i, parent)] - exports;
            }
            for n in 0..N {
                for i in 0..N {
                    let c = d.nij(n, i, parent);
                    a[n] += (1.0 + b.tariff()[c]) * carved[c];
                }
            }
            a
        };
    let abs_elec = absorption(ELECTRICAL, &out_elec, &flows_elec);
    let abs_min = absorption(MINING, &out_min, &flows_min);
    let io = b.io_share();
    let y = b.gross_output();
    let mut uses_elec = Vec::new();
    let mut uses_min = Vec::new();
    for n in 0..N {
        for &(j, _, e) in &MAGNET_END_USES {
            let purchases = io[d.nkj(n, ELECTRICAL, j)] * y[d.nj(n, j)];
            if abs_elec[n] > 0.0 && purchases > 0.0 {
                uses_elec.push((
                    code(n),
                    b.sectors()[j].code.clone(),
                    Share::new(e * abs_elec[n] / purchases),
                ));
            }
        }
        for &(j, e) in &compound_uses {
            let purchases = io[d.nkj(n, MINING, j)] * y[d.nj(n, j)];
            if abs_min[n] > 0.0 && purchases > 0.0 {
                uses_min.push((
                    code(n),
                    b.sectors()[j].code.clone(),
                    Share::new(e * abs_min[n] / purchases),
                ));
            }
        }
    }
    let spec = SplitSpec {
        code: RARE_EARTHS.into(),
        name: "Rare earths: separated oxides, compounds, metals and permanent magnets".into(),
        theta: THETA_RARE_EARTHS,
        theta_source: Some("boehm_levchenko_pandalai_nayar_2023".into()),
        classification: Some("HS 2805.30, 2846 separated rare earths (out of MINING; ores and concentrates stay there); HS 8505.11 NdFeB magnets (out of ELECTRICAL)".into()),
        sources: sources(),
        note: Some(
            "Sized from world2024_facts E19–E45 and the constants of truce-world's ree.rs \
             (SMM magnet output, end-use shares, flagged assumptions on non-Chinese supply); \
             derivations in docs/critical-inputs.md."
                .into(),
        ),
        epsilon_c: Some(DEFAULT_EPSILON_C),
        carves: vec![
            Carve {
                parent: "MINING".into(),
                output: out_min,
                flows: flows_min,
                uses: uses_min,
            },
            Carve {
                parent: "ELECTRICAL".into(),
                output: out_elec,
                flows: flows_elec,
                uses: uses_elec,
            },
        ],
        origin: Origin {
            file: PathBuf::from("truce-world: world2024-ree split spec (ree.rs)"),
        },
    };
    Ok((spec, figures))
}

fn sources() -> Vec<Source> {
    let s = |id: &str, citation: &str, used_for: &str| Source {
        id: id.into(),
        citation: citation.into(),
        licence: "published figure or estimate".into(),
        url: None,
        used_for: Some(used_for.into()),
    };
    vec![
        s(
            "smm_ndfeb_2024",
            "Shanghai Metals Market (SMM), 'NdFeB Production to Continue Rising in 2024, Outlook \
             for Rare Earth Demand in Automobiles, Wind Power, and Home Appliances', \
             news.metal.com, 5 June 2024: China's rare-earth permanent magnet output about \
             240,000 t in 2023, about 260,000 t expected in 2024",
            "China's magnet output (260,000 t), valued at China's 2024 export unit value (E37/E36)",
        ),
        s(
            "ndfeb_end_uses",
            "Industry summaries of NdFeB demand by end use, 2023 (gitnux.org and \
             wifitalents.com 'NdFeB magnet industry statistics': automotive 35–40 %, wind 25 %, \
             consumer electronics 12 %, hard disks 8 %); low confidence",
            "magnet uses by buying sector: MOTORVEH 40 %, ELECTRICAL 25 %, ELECTRONICS 20 %, \
             MACHINERY 15 %",
        ),
        s(
            "boehm_levchenko_pandalai_nayar_2023",
            "Boehm, C. E., Levchenko, A. A. and Pandalai-Nayar, N. (2023), 'The Long and Short \
             (Run) of Trade Elasticities', American Economic Review 113(4): 861–905: the \
             trade elasticity one year after a tariff change is about 0.76, the long-run one \
             1.75–2.25",
            "θ of RARE_EARTHS (0.76, short run)",
        ),
        s(
            "boehm_flaaen_pandalai_nayar_2019",
            "Boehm, C. E., Flaaen, A. and Pandalai-Nayar, N. (2019), 'Input Linkages and the \
             Transmission of Shocks: Firm-Level Evidence from the 2011 Tōhoku Earthquake', \
             Review of Economics and Statistics 101(1): 60–75: US affiliates of Japanese firms \
             cut output roughly one-for-one with their Japanese inputs (a Leontief relation)",
            "ε_c near the Leontief limit",
        ),
        s(
            "atalay_2017",
            "Atalay, E. (2017), 'How Important Are Sectoral Shocks?', American Economic \
             Journal: Macroeconomics 9(4): 254–280: intermediate inputs are strong complements \
             (elasticity of substitution close to 0)",
            "ranges of ε and ε_c",
        ),
        s(
            "baqaee_farhi_2019",
            "Baqaee, D. R. and Farhi, E. (2019), 'The Macroeconomic Impact of Microeconomic \
             Shocks: Beyond Hulten's Theorem', Econometrica 87(4): 1155–1203: nested CES \
             production networks; near-Leontief intermediate nests make shocks to critical \
             inputs non-linear",
            "the nested CES structure and the critical nest",
        ),
    ]
}

/// The production section of the variant.
pub(crate) fn production_meta(b: &truce_model::Baseline) -> ProductionMeta {
    let p = b.production();
    ProductionMeta::from_production(
        b,
        p,
        vec![
            "boehm_flaaen_pandalai_nayar_2019".into(),
            "atalay_2017".into(),
            "baqaee_farhi_2019".into(),
        ],
        Some(
            "σ_VA = ε = 1 (Cobb–Douglas, as CP2015) outside the critical nest, so that the \
             variant differs from world2024 only where rare earths matter; ε_c = 0.1 between \
             RARE_EARTHS and every other input (near Leontief: Boehm, Flaaen and Pandalai-Nayar \
             2019; Atalay 2017). Scenarios override them in [elasticities]; \
             docs/critical-inputs.md tabulates ε_c from 0.05 to 1."
                .into(),
        ),
    )
}

/// Build the variant from calibrated world2024 `ds` and the facts.
pub(crate) fn build(f: &Facts, ds: &Dataset) -> Result<(Dataset, ReeReport), DataError> {
    let (spec, figures) = spec(f, ds)?;
    let (mut out, split) = split_sector(ds, &spec)?;
    let m = &mut out.manifest;
    m.name = REE_NAME.into();
    m.title = "Stylised world economy, 2024, with a rare-earth sector: 11 regions × 12 sectors, \
               tariffs as on 20 January 2025"
        .into();
    m.description = format!(
        "world2024 with RARE_EARTHS (separated oxides, compounds, metals and NdFeB magnets) split \
         out of MINING and ELECTRICAL by truce_data::split, and a critical-input nest \
         (ε_c = {DEFAULT_EPSILON_C}) between rare earths and every other input. Built by `truce \
         data build-default`; documented in docs/critical-inputs.md. {}",
        m.description
    );
    if let Some(last) = m
        .notes
        .iter_mut()
        .find(|n| n.starts_with("Rare earths are not a sector"))
    {
        *last = "Rare earths are a sector here (RARE_EARTHS, split out of MINING and \
                 ELECTRICAL), combined with every other input at ε_c (near Leontief): see \
                 docs/critical-inputs.md."
            .into();
    }
    m.production = Some(production_meta(&out.baseline));
    let out = Dataset::new(
        out.manifest.clone(),
        out.baseline.clone(),
        out.alt_tariffs.clone(),
    )?;
    let b = std::sync::Arc::new(out.baseline.clone());
    let eq = truce_model::cp2015::Engine::new(b.clone())
        .solve(
            &truce_model::Policy::baseline(&b),
            None,
            &mut truce_model::solve::NoObserver,
        )
        .map_err(|e| {
            DataError::file(
                &spec.origin.file,
                truce_data::DataErrorKind::BadValue {
                    value: REE_NAME.into(),
                    problem: format!("the variant does not solve at base policy: {e}"),
                },
            )
        })?;
    let dev = eq.w_hat.iter().map(|w| (w - 1.0).abs()).fold(0.0, f64::max);
    if dev > crate::EQUILIBRIUM_TOL {
        return Err(DataError::file(
            &spec.origin.file,
            truce_data::DataErrorKind::BadValue {
                value: REE_NAME.into(),
                problem: format!("a zero shock moves wages by {dev:.3e}: not an equilibrium"),
            },
        ));
    }
    Ok((
        out,
        ReeReport {
            name: REE_NAME.into(),
            split,
            figures,
            wage_max_abs_change: dev,
            theta: THETA_RARE_EARTHS,
            epsilon_c: DEFAULT_EPSILON_C,
        },
    ))
}
