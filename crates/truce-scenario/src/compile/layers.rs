//! Layers: measures applied in order to the starting levels (`rate_pct` sets a layer, `change_pp`
//! adds to it, `total_pct` resets the start), and the measures in force on a date.

use crate::date::Date;
use crate::scenario::{Action, Instrument};
use std::collections::BTreeMap;

use super::equivalent::{equivalent_factor, prewar_level, statutory_level, tariff_level, Slice};
use super::resolve::Resolved;
use super::World;

type LayerKey = (u8, String);

fn instr_key(i: Instrument) -> u8 {
    match i {
        Instrument::Tariff => 0,
        Instrument::ExportTax => 1,
        Instrument::TradeCost => 2,
        Instrument::ExportQuota => 3,
        Instrument::SupplyCap => 4,
    }
}

/// Starting levels of the two ad-valorem instruments (fractions, [`truce_model::Dims::nij`]), and the
/// statutory tariffs they stand for.
#[derive(Debug, Clone)]
pub(crate) struct Levels {
    pub(crate) tariff: Vec<f64>,
    pub(crate) export_tax: Vec<f64>,
    /// Statutory tariffs at the start (equal to `tariff` except for a baseline that holds the
    /// record's θ-consistent rates, whose statutory levels are the record's).
    pub(crate) statutory: Vec<f64>,
}

/// What a list of measures makes of the starting levels.
#[derive(Debug, Clone)]
pub(crate) struct Evaluated {
    /// Model tariffs (θ-consistent equivalents).
    pub(crate) tariff: Vec<f64>,
    /// Statutory tariffs τ₀ + Σ s·r.
    pub(crate) statutory: Vec<f64>,
    pub(crate) export_tax: Vec<f64>,
    pub(crate) trade_cost: Vec<f64>,
    /// Export quotas: cell → cap (fraction of the baseline quantity; the tightest layer).
    pub(crate) quota: BTreeMap<usize, f64>,
    /// Supply caps: the producer's diagonal cell → cap.
    pub(crate) supply: BTreeMap<usize, f64>,
}

/// Every cell's layers, by instrument, in layer order.
#[derive(Debug, Clone, Default)]
pub(crate) struct CellSlices {
    pub(crate) tariff: BTreeMap<usize, Vec<Slice>>,
    pub(crate) export_tax: BTreeMap<usize, Vec<Slice>>,
    pub(crate) trade_cost: BTreeMap<usize, Vec<Slice>>,
    pub(crate) quota: BTreeMap<usize, Vec<Slice>>,
    pub(crate) supply: BTreeMap<usize, Vec<Slice>>,
}

/// Apply measures in order to the layer state, starting from `start` (whose levels
/// `total_pct` may reset), and return every cell's layers in layer order with the starting
/// levels as `total_pct` left them.
pub(crate) fn layer_slices(measures: &[&Resolved], start: &Levels) -> (Levels, CellSlices) {
    let mut lv = start.clone();
    let mut layers: BTreeMap<LayerKey, BTreeMap<usize, Slice>> = BTreeMap::new();
    for r in measures {
        let m = r.measure;
        let key = (instr_key(m.instrument), m.layer.clone());
        match m.action {
            Action::Total(v) => {
                for &(c, _, _) in &r.cells {
                    match m.instrument {
                        Instrument::Tariff => {
                            lv.tariff[c] = v / 100.0;
                            lv.statutory[c] = v / 100.0;
                        }
                        _ => lv.export_tax[c] = v / 100.0,
                    }
                    let k = instr_key(m.instrument);
                    for (lk, cells) in layers.iter_mut() {
                        if lk.0 == k {
                            cells.remove(&c);
                        }
                    }
                }
            }
            Action::Floor(v) => {
                let layer = layers.entry(key).or_default();
                for &(c, _, s) in &r.cells {
                    layer.insert(
                        c,
                        Slice {
                            share: s,
                            rate: (v / 100.0 - lv.statutory[c]).max(0.0),
                            within: m.within_sector,
                        },
                    );
                }
            }
            Action::SetRate(v) | Action::CostChangePct(v) | Action::Cap(v) => {
                let layer = layers.entry(key).or_default();
                for &(c, _, s) in &r.cells {
                    layer.insert(
                        c,
                        Slice {
                            share: s,
                            rate: v / 100.0,
                            within: m.within_sector,
                        },
                    );
                }
            }
            Action::ChangePp(v) => {
                let layer = layers.entry(key).or_default();
                for &(c, _, s) in &r.cells {
                    layer
                        .entry(c)
                        .and_modify(|sl| sl.rate += v / 100.0)
                        .or_insert(Slice {
                            share: s,
                            rate: v / 100.0,
                            within: m.within_sector,
                        });
                }
            }
        }
    }
    let mut out = CellSlices::default();
    for ((k, _), cells) in &layers {
        let by = match k {
            0 => &mut out.tariff,
            1 => &mut out.export_tax,
            2 => &mut out.trade_cost,
            3 => &mut out.quota,
            _ => &mut out.supply,
        };
        for (&c, sl) in cells {
            by.entry(c).or_default().push(*sl);
        }
    }
    (lv, out)
}

