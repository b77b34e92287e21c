use std::sync::Arc;
use std::time::Instant;
use truce_game::*;
use truce_solve::NoObserver;

fn main() {
    let t = Instant::now();
    let b = Arc::new(truce_model::testing::random_world(7, 11, 11));
    println!("world built {:.2}s", t.elapsed().as_secs_f64());
    let inst = if std::env::args().nth(1).as_deref() == Some("uniform") {
        TariffInstruments::Uniform
    } else {
        TariffInstruments::Sector
    };
    let mut game = CpGame::new(b.clone(), &["R00", "R01"], inst, 0.0, 5.0).unwrap();
    let x0 = game.status_quo();
    let t = Instant::now();
    let u = game.payoffs(&x0).unwrap();
    println!(
        "status quo payoffs {:?} {:.1} ms",
        u,
        t.elapsed().as_secs_f64() * 1e3
    );
    let mut x1 = x0.clone();
    x1[0] += 0.01;
    let t = Instant::now();
    let u = game.payoffs(&x1).unwrap();
    println!(
        "warm solve {:?} {:.1} ms",
        u,
        t.elapsed().as_secs_f64() * 1e3
    );
    let own: Vec<usize> = game.instruments_of(0);
    let mut g = vec![Vec::new(); 2];
    let t = Instant::now();
    game.gradients(&x1, &[0, 1], &own, &mut g).unwrap();
    println!(
        "gradient {:.1} ms {:?}",
        t.elapsed().as_secs_f64() * 1e3,
        &g[0][..3]
    );
    let opts = BoxOptions {
        method: Method::QuasiNewton { memory: 10 },
        kkt_tol: 1e-6,
        max_iter: 500,
        stall_iters: 3,
        ..Default::default()
    };
    let t = Instant::now();
    let br = best_response(&game, &x0, 0, None, &opts, &mut NoObserver).unwrap();
    println!(
        "BR: payoff {:.6} kkt {:.2e} {:?} it {} ev {} {:.2}s levels {:?}",
        br.payoff,
        br.kkt_residual,
        br.termination,
        br.iterations,
        br.evaluations,
        t.elapsed().as_secs_f64(),
        &br.levels
    );
    let t = Instant::now();
    struct P(Instant);
    impl truce_solve::Observer for P {
        fn observe(&mut self, it: &truce_solve::Iterate) -> truce_solve::Control {
            eprintln!(
                "   step {} {:.2e} t={:.2}",
                it.iteration,
                it.residual,
                self.0.elapsed().as_secs_f64()
            );
            truce_solve::Control::Continue
        }
    }
    let ne = nash(
        &game,
        &x0,
        &NashOptions {
            best_response: opts.clone(),
            tol: 1e-5,
            ..Default::default()
        },
        &mut P(Instant::now()),
    )
    .unwrap();
    println!(
        "Nash: {:?} rounds {} changes {:?} kkt {:?} payoffs {:?} {:.2}s",
        ne.status,
        ne.rounds,
        ne.max_change,
        ne.kkt_residuals,
        ne.payoffs,
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let bo = BargainOptions {
        points: 5,
        end_tol: 1e-6,
        search: opts.clone(),
        ..Default::default()
    };
    let bg = bargain(
        &game,
        [ne.payoffs[0], ne.payoffs[1]],
        &ne.x,
        &bo,
        &mut P(Instant::now()),
    )
    .unwrap();
    for p in &bg.frontier {
        println!(
            "  frontier {:?} {:?} kkt {:.1e}",
            p.payoffs, p.termination, p.kkt_residual
        );
    }
    println!(
        "NBS {:?} {:.2}s",
        bg.solution.as_ref().map(|s| s.payoffs),
        t.elapsed().as_secs_f64()
    );
}
