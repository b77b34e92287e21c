//! War and talks: options from the URL, progress through truce-solve's `Observer`, and
//! cancellation (the client closing the event stream, the time limit, or shutdown).

use crate::error::ApiError;
use serde_json::Value;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;
use truce::dataset::Dataset;
use truce::game::TariffInstruments;
use truce::games::{Progress, TalksOptions, Threat};
use truce::model::suggest::did_you_mean;
use truce::solve::{Control, Iterate, Observer};

/// Which game.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GameKind {
    /// The Nash tariff war.
    War,
    /// Talks: war, frontier, bargaining solution.
    Talks,
}

impl GameKind {
    /// `war` or `talks`.
    pub fn as_str(&self) -> &'static str {
        match self {
            GameKind::War => "war",
            GameKind::Talks => "talks",
        }
    }
}

/// A game request, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct GameRequest {
    /// War or talks.
    pub kind: GameKind,
    /// Options (for war, `talks.war` is used).
    pub talks: TalksOptions,
}

fn one_of<'a>(field: &str, v: &str, allowed: &[&'a str]) -> Result<&'a str, ApiError> {
    allowed.iter().copied().find(|a| *a == v).ok_or_else(|| {
        ApiError::bad_request(
            field,
            format!(
                "`{field}={v}` is not allowed{}",
                did_you_mean(v, allowed.iter().copied())
            ),
            format!("use one of: {}", allowed.join(", ")),
        )
    })
}

/// Parse `players`, `instruments`, `link`, `threat`, `beyond_trade`, `points`.
///
/// # Errors
/// 400 naming the parameter.
pub fn parse(
    kind: GameKind,
    pairs: &[(String, String)],
    ds: &Dataset,
) -> Result<GameRequest, ApiError> {
    let mut talks = TalksOptions::default();
    let mut link = false;
    let mut seen: Vec<&str> = Vec::new();
    let known: &[&str] = match kind {
        GameKind::War => &["dataset", "players", "instruments", "link"],
        GameKind::Talks => &[
            "dataset",
            "players",
            "instruments",
            "link",
            "threat",
            "beyond_trade",
            "points",
        ],
    };
    for (k, v) in pairs {
        if seen.contains(&k.as_str()) {
            return Err(ApiError::bad_request(
                k,
                format!("`{k}` is given twice"),
                "give each parameter once",
            ));
        }
        seen.push(k);
        match k.as_str() {
            "dataset" => {}
            "players" => {
                let p: Vec<&str> = v.split(',').map(str::trim).collect();
                if p.len() != 2 || p[0] == p[1] {
                    return Err(ApiError::bad_request(
                        "players",
                        format!("`players={v}` must name two different regions"),
                        "e.g. players=USA,CHN",
                    ));
                }
                let codes: Vec<&str> = ds
                    .baseline
                    .regions()
                    .iter()
                    .map(|r| r.code.as_str())
                    .collect();
                for c in &p {
                    if !codes.contains(c) {
                        return Err(ApiError::bad_request(
                            "players",
                            format!(
                                "unknown region `{c}`{}",
                                did_you_mean(c, codes.iter().copied())
                            ),
                            format!("the regions are: {}", codes.join(", ")),
                        ));
                    }
                }
                talks.war.players = [p[0].to_string(), p[1].to_string()];
            }
            "instruments" => {
                talks.war.instruments = match one_of(k, v, &["sector", "uniform"])? {
                    "uniform" => TariffInstruments::Uniform,
                    _ => TariffInstruments::Sector,
                }
            }
            "link" => link = one_of(k, v, &["none", "ree-export-tax"])? == "ree-export-tax",
            "threat" if kind == GameKind::Talks => {
                talks.threat = match one_of(k, v, &["nash", "status-quo"])? {
                    "nash" => Threat::Nash,
                    _ => Threat::StatusQuo,
                }
            }
            "beyond_trade" if kind == GameKind::Talks => {
                let x: f64 = v.parse().ok().filter(|x: &f64| x.is_finite() && x.abs() <= 50.0).ok_or_else(|| {
                    ApiError::bad_request(
                        k,
                        format!("`beyond_trade={v}` must be a finite number of welfare points within ±50"),
                        "e.g. beyond_trade=0.5 (a side payment to the first player)",
                    )
                })?;
                talks.beyond_trade_pp = x;
            }
            "points" if kind == GameKind::Talks => {
                talks.points =
                    v.parse()
                        .ok()
                        .filter(|n| (1..=15).contains(n))
                        .ok_or_else(|| {
                            ApiError::bad_request(
                                k,
                                format!("`points={v}` must be a whole number from 1 to 15"),
                                "the number of interior frontier points, e.g. points=5",
                            )
                        })?;
            }
            other => {
                return Err(ApiError::bad_request(
                    other,
                    format!(
                        "unknown parameter `{other}` for {}{}",
                        kind.as_str(),
                        did_you_mean(other, known.iter().copied())
                    ),
                    format!("the parameters are: {}", known.join(", ")),
                ))
            }
        }
    }
    if link {
        let players = talks.war.players.to_vec();
        talks.war.link = Some(
            truce::games::rare_earth_link(ds, &players, Vec::new())
                .map_err(|e| ApiError::bad_request("link", e.to_string(), "use link=none"))?,
        );
    }
    Ok(GameRequest { kind, talks })
}

