use std::sync::Arc;
use std::time::Instant;
use truce_game::*;
use truce_solve::NoObserver;

fn main() {
    let t = Instant::now();
    let ds = truce_data::world2024::load().unwrap();
    let b = Arc::new(ds.baseline);
    println!(
        "world2024 loaded {:.2}s; sectors {:?}",
        t.elapsed().as_secs_f64(),
        b.sectors()
            .iter()
            .map(|s| (s.code.clone(), s.tradable))
            .collect::<Vec<_>>()
    );
    let inst = if std::env::args().nth(1).as_deref() == Some("uniform") {
        TariffInstruments::Uniform
    } else {
        TariffInstruments::Sector
    };
    let mut game = CpGame::new(b.clone(), &["USA", "CHN"], inst, 0.0, 5.0).unwrap();
    if std::env::args().nth(2).as_deref() == Some("link") {
        let m = truce_data::world2024::rare_earth_share("CHN", "MINING")
            .unwrap()
            .to_usa;
        let e = truce_data::world2024::rare_earth_share("CHN", "ELECTRICAL")
            .unwrap()
            .to_usa;
        println!("ree shares to USA: MINING {m}, ELECTRICAL {e}");
        game = game
            .with_export_tax("CHN", "USA", &[("MINING", m), ("ELECTRICAL", e)], 5.0)
            .unwrap();
    }
    let x0 = game.status_quo();
    println!("status quo {:?}", x0);
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
    let _ = game.payoffs(&x1).unwrap();
    println!("warm solve {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let opts = BoxOptions {
        method: Method::QuasiNewton { memory: 10 },
        kkt_tol: 1e-6,
        max_iter: 500,
        stall_iters: 3,
        ..Default::default()
    };
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
        "Nash: {:?} rounds {} kkt {:?} payoffs {:?} {:.2}s\n x {:?}",
        ne.status,
        ne.rounds,
        ne.kkt_residuals,
        ne.payoffs,
        t.elapsed().as_secs_f64(),
        ne.x.iter()
            .map(|v| (v * 1000.0).round() / 10.0)
            .collect::<Vec<_>>()
    );
    let t = Instant::now();
    let bo = BargainOptions {
        points: 5,
        search: opts.clone(),
        ..Default::default()
    };
    let bg = bargain(
        &game,
        [ne.payoffs[0], ne.payoffs[1]],
        &ne.x,
        &bo,
        &mut NoObserver,
    )
    .unwrap();
    for p in &bg.frontier {
        println!(
            "  frontier {:?} {:?} kkt {:.1e}",
            p.payoffs, p.termination, p.kkt_residual
        );
    }
    println!(
        "NBS {:?} {:.2}s x {:?}",
        bg.solution.as_ref().map(|s| s.payoffs),
        t.elapsed().as_secs_f64(),
        bg.solution.as_ref().map(|s| s
            .x
            .iter()
            .map(|v| (v * 1000.0).round() / 10.0)
            .collect::<Vec<_>>())
    );
}
