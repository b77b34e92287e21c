//! Step 1 of the calibration: the 2024 margins (GDP, goods exports and imports, bilateral
//! goods cells) from the cited facts of `data/world2024_facts/facts.csv`, in USD bn.

use crate::balance::{BalanceConstraint, SumConstraint};
use crate::classification::*;
use crate::facts::{Facts, Fig};
use crate::report::Margin;
use truce_data::DataError;
use truce_model::Baseline;

/// The 2024 targets, in USD bn.
pub(crate) struct Targets {
    pub(crate) gdp: [Fig; N],
    pub(crate) goods_exports: Vec<(usize, Fig)>,
    pub(crate) goods_imports: Vec<(usize, Fig)>,
    pub(crate) services_exports: Vec<(usize, Fig)>,
    pub(crate) services_imports: Vec<(usize, Fig)>,
    /// (exporter, importer, value, which side reported it).
    pub(crate) bilateral: Vec<(usize, usize, Fig, &'static str)>,
    /// Regions without services figures: their services trade is balanced.
    pub(crate) services_balanced: Vec<usize>,
}

impl Targets {
    pub(crate) fn new(f: &Facts) -> Result<Self, DataError> {
        // Exchange rates. EUR per USD from the OECD's own 2024 EU GDP in both currencies
        // (G06/G05, the same table as X03 = 0.92 rounded); JPY (X01) and CNY (X04) per USD.
        let eur = f
            .get("G06", "EUR bn", "EU27 GDP in euro")?
            .div(&f.usd_bn("G05", "EU27 GDP")?);
        let jpy = f.get("X01", "JPY/USD", "yen per dollar, 2024")?;
        let cny = f.get("X04", "CNY/USD", "yuan per dollar, 2024")?;
        let from_eur = |id: &str, what: &str| -> Result<Fig, DataError> {
            Ok(f.get(id, "EUR bn", what)?.div(&eur))
        };
        let from_jpy_trn = |id: &str, what: &str| -> Result<Fig, DataError> {
            let v = f.get(id, "JPY trn", what)?;
            Ok(Fig::derive(&[&v, &jpy], v.value * 1000.0 / jpy.value))
        };
        let from_cny = |id: &str, what: &str| -> Result<Fig, DataError> {
            Ok(f.get(id, "CNY bn", what)?.div(&cny))
        };
        let usd = |id: &str, what: &str| f.usd_bn(id, what);
        let share_of = |value: &str, pct: &str, what: &str| -> Result<Fig, DataError> {
            let v = f.usd_bn(value, what)?;
            let p = f.get(pct, "percent", what)?;
            Ok(Fig::derive(&[&v, &p], v.value / (p.value / 100.0)))
        };

        // GDP: World Bank WDI 2024 (G01 … G15), OECD for EU27 (G05), Bank of Korea (G08),
        // IMF-derived for Taiwan (G11, low); ROW = world (G16) minus the ten.
        let ids = [
            "G01", "G03", "G05", "G07", "G08", "G11", "G12", "G13", "G14", "G15",
        ];
        let mut ten = Vec::new();
        for (n, id) in ids.iter().enumerate() {
            ten.push(usd(id, &format!("GDP of {}", REGIONS[n].0))?);
        }
        let world = usd("G16", "world GDP")?;
        let mut parts: Vec<&Fig> = vec![&world];
        parts.extend(ten.iter());
        let row_gdp = Fig::derive(
            &parts,
            world.value - ten.iter().map(|g| g.value).sum::<f64>(),
        );
        let mut gdp_vec = ten.clone();
        gdp_vec.push(row_gdp);
        let gdp: [Fig; N] = gdp_vec.try_into().expect("eleven regions");

        // Goods totals, each reporter's own statistics.
        let goods_exports = vec![
            (USA, usd("T01", "US goods exports")?),
            (CHN, usd("T07", "China goods exports")?),
            (EU27, from_eur("T16", "extra-EU goods exports")?),
            (JPN, from_jpy_trn("T21", "Japan goods exports")?),
            (KOR, usd("T25", "Korea goods exports")?),
            (TWN, usd("T27", "Taiwan goods exports")?),
            (VNM, usd("T31", "Viet Nam goods exports")?),
            (MEX, usd("T33", "Mexico goods exports")?),
            // Canada: US imports from Canada (B08) ÷ the US share of Canada's exports (T37).
            (CAN, share_of("B08", "T37", "Canada goods exports")?),
            (IND, usd("T40", "India goods exports, FY2024-25")?),
        ];
        let goods_imports = vec![
            (USA, usd("T02", "US goods imports")?),
            (CHN, usd("T08", "China goods imports")?),
            (EU27, from_eur("T17", "extra-EU goods imports")?),
            (JPN, from_jpy_trn("T22", "Japan goods imports")?),
            (KOR, usd("T26", "Korea goods imports")?),
            (TWN, usd("T28", "Taiwan goods imports")?),
            (VNM, usd("T32", "Viet Nam goods imports")?),
            (MEX, usd("T34", "Mexico goods imports")?),
            // Canada: US exports to Canada (B07) ÷ the US share of Canada's imports (T38).
            (CAN, share_of("B07", "T38", "Canada goods imports")?),
            (IND, usd("T41", "India goods imports, FY2024-25")?),
        ];
        let services_exports = vec![
            (USA, usd("T05", "US services exports")?),
            (CHN, from_cny("T12", "China services exports")?),
            (EU27, from_eur("T19", "extra-EU services exports")?),
            (IND, usd("T42", "India services exports, FY2024-25")?),
        ];
        let services_imports = vec![
            (USA, usd("T06", "US services imports")?),
            (CHN, from_cny("T13", "China services imports")?),
            (EU27, from_eur("T20", "extra-EU services imports")?),
            (IND, usd("T43", "India services imports, FY2024-25")?),
        ];

        // Bilateral goods cells, exporter → importer. Convention: the importer's figure when
        // it is of medium or high confidence; otherwise the exporter's (all of these are high
        // or medium). USA↔CHN is fixed by sector instead (see `us_china_by_sector`).
        const IMP: &str = "importer-reported";
        const EXP: &str = "exporter-reported";
        let vnm_chn = {
            let total = usd("B53", "China–Viet Nam trade total")?;
            let chn_to_vnm = usd("B54", "China exports to Viet Nam")?;
            Fig::derive(&[&total, &chn_to_vnm], total.value - chn_to_vnm.value)
        };
        let bilateral = vec![
            (USA, EU27, from_eur("B61", "EU imports from the US")?, IMP),
            (
                USA,
                JPN,
                from_jpy_trn("B69", "Japan imports from the US")?,
                IMP,
            ),
            (USA, KOR, usd("B16", "US exports to Korea")?, EXP),
            (USA, TWN, usd("B82", "Taiwan imports from the US")?, IMP),
            (USA, VNM, usd("B22", "US exports to Viet Nam")?, EXP),
            (USA, MEX, usd("B04", "US exports to Mexico")?, EXP),
            (USA, CAN, usd("B07", "US exports to Canada")?, EXP),
            (USA, IND, usd("B90", "India imports from the US, FY")?, IMP),
            (CHN, EU27, from_eur("B64", "EU imports from China")?, IMP),
            (
                CHN,
                JPN,
                from_jpy_trn("B71", "Japan imports from China")?,
                IMP,
            ),
            (CHN, KOR, usd("B47", "China exports to Korea")?, EXP),
            (
                CHN,
                TWN,
                usd("B85", "Taiwan imports from China incl. HK")?,
                IMP,
            ),
            (CHN, VNM, usd("B54", "China exports to Viet Nam")?, EXP),
            (CHN, MEX, usd("B75", "Mexico imports from China")?, IMP),
            (CHN, IND, usd("B92", "India imports from China, FY")?, IMP),
            (EU27, USA, usd("B11", "US imports from the EU")?, IMP),
            (EU27, CHN, from_eur("B63", "EU exports to China")?, EXP),
            (
                JPN,
                USA,
                from_jpy_trn("B68", "Japan exports to the US")?,
                EXP,
            ),
            (
                JPN,
                CHN,
                from_jpy_trn("B70", "Japan exports to China")?,
                EXP,
            ),
            (KOR, USA, usd("B73", "Korea exports to the US")?, EXP),
            (KOR, CHN, usd("B72", "Korea exports to China")?, EXP),
            (TWN, USA, usd("B20", "US imports from Taiwan")?, IMP),
            (
                TWN,
                CHN,
                usd("B83", "Taiwan exports to China incl. HK")?,
                EXP,
            ),
            (TWN, JPN, usd("B86", "Taiwan exports to Japan")?, EXP),
            (TWN, KOR, usd("B87", "Taiwan exports to Korea")?, EXP),
            (TWN, EU27, usd("B88", "Taiwan exports to Europe")?, EXP),
            (VNM, USA, usd("B23", "US imports from Viet Nam")?, IMP),
            (VNM, CHN, vnm_chn, "derived (B53 − B54)"),
            (MEX, USA, usd("B05", "US imports from Mexico")?, IMP),
            (MEX, CHN, usd("B76", "Mexico exports to China")?, EXP),
            (CAN, USA, usd("B08", "US imports from Canada")?, IMP),
            (IND, USA, usd("B28", "US imports from India")?, IMP),
            (IND, CHN, usd("B91", "India exports to China, FY")?, EXP),
        ];
        Ok(Self {
            gdp,
            goods_exports,
            goods_imports,
            services_exports,
            services_imports,
            bilateral,
            services_balanced: vec![JPN, KOR, TWN, VNM, MEX, CAN],
        })
    }

