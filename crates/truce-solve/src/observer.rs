//! Progress reporting without I/O in the solver.

/// What an observer sees after each iteration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Iterate {
    /// 1-based iteration number.
    pub iteration: usize,
    /// Residual after this iteration.
    pub residual: f64,
    /// The tolerance being aimed at.
    pub tol: f64,
}

/// An observer's answer: go on, or stop the solve ([`crate::Termination::Cancelled`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    /// Keep iterating.
    Continue,
    /// Stop now.
    Stop,
}

/// Receives progress from a solve: a progress bar, a JSON trace, a test recorder.
pub trait Observer {
    /// Called after every iteration.
    fn observe(&mut self, it: &Iterate) -> Control;
}

/// An observer that ignores everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoObserver;

impl Observer for NoObserver {
    fn observe(&mut self, _it: &Iterate) -> Control {
        Control::Continue
    }
}

/// Records every iterate (for tests and traces).
#[derive(Debug, Clone, Default)]
pub struct Recorder {
    /// Everything observed so far.
    pub iterates: Vec<Iterate>,
}

impl Observer for Recorder {
    fn observe(&mut self, it: &Iterate) -> Control {
        self.iterates.push(*it);
        Control::Continue
    }
}

impl<O: Observer + ?Sized> Observer for &mut O {
    fn observe(&mut self, it: &Iterate) -> Control {
        (**self).observe(it)
    }
}
