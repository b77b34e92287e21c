use std::sync::Arc;
use truce_game::*;
use truce_ossa::{data::load, Lambda};
use truce_solve::NoObserver;

fn main() {
    let data = load(std::path::Path::new("../shared/data/ossa2014")).unwrap();
    let st = Arc::new(data.purged_state().unwrap());
    let d = st.dims();
    let version = std::env::args().nth(1).unwrap_or("bas".into());
    let lam = if version == "pol" { Lambda::new(d, data.lambda_pol.clone()).unwrap() } else { Lambda::ones(d) };
    let game = OssaGame::new(st.clone(), OssaPayoff::Government(Arc::new(lam)), 0.0, 10.0);
    let x0 = game.profile_of(st.tariff());
    let opts = BoxOptions { kkt_tol: 1e-10, ..Default::default() };
    for p in 0..7 {
        let own = game.instruments_of(p);
        let mut line = format!("{}", st.regions()[p]);
        for start in ["sig", "0.1", "0.5", "fact", "2.0"] {
            let z: Vec<f64> = own.iter().map(|&k| {
                let s = k / 6 % 33;
                match start { "sig" => 1.0 / (st.sigma()[s] - 1.0), "0.1" => 0.1, "0.5" => 0.5, "2.0" => 2.0, _ => x0[k] }
            }).collect();
            let br = best_response(&game, &x0, p, Some(&z), &opts, &mut NoObserver).unwrap();
            let cube = { let mut x = x0.clone(); br.apply(&mut x); game.cube_of(&x) };
            line += &format!(" | {start}: G {:.6} med {:.2} {} it{}", 100.0*(br.payoff-1.0), 100.0*st.median_tariff(&cube,p), br.termination.as_str(), br.iterations);
        }
        println!("{line}");
    }
}