    /// The IPF constraints on the off-diagonal cells, in a fixed order.
    pub(crate) fn constraints(&self) -> (Vec<SumConstraint>, Vec<BalanceConstraint>) {
        let d = DIMS;
        let goods_out = |i: usize| -> Vec<usize> {
            GOODS
                .flat_map(|j| (0..N).filter(move |&n| n != i).map(move |n| d.nij(n, i, j)))
                .collect()
        };
        let goods_in = |n: usize| -> Vec<usize> {
            GOODS
                .flat_map(|j| (0..N).filter(move |&i| i != n).map(move |i| d.nij(n, i, j)))
                .collect()
        };
        let svc_out = |i: usize| -> Vec<usize> {
            (0..N)
                .filter(|&n| n != i)
                .map(|n| d.nij(n, i, SERVICES))
                .collect()
        };
        let svc_in = |n: usize| -> Vec<usize> {
            (0..N)
                .filter(|&i| i != n)
                .map(|i| d.nij(n, i, SERVICES))
                .collect()
        };
        let mut sums = Vec::new();
        let label = |what: &str, r: usize, f: &Fig| format!("{what} {} [{}]", REGIONS[r].0, f.ids);
        for (r, f) in &self.goods_exports {
            sums.push(SumConstraint {
                label: label("goods exports", *r, f),
                cells: goods_out(*r),
                target: f.value,
            });
        }
        for (r, f) in &self.goods_imports {
            sums.push(SumConstraint {
                label: label("goods imports", *r, f),
                cells: goods_in(*r),
                target: f.value,
            });
        }
        for (r, f) in &self.services_exports {
            sums.push(SumConstraint {
                label: label("services exports", *r, f),
                cells: svc_out(*r),
                target: f.value,
            });
        }
        for (r, f) in &self.services_imports {
            sums.push(SumConstraint {
                label: label("services imports", *r, f),
                cells: svc_in(*r),
                target: f.value,
            });
        }
        for (i, n, f, _) in &self.bilateral {
            sums.push(SumConstraint {
                label: format!("goods {} → {} [{}]", REGIONS[*i].0, REGIONS[*n].0, f.ids),
                cells: GOODS.map(|j| d.nij(*n, *i, j)).collect(),
                target: f.value,
            });
        }
        let balances = self
            .services_balanced
            .iter()
            .map(|&r| BalanceConstraint {
                label: format!("services balance {} (no services figures)", REGIONS[r].0),
                a: svc_out(r),
                b: svc_in(r),
            })
            .collect();
        (sums, balances)
    }

