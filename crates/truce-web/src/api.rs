//! The routes: `/api/v1/…` (JSON), `/api/openapi.json`, the page and its assets.

use crate::error::{from_truce, ApiError};
use crate::games::{self, GameKind, Message, StreamObserver};
use crate::gate::{Gate, Limits};
use crate::scenario_input::{json_to_toml, FieldMap};
use crate::sliders::{Reference, SliderContext, SliderState};
use crate::views::{outcome_view, record_view, OutcomeView, RecordView};
use crate::{assets, query, SCHEMA_VERSION};
use axum::body::{Body, Bytes};
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures_util::FutureExt;
use serde::Serialize;
use serde_json::{json, Value};
use std::convert::Infallible;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::{mpsc, OnceCell};
use truce::dataset::Dataset;
use truce::run::RunOptions;
use truce::scenario::Scenario;

/// Largest scenario the API solves: steps.
pub const MAX_STEPS: usize = 64;
/// Largest scenario the API solves: measures.
pub const MAX_MEASURES: usize = 256;
/// Largest `[model] max_iterations` the API accepts.
pub const MAX_ITERATIONS: usize = 10_000;

/// What the routes share.
#[derive(Debug)]
pub struct AppState {
    /// The dataset served.
    pub dataset: Dataset,
    /// What the sliders can do on it.
    pub sliders: SliderContext,
    /// The bound on solving work.
    pub gate: Arc<Gate>,
    /// Request body limit, bytes.
    pub body_limit: usize,
    /// The replayed record, against the baseline and against the pre-war state (computed once).
    record: [OnceCell<Arc<Value>>; 2],
    /// Raised at shutdown: running games stop.
    pub shutting_down: Arc<AtomicBool>,
    /// Games stopped before their end (client gone, or shutdown).
    pub games_cancelled: std::sync::atomic::AtomicU64,
}

impl AppState {
    /// State for `dataset` with these limits.
    pub fn new(dataset: Dataset, limits: Limits, body_limit: usize) -> Arc<Self> {
        Arc::new(Self {
            sliders: SliderContext::of(&dataset),
            dataset,
            gate: Gate::new(limits),
            body_limit,
            record: [OnceCell::new(), OnceCell::new()],
            shutting_down: Arc::new(AtomicBool::new(false)),
            games_cancelled: Default::default(),
        })
    }
}

type AppResult = Result<Response, ApiError>;

/// The router: every route, a JSON 404 for the rest, panics caught as JSON 500s.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/assets/{*path}", get(asset))
        .route("/api/openapi.json", get(openapi))
        .route("/api/v1/health", get(health))
        .route("/api/v1/meta", get(meta))
        .route("/api/v1/sliders", get(sliders))
        .route("/api/v1/scenario", post(scenario))
        .route("/api/v1/record", get(record))
        .route("/api/v1/war", get(war))
        .route("/api/v1/talks", get(talks))
        .route("/api/v1/war/events", get(war_events))
        .route("/api/v1/talks/events", get(talks_events))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn(catch_panics))
        .with_state(state)
}

/// A panic in a handler becomes a JSON 500; the server keeps serving.
pub async fn catch_panics(req: Request, next: Next) -> Response {
    match AssertUnwindSafe(next.run(req)).catch_unwind().await {
        Ok(r) => r,
        Err(_) => ApiError::internal("answering the request").into_response(),
    }
}

/// Every JSON answer: `schema_version` and `truce_version` first, then the payload's fields.
fn envelope<T: Serialize>(payload: &T) -> Response {
    let mut v = json!({
        "schema_version": SCHEMA_VERSION,
        "truce_version": env!("CARGO_PKG_VERSION"),
    });
    if let (Value::Object(m), Ok(Value::Object(p))) = (&mut v, serde_json::to_value(payload)) {
        m.extend(p);
    }
    Json(v).into_response()
}

