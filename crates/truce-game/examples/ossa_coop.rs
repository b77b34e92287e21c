use std::sync::Arc;
use std::time::Instant;
use truce_game::*;
use truce_ossa::{data::load, Lambda};
use truce_solve::{Control, Iterate, Observer};

struct Print(Instant);
impl Observer for Print {
    fn observe(&mut self, it: &Iterate) -> Control {
        eprintln!(
            "  outer {} viol {:.3e} t={:.1}s",
            it.iteration,
            it.residual,
            self.0.elapsed().as_secs_f64()
        );
        Control::Continue
    }
}

fn main() {
    let data = load(std::path::Path::new("../shared/data/ossa2014")).unwrap();
    let st = Arc::new(data.purged_state().unwrap());
    let d = st.dims();
    let version = std::env::args().nth(1).unwrap_or("bas".into());
    let base = std::env::args().nth(2).unwrap_or("factual".into());
    let lam = if version == "pol" {
        Lambda::new(d, data.lambda_pol.clone()).unwrap()
    } else {
        Lambda::ones(d)
    };
    let lam = Arc::new(lam);
    // Re-base at the starting tariffs.
    let tb = if base == "free" {
        vec![0.0; d.cube_len()]
    } else {
        st.tariff().to_vec()
    };
    let sol = truce_ossa::solve(&st, &tb, &[0.0; 7], None, &Default::default()).unwrap();
    let sb = Arc::new(sol.rebase(&st).unwrap());
    let game = OssaGame::new(sb.clone(), OssaPayoff::Government(lam), 0.0, 10.0);
    let x0 = game.profile_of(&tb);
    let method = if std::env::var("QN").is_ok() {
        Method::QuasiNewton { memory: 30 }
    } else {
        Method::Newton
    };
    let opts = CoopOptions {
        inner: BoxOptions {
            kkt_tol: 1e-9,
            method,
            max_iter: 5000,
            stall_iters: 30,
            ..Default::default()
        },
        warmup: std::env::var("WARM").ok().map(|v| BoxOptions {
            method: Method::QuasiNewton { memory: 30 },
            kkt_tol: v.parse().unwrap(),
            max_iter: 3000,
            stall_iters: 30,
            ..Default::default()
        }),
        ..Default::default()
    };
    let t0 = Instant::now();
    let w: Vec<f64> = sb.expenditure().to_vec();
    let weights = if std::env::var("W").is_ok() {
        Some(w.as_slice())
    } else {
        None
    };
    let r = cooperate(&game, &x0, &[1.0; 7], weights, &opts, &mut Print(t0)).unwrap();
    let cube = game.cube_of(&r.x);
    for p in 0..7 {
        println!(
            "{} G {:.5} median {:.2}",
            sb.regions()[p],
            100.0 * (r.payoffs[p] - 1.0),
            100.0 * sb.median_tariff(&cube, p)
        );
    }
    println!(
        "omega {:.5} viol {:.2e} kkt {:.2e} {:?} outer {} evals {} weights {:?} {:.1}s",
        100.0 * (r.extra[0] - 1.0),
        r.constraint_violation,
        r.kkt_residual,
        r.termination,
        r.outer_iterations,
        r.evaluations,
        r.multipliers,
        t0.elapsed().as_secs_f64()
    );
}
