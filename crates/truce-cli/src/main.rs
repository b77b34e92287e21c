//! `truce`: a simulator of trade wars and trade talks.
//!
//! The binary only parses arguments, calls a pipeline of the `truce` facade and prints its
//! report. Exit codes: 0 success; 1 an input, data or output error (the message names the file,
//! field and value, and the fix); 2 a malformed command line; 3 a solver that did not converge.

mod commands;
mod output;
mod progress;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = commands::Cli::parse();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            // Exit 3 when a solve did not converge: truce-solve's one NotConverged error is
            // somewhere in the chain (every library reports non-convergence through it).
            let converged_failure = err.chain().any(|e| e.is::<truce::solve::NotConverged>());
            ExitCode::from(if converged_failure { 3 } else { 1 })
        }
    }
}
