//! What the dashboard shows, read off the facade's results: typed, serialisable summaries of
//! an [`Outcome`] (welfare, real wages and price indices by region; US–China trade by sector;
//! trade diverted to third countries) and of the replayed record. Sums of the outcome's
//! bilateral flows are the only arithmetic here; no model code.

use serde::Serialize;
use truce::dataset::Dataset;
use truce::model::Outcome;
use truce::scenario::record;
use truce::timeline::Timeline;

/// One region's headline changes, percent against the reference.
#[derive(Debug, Clone, Serialize)]
pub struct RegionView {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Welfare: the exact change in real income Î/P̂ (`None`: undefined).
    pub welfare_pct: Option<f64>,
    /// Real wage ŵ/P̂.
    pub real_wage_pct: f64,
    /// Consumer price index P̂.
    pub price_index_pct: f64,
    /// Terms of trade (first-order decomposition, CP2015 eq. (16)).
    pub terms_of_trade_pct: f64,
    /// Exports.
    pub exports_pct: Option<f64>,
    /// Imports.
    pub imports_pct: Option<f64>,
}

/// US–China trade in one sector, USD bn (dataset units when the dataset states none).
#[derive(Debug, Clone, Serialize)]
pub struct UsChinaSector {
    /// Sector code.
    pub sector: String,
    /// US imports from China at the reference.
    pub us_imports_from_chn_base: f64,
    /// US imports from China in the counterfactual.
    pub us_imports_from_chn_new: f64,
    /// Change, percent.
    pub us_imports_from_chn_pct: Option<f64>,
    /// China's imports from the US at the reference.
    pub chn_imports_from_us_base: f64,
    /// China's imports from the US in the counterfactual.
    pub chn_imports_from_us_new: f64,
    /// Change, percent.
    pub chn_imports_from_us_pct: Option<f64>,
}

/// Trade diverted to (or from) a third country.
#[derive(Debug, Clone, Serialize)]
pub struct Diversion {
    /// Region code.
    pub code: String,
    /// Change of US imports from this region.
    pub us_imports_change: f64,
    /// Change of China's imports from this region.
    pub chn_imports_change: f64,
    /// Change of this region's exports to the US and China together, percent.
    pub exports_to_us_and_chn_pct: Option<f64>,
}

/// Producer price changes of one sector in the two players, percent.
#[derive(Debug, Clone, Serialize)]
pub struct SectorPrice {
    /// Sector code.
    pub sector: String,
    /// US producer price p̂ʲ, percent.
    pub usa_price_pct: Option<f64>,
    /// Chinese producer price, percent.
    pub chn_price_pct: Option<f64>,
}

/// The dashboard's view of one solved state.
#[derive(Debug, Clone, Serialize)]
pub struct OutcomeView {
    /// Unit of the trade values (`USD bn`, or the dataset's own).
    pub trade_unit: String,
    /// Regions.
    pub regions: Vec<RegionView>,
    /// US–China trade by sector (traded sectors).
    pub us_china_trade: Vec<UsChinaSector>,
    /// Third countries' trade with the US and China.
    pub diversion: Vec<Diversion>,
    /// Sector prices in the US and China.
    pub sector_prices: Vec<SectorPrice>,
}

fn pct(base: f64, new: f64) -> Option<f64> {
    (base > 0.0).then(|| 100.0 * (new / base - 1.0))
}

/// The view of `o` on `ds`.
pub fn outcome_view(ds: &Dataset, o: &Outcome) -> OutcomeView {
    let scale = ds.flow_unit_usd_bn.unwrap_or(1.0);
    let unit = if ds.flow_unit_usd_bn.is_some() {
        "USD bn".to_string()
    } else {
        "dataset units".to_string()
    };
    let regions = o
        .countries
        .iter()
        .map(|c| RegionView {
            code: c.code.clone(),
            name: c.name.clone(),
            welfare_pct: c.real_income_pct,
            real_wage_pct: c.real_wage_pct,
            price_index_pct: c.price_index_pct,
            terms_of_trade_pct: c.terms_of_trade_pct,
            exports_pct: c.exports_pct,
            imports_pct: c.imports_pct,
        })
        .collect();
    let flow = |imp: &str, exp: &str, sector: Option<&str>| -> (f64, f64) {
        o.bilateral
            .iter()
            .filter(|x| x.importer == imp && x.exporter == exp)
            .filter(|x| match sector {
                None => true,
                Some(s) => x.sector == s,
            })
            .fold((0.0, 0.0), |(a, b), x| (a + x.flow_base, b + x.flow_new))
    };
    let b = &ds.baseline;
    let us_china_trade = b
        .sectors()
        .iter()
        .filter(|s| s.tradable)
        .map(|s| {
            let (ub, un) = flow("USA", "CHN", Some(&s.code));
            let (cb, cn) = flow("CHN", "USA", Some(&s.code));
            UsChinaSector {
                sector: s.code.clone(),
                us_imports_from_chn_base: ub * scale,
                us_imports_from_chn_new: un * scale,
                us_imports_from_chn_pct: pct(ub, un),
                chn_imports_from_us_base: cb * scale,
                chn_imports_from_us_new: cn * scale,
                chn_imports_from_us_pct: pct(cb, cn),
            }
        })
        .collect();
    let diversion = b
        .regions()
        .iter()
        .filter(|r| r.code != "USA" && r.code != "CHN")
        .map(|r| {
            let (ub, un) = flow("USA", &r.code, None);
            let (cb, cn) = flow("CHN", &r.code, None);
            Diversion {
                code: r.code.clone(),
                us_imports_change: (un - ub) * scale,
                chn_imports_change: (cn - cb) * scale,
                exports_to_us_and_chn_pct: pct(ub + cb, un + cn),
            }
        })
        .collect();
    let price = |region: &str, sector: &str| {
        o.sectors
            .iter()
            .find(|x| x.region == region && x.sector == sector)
            .map(|x| x.price_pct)
    };
    let sector_prices = b
        .sectors()
        .iter()
        .map(|s| SectorPrice {
            sector: s.code.clone(),
            usa_price_pct: price("USA", &s.code),
            chn_price_pct: price("CHN", &s.code),
        })
        .collect();
    OutcomeView {
        trade_unit: unit,
        regions,
        us_china_trade,
        diversion,
        sector_prices,
    }
}

