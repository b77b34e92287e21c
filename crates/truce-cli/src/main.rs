//! `truce`: a simulator of trade wars and trade talks.
//!
//! The binary only parses arguments, calls a pipeline of the `truce` facade and prints its
//! report. Exit codes: 0 success (also when the reader of standard output closes the pipe
//! early, as in `truce … | head`); 1 an input, data or output error (the message names the
//! file, field and value, and the fix; also a failure to write standard output); 2 a malformed
//! command line; 3 a solver that did not converge; 130 / 143 / 129 interrupted by SIGINT /
//! SIGTERM / SIGHUP (output files of the run are then written whole or not at all, and no
//! temporary file is left).

mod commands;
mod output;
mod progress;

use std::io::Write;
use std::process::ExitCode;

/// On SIGINT, SIGTERM or SIGHUP: remove the temporary files and folders of the writes in
/// flight (waiting for a batch that is renaming into place), then exit 128 + signal.
fn handle_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            truce::data::remove_in_flight();
            std::process::exit(128 + sig);
        }
    });
}

fn main() -> ExitCode {
    let cli = commands::parse();
    if !cli.handles_signals() {
        handle_signals();
    }
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.downcast_ref::<output::ClosedPipe>().is_some() => ExitCode::SUCCESS,
        Err(err) => {
            // If standard error itself cannot be written there is no one left to tell; the exit
            // code still says it failed (never a panic from `eprintln!`).
            let _ = writeln!(std::io::stderr().lock(), "error: {err:#}");
            // Exit 3 when a solve did not converge: truce-solve's one NotConverged error is
            // somewhere in the chain (every library reports non-convergence through it).
            let converged_failure = err.chain().any(|e| e.is::<truce::solve::NotConverged>());
            ExitCode::from(if converged_failure { 3 } else { 1 })
        }
    }
}
