//! Tariff wars and trade talks on Caliendo–Parro baselines (synthetic stand-ins with the
//! world2024 codes, and symmetric test worlds).

use std::sync::Arc;
use truce::game::{first_order_residual, Game, TariffInstruments};
use truce::games::{talks, war, ExportTaxLink, TalksOptions, Threat, WarOptions};
use truce::model::testing::symmetric_world;
use truce::scenario::testing::{synthetic_world2024, synthetic_world2024_nontraded_services};
use truce::solve::NoObserver;

/// The dataset a report names: a synthetic stand-in around `b`.
fn dataset(b: &Arc<truce::model::Baseline>) -> truce::dataset::Dataset {
    truce::dataset::Dataset {
        name: "test-world".into(),
        baseline: b.clone(),
        flow_unit_usd_bn: None,
        baseline_date: None,
        synthetic: true,
        stylised_note: None,
        description: "a test world".into(),
    }
}

#[test]
fn war_reaches_a_nash_equilibrium_and_compares_it_with_the_april_2025_peak() {
    let b = synthetic_world2024();
    let w = war(b.clone(), &WarOptions::default(), &mut NoObserver).unwrap();
    assert!(w.nash.info.termination.is_converged());
    let mut g = w.game.clone();
    for p in 0..2 {
        let (r, _) = first_order_residual(&mut g, &w.nash.x, p).unwrap();
        assert!(r < 1e-5, "player {p}: first-order residual {r}");
    }
    for (k, ins) in w.game.instruments().iter().enumerate() {
        assert!(w.nash.x[k] >= 0.0 && w.nash.x[k] <= 5.0, "{}", ins.label);
    }
    // Ten goods sectors; SERVICES is traded in this stand-in but no one tariffs services:
    // 10 tariffs each.
    assert_eq!(w.game.instruments().len(), 20);
    assert!(w
        .game
        .instruments()
        .iter()
        .all(|i| !i.key.ends_with("/SERVICES")));
    let (peak_x, peak_c) = w.peak.as_ref().expect("USA and CHN play");
    let usa = b.region_index("USA").unwrap();
    let chn = b.region_index("CHN").unwrap();
    // The peak hurts both players, far more than the war.
    assert!(peak_c[usa].unwrap() < 0.0 && peak_c[chn].unwrap() < 0.0);
    assert!(peak_x.iter().all(|t| *t > 1.2));
    let r = w.report(&dataset(&b));
    assert_eq!(r.json["command"], "war");
    assert_eq!(r.json["dataset"]["name"], "test-world");
    assert!(r.notes.iter().any(|n| n == "a test world"), "{:?}", r.notes);
    for key in ["players", "nash", "status_quo", "april_2025_peak", "solver"] {
        assert!(!r.json[key].is_null(), "{key}");
    }
    assert_eq!(r.json["players"], serde_json::json!(["USA", "CHN"]));
    assert_eq!(r.json["nash"]["countries"].as_array().unwrap().len(), 11);
    assert!(r.json["nash"]["tariffs_pct"]["USA"]["ELECTRONICS"].is_number());
    assert_eq!(r.json["solver"]["nash"]["status"], "converged");
    for p in 0..2 {
        assert!(
            (w.status_quo_payoffs[p] - 1.0).abs() < 1e-9,
            "the stand-in is an equilibrium"
        );
    }
}

#[test]
fn talks_pareto_improve_on_the_threat_point_and_side_payments_shift_the_solution() {
    let b = synthetic_world2024();
    let base = TalksOptions {
        war: WarOptions {
            instruments: TariffInstruments::Uniform,
            ..WarOptions::default()
        },
        threat: Threat::Nash,
        points: 3,
        ..TalksOptions::default()
    };
    let t = talks(b.clone(), &base, &mut NoObserver).unwrap();
    let sol = t.bargain.solution.as_ref().expect("gains from talks exist");
    for p in 0..2 {
        assert!(sol.payoffs[p] > t.threat_payoffs[p], "player {p}");
    }
    let f = &t.bargain.frontier;
    assert!(f.len() >= 3);
    for w in f.windows(2) {
        assert!(w[0].payoffs[0] >= w[1].payoffs[0] && w[0].payoffs[1] <= w[1].payoffs[1] + 1e-6);
    }
    // A side payment to the USA for issues outside trade: the USA accepts less in trade.
    let paid = talks(
        b.clone(),
        &TalksOptions {
            beyond_trade_pp: 0.05,
            ..base.clone()
        },
        &mut NoObserver,
    )
    .unwrap();
    let ps = paid.bargain.solution.as_ref().unwrap();
    assert!(ps.payoffs[0] < sol.payoffs[0] && ps.payoffs[1] > sol.payoffs[1]);
    let r = paid.report(&dataset(&b));
    assert_eq!(r.json["command"], "talks");
    for key in [
        "players",
        "nash",
        "status_quo",
        "frontier",
        "solution",
        "solver",
    ] {
        assert!(!r.json[key].is_null(), "{key}");
    }
    assert_eq!(r.json["beyond_trade_pp"], 0.05);
    // From the status quo the threat payoffs are those of the baseline policy.
    let sq = talks(
        b,
        &TalksOptions {
            threat: Threat::StatusQuo,
            ..base
        },
        &mut NoObserver,
    )
    .unwrap();
    assert!((sq.threat_payoffs[0] - 1.0).abs() < 1e-9 && (sq.threat_payoffs[1] - 1.0).abs() < 1e-9);
}

#[test]
fn the_rare_earth_export_tax_is_a_chinese_instrument() {
    let b = synthetic_world2024_nontraded_services();
    let opts = WarOptions {
        instruments: TariffInstruments::Uniform,
        link: Some(ExportTaxLink::rare_earths(0.05, 0.01)),
        ..WarOptions::default()
    };
    let w = war(b.clone(), &opts, &mut NoObserver).unwrap();
    let ins = w.game.instruments();
    assert_eq!(ins.len(), 3);
    assert_eq!(w.game.players()[ins[2].owner], "CHN");
    assert!(ins[2].label.contains("MINING 5.0 %"), "{}", ins[2].label);
    assert!(w.nash.x[2] >= 0.0);
    let r = w.report(&dataset(&b));
    assert!(r.json["nash"]["tariffs_pct"]["CHN"]["export_tax"].is_number());
    // The peak raises tariffs only, not the export tax.
    assert_eq!(w.peak.as_ref().unwrap().0[2], w.status_quo[2]);
}

#[test]
fn a_symmetric_war_has_symmetric_nash_tariffs_and_no_peak() {
    let b = Arc::new(symmetric_world(3, 3));
    let w = war(
        b.clone(),
        &WarOptions {
            players: ["R00".into(), "R01".into()],
            ..WarOptions::default()
        },
        &mut NoObserver,
    )
    .unwrap();
    let k = w.nash.x.len() / 2;
    for s in 0..k {
        assert!(
            (w.nash.x[s] - w.nash.x[k + s]).abs() < 1e-4,
            "{:?}",
            w.nash.x
        );
    }
    assert!(w.peak.is_none());
    assert!(w.report(&dataset(&b)).json["april_2025_peak"].is_null());
}

#[test]
fn unknown_players_are_named() {
    let e = war(
        synthetic_world2024(),
        &WarOptions {
            players: ["USA".into(), "XYZ".into()],
            ..WarOptions::default()
        },
        &mut NoObserver,
    )
    .unwrap_err();
    assert!(e.to_string().contains("unknown region `XYZ`"), "{e}");
}