fn check_dataset(st: &AppState, pairs: &[(String, String)]) -> Result<(), ApiError> {
    match pairs.iter().find(|(k, _)| k == "dataset") {
        Some((_, v)) if *v != st.dataset.name => Err(ApiError::bad_request(
            "dataset",
            format!(
                "this server serves dataset `{}`, not `{v}`",
                st.dataset.name
            ),
            "leave `dataset` out, or start another server with `truce serve --dataset NAME|DIR`; \
             the API never reads a folder it is given",
        )),
        _ => Ok(()),
    }
}

async fn not_found(req: Request) -> ApiError {
    ApiError::not_found(
        format!("no such page or endpoint: {}", req.uri().path()),
        "the API is under /api/v1 (GET /api/openapi.json lists it); the dashboard is at /",
    )
}

async fn method_not_allowed(req: Request) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("{} is not allowed on {}", req.method(), req.uri().path()),
        None,
        "GET /api/openapi.json lists each endpoint's method",
    )
}

async fn index() -> Response {
    assets::response("index.html").expect("the page is embedded")
}

async fn asset(Path(path): Path<String>) -> AppResult {
    // Only the embedded files exist: the name is looked up in a fixed table, never joined to
    // a folder, so `..` or an absolute path finds nothing.
    assets::response(&path).ok_or_else(|| {
        ApiError::not_found(
            format!("no asset `{path}`"),
            "the page's assets are listed in index.html",
        )
    })
}

async fn openapi() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        assets::OPENAPI,
    )
        .into_response()
}

async fn health(State(st): State<Arc<AppState>>) -> Response {
    let l = st.gate.limits();
    envelope(&json!({
        "status": if st.shutting_down.load(Ordering::SeqCst) { "shutting-down" } else { "ok" },
        "dataset": st.dataset.name,
        "limits": {
            "workers": l.workers,
            "queue": l.queue,
            "queue_timeout_s": l.queue_timeout.as_secs_f64(),
            "solve_timeout_s": l.solve_timeout.as_secs_f64(),
            "body_limit_bytes": st.body_limit,
        },
        "gate": st.gate.stats(),
        "games_cancelled": st.games_cancelled.load(Ordering::Relaxed),
    }))
}

async fn meta(State(st): State<Arc<AppState>>) -> Response {
    let ds = &st.dataset;
    let b = &ds.baseline;
    let goods = |code: &str| !truce::scenario::record::holds_no_goods(code);
    envelope(&json!({
        "dataset": {
            "name": ds.name,
            "description": ds.description,
            "synthetic": ds.synthetic,
            "stylised": ds.stylised_note.is_some(),
            "stylised_note": ds.stylised_note,
            "baseline_date": ds.baseline_date.map(|d| d.to_string()),
            "flow_unit": if ds.flow_unit_usd_bn.is_some() { "USD bn" } else { "dataset units" },
            "regions": b.regions().iter().map(|r| json!({"code": r.code, "name": r.name})).collect::<Vec<_>>(),
            "sectors": b.sectors().iter().map(|s| json!({
                "code": s.code, "name": s.name, "tradable": s.tradable,
                "tariffs": s.tradable && goods(&s.code),
            })).collect::<Vec<_>>(),
        },
        "sliders": {
            "groups": st.sliders.groups,
            "record": st.sliders.record,
            "rare_earth": st.sliders.rare_earth_shares.as_ref().map(|s| json!({
                "instrument": "export_tax",
                "imposing": "CHN",
                "target": "ALL",
                "within_sector": "cobb-douglas",
                "shares_of_chn_exports": s.iter().map(|(k, v)| json!({"sector": k, "share": v})).collect::<Vec<_>>(),
                "source": "measures.csv M074 (April 2025 licensing); shares: truce_world::rare_earth_share, world2024_facts E31–E37",
            })),
            "default_date": st.sliders.default_date,
            "max_rate_pct": crate::sliders::MAX_RATE_PCT,
        },
        "record": {
            "name": crate::sliders::RECORD,
            "from": truce::scenario::record::PREWAR.to_string(),
            "to": truce::scenario::record::RECORD_END.to_string(),
        },
    }))
}

