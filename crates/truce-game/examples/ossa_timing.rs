use std::sync::Arc;
use std::time::Instant;
use truce_game::*;
use truce_ossa::{data::load, Lambda};

fn main() {
    let data = load(std::path::Path::new("../shared/data/ossa2014")).unwrap();
    let st = Arc::new(data.purged_state().unwrap());
    let d = st.dims();
    let mut game = OssaGame::new(
        st.clone(),
        OssaPayoff::Government(Arc::new(Lambda::ones(d))),
        0.0,
        10.0,
    );
    let mut x = game.profile_of(st.tariff());
    let n = 2000;
    let all: Vec<usize> = (0..x.len()).collect();
    let mut grads = vec![Vec::new(); 7];
    let t = Instant::now();
    for k in 0..n {
        x[k % 1386] += 1e-6;
        let _ = game.payoffs(&x).unwrap();
    }
    println!(
        "payoffs: {:.1} us",
        t.elapsed().as_secs_f64() / n as f64 * 1e6
    );
    let t = Instant::now();
    for k in 0..n {
        x[k % 1386] += 1e-6;
        let _ = game.gradients(&x, &[0], &all, &mut grads[..1]).unwrap();
    }
    println!(
        "1 gradient: {:.1} us",
        t.elapsed().as_secs_f64() / n as f64 * 1e6
    );
    let t = Instant::now();
    for k in 0..n {
        x[k % 1386] += 1e-6;
        let _ = game
            .gradients(&x, &[0, 1, 2, 3, 4, 5, 6], &all, &mut grads)
            .unwrap();
    }
    println!(
        "7 gradients: {:.1} us",
        t.elapsed().as_secs_f64() / n as f64 * 1e6
    );
}
