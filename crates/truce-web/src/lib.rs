//! # truce-web: `truce serve`, the JSON API and the dashboard
//!
//! Brief overview. An HTTP server on axum and tokio that answers the versioned JSON API
//! (`/api/v1/…`, described by `/api/openapi.json`) and serves the dashboard page, whose files
//! are embedded in the binary. It holds no model code: every answer comes from a pipeline of
//! the [`truce`] facade (`run`, `timeline`, `games`), and the dashboard's numbers are the ones
//! `truce run` prints for the scenario file the response carries.
//!
//! The server is bounded ([`gate`]): solves run on the blocking pool, at most `workers` at
//! once with a queue of `queue` (then 429), a wait of at most `queue_timeout` and a solve of at
//! most `solve_timeout` (then 503); request bodies are limited; errors are JSON
//! `{error, field, hint}` ([`error`]); a panic in a handler is a 500 and the server keeps
//! serving; no request parameter names a file; SIGINT and SIGTERM shut it down gracefully
//! (running games are cancelled, open connections finish).
//!
//! | route | what |
//! |---|---|
//! | `GET /` | the dashboard |
//! | `GET /api/v1/meta` | the dataset: regions, sectors, slider groups, the rare-earth instrument |
//! | `GET /api/v1/sliders?…` | a slider state solved (the page's permalink query) |
//! | `POST /api/v1/scenario` | a scenario (JSON or TOML) solved, as `truce run --format json` |
//! | `GET /api/v1/record` | the US–China record replayed (tariffs, PIIE's points, events, outcomes) |
//! | `GET /api/v1/war`, `/api/v1/talks` | the games as JSON |
//! | `GET /api/v1/war/events`, `/api/v1/talks/events` | the same as a stream of progress events (SSE); closing it cancels |
//! | `GET /api/v1/health` | limits and counters |

#![allow(clippy::result_large_err)]

pub mod api;
pub mod assets;
pub mod error;
pub mod games;
pub mod gate;
pub mod query;
pub mod scenario_input;
pub mod sliders;
pub mod views;

use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

/// Version of the API's JSON shapes, in every response (`schema_version`).
pub const SCHEMA_VERSION: &str = "1";

/// Options of `truce serve`.
#[derive(Debug, Clone, PartialEq)]
pub struct ServeOptions {
    /// Address to listen on (loopback by default).
    pub addr: SocketAddr,
    /// Dataset name (`world2024`, `synthetic-world2024`) or folder.
    pub dataset: String,
    /// Solves at once.
    pub workers: usize,
    /// Requests waiting for a worker.
    pub queue: usize,
    /// Longest wait for a worker.
    pub queue_timeout: Duration,
    /// Longest solve.
    pub solve_timeout: Duration,
    /// Request body limit, bytes.
    pub body_limit: usize,
}

impl Default for ServeOptions {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            dataset: "world2024".into(),
            workers: std::thread::available_parallelism().map_or(2, |n| n.get()),
            queue: 256,
            queue_timeout: Duration::from_secs(10),
            solve_timeout: Duration::from_secs(20),
            body_limit: 1 << 20,
        }
    }
}

/// `truce serve` could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebError {
    /// The dataset could not be loaded.
    #[error("loading dataset {name}: {source}")]
    Dataset {
        /// The dataset asked for.
        name: String,
        /// Why.
        source: Box<truce::Error>,
    },
    /// The address could not be bound.
    #[error(
        "cannot listen on {addr}: {source}; pick another address with --addr (e.g. 127.0.0.1:8081)"
    )]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// An option is out of range.
    #[error("{0}")]
    Options(String),
    /// The runtime or the listener failed.
    #[error("the server stopped: {0}")]
    Io(#[from] std::io::Error),
}

impl ServeOptions {
    /// Check the limits.
    ///
    /// # Errors
    /// [`WebError::Options`] naming the flag.
    pub fn validate(&self) -> Result<(), WebError> {
        if self.workers == 0 {
            return Err(WebError::Options("--workers must be at least 1".into()));
        }
        if self.body_limit < 1024 {
            return Err(WebError::Options(
                "--body-limit must be at least 1024 bytes".into(),
            ));
        }
        if self.solve_timeout.is_zero() || self.queue_timeout.is_zero() {
            return Err(WebError::Options(
                "--solve-timeout and --queue-timeout must be positive".into(),
            ));
        }
        Ok(())
    }

    fn limits(&self) -> gate::Limits {
        gate::Limits {
            workers: self.workers,
            queue: self.queue,
            queue_timeout: self.queue_timeout,
            solve_timeout: self.solve_timeout,
        }
    }
}

/// The application state for these options (loads the dataset).
///
/// # Errors
/// [`WebError::Dataset`] or [`WebError::Options`].
pub fn app_state(opts: &ServeOptions) -> Result<Arc<api::AppState>, WebError> {
    opts.validate()?;
    let ds = truce::dataset::resolve(&opts.dataset).map_err(|source| WebError::Dataset {
        name: opts.dataset.clone(),
        source: Box::new(source),
    })?;
    Ok(api::AppState::new(ds, opts.limits(), opts.body_limit))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// How long open connections may take to finish after a shutdown signal.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Serve until SIGINT or SIGTERM. `on_ready` is called with the bound address once the
/// server listens (the CLI prints it). At the signal the server stops accepting, cancels
/// running games, refuses queued requests (503) and lets open connections finish for up to
/// [`SHUTDOWN_GRACE`].
///
/// # Errors
/// [`WebError`] when the dataset, the options or the address are wrong.
pub fn serve(opts: &ServeOptions, on_ready: impl FnOnce(SocketAddr)) -> Result<(), WebError> {
    let state = app_state(opts)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("truce-serve")
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(opts.addr)
            .await
            .map_err(|source| WebError::Bind {
                addr: opts.addr,
                source,
            })?;
        on_ready(listener.local_addr()?);
        let app = api::router(state.clone());
        let (tx, rx) = tokio::sync::watch::channel(false);
        let st = state.clone();
        let server = axum::serve(listener, app).with_graceful_shutdown(async move {
            shutdown_signal().await;
            st.shutting_down.store(true, Ordering::SeqCst);
            st.gate.close();
            let _ = tx.send(true);
        });
        let mut rx2 = rx.clone();
        let grace = async move {
            let _ = rx2.wait_for(|v| *v).await;
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        };
        tokio::select! {
            r = server => r.map_err(WebError::Io),
            _ = grace => Ok(()),
        }
    })
}
