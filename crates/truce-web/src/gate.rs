//! The bound on solving work: at most `workers` solves at once, at most `queue` more waiting
//! (beyond that: 429 at once), a wait in the queue of at most `queue_timeout` (then 503), and a
//! solve of at most `solve_timeout` (then 503, and the solve is told to stop).
//!
//! Solves run on tokio's blocking pool (`spawn_blocking`), never on the async workers, and the
//! worker permit travels into the blocking task: it is released when the work really ends,
//! not when the client stops waiting, so a burst of timed-out requests cannot pile up more
//! than `workers` solves.

use crate::error::ApiError;
use axum::http::StatusCode;
use serde::Serialize;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Limits of the gate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Solves running at once.
    pub workers: usize,
    /// Requests waiting for a worker beyond those running.
    pub queue: usize,
    /// Longest wait for a worker.
    pub queue_timeout: Duration,
    /// Longest solve.
    pub solve_timeout: Duration,
}

/// Counters, for `/api/v1/health` and the load test.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct GateStats {
    /// Solves running now.
    pub running: usize,
    /// Requests waiting for a worker now.
    pub waiting: usize,
    /// Solves finished since the start.
    pub solved: u64,
    /// Requests turned away with 429 (queue full).
    pub rejected_queue_full: u64,
    /// Requests answered 503 after waiting too long for a worker.
    pub timed_out_in_queue: u64,
    /// Solves answered 503 for passing the time limit.
    pub timed_out_solving: u64,
}

/// The gate. Share it in an `Arc`.
#[derive(Debug)]
pub struct Gate {
    limits: Limits,
    sem: Arc<Semaphore>,
    inside: AtomicUsize,
    running: AtomicUsize,
    solved: AtomicU64,
    rejected: AtomicU64,
    queue_timeouts: AtomicU64,
    solve_timeouts: AtomicU64,
}

/// A worker slot, held until the solve holding it ends.
#[derive(Debug)]
pub struct Permit {
    _permit: OwnedSemaphorePermit,
    _inside: Inside,
    gate: Arc<Gate>,
}

impl Drop for Permit {
    fn drop(&mut self) {
        self.gate.running.fetch_sub(1, Ordering::SeqCst);
        self.gate.solved.fetch_add(1, Ordering::Relaxed);
    }
}

#[derive(Debug)]
struct Inside(Arc<Gate>);