/// One dated point of the record, slimmed for the page.
#[derive(Debug, Clone, Serialize)]
pub struct RecordPoint {
    /// Date.
    pub date: String,
    /// Year as a fraction (the chart's x).
    pub x: f64,
    /// What changed that day.
    pub label: String,
    /// Trade-weighted statutory average US tariff on China, percent.
    pub us_tariff_on_chn_pct: f64,
    /// China's on the US.
    pub chn_tariff_on_us_pct: f64,
    /// PIIE's published value on this date, if any.
    pub piie_us_tariff_on_chn_pct: Option<f64>,
    /// PIIE's published value on this date, if any.
    pub piie_chn_tariff_on_us_pct: Option<f64>,
    /// Welfare, real wage and CPI by region (percent against the reference).
    pub regions: Vec<RegionView>,
    /// Change of US imports from China, percent.
    pub us_imports_from_chn_pct: Option<f64>,
    /// Change of China's imports from the US, percent.
    pub chn_imports_from_us_pct: Option<f64>,
    /// Solver ending (`converged`).
    pub termination: String,
}

/// A dated event marked on the record chart.
#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    /// Date.
    pub date: String,
    /// Year as a fraction.
    pub x: f64,
    /// Short label (Phase One, Geneva, …).
    pub label: String,
}

/// The record, replayed: points, the events, PIIE's published points, notes.
#[derive(Debug, Clone, Serialize)]
pub struct RecordView {
    /// `baseline` or `pre-war`.
    pub reference: String,
    /// Points in date order.
    pub points: Vec<RecordPoint>,
    /// Events marked on the chart.
    pub events: Vec<EventView>,
    /// Definition of the averages.
    pub tariff_definition: String,
    /// Notes.
    pub notes: Vec<String>,
}

/// The record view of a replayed timeline.
pub fn record_view(t: &Timeline) -> RecordView {
    let points = t
        .points
        .iter()
        .map(|p| {
            let bil = |imp: &str, exp: &str| {
                let (a, z) = p
                    .outcome
                    .bilateral
                    .iter()
                    .filter(|x| x.importer == imp && x.exporter == exp)
                    .fold((0.0, 0.0), |(a, z), x| (a + x.flow_base, z + x.flow_new));
                pct(a, z)
            };
            RecordPoint {
                date: p.date.to_string(),
                x: p.date.as_year_fraction(),
                label: p.label.clone(),
                us_tariff_on_chn_pct: p.us_tariff_on_chn_pct,
                chn_tariff_on_us_pct: p.chn_tariff_on_us_pct,
                piie_us_tariff_on_chn_pct: p.piie.as_ref().and_then(|x| x.us_on_chn_pct),
                piie_chn_tariff_on_us_pct: p.piie.as_ref().and_then(|x| x.chn_on_us_pct),
                regions: outcome_view(&t.dataset, &p.outcome).regions,
                us_imports_from_chn_pct: bil("USA", "CHN"),
                chn_imports_from_us_pct: bil("CHN", "USA"),
                termination: p.solver.termination.as_str().to_string(),
            }
        })
        .collect();
    let events = record::EVENTS
        .iter()
        .map(|e| EventView {
            date: e.date.to_string(),
            x: e.date.as_year_fraction(),
            label: e.label.to_string(),
        })
        .collect();
    RecordView {
        reference: t.reference.clone(),
        points,
        events,
        tariff_definition: "trade-weighted statutory average, Σ τ·M / Σ M over the model's goods \
                            sectors, M = baseline imports (PIIE's definition)"
            .into(),
        notes: t.notes.clone(),
    }
}
