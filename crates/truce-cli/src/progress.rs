//! A progress line for long solves, drawn only when stderr is a terminal.

use indicatif::{ProgressBar, ProgressStyle};
use truce::solve::{Control, Iterate, Observer};

/// Shows the iteration and the residual against the tolerance.
pub struct ProgressObserver {
    bar: ProgressBar,
}

impl ProgressObserver {
    /// A spinner with `label` (hidden automatically when stderr is not a terminal).
    pub fn new(label: &str) -> Self {
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {prefix} {msg} [{elapsed}]")
                .expect("valid template"),
        );
        bar.set_prefix(label.to_string());
        Self { bar }
    }
}

impl Observer for ProgressObserver {
    fn observe(&mut self, it: &Iterate) -> Control {
        self.bar.set_message(format!(
            "iteration {} residual {:.1e} (target {:.0e})",
            it.iteration, it.residual, it.tol
        ));
        self.bar.tick();
        Control::Continue
    }
}

impl Drop for ProgressObserver {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}