impl Drop for Inside {
    fn drop(&mut self) {
        self.0.inside.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Gate {
    /// A gate with these limits.
    pub fn new(limits: Limits) -> Arc<Self> {
        Arc::new(Self {
            sem: Arc::new(Semaphore::new(limits.workers.max(1))),
            limits,
            inside: AtomicUsize::new(0),
            running: AtomicUsize::new(0),
            solved: AtomicU64::new(0),
            rejected: AtomicU64::new(0),
            queue_timeouts: AtomicU64::new(0),
            solve_timeouts: AtomicU64::new(0),
        })
    }

    /// Refuse every request still waiting and every new one (shutdown).
    pub fn close(&self) {
        self.sem.close();
    }

    /// The limits.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Counters now.
    pub fn stats(&self) -> GateStats {
        let running = self.running.load(Ordering::SeqCst);
        GateStats {
            running,
            waiting: self.inside.load(Ordering::SeqCst).saturating_sub(running),
            solved: self.solved.load(Ordering::Relaxed),
            rejected_queue_full: self.rejected.load(Ordering::Relaxed),
            timed_out_in_queue: self.queue_timeouts.load(Ordering::Relaxed),
            timed_out_solving: self.solve_timeouts.load(Ordering::Relaxed),
        }
    }

    /// Wait for a worker: 429 when the queue is full, 503 after `queue_timeout`.
    ///
    /// # Errors
    /// 429 Too Many Requests, or 503 Service Unavailable.
    pub async fn enter(self: &Arc<Self>) -> Result<Permit, ApiError> {
        let n = self.inside.fetch_add(1, Ordering::SeqCst) + 1;
        let inside = Inside(self.clone());
        let cap = self.limits.workers.max(1) + self.limits.queue;
        if n > cap {
            self.rejected.fetch_add(1, Ordering::Relaxed);
            let mut e = ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                format!(
                    "the server is busy: {} solves are running and {} waiting, its limit",
                    self.limits.workers, self.limits.queue
                ),
                None,
                "retry after a second; an operator can raise `truce serve --queue`",
            );
            e.retry_after = Some(1);
            return Err(e);
        }
        match tokio::time::timeout(self.limits.queue_timeout, self.sem.clone().acquire_owned())
            .await
        {
            Ok(Ok(permit)) => {
                self.running.fetch_add(1, Ordering::SeqCst);
                Ok(Permit {
                    _permit: permit,
                    _inside: inside,
                    gate: self.clone(),
                })
            }
            Ok(Err(_)) => Err(ApiError::unavailable(
                "the server is shutting down",
                "retry against a running server",
                5,
            )),
            Err(_) => {
                self.queue_timeouts.fetch_add(1, Ordering::Relaxed);
                Err(ApiError::unavailable(
                    format!(
                        "no worker became free within {:.1} s",
                        self.limits.queue_timeout.as_secs_f64()
                    ),
                    "the server is busy: retry in a few seconds",
                    2,
                ))
            }
        }
    }

    /// Run `work` on the blocking pool with `permit`, bounded by the solve time limit. On
    /// timeout `cancel` is raised (the work should watch it and stop) and the answer is 503;
    /// a panic in `work` is a 500 that names nothing internal.
    ///
    /// # Errors
    /// `work`'s own error, 503 on timeout, 500 on panic.
    pub async fn solve<T, F>(
        self: &Arc<Self>,
        permit: Permit,
        cancel: Arc<AtomicBool>,
        what: &'static str,
        work: F,
    ) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce() -> Result<T, ApiError> + Send + 'static,
    {
        let handle = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work()
        });
        match tokio::time::timeout(self.limits.solve_timeout, handle).await {
            Ok(Ok(r)) => r,
            Ok(Err(_)) => Err(ApiError::internal(what)),
            Err(_) => {
                cancel.store(true, Ordering::SeqCst);
                self.solve_timeouts.fetch_add(1, Ordering::Relaxed);
                Err(self.timeout_error(what))
            }
        }
    }

    /// The 503 of a solve that passed the time limit.
    pub fn timeout_error(&self, what: &str) -> ApiError {
        ApiError::unavailable(
            format!(
                "{what} passed the server's time limit of {:.1} s and was stopped",
                self.limits.solve_timeout.as_secs_f64()
            ),
            "simplify the request (fewer steps, uniform instruments) or ask the operator to \
             raise `truce serve --solve-timeout`",
            5,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(workers: usize, queue: usize, solve_ms: u64) -> Limits {
        Limits {
            workers,
            queue,
            queue_timeout: Duration::from_millis(200),
            solve_timeout: Duration::from_millis(solve_ms),
        }
    }

    #[tokio::test]
    async fn full_queue_is_429_and_slots_come_back() {
        let g = Gate::new(limits(1, 1, 1000));
        let a = g.enter().await.unwrap();
        // One waits (queue 1); the third is turned away at once.
        let g2 = g.clone();
        let waiting = tokio::spawn(async move { g2.enter().await.map(|_| ()) });
        tokio::time::sleep(Duration::from_millis(20)).await;
        let e = g.enter().await.unwrap_err();
        assert_eq!(e.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(e.retry_after, Some(1));
        drop(a);
        waiting.await.unwrap().unwrap();
        let s = g.stats();
        assert_eq!((s.running, s.waiting, s.rejected_queue_full), (0, 0, 1));
    }

    #[tokio::test]
    async fn queue_wait_and_solve_are_bounded() {
        let g = Gate::new(limits(1, 4, 50));
        let a = g.enter().await.unwrap();
        let e = g.enter().await.unwrap_err();
        assert_eq!(e.status, StatusCode::SERVICE_UNAVAILABLE);
        drop(a);
        let p = g.enter().await.unwrap();
        let cancel = Arc::new(AtomicBool::new(false));
        let c = cancel.clone();
        let e = g
            .solve(p, cancel.clone(), "a test solve", move || {
                while !c.load(Ordering::SeqCst) {
                    std::thread::sleep(Duration::from_millis(1));
                }
                Ok(())
            })
            .await
            .unwrap_err();
        assert_eq!(e.status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(cancel.load(Ordering::SeqCst));
        // A panic (its backtrace can take longer than 50 ms to print): a 500.
        let g = Gate::new(limits(1, 4, 20_000));
        let p = g.enter().await.unwrap();
        let e = g
            .solve(
                p,
                Arc::new(AtomicBool::new(false)),
                "a panicking solve",
                || -> Result<(), ApiError> { panic!("boom") },
            )
            .await
            .unwrap_err();
        assert_eq!(e.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!e.error.contains("boom"));
    }
}
