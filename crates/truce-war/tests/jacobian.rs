//! The analytic Jacobian of the war system against central differences, on random worlds and
//! random points (seeded).

use proptest::prelude::*;
use truce_war::synthetic::world;
use truce_war::system::{System, TariffRegime};

fn check(n: usize, s: usize, seed: u64, players: &[usize], x_seed: u64) -> f64 {
    let b = world(n, s, 1.5, 15.0, seed);
    let regime = TariffRegime {
        fixed: b.tariff().to_vec(),
        players: players.to_vec(),
        instrument_sectors: vec![true; s],
    };
    let sys = System::new(&b, regime);
    let m = sys.len();
    let mut rng = truce_war::synthetic::SplitMix::new(x_seed);
    let x: Vec<f64> = (0..m)
        .map(|k| {
            if k < 2 * n {
                0.2 * (rng.uniform() - 0.5)
            } else {
                0.1 + 0.5 * rng.uniform()
            }
        })
        .collect();
    let pt = sys.point(&x);
    let jac = sys.jacobian(&pt);
    let mut worst: f64 = 0.0;
    for col in 0..m {
        let h = 1e-6;
        let mut xp = x.clone();
        xp[col] += h;
        let mut xm = x.clone();
        xm[col] -= h;
        let fp = sys.point(&xp).f;
        let fm = sys.point(&xm).f;
        for row in 0..m {
            let fd = (fp[row] - fm[row]) / (2.0 * h);
            let an = jac[row * m + col];
            let err = (fd - an).abs() / (1.0 + an.abs());
            if err > worst {
                worst = err;
            }
            assert!(
                err < 1e-6,
                "row {row} col {col}: analytic {an} vs central difference {fd} (n {n}, s {s}, \
                 players {players:?})"
            );
        }
    }
    worst
}

#[test]
fn jacobian_matches_central_differences_every_country_a_player() {
    check(5, 4, 1, &[0, 1, 2, 3, 4], 7);
}

#[test]
fn jacobian_matches_central_differences_with_some_players() {
    check(6, 3, 2, &[1, 4], 8);
    check(4, 5, 3, &[], 9);
    check(4, 2, 4, &[3], 10);
}

proptest! {
    #![proptest_config(truce_testkit::seeded(12))]
    #[test]
    fn jacobian_matches_central_differences_on_random_worlds(
        n in 2usize..7, s in 1usize..5, seed in 0u64..1000, xs in 0u64..1000, mask in 0u32..128
    ) {
        let players: Vec<usize> = (0..n).filter(|i| mask & (1 << i) != 0).collect();
        check(n, s, seed, &players, xs);
    }
}

#[test]
fn residuals_and_jacobian_are_the_same_bits_on_one_and_two_threads() {
    // 16 regions × 300 sectors: the Jacobian's product runs in three blocks of sectors.
    let b = world(16, 300, 1.5, 15.0, 5);
    let regime = TariffRegime {
        fixed: b.tariff().to_vec(),
        players: (0..16).step_by(2).collect(),
        instrument_sectors: vec![true; 300],
    };
    let sys = System::new(&b, regime);
    let mut rng = truce_war::synthetic::SplitMix::new(3);
    let x: Vec<f64> = (0..sys.len())
        .map(|k| {
            if k < 32 {
                0.2 * (rng.uniform() - 0.5)
            } else {
                0.3 * rng.uniform()
            }
        })
        .collect();
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| {
                let pt = sys.point(&x);
                let jac = sys.jacobian(&pt);
                (pt.f, jac)
            })
    };
    let (f1, j1) = run(1);
    let (f2, j2) = run(2);
    assert!(f1.iter().zip(&f2).all(|(a, b)| a.to_bits() == b.to_bits()));
    assert!(j1.iter().zip(&j2).all(|(a, b)| a.to_bits() == b.to_bits()));
}
