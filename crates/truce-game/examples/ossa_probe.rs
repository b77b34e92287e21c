use std::sync::Arc;
use std::time::Instant;
use truce_game::*;
use truce_ossa::{data::load, Lambda};
use truce_solve::{Control, Iterate, NoObserver, Observer};

struct Print;
impl Observer for Print {
    fn observe(&mut self, it: &Iterate) -> Control {
        eprintln!("  it {} r {:.3e}", it.iteration, it.residual);
        Control::Continue
    }
}

fn main() {
    let data = load(std::path::Path::new("../shared/data/ossa2014")).unwrap();
    let st = Arc::new(data.purged_state().unwrap());
    let d = st.dims();
    let version = std::env::args().nth(1).unwrap_or("bas".into());
    let lam = if version == "pol" {
        Lambda::new(d, data.lambda_pol.clone()).unwrap()
    } else {
        Lambda::ones(d)
    };
    let game = OssaGame::new(st.clone(), OssaPayoff::Government(Arc::new(lam)), 0.0, 10.0);
    let x0 = game.profile_of(st.tariff());
    let opts = BoxOptions {
        kkt_tol: 1e-10,
        ..Default::default()
    };
    let mut xopt = x0.clone();
    let mut own_sum = 0.0;
    let mut oth_sum = 0.0;
    let mut med_sum = 0.0;
    for p in 0..7 {
        let t0 = Instant::now();
        // start: BAS 1/(σ-1), POL 0.1
        let own = game.instruments_of(p);
        let start: Vec<f64> = own
            .iter()
            .map(|&k| {
                let s = k / 6 % 33; // instruments ordered by importer, industry, exporter
                if version == "pol" {
                    0.1
                } else {
                    1.0 / (st.sigma()[s] - 1.0)
                }
            })
            .collect();
        let br1 = best_response(&game, &x0, p, Some(&start), &opts, &mut NoObserver).unwrap();
        let br2 = best_response(&game, &x0, p, None, &opts, &mut NoObserver).unwrap();
        let br = if br2.payoff > br1.payoff { br2 } else { br1 };
        let mut x = x0.clone();
        br.apply(&mut x);
        br.apply(&mut xopt);
        let mut g = game.clone();
        let u = g.payoffs(&x).unwrap();
        let own_g = 100.0 * (u[p] - 1.0);
        let others: f64 = (0..7)
            .filter(|&j| j != p)
            .map(|j| 100.0 * (u[j] - 1.0))
            .sum::<f64>()
            / 6.0;
        let cube = game.cube_of(&x);
        let med = 100.0 * st.median_tariff(&cube, p);
        own_sum += own_g;
        oth_sum += others;
        med_sum += med;
        println!(
            "{} own {:.4} others {:.4} median {:.2} kkt {:.2e} {:?} it {} ev {} {:.2}s",
            st.regions()[p],
            own_g,
            others,
            med,
            br.kkt_residual,
            br.termination,
            br.iterations,
            br.evaluations,
            t0.elapsed().as_secs_f64()
        );
    }
    println!(
        "avg own {:.3} others {:.3} median {:.2}",
        own_sum / 7.0,
        oth_sum / 7.0,
        med_sum / 7.0
    );
    let t0 = Instant::now();
    let nopts = NashOptions {
        best_response: opts.clone(),
        tol: 1e-6,
        ..Default::default()
    };
    let ne = nash(&game, &xopt, &nopts, &mut Print).unwrap();
    let cube = game.cube_of(&ne.x);
    let mut wsum = 0.0;
    let mut msum = 0.0;
    for p in 0..7 {
        let med = 100.0 * st.median_tariff(&cube, p);
        wsum += 100.0 * (ne.payoffs[p] - 1.0);
        msum += med;
        println!(
            "NASH {} G {:.4} median {:.2} kkt {:.2e}",
            st.regions()[p],
            100.0 * (ne.payoffs[p] - 1.0),
            med,
            ne.kkt_residuals[p]
        );
    }
    println!(
        "NASH avg G {:.3} median {:.2} status {:?} rounds {} changes {:?} {:.1}s",
        wsum / 7.0,
        msum / 7.0,
        ne.status,
        ne.rounds,
        ne.max_change,
        t0.elapsed().as_secs_f64()
    );
}

#[allow(dead_code)]
fn unused() {}
