use std::sync::Arc;
use truce_model::cp2015::{real_income, Engine};
use truce_model::solve::NoObserver;
use truce_model::{Outcome, Policy};
fn main() {
    let ds = truce_world::load_ree().unwrap();
    let args: Vec<f64> = std::env::args()
        .skip(1)
        .map(|a| a.parse().unwrap())
        .collect();
    let theta = args.first().copied().unwrap_or(0.76);
    let us_q = args.get(1).copied().unwrap_or(0.07);
    let other_q = args.get(2).copied().unwrap_or(0.255);
    let b0 = ds.baseline.clone();
    let re = b0.sector_index("RARE_EARTHS").unwrap();
    let b0 = b0.with_theta(re, theta).unwrap();
    for ec in [1.0, 0.5, 0.2, 0.1, 0.05] {
        let p = b0.production().with_epsilon_c(ec).unwrap();
        let b = Arc::new(b0.clone().with_production(p).unwrap());
        let mut pol = Policy::baseline(&b);
        let chn = b.region_index("CHN").unwrap();
        for n in 0..b.dims().n {
            if n == chn {
                continue;
            }
            let lvl = if b.regions()[n].code == "USA" {
                us_q
            } else {
                other_q
            };
            pol.set_export_quota(&b, n, chn, re, lvl).unwrap();
        }
        if std::env::var_os("SUPPLY").is_some() {
            for i in 0..b.dims().n {
                if i != chn && b.gross_output()[b.dims().nj(i, re)] > 0.0 {
                    pol.set_supply_cap(&b, i, re, 1.0).unwrap();
                }
            }
        }
        if std::env::var_os("CAP").is_some() {
            for i in 0..b.dims().n {
                if i == chn {
                    continue;
                }
                for n in 0..b.dims().n {
                    if n != i && b.flows()[b.dims().nij(n, i, re)] > 0.0 {
                        pol.set_export_quota(&b, n, i, re, 1.0).unwrap();
                    }
                }
            }
        }
        let t = std::time::Instant::now();
        let eq = Engine::new(b.clone())
            .solve(&pol, None, &mut NoObserver)
            .unwrap();
        let el = t.elapsed();
        let out = Outcome::new(&b, &pol, &eq);
        let w = real_income(&b, &eq);
        print!("θ {theta} ε_c {ec:5}: it {} {:?} ", eq.info.iterations, el);
        for r in ["USA", "EU27", "JPN", "MEX", "CHN"] {
            let n = b.region_index(r).unwrap();
            print!("| {r} W {:+.3}% ", 100.0 * (w[n].unwrap() - 1.0));
            for s in ["MOTORVEH", "ELECTRICAL", "ELECTRONICS"] {
                let so = out.sector(r, s).unwrap();
                print!(
                    "{}:{:+.2}% ({:.4}%) ",
                    &s[..3],
                    so.output_pct.unwrap(),
                    100.0 * so.critical_cost_share.unwrap()
                );
            }
        }
        let q = &out.quotas;
        println!(
            "| tq USA {:.0}% EU {:.0}%  P_RE USA {:.2} EU {:.2}",
            q.iter()
                .find(|x| x.importer == "USA")
                .unwrap()
                .tax_equivalent_pct,
            q.iter()
                .find(|x| x.importer == "EU27")
                .unwrap()
                .tax_equivalent_pct,
            eq.p_hat[b.dims().nj(0, re)],
            eq.p_hat[b.dims().nj(2, re)]
        );
    }
}