/// The dashboard's view of a slider state.
#[derive(Debug, Serialize)]
struct SliderAnswer {
    dataset: String,
    /// The state as understood.
    state: SliderState,
    /// Its query string (the permalink is `/?` + this).
    query: String,
    reference: String,
    date: Option<String>,
    /// Trade-weighted statutory averages in force in this state, percent.
    us_tariff_on_chn_pct: Option<f64>,
    chn_tariff_on_us_pct: Option<f64>,
    #[serde(flatten)]
    view: OutcomeView,
    solver: truce::output::SolverInfo,
    notes: Vec<String>,
    /// The scenario file this state stands for (`truce run` reproduces the numbers).
    scenario_toml: String,
    /// Server-side solve time, milliseconds.
    elapsed_ms: f64,
}

/// Solve a slider state (blocking): the pipeline of `truce run` on the generated file.
///
/// # Errors
/// 4xx for a state the scenario layer rejects, 503/422 for a solve that fails.
pub fn solve_sliders(
    ds: &Dataset,
    cx: &SliderContext,
    s: &SliderState,
    time_limit: Option<std::time::Duration>,
) -> Result<Value, ApiError> {
    let start = Instant::now();
    let text = s.scenario_toml(cx)?;
    let sc = Scenario::from_toml_str(&text, "<dashboard>", "dashboard")
        .map_err(|e| from_truce(&truce::Error::Scenario(e), None, true))?;
    let opts = RunOptions {
        relative_to: match s.reference {
            Reference::Baseline => None,
            Reference::PreWar => Some("pre-war".into()),
            Reference::Record => Some("record".into()),
        },
        time_limit,
        ..RunOptions::default()
    };
    let r = truce::run::run_on(&sc, ds.clone(), &opts, &|_, _| {})
        .map_err(|e| from_truce(&e, None, true))?;
    let step = r
        .steps
        .iter()
        .find(|x| x.name == "dashboard")
        .ok_or_else(|| ApiError::internal("reading the dashboard step"))?;
    let answer = SliderAnswer {
        dataset: ds.name.clone(),
        query: s.to_query(&ds.name, &ds.name),
        state: s.clone(),
        reference: s.reference.as_str().to_string(),
        date: s.date.map(|d| d.to_string()),
        us_tariff_on_chn_pct: step.us_tariff_on_chn_pct,
        chn_tariff_on_us_pct: step.chn_tariff_on_us_pct,
        view: outcome_view(ds, &step.outcome),
        solver: truce::report::solver_info(&step.solver),
        notes: r.notes.clone(),
        scenario_toml: text,
        elapsed_ms: start.elapsed().as_secs_f64() * 1e3,
    };
    let mut v = json!({
        "schema_version": SCHEMA_VERSION,
        "truce_version": env!("CARGO_PKG_VERSION"),
    });
    if let (Value::Object(m), Ok(Value::Object(p))) = (&mut v, serde_json::to_value(&answer)) {
        m.extend(p);
    }
    Ok(v)
}

async fn sliders(State(st): State<Arc<AppState>>, RawQuery(q): RawQuery) -> AppResult {
    let pairs = query::parse(q.as_deref())?;
    check_dataset(&st, &pairs)?;
    let s = SliderState::from_query(&pairs, &st.sliders)?;
    let permit = st.gate.enter().await?;
    let st2 = st.clone();
    let limit = st.gate.limits().solve_timeout;
    let v = st
        .gate
        .solve(
            permit,
            Arc::new(AtomicBool::new(false)),
            "the slider solve",
            move || solve_sliders(&st2.dataset, &st2.sliders, &s, Some(limit)),
        )
        .await?;
    Ok(Json(v).into_response())
}

async fn read_body(st: &AppState, body: Body) -> Result<Bytes, ApiError> {
    axum::body::to_bytes(body, st.body_limit)
        .await
        .map_err(|_| {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "the request body is larger than the server's limit of {} bytes",
                    st.body_limit
                ),
                Some("body"),
                "send a smaller scenario (a scenario file is a few kB); an operator can raise \
             `truce serve --body-limit`",
            )
        })
}

