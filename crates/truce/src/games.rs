//! Tariff wars and trade talks: pipelines that play the games of `truce-game` on a
//! Caliendo–Parro baseline, and the progress interface of every game pipeline.

use truce_solve::{NoObserver, Observer};

/// Progress of a multi-stage pipeline: which stage is running, and (as an [`Observer`]) the
/// iterates of the searches inside it.
pub trait Progress: Observer {
    /// A new stage begins, e.g. "Nash equilibrium".
    fn stage(&mut self, _label: &str) {}
}

impl Progress for NoObserver {}
