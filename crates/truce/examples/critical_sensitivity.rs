//! The sensitivity table of docs/critical-inputs.md: China's April 2025 rare-earth controls
//! and a full cut-off (scenarios/rare-earth-controls-2025.toml, on world2024-ree) solved at
//! ε_c ∈ {1, 0.5, 0.2, 0.1, 0.05}; output (quantity) of motor vehicles, electrical equipment
//! and electronics by region, and welfare (real income), in percent against the baseline.
//!
//! `cargo run --release -p truce --example critical_sensitivity` prints the Markdown tables
//! the docs carry.

use std::path::Path;
use truce::run::{run, RunOptions, RunResult};

const EPSILON_C: [f64; 5] = [1.0, 0.5, 0.2, 0.1, 0.05];
const STEPS: [(&str, &str); 2] = [
    (
        "april-2025-controls",
        "April 2025 controls at their May trough (exports to the US at 7 %, elsewhere at 25.5 % of 2024; short run)",
    ),
    (
        "full-cut-off",
        "A full cut-off (China's rare-earth exports at 0.1 % of 2024; short run)",
    ),
];
const SECTORS: [&str; 3] = ["MOTORVEH", "ELECTRICAL", "ELECTRONICS"];

fn cell(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_string(), |v| format!("{v:.2}"))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let scenario =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/rare-earth-controls-2025.toml");
    let runs: Vec<(f64, RunResult)> = EPSILON_C
        .iter()
        .map(|&e| {
            let opts = RunOptions {
                epsilon_c: Some(e),
                ..RunOptions::default()
            };
            run(&scenario, &opts, &|_, _| {})
                .map(|r| (e, r))
                .map_err(Box::new)
        })
        .collect::<Result<_, _>>()?;
    let regions: Vec<String> = runs[0]
        .1
        .dataset
        .baseline
        .regions()
        .iter()
        .map(|r| r.code.clone())
        .collect();
    for (step, title) in STEPS {
        println!("#### {title}\n");
        println!(
            "Output (quantity of gross output) and welfare, % change against the 2024 baseline.\n"
        );
        let mut head = String::from("| region | ε_c |");
        for s in SECTORS {
            head.push_str(&format!(" {s} |"));
        }
        head.push_str(" welfare |");
        println!("{head}");
        println!("|---|---:|{}---:|", "---:|".repeat(SECTORS.len()));
        for code in &regions {
            for (e, r) in &runs {
                let st = r
                    .steps
                    .iter()
                    .find(|s| s.name == step)
                    .ok_or_else(|| format!("step {step} missing"))?;
                let mut row = format!("| {code} | {e} |");
                for s in SECTORS {
                    let x = st
                        .outcome
                        .sectors
                        .iter()
                        .find(|x| &x.region == code && x.sector == s)
                        .and_then(|x| x.output_pct);
                    row.push_str(&format!(" {} |", cell(x)));
                }
                let w = st
                    .outcome
                    .countries
                    .iter()
                    .find(|c| &c.code == code)
                    .and_then(|c| c.real_income_pct);
                row.push_str(&format!(" {} |", cell(w)));
                println!("{row}");
            }
        }
        println!();
    }
    // The rare-earth cost shares the losses are measured against (from a run with the nest).
    println!("#### Rare-earth cost shares (base, %)\n");
    let mut head = String::from("| region |");
    for s in SECTORS {
        head.push_str(&format!(" {s} |"));
    }
    println!("{head}");
    println!("|---|{}", "---:|".repeat(SECTORS.len()));
    let shares = &runs.last().expect("five runs").1.steps[0].outcome.sectors;
    for code in &regions {
        let mut row = format!("| {code} |");
        for s in SECTORS {
            let x = shares
                .iter()
                .find(|x| &x.region == code && x.sector == s)
                .and_then(|x| x.critical_cost_share)
                .map(|v| 100.0 * v);
            row.push_str(&format!(
                " {} |",
                x.map_or("–".into(), |v| format!("{v:.3}"))
            ));
        }
        println!("{row}");
    }
    Ok(())
}