async fn scenario(
    State(st): State<Arc<AppState>>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> AppResult {
    let pairs = query::parse(q.as_deref())?;
    let mut relative_to: Option<String> = None;
    for (k, v) in &pairs {
        match k.as_str() {
            "relative_to" => relative_to = Some(v.clone()),
            other => {
                return Err(ApiError::bad_request(
                    other,
                    format!("unknown parameter `{other}`"),
                    "POST /api/v1/scenario takes only `relative_to` (a step name or pre-war)",
                ))
            }
        }
    }
    let bytes = read_body(&st, body).await?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        ApiError::bad_request(
            "body",
            format!("the body is not UTF-8 text (byte {})", e.valid_up_to()),
            "send the scenario as UTF-8 JSON or TOML",
        )
    })?;
    let ctype = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let is_toml = ctype.starts_with("application/toml") || ctype.starts_with("text/toml");
    let (toml_text, fields) =
        if is_toml {
            (text.to_string(), FieldMap::of_toml(text))
        } else if ctype.is_empty() || ctype.starts_with("application/json") {
            let v: Value =
                serde_json::from_str(text).map_err(|e| {
                    ApiError::bad_request(
                "body",
                format!("invalid JSON at line {}, column {}: {e}", e.line(), e.column()),
                "send a JSON object with the keys of a scenario file (docs/scenarios.md), or \
                 TOML with Content-Type: application/toml",
            )
                })?;
            json_to_toml(&v)?
        } else {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("Content-Type `{ctype}` is not JSON or TOML"),
                Some("Content-Type"),
                "send application/json (the scenario as JSON) or application/toml",
            ));
        };
    let sc = Scenario::from_toml_str(&toml_text, "<request>", "request")
        .map_err(|e| from_truce(&truce::Error::Scenario(e), Some(&fields), is_toml))?;
    if sc.dataset.value != st.dataset.name {
        let line = sc.dataset.origin.line;
        return Err(ApiError::bad_request(
            fields.field_at(line).as_deref().unwrap_or("dataset"),
            format!(
                "dataset `{}`: this server serves only `{}`, and the API reads no folders",
                sc.dataset.value, st.dataset.name
            ),
            format!("set dataset = \"{}\"", st.dataset.name),
        ));
    }
    if sc.steps.len() > MAX_STEPS {
        return Err(ApiError::bad_request(
            "step",
            format!(
                "{} steps: the API solves at most {MAX_STEPS}",
                sc.steps.len()
            ),
            "split the scenario, or run it with `truce run`",
        ));
    }
    if sc.measures.len() > MAX_MEASURES {
        return Err(ApiError::bad_request(
            "measure",
            format!(
                "{} measures: the API takes at most {MAX_MEASURES}",
                sc.measures.len()
            ),
            "split the scenario, or run it with `truce run`",
        ));
    }
    if sc.model.max_iterations.is_some_and(|k| k > MAX_ITERATIONS) {
        return Err(ApiError::bad_request(
            "model.max_iterations",
            format!("max_iterations above {MAX_ITERATIONS} is not served"),
            format!("use at most {MAX_ITERATIONS}, or run the scenario with `truce run`"),
        ));
    }
    let permit = st.gate.enter().await?;
    let st2 = st.clone();
    let limit = st.gate.limits().solve_timeout;
    let v = st
        .gate
        .solve(
            permit,
            Arc::new(AtomicBool::new(false)),
            "the scenario",
            move || {
                let opts = RunOptions {
                    relative_to,
                    time_limit: Some(limit),
                    ..RunOptions::default()
                };
                let r = truce::run::run_on(&sc, st2.dataset.clone(), &opts, &|_, _| {})
                    .map_err(|e| from_truce(&e, Some(&fields), is_toml))?;
                Ok(r.json())
            },
        )
        .await?;
    Ok(envelope(&v))
}

