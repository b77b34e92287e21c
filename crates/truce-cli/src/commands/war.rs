//! `truce war …`, and the stage-aware progress line shared by the game commands.

use indicatif::{ProgressBar, ProgressStyle};
use truce::games::Progress;
use truce::solve::{Control, Iterate, Observer};

/// A spinner that shows the running stage and the last iterate of its searches (drawn only
/// when stderr is a terminal).
pub struct StageProgress {
    bar: ProgressBar,
}

impl StageProgress {
    /// A spinner with a first label.
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
}

impl Observer for StageProgress {
    fn observe(&mut self, it: &Iterate) -> Control {
        self.bar
            .set_message(format!("step {} ({:.1e})", it.iteration, it.residual));
        Control::Continue
    }
}

impl Progress for StageProgress {
    fn stage(&mut self, label: &str) {
        self.bar.set_prefix(label.to_string());
        self.bar.set_message(String::new());
    }
}

impl Drop for StageProgress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}