/// A progress message of a running game.
#[derive(Debug)]
pub enum Message {
    /// A stage began.
    Stage(String),
    /// Searches advanced: total iterations so far, the last residual.
    Progress {
        /// Iterations observed so far (all searches).
        iterations: usize,
        /// Residual of the last iterate.
        residual: f64,
        /// Seconds since the start.
        elapsed_s: f64,
    },
}

/// Forwards progress to a channel (dropping messages when the reader is slow) and stops the
/// searches when `cancel` is raised or the deadline passes.
pub struct StreamObserver {
    tx: Option<mpsc::Sender<Message>>,
    cancel: Arc<AtomicBool>,
    deadline: Instant,
    start: Instant,
    last_sent: Option<Instant>,
    iterations: usize,
    /// Set when the deadline stopped the searches.
    pub timed_out: bool,
}

impl StreamObserver {
    /// An observer sending to `tx` (or nowhere), stopping at `cancel` or after `limit`.
    pub fn new(
        tx: Option<mpsc::Sender<Message>>,
        cancel: Arc<AtomicBool>,
        limit: Duration,
    ) -> Self {
        let start = Instant::now();
        Self {
            tx,
            cancel,
            deadline: start + limit,
            start,
            last_sent: None,
            iterations: 0,
            timed_out: false,
        }
    }

    /// Whether the searches were told to stop.
    pub fn stopped(&self) -> bool {
        self.timed_out || self.cancel.load(Ordering::SeqCst)
    }
}

impl Observer for StreamObserver {
    fn observe(&mut self, it: &Iterate) -> Control {
        self.iterations += 1;
        if self.cancel.load(Ordering::SeqCst) {
            return Control::Stop;
        }
        if Instant::now() > self.deadline {
            self.timed_out = true;
            return Control::Stop;
        }
        // (A match, not `Option::is_none_or`: that needs Rust 1.82, the workspace states 1.80.)
        let due = match self.last_sent {
            None => true,
            Some(t) => t.elapsed() >= Duration::from_millis(100),
        };
        if let (true, Some(tx)) = (due, &self.tx) {
            let _ = tx.try_send(Message::Progress {
                iterations: self.iterations,
                residual: it.residual,
                elapsed_s: self.start.elapsed().as_secs_f64(),
            });
            self.last_sent = Some(Instant::now());
        }
        Control::Continue
    }
}

impl Progress for StreamObserver {
    fn stage(&mut self, label: &str) {
        if let Some(tx) = &self.tx {
            let _ = tx.try_send(Message::Stage(label.to_string()));
        }
    }
}

/// Play the game (blocking), reporting to `obs`. `Ok(None)` when it was stopped.
///
/// # Errors
/// A 4xx/5xx from the facade's error.
pub fn play(
    req: &GameRequest,
    ds: &Dataset,
    obs: &mut StreamObserver,
) -> Result<Option<Value>, ApiError> {
    // The same typed outputs as `truce war` / `truce talks --format json`
    // (docs/output-schema.md): `schema_version`, `truce_version` and `command` come with them.
    let result = match req.kind {
        GameKind::War => truce::games::war(ds.baseline.clone(), &req.talks.war, obs)
            .map(|w| serde_json::to_value(w.output(ds))),
        GameKind::Talks => truce::games::talks(ds.baseline.clone(), &req.talks, obs).map(|t| {
            // The talks' output, with the war's notes (why the Nash tariffs sit where they
            // do, the April 2025 peak) that the CLI prints with `truce war`.
            let mut out = t.output(ds);
            out.notes.splice(0..0, t.war.output(ds).notes);
            serde_json::to_value(out)
        }),
    };
    if obs.stopped() {
        return Ok(None);
    }
    let json = result
        .map_err(|e| crate::error::from_truce(&e, None, false))?
        .map_err(|e| ApiError::internal(&format!("serialising the game result: {e}")))?;
    Ok(Some(json))
}

/// The options as they were understood (echoed in results).
pub fn options_json(req: &GameRequest) -> Value {
    let t = &req.talks;
    let mut v = serde_json::json!({
        "players": t.war.players,
        "instruments": match t.war.instruments {
            TariffInstruments::Uniform => "uniform",
            _ => "sector",
        },
        "link": if t.war.link.is_some() { "ree-export-tax" } else { "none" },
    });
    if req.kind == GameKind::Talks {
        v["threat"] = serde_json::json!(t.threat.as_str());
        v["beyond_trade"] = serde_json::json!(t.beyond_trade_pp);
        v["points"] = serde_json::json!(t.points);
    }
    v
}
