use std::sync::Arc;
use truce_model::{cp2015::Engine, Outcome};
fn main() {
    let t0 = std::time::Instant::now();
    let data = truce_data::cp2015::load(std::path::Path::new("../shared/data/cp2015")).unwrap();
    println!("load {:?}", t0.elapsed());
    let b = Arc::new(data.zero_deficit.clone());
    let mut eng = Engine::new(b.clone());
    // no shock
    let p0 = truce_model::Policy::baseline(&b);
    let eq0 = eng
        .solve(&p0, None, &mut truce_model::solve::NoObserver)
        .unwrap();
    println!(
        "noshock: {:?} w range {:?}",
        eq0.info,
        eq0.w_hat
            .iter()
            .fold((9.0f64, 0.0f64), |a, &w| (a.0.min(w), a.1.max(w)))
    );
    let p = data.nafta_policy(&b);
    let t1 = std::time::Instant::now();
    let eq = eng
        .solve(&p, None, &mut truce_model::solve::NoObserver)
        .unwrap();
    println!("solve {:?} info {:?}", t1.elapsed(), eq.info);
    let out = Outcome::new(&b, &p, &eq);
    for c in ["MEX", "CAN", "USA"] {
        let r = out.country(c).unwrap();
        println!(
            "{c}: welfare {:.4} tot {:.4} vot {:.4} rw {:.4} exact {:?}",
            r.first_order_welfare_pct,
            r.terms_of_trade_pct,
            r.volume_of_trade_pct,
            r.real_wage_pct,
            r.real_income_pct
        );
    }
    let p2 = data.world_2005_policy(&b);
    let t1 = std::time::Instant::now();
    let eq = eng
        .solve(&p2, None, &mut truce_model::solve::NoObserver)
        .unwrap();
    println!("world solve {:?} info {:?}", t1.elapsed(), eq.info);
    let out = Outcome::new(&b, &p2, &eq);
    for c in ["CHN", "PRT", "MEX", "USA", "CAN"] {
        let r = out.country(c).unwrap();
        println!("{c}: welfare {:.4}", r.first_order_welfare_pct);
    }
}
