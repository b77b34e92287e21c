//! Why levels mode (gegravity's model) and exact hat algebra give slightly different numbers,
//! on gegravity's Canada–Japan PTA example.
//!
//! ```sh
//! cargo run --release -p truce-gravity --example levels_vs_hat -- \
//!     ../shared/data/gegravity_sample/sample_data_set.dlm [SHOCK_SCALE]
//! ```
//!
//! Prints the real-income change (%) of every country under
//! (a) levels mode, as gegravity solves it;
//! (b) the exact equilibrium of the same levels baseline (gegravity's own modeled flows) with
//!     gegravity's expenditure rule E' = φY', whose world spending then differs from world
//!     output by 1/λ (gegravity does not rebalance it);
//! (c) the same, rebalanced: exact hat algebra with multiplicative deficits (Walras' law);
//! (d) exact hat algebra on the observed flows, multiplicative deficits;
//! (e) exact hat algebra on the observed flows, additive deficits.
//! (b) is (c) divided by λ: both have the same relative prices. SHOCK_SCALE (default 1) scales
//! the change in log trade costs, to compare the models to first order.
use std::sync::Arc;
use truce_gravity::levels::{CostFunction, LevelsModel, LevelsParams};
use truce_model::cp2015::Engine;
use truce_model::{Baseline, DeficitRule, Outcome, Policy};
use truce_solve::NoObserver;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .expect("usage: levels_vs_hat FILE [SHOCK_SCALE]");
    let scale: f64 = args.next().map_or(1.0, |s| s.parse().expect("a number"));
    let cs = truce_gravity::read_panel(path.as_ref())
        .and_then(|p| p.cross_section(2006))
        .unwrap_or_else(|e| panic!("{e}"));
    // gegravity 0.3's documented coefficients (see truce::replicate::gegravity).
    let costs = CostFunction::new([
        ("lndist", -0.389_862_3),
        ("contiguity", 0.891_577),
        ("common_language", 0.032_624_9),
        ("pta", 0.471_138_3),
        ("international", -3.412_584),
        ("constant", 16.324_34),
    ])
    .unwrap();
    let sigma = 5.0;
    let theta = sigma - 1.0;
    let model = LevelsModel::calibrate(&cs, &costs, sigma, "DEU", LevelsParams::default()).unwrap();
    let mut exp = cs.clone();
    exp.set_covariate("pta", "CAN", "JPN", 1.0).unwrap();
    exp.set_covariate("pta", "JPN", "CAN", 1.0).unwrap();
    let ln_t0 = model.baseline_log_costs();
    let ln_t1: Vec<f64> = costs
        .log_costs(&exp)
        .unwrap()
        .iter()
        .zip(ln_t0)
        .map(|(a, b)| b + scale * (a - b))
        .collect();
    let levels = model.simulate(&ln_t1, &mut NoObserver).unwrap();
    let n = cs.n();
    // Exact hat algebra on flows `x` (exporter × importer), t^{1−σ} changing by exp(Δ ln t):
    // d̂^{−θ} = exp(Δ ln t). Returns real income (%) and λ.
    let hat = |x: &[f64], rule: DeficitRule| -> (Vec<f64>, f64) {
        let mut inputs = cs.baseline(theta).unwrap().inputs().clone();
        for i in 0..n {
            for j in 0..n {
                inputs.flows[j * n + i] = x[i * n + j];
            }
        }
        let b = Arc::new(Baseline::new(inputs).unwrap());
        let mut p = Policy::baseline(&b);
        p.set_deficit_rule(rule);
        for i in 0..n {
            for j in 0..n {
                let d = ln_t1[i * n + j] - ln_t0[i * n + j];
                if d != 0.0 {
                    p.set_trade_cost(&b, j, i, 0, (-d / theta).exp()).unwrap();
                }
            }
        }
        let eq = Engine::new(b.clone())
            .solve(&p, None, &mut NoObserver)
            .unwrap();
        let (va, d0, w) = (b.value_added(), b.deficit(), &eq.w_hat);
        let lambda = (0..n).map(|k| va[k] * w[k]).sum::<f64>()
            / (0..n).map(|k| (va[k] + d0[k]) * w[k]).sum::<f64>();
        let real = Outcome::new(&b, &p, &eq)
            .countries
            .iter()
            .map(|c| c.real_income_pct.unwrap())
            .collect();
        (real, lambda)
    };
    let (modeled, lambda) = hat(&levels.baseline_trade, DeficitRule::Multiplicative);
    let (observed_m, _) = hat(cs.trade(), DeficitRule::Multiplicative);
    let (observed_a, _) = hat(cs.trade(), DeficitRule::Fixed);
    println!("shock scale {scale}; λ on the modeled baseline = {lambda:.9}");
    println!(
        "{:7} {:>12} {:>12} {:>12} {:>12} {:>12}",
        "country", "(a) levels", "(b) exact", "(c) +Walras", "(d) observed", "(e) additive"
    );
    for (k, c) in levels.countries.iter().enumerate() {
        let no_rebalance = 100.0 * ((1.0 + modeled[k] / 100.0) / lambda - 1.0);
        println!(
            "{:7} {:12.6} {:12.6} {:12.6} {:12.6} {:12.6}",
            c.code, c.real_income_pct, no_rebalance, modeled[k], observed_m[k], observed_a[k]
        );
    }
}
