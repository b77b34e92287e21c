//! The one progress display of every command: a line on stderr, drawn only when stderr is a
//! terminal (indicatif hides it otherwise, so pipes and tests see nothing).
//!
//! It shows what the pipeline reports through the facade's three progress channels:
//! * the running stage ([`truce::games::Progress::stage`]: "Nash equilibrium of USA and CHN");
//! * the last iterate of the solver or search inside it ([`Observer`]: iteration and residual
//!   against the tolerance);
//! * steps done out of a total ([`ProgressLine::steps`]: the steps of a scenario, the dates of
//!   the record), as a bar.

use indicatif::{ProgressBar, ProgressStyle};
use truce::solve::{Control, Iterate, Observer};

/// The progress line. Cleared when dropped.
pub struct ProgressLine {
    bar: ProgressBar,
}

impl ProgressLine {
    /// A spinner labelled `label`, ticking on its own so that long solves visibly run.
    pub fn new(label: &str) -> Self {
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {prefix} {msg} [{elapsed}]")
                .expect("valid template"),
        );
        bar.set_prefix(label.to_string());
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        Self { bar }
    }

    /// `done` of `total` steps finished: the line becomes a bar. Takes `&self` so that a
    /// pipeline running steps on several threads can report through a shared reference.
    pub fn steps(&self, done: usize, total: usize) {
        if self.bar.length() != Some(total as u64) {
            self.bar.set_style(
                ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} [{elapsed}]")
                    .expect("valid template")
                    .progress_chars("=> "),
            );
            self.bar.set_length(total as u64);
        }
        self.bar.set_position(done as u64);
    }
}

impl ProgressLine {
    /// `done` of `total` draws of a sweep finished: a bar with the rate and the time left.
    pub fn draws(&self, done: usize, total: usize) {
        if self.bar.length() != Some(total as u64) {
            self.bar.set_style(
                ProgressStyle::with_template(
                    "{prefix} [{bar:30}] {pos}/{len} draws, {per_sec}, ETA {eta} [{elapsed}]",
                )
                .expect("valid template")
                .progress_chars("=> "),
            );
            self.bar.set_length(total as u64);
            // Draws read back from a resumed sweep do not count towards the rate.
            self.bar.set_position(done as u64);
            self.bar.reset_eta();
        }
        self.bar.set_position(done as u64);
    }
}

impl Observer for ProgressLine {
    fn observe(&mut self, it: &Iterate) -> Control {
        self.bar.set_message(format!(
            "iteration {} residual {:.1e} (target {:.0e})",
            it.iteration, it.residual, it.tol
        ));
        Control::Continue
    }
}

impl truce::games::Progress for ProgressLine {
    fn stage(&mut self, label: &str) {
        self.bar.set_prefix(label.to_string());
        self.bar.set_message(String::new());
    }
}

impl Drop for ProgressLine {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}