async fn record(State(st): State<Arc<AppState>>, RawQuery(q): RawQuery) -> AppResult {
    let pairs = query::parse(q.as_deref())?;
    check_dataset(&st, &pairs)?;
    let mut prewar = false;
    for (k, v) in &pairs {
        match (k.as_str(), v.as_str()) {
            ("dataset", _) => {}
            ("ref", "baseline") => prewar = false,
            ("ref", "pre-war") => prewar = true,
            ("ref", other) => {
                return Err(ApiError::bad_request(
                    "ref",
                    format!("`ref={other}` is not a reference of the record"),
                    "use ref=baseline or ref=pre-war",
                ))
            }
            (other, _) => {
                return Err(ApiError::bad_request(
                    other,
                    format!("unknown parameter `{other}`"),
                    "GET /api/v1/record takes `ref` (baseline or pre-war)",
                ))
            }
        }
    }
    if !st.sliders.record {
        return Err(ApiError::bad_request(
            "dataset",
            format!(
                "dataset {} cannot replay the US–China record (it needs USA, CHN and a baseline date)",
                st.dataset.name
            ),
            "serve world2024 (the default) to see the record",
        ));
    }
    let cell = &st.record[usize::from(prewar)];
    let v = cell
        .get_or_try_init(|| async {
            let permit = st.gate.enter().await?;
            let ds = st.dataset.clone();
            st.gate
                .solve(
                    permit,
                    Arc::new(AtomicBool::new(false)),
                    "the record",
                    move || {
                        let opts = truce::timeline::TimelineOptions {
                            relative_to_prewar: prewar,
                            ..Default::default()
                        };
                        let t = truce::timeline::timeline(ds, &opts, &|_, _| {})
                            .map_err(|e| from_truce(&e, None, false))?;
                        let view: RecordView = record_view(&t);
                        Ok(Arc::new(serde_json::to_value(view).expect("serialises")))
                    },
                )
                .await
        })
        .await?;
    Ok(envelope(&**v))
}

fn game_request(
    st: &AppState,
    kind: GameKind,
    q: Option<String>,
) -> Result<games::GameRequest, ApiError> {
    let pairs = query::parse(q.as_deref())?;
    check_dataset(st, &pairs)?;
    games::parse(kind, &pairs, &st.dataset)
}

async fn game_json(st: Arc<AppState>, kind: GameKind, q: Option<String>) -> AppResult {
    let req = game_request(&st, kind, q)?;
    let permit = st.gate.enter().await?;
    let cancel = Arc::new(AtomicBool::new(false));
    watch_shutdown(&st, &cancel);
    let _stop_watching = CancelOnDrop(cancel.clone());
    let (st2, c2) = (st.clone(), cancel.clone());
    let limit = st.gate.limits().solve_timeout;
    let what = if kind == GameKind::War {
        "the war"
    } else {
        "the talks"
    };
    let out = st
        .gate
        .solve(permit, cancel, what, move || {
            let mut obs = StreamObserver::new(None, c2, limit);
            games::play(&req, &st2.dataset, &mut obs).map(|v| v.map(|v| (v, req)))
        })
        .await?;
    match out {
        Some((mut v, req)) => {
            v["options"] = games::options_json(&req);
            Ok(envelope(&v))
        }
        None if st.shutting_down.load(Ordering::SeqCst) => Err(ApiError::unavailable(
            "the server is shutting down",
            "retry against a running server",
            5,
        )),
        None => Err(st.gate.timeout_error(what)),
    }
}

async fn war(State(st): State<Arc<AppState>>, RawQuery(q): RawQuery) -> AppResult {
    game_json(st, GameKind::War, q).await
}

async fn talks(State(st): State<Arc<AppState>>, RawQuery(q): RawQuery) -> AppResult {
    game_json(st, GameKind::Talks, q).await
}