    /// Every target against the calibrated baseline.
    pub(crate) fn margins(
        &self,
        b: &Baseline,
        svc_to_chn: &Fig,
        svc_from_chn: &Fig,
    ) -> Vec<Margin> {
        let d = b.dims();
        let m = b.flows();
        let trade = |i: usize, n: usize, js: &mut dyn Iterator<Item = usize>| -> f64 {
            js.map(|j| m[d.nij(n, i, j)]).sum()
        };
        let out_goods = |i: usize| -> f64 {
            (0..N)
                .filter(|&n| n != i)
                .map(|n| trade(i, n, &mut GOODS.clone()))
                .sum()
        };
        let in_goods = |n: usize| -> f64 {
            (0..N)
                .filter(|&i| i != n)
                .map(|i| trade(i, n, &mut GOODS.clone()))
                .sum()
        };
        let out_svc = |i: usize| -> f64 {
            (0..N)
                .filter(|&n| n != i)
                .map(|n| m[d.nij(n, i, SERVICES)])
                .sum()
        };
        let in_svc = |n: usize| -> f64 {
            (0..N)
                .filter(|&i| i != n)
                .map(|i| m[d.nij(n, i, SERVICES)])
                .sum()
        };
        let mk = |kind: &str, r: usize, p: Option<usize>, f: &Fig, model: f64, note: &str| Margin {
            kind: kind.into(),
            region: REGIONS[r].0.into(),
            partner: p.map(|p| REGIONS[p].0.to_string()),
            target: f.value,
            model,
            facts: f.ids.clone(),
            confidence: f.confidence,
            note: note.into(),
        };
        let mut v = Vec::new();
        for (n, f) in self.gdp.iter().enumerate() {
            v.push(mk("gdp", n, None, f, b.value_added()[n], ""));
        }
        for (r, f) in &self.goods_exports {
            v.push(mk("goods_exports", *r, None, f, out_goods(*r), ""));
        }
        for (r, f) in &self.goods_imports {
            v.push(mk("goods_imports", *r, None, f, in_goods(*r), ""));
        }
        for (r, f) in &self.services_exports {
            v.push(mk("services_exports", *r, None, f, out_svc(*r), ""));
        }
        for (r, f) in &self.services_imports {
            v.push(mk("services_imports", *r, None, f, in_svc(*r), ""));
        }
        for (i, n, f, how) in &self.bilateral {
            v.push(mk(
                "goods_bilateral",
                *i,
                Some(*n),
                f,
                trade(*i, *n, &mut GOODS.clone()),
                how,
            ));
        }
        v.push(mk(
            "services_bilateral",
            USA,
            Some(CHN),
            svc_to_chn,
            m[d.nij(CHN, USA, SERVICES)],
            "BEA",
        ));
        v.push(mk(
            "services_bilateral",
            CHN,
            Some(USA),
            svc_from_chn,
            m[d.nij(USA, CHN, SERVICES)],
            "BEA",
        ));
        v
    }
}
