use std::sync::Arc;
use truce_model::cp2015::Engine;
use truce_model::solve::NoObserver;
use truce_model::{Policy, Production};
fn time(label: &str, b: Arc<truce_model::Baseline>, re_tax: bool) {
    let mut p = Policy::baseline(&b);
    let (usa, chn) = (
        b.region_index("USA").unwrap(),
        b.region_index("CHN").unwrap(),
    );
    for j in 0..b.dims().j {
        if b.sectors()[j].code != "SERVICES" {
            p.set_tariff(&b, usa, chn, j, b.tariff()[b.dims().nij(usa, chn, j)] + 0.5)
                .unwrap();
        }
    }
    if re_tax {
        if let Some(re) = b.sector_index("RARE_EARTHS") {
            p.set_export_tax(&b, usa, chn, re, 100.0).unwrap();
            if std::env::var_os("CAPS").is_some() {
                for i in 0..b.dims().n {
                    if i != chn && b.gross_output()[b.dims().nj(i, re)] > 0.0 {
                        p.set_supply_cap(&b, i, re, 1.0).unwrap();
                    }
                }
            }
        }
    }
    let mut e = Engine::new(b.clone());
    let eq = e.solve(&p, None, &mut NoObserver).unwrap();
    let t = std::time::Instant::now();
    let k = 50;
    for _ in 0..k {
        e.solve(&p, None, &mut NoObserver).unwrap();
    }
    let el = t.elapsed() / k;
    // warm-started small perturbation (what a gradient does)
    let mut p2 = p.clone();
    p2.set_tariff(
        &b,
        usa,
        chn,
        0,
        b.tariff()[b.dims().nij(usa, chn, 0)] + 0.50001,
    )
    .unwrap();
    let t = std::time::Instant::now();
    for _ in 0..k {
        e.solve(&p2, Some(&eq), &mut NoObserver).unwrap();
    }
    let wl = t.elapsed() / k;
    let eq2 = e.solve(&p2, Some(&eq), &mut NoObserver).unwrap();
    println!(
        "{label:40} cold {el:?} ({} it, {} price it, {} exp it) warm {wl:?} ({} it, {} price it)",
        eq.info.iterations,
        eq.info.price_iterations,
        eq.info.expenditure_iterations,
        eq2.info.iterations,
        eq2.info.price_iterations
    );
}
fn main() {
    let w = Arc::new(truce_world::load().unwrap().baseline);
    let r = truce_world::load_ree().unwrap().baseline;
    time("world2024 CD", w, false);
    time("world2024-ree CES (eps_c 0.1)", Arc::new(r.clone()), false);
    time("world2024-ree CES + RE tax 500%", Arc::new(r.clone()), true);
    let cd = r
        .clone()
        .with_production(Production::cobb_douglas())
        .unwrap();
    time("world2024-ree CD", Arc::new(cd.clone()), false);
    time("world2024-ree CD + RE tax 500%", Arc::new(cd), true);
}