/// Raise `cancel` when the server begins to shut down (the watcher ends when `cancel` is
/// raised for any reason).
fn watch_shutdown(st: &AppState, cancel: &Arc<AtomicBool>) {
    let shut = st.shutting_down.clone();
    let cancel = cancel.clone();
    tokio::spawn(async move {
        while !cancel.load(Ordering::SeqCst) {
            if shut.load(Ordering::SeqCst) {
                cancel.store(true, Ordering::SeqCst);
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    });
}

/// Raises `cancel` when dropped: the SSE stream is dropped when the client goes away.
struct CancelOnDrop(Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

enum Outcome {
    Msg(Message),
    Done(Result<Option<Value>, ApiError>),
}

async fn game_events(st: Arc<AppState>, kind: GameKind, q: Option<String>) -> AppResult {
    let req = game_request(&st, kind, q)?;
    // Admission is decided before the stream opens, so 429/503 are plain JSON answers.
    let permit = st.gate.enter().await?;
    let cancel = Arc::new(AtomicBool::new(false));
    let (tx, rx) = mpsc::channel::<Outcome>(64);
    let (ptx, mut prx) = mpsc::channel::<Message>(64);
    let limit = st.gate.limits().solve_timeout;
    let what = if kind == GameKind::War {
        "the war"
    } else {
        "the talks"
    };
    // Forward progress messages into the outcome channel.
    let tx2 = tx.clone();
    tokio::spawn(async move {
        while let Some(m) = prx.recv().await {
            if tx2.send(Outcome::Msg(m)).await.is_err() {
                break;
            }
        }
    });
    let (st2, c2) = (st.clone(), cancel.clone());
    let options = games::options_json(&req);
    let handle = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let mut obs = StreamObserver::new(Some(ptx), c2, limit);
        let r = games::play(&req, &st2.dataset, &mut obs);
        (r, obs.timed_out)
    });
    let st3 = st.clone();
    tokio::spawn(async move {
        let done = match handle.await {
            Ok((Ok(None), true)) => Err(st3.gate.timeout_error(what)),
            Ok((Ok(None), false)) => {
                st3.games_cancelled.fetch_add(1, Ordering::Relaxed);
                Ok(None)
            }
            Ok((r, _)) => r,
            Err(_) => Err(ApiError::internal(what)),
        };
        let _ = tx.send(Outcome::Done(done)).await;
    });
    watch_shutdown(&st, &cancel);
    let guard = CancelOnDrop(cancel);
    let start = Instant::now();
    // State: the receiver, the guard (dropped with the stream: a client that goes away
    // cancels the game), the options echoed in the result, the start, and whether the last
    // event was sent.
    let stream = futures_util::stream::unfold(
        (rx, guard, options, start, false),
        |(mut rx, guard, options, start, finished)| async move {
            if finished {
                return None;
            }
            let (ev, last) = match rx.recv().await? {
                Outcome::Msg(Message::Stage(label)) => (
                    Event::default().event("stage").json_data(json!({
                        "schema_version": SCHEMA_VERSION,
                        "label": label,
                        "elapsed_s": start.elapsed().as_secs_f64(),
                    })),
                    false,
                ),
                Outcome::Msg(Message::Progress {
                    iterations,
                    residual,
                    elapsed_s,
                }) => (
                    Event::default().event("progress").json_data(json!({
                        "schema_version": SCHEMA_VERSION,
                        "iterations": iterations,
                        "residual": residual,
                        "elapsed_s": elapsed_s,
                    })),
                    false,
                ),
                Outcome::Done(Ok(Some(mut v))) => {
                    // The typed war/talks output keeps its own header (schema_version,
                    // truce_version, command); the options as understood are echoed beside it.
                    v["options"] = options.clone();
                    (Event::default().event("result").json_data(v), true)
                }
                Outcome::Done(Ok(None)) => (
                    Event::default().event("cancelled").json_data(json!({
                        "schema_version": SCHEMA_VERSION,
                        "error": "the game was cancelled",
                        "field": null,
                        "hint": "the server is shutting down, or the request was cancelled",
                    })),
                    true,
                ),
                Outcome::Done(Err(e)) => {
                    (Event::default().event("error").json_data(e.json()), true)
                }
            };
            let ev = ev.unwrap_or_else(|_| Event::default().event("error").data("{}"));
            Some((Ok::<_, Infallible>(ev), (rx, guard, options, start, last)))
        },
    );
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response())
}

async fn war_events(State(st): State<Arc<AppState>>, RawQuery(q): RawQuery) -> AppResult {
    game_events(st, GameKind::War, q).await
}

async fn talks_events(State(st): State<Arc<AppState>>, RawQuery(q): RawQuery) -> AppResult {
    game_events(st, GameKind::Talks, q).await
}
