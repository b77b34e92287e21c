//! `truce serve`: the dashboard and the JSON API (crates/truce-web).

use anyhow::Context;
use std::io::Write;
use std::net::SocketAddr;
use std::time::Duration;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Address to listen on. Loopback by default; another address (e.g. 0.0.0.0:8080) makes
    /// the dashboard reachable from other machines: the API has no authentication.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Dataset to serve: a name (world2024, synthetic-world2024) or a dataset folder.
    #[arg(long, value_name = "NAME|DIR", default_value = "world2024")]
    dataset: String,
    /// Solves running at once (default: the number of cores).
    #[arg(long)]
    workers: Option<usize>,
    /// Requests that may wait for a worker; beyond them the server answers 429.
    #[arg(long, default_value_t = 256)]
    queue: usize,
    /// Longest wait for a worker, seconds (then 503).
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS")]
    queue_timeout: f64,
    /// Longest solve, seconds (then 503, and the solve is stopped).
    #[arg(long, default_value_t = 20.0, value_name = "SECONDS")]
    solve_timeout: f64,
    /// Largest request body, bytes (then 413).
    #[arg(long, default_value_t = 1 << 20, value_name = "BYTES")]
    body_limit: usize,
}

fn seconds(flag: &str, v: f64) -> anyhow::Result<Duration> {
    Duration::try_from_secs_f64(v)
        .ok()
        .filter(|d| !d.is_zero())
        .with_context(|| format!("{flag} {v}: give a positive number of seconds"))
}

pub fn run(a: Args) -> anyhow::Result<()> {
    let defaults = truce_web::ServeOptions::default();
    let opts = truce_web::ServeOptions {
        addr: a.addr,
        dataset: a.dataset,
        workers: a.workers.unwrap_or(defaults.workers),
        queue: a.queue,
        queue_timeout: seconds("--queue-timeout", a.queue_timeout)?,
        solve_timeout: seconds("--solve-timeout", a.solve_timeout)?,
        body_limit: a.body_limit,
    };
    if !opts.addr.ip().is_loopback() {
        eprintln!(
            "warning: listening on {}, which other machines can reach; the API has no authentication",
            opts.addr
        );
    }
    truce_web::serve(&opts, |addr| {
        println!("truce serve: dashboard at http://{addr}/ (API at http://{addr}/api/v1/, Ctrl-C to stop)");
        let _ = std::io::stdout().flush();
    })
    .context("truce serve")?;
    eprintln!("truce serve: stopped");
    Ok(())
}