/// Apply measures in order, starting from `start`: model rates, statutory tariffs, export
/// taxes and iceberg factors.
pub(crate) fn evaluate(measures: &[&Resolved], w: &World, start: &Levels) -> Evaluated {
    let d = w.dims;
    let (lv, slices) = layer_slices(measures, start);
    let sector_of = |c: usize| c / (d.n * d.n);
    let mut tariff = lv.tariff.clone();
    let mut statutory = lv.statutory.clone();
    for (&c, sl) in &slices.tariff {
        tariff[c] = tariff_level(lv.tariff[c], sl, w.theta[sector_of(c)]);
        statutory[c] = statutory_level(lv.statutory[c], sl);
    }
    let mut export_tax = lv.export_tax.clone();
    for (&c, sl) in &slices.export_tax {
        export_tax[c] = tariff_level(lv.export_tax[c], sl, w.theta[sector_of(c)]);
    }
    let mut trade_cost = vec![1.0; d.cube_len()];
    for (&c, sl) in &slices.trade_cost {
        let th = w.theta[sector_of(c)];
        for s in sl {
            let f = 1.0 + s.rate;
            trade_cost[c] *= if s.share >= 1.0 {
                f
            } else {
                equivalent_factor(f, s.share, th, s.within)
            };
        }
    }
    // Quotas and caps: the tightest layer binds.
    let tightest = |m: &BTreeMap<usize, Vec<Slice>>| -> BTreeMap<usize, f64> {
        m.iter()
            .map(|(&c, sl)| (c, sl.iter().map(|s| s.rate).fold(f64::INFINITY, f64::min)))
            .collect()
    };
    Evaluated {
        tariff,
        statutory,
        export_tax,
        trade_cost,
        quota: tightest(&slices.quota),
        supply: tightest(&slices.supply),
    }
}

/// The measures of `resolved` in force on `date`, in the order they apply: by date, the
/// record's before a scenario's on the same day, then in file order. `record_only` keeps the
/// record's.
pub(crate) fn in_force<'r, 'm>(
    resolved: &'r [Resolved<'m>],
    date: Date,
    record_only: bool,
) -> Vec<(usize, &'r Resolved<'m>)> {
    // Same day: the record before a scenario, and a measure for every partner before one that
    // names its partners (an exemption or country rate refines the general measure).
    let mut dated: Vec<(Date, usize, usize, usize)> = resolved
        .iter()
        .enumerate()
        .filter(|(_, r)| r.measure.in_force_on(date) && (!record_only || r.measure.from_record))
        .map(|(k, r)| {
            (
                r.measure.date.expect("dated"),
                usize::from(!r.measure.from_record),
                usize::from(!matches!(r.measure.targets, crate::scenario::Targets::All)),
                k,
            )
        })
        .collect();
    dated.sort();
    dated
        .into_iter()
        .map(|(_, _, _, k)| (k, &resolved[k]))
        .collect()
}

/// The record's pre-war tariffs (and the baseline's export taxes) for a world whose tariffs on
/// `date` are `tariff`: each cell's τ₀ such that the record's measures in force that day
/// bring it to the given tariff ([`prewar_level`]); cells that would fall below zero start at
/// zero and are counted.
pub(crate) fn prewar_levels(
    resolved: &[Resolved],
    w: &World,
    tariff: &[f64],
    export_tax: &[f64],
    date: Date,
) -> (Levels, usize) {
    let d = w.dims;
    let in_base: Vec<&Resolved> = in_force(resolved, date, true)
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    let here = Levels {
        tariff: tariff.to_vec(),
        export_tax: export_tax.to_vec(),
        statutory: tariff.to_vec(),
    };
    let (_, slices) = layer_slices(&in_base, &here);
    let mut pre = here;
    let mut clipped = 0;
    for (&c, sl) in &slices.tariff {
        let x = prewar_level(tariff[c], sl, w.theta[c / (d.n * d.n)]);
        if x < 0.0 {
            clipped += 1;
        }
        pre.tariff[c] = x.max(0.0);
        pre.statutory[c] = pre.tariff[c];
    }
    (pre, clipped)
}
