//! The API as a client sees it, in process (the router answers requests without a socket):
//! shapes, `schema_version`, every kind of bad input answered as JSON `{error, field, hint}`,
//! the bounds (body limit, time limit, concurrency cap), path traversal, cancellation.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;
use truce_web::api::{router, AppState};
use truce_web::gate::Limits;

fn limits() -> Limits {
    Limits {
        workers: 2,
        queue: 16,
        queue_timeout: Duration::from_secs(20),
        solve_timeout: Duration::from_secs(60),
    }
}

fn state_with(l: Limits, body_limit: usize) -> Arc<AppState> {
    AppState::new(truce::dataset::resolve("world2024").unwrap(), l, body_limit)
}

fn app() -> (Router, Arc<AppState>) {
    let st = state_with(limits(), 1 << 20);
    (router(st.clone()), st)
}

async fn send(app: &Router, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let r = app.clone().oneshot(req).await.unwrap();
    let status = r.status();
    let headers = r.headers().clone();
    let body = r.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, headers, body)
}

async fn get(app: &Router, uri: &str) -> (StatusCode, Value) {
    let (s, _, b) = send(app, Request::get(uri).body(Body::empty()).unwrap()).await;
    let v = serde_json::from_slice(&b)
        .unwrap_or_else(|_| panic!("{uri}: not JSON: {}", String::from_utf8_lossy(&b)));
    (s, v)
}

async fn post(app: &Router, uri: &str, ctype: &str, body: impl Into<Body>) -> (StatusCode, Value) {
    let req = Request::post(uri)
        .header("content-type", ctype)
        .body(body.into())
        .unwrap();
    let (s, _, b) = send(app, req).await;
    (s, serde_json::from_slice(&b).expect("JSON"))
}

/// An error answer: status, a non-empty message and hint, and the field.
fn assert_error(status: StatusCode, v: &Value, want: StatusCode, field: Option<&str>) {
    assert_eq!(status, want, "{v}");
    assert_eq!(v["schema_version"], "1");
    assert!(!v["error"].as_str().unwrap().is_empty(), "{v}");
    assert!(!v["hint"].as_str().unwrap().is_empty(), "{v}");
    assert_eq!(v["status"], want.as_u16());
    if let Some(f) = field {
        assert_eq!(v["field"].as_str(), Some(f), "{v}");
    }
}

fn welfare(v: &Value, code: &str) -> f64 {
    v["regions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == code)
        .unwrap()["welfare_pct"]
        .as_f64()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn meta_describes_the_dataset_and_the_sliders() {
    let (app, _) = app();
    let (s, v) = get(&app, "/api/v1/meta").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["schema_version"], truce_web::SCHEMA_VERSION);
    assert_eq!(v["dataset"]["name"], "world2024");
    assert_eq!(v["dataset"]["regions"].as_array().unwrap().len(), 11);
    let groups = v["sliders"]["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 5);
    // Every goods sector is in exactly one group; SERVICES in none.
    let mut covered: Vec<&str> = groups
        .iter()
        .flat_map(|g| {
            g["sectors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap())
        })
        .collect();
    covered.sort();
    assert_eq!(covered.len(), 10);
    assert!(!covered.contains(&"SERVICES"));
    assert_eq!(
        v["sliders"]["rare_earth"]["shares_of_chn_exports"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slider_moves_welfare_and_the_answer_reproduces_with_truce_run() {
    let (app, _) = app();
    let (s, base) = get(&app, "/api/v1/sliders?date=2025-05-14").await;
    assert_eq!(s, StatusCode::OK, "{base}");
    let (s, high) = get(&app, "/api/v1/sliders?date=2025-05-14&us=145&cn=125").await;
    assert_eq!(s, StatusCode::OK, "{high}");
    assert_eq!(high["query"], "date=2025-05-14&ref=baseline&us=145&cn=125");
    assert!(high["us_tariff_on_chn_pct"].as_f64().unwrap() > 140.0);
    // Higher tariffs on both sides cut US–China trade and both players' welfare.
    assert!(welfare(&high, "CHN") < welfare(&base, "CHN") - 0.05);
    assert!(welfare(&high, "USA") != welfare(&base, "USA"));
    let machinery = high["us_china_trade"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["sector"] == "MACHINERY")
        .unwrap();
    assert!(machinery["us_imports_from_chn_pct"].as_f64().unwrap() < -30.0);
    // The scenario file the answer carries gives the same numbers through `truce run`'s
    // pipeline.
    let text = high["scenario_toml"].as_str().unwrap();
    let sc = truce::scenario::Scenario::from_toml_str(text, "dashboard.toml", "d").unwrap();
    let r = truce::run::run_on(
        &sc,
        truce::dataset::resolve("world2024").unwrap(),
        &Default::default(),
        &|_, _| {},
    )
    .unwrap();
    let chn = r.steps[0]
        .outcome
        .country("CHN")
        .unwrap()
        .real_income_pct
        .unwrap();
    assert_eq!(chn, welfare(&high, "CHN"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rare_earth_slider_raises_costs_for_chinas_customers() {
    let (app, _) = app();
    let (s, v) = get(&app, "/api/v1/sliders?ref=record&ree=200").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["reference"], "record");
    // Against the record that day, only the export tax changed: China gains revenue, the US
    // pays more for Chinese electrical goods.
    let p = v["sector_prices"].as_array().unwrap();
    let elec = p.iter().find(|x| x["sector"] == "ELECTRICAL").unwrap();
    assert!(elec["chn_price_pct"].as_f64().unwrap().abs() < 50.0);
    assert!(welfare(&v, "USA") < 0.0, "{}", welfare(&v, "USA"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_slider_input_names_the_field() {
    let (app, _) = app();
    for (uri, field) in [
        ("/api/v1/sliders?us=-5", "us"),
        ("/api/v1/sliders?us=NaN", "us"),
        ("/api/v1/sliders?cn=inf", "cn"),
        ("/api/v1/sliders?us=1e400", "us"),
        ("/api/v1/sliders?us.elec=600", "us.elec"),
        ("/api/v1/sliders?uss=5", "uss"),
        ("/api/v1/sliders?date=2017-12-31", "date"),
        ("/api/v1/sliders?us=%FF", "us"),
        ("/api/v1/sliders?us=%E2%82", "us"),
        ("/api/v1/sliders?dataset=..%2F..%2Fetc", "dataset"),
        ("/api/v1/sliders?dataset=%2Fetc", "dataset"),
        ("/api/v1/war?instruments=tariffs", "instruments"),
        ("/api/v1/talks?threat=war", "threat"),
        ("/api/v1/talks?beyond_trade=NaN", "beyond_trade"),
        ("/api/v1/war?players=USA,CHA", "players"),
        ("/api/v1/record?ref=yesterday", "ref"),
    ] {
        let (s, v) = get(&app, uri).await;
        assert_error(s, &v, StatusCode::BAD_REQUEST, Some(field));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scenarios_as_json_and_toml() {
    let (app, _) = app();
    let sc = json!({
        "name": "machinery",
        "dataset": "world2024",
        "measure": [{"id": "m", "imposing": "USA", "target": "CHN", "instrument": "tariff",
                     "sectors": ["MACHINERY"], "rate_pct": 25}]
    });
    let (s, v) = post(&app, "/api/v1/scenario", "application/json", sc.to_string()).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    // The answer is truce-output's typed `run` output (docs/output-schema.md).
    assert_eq!(v["schema_version"], "1.0");
    assert_eq!(v["scenario"], "machinery");
    assert_eq!(v["steps"][0]["countries"].as_array().unwrap().len(), 11);
    let toml = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/geneva-truce.toml"
    ))
    .unwrap();
    let (s, v) = post(
        &app,
        "/api/v1/scenario?relative_to=peak",
        "application/toml",
        toml,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["reference"], "peak");
    assert_eq!(v["steps"].as_array().unwrap().len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_scenarios_answer_4xx_with_the_field() {
    let (app, _) = app();
    let m = |extra: Value| {
        let mut base = json!({"id": "m", "imposing": "USA", "target": "CHN", "instrument": "tariff", "rate_pct": 25});
        for (k, v) in extra.as_object().unwrap() {
            base[k] = v.clone();
        }
        json!({"dataset": "world2024", "measure": [base]}).to_string()
    };
    let cases: Vec<(String, &str, StatusCode, Option<&str>)> = vec![
        ("{not json".into(), "application/json", StatusCode::BAD_REQUEST, Some("body")),
        ("[1, 2]".into(), "application/json", StatusCode::BAD_REQUEST, Some("body")),
        (m(json!({"target": "CHA"})), "application/json", StatusCode::BAD_REQUEST, Some("measure[0].target")),
        (m(json!({"sectors": ["MACHINES"]})), "application/json", StatusCode::BAD_REQUEST, Some("measure[0].sectors")),
        (m(json!({"rate_pct": -150})), "application/json", StatusCode::BAD_REQUEST, Some("measure[0].rate_pct")),
        (m(json!({"rate_pct": "ten"})), "application/json", StatusCode::BAD_REQUEST, Some("measure[0].rate_pct")),
        (m(json!({"instrument": "export_tax", "rate_pct": -5})), "application/json", StatusCode::BAD_REQUEST, Some("measure[0].rate_pct")),
        (m(json!({"rate_pct": null})), "application/json", StatusCode::BAD_REQUEST, Some("measure[0].rate_pct")),
        (m(json!({"rat_pct": 5})), "application/json", StatusCode::BAD_REQUEST, Some("measure[0].rat_pct")),
        (json!({"dataset": "../shared/data/cp2015", "measure": [{"id": "a", "imposing": "USA", "target": "CHN", "instrument": "tariff", "rate_pct": 1}]}).to_string(), "application/json", StatusCode::BAD_REQUEST, Some("dataset")),
        (json!({"dataset": "/etc", "measure": [{"id": "a", "imposing": "USA", "target": "CHN", "instrument": "tariff", "rate_pct": 1}]}).to_string(), "application/json", StatusCode::BAD_REQUEST, Some("dataset")),
        ("dataset = \"world2024\"\n[[measure]]\nid = \"a\"\nimposing = \"USA\"\ntarget = \"XXX\"\ninstrument = \"tariff\"\nrate_pct = 5\n".into(), "application/toml", StatusCode::BAD_REQUEST, Some("measure[0].target")),
        ("dataset = \"world2024\"\n[[measure]\n".into(), "application/toml", StatusCode::BAD_REQUEST, None),
        ("a,b\n1,2\n".into(), "text/csv", StatusCode::UNSUPPORTED_MEDIA_TYPE, Some("Content-Type")),
        (json!({"dataset": "world2024", "model": {"max_iterations": 100000000}, "measure": [{"id": "a", "imposing": "USA", "target": "CHN", "instrument": "tariff", "rate_pct": 1}]}).to_string(), "application/json", StatusCode::BAD_REQUEST, Some("model.max_iterations")),
    ];
    for (body, ctype, want, field) in cases {
        let (s, v) = post(&app, "/api/v1/scenario", ctype, body.clone()).await;
        assert_error(s, &v, want, field);
        if ctype == "application/toml" && want == StatusCode::BAD_REQUEST {
            assert!(v["error"].as_str().unwrap().contains("<request>:"), "{v}");
        }
    }
    // Too many steps.
    let steps: Vec<Value> = (0..65)
        .map(|k| json!({"name": format!("s{k}"), "measures": ["a"]}))
        .collect();
    let body = json!({"dataset": "world2024", "measure": [{"id": "a", "imposing": "USA", "target": "CHN", "instrument": "tariff", "rate_pct": 1}], "step": steps});
    let (s, v) = post(
        &app,
        "/api/v1/scenario",
        "application/json",
        body.to_string(),
    )
    .await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, Some("step"));
    // Not UTF-8.
    let (s, v) = post(
        &app,
        "/api/v1/scenario",
        "application/json",
        vec![0xffu8, 0xfe, 0x7b],
    )
    .await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, Some("body"));
    // Still serving.
    assert_eq!(get(&app, "/api/v1/meta").await.0, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bodies_over_the_limit_are_413() {
    let st = state_with(limits(), 4096);
    let app = router(st);
    let big = format!(
        "{{\"dataset\": \"world2024\", \"notes\": [\"{}\"]}}",
        "x".repeat(10_000)
    );
    let (s, v) = post(&app, "/api/v1/scenario", "application/json", big).await;
    assert_error(s, &v, StatusCode::PAYLOAD_TOO_LARGE, Some("body"));
    // The default limit is 1 MiB.
    let (app, _) = self::app();
    let big = vec![b' '; (1 << 20) + 1];
    let (s, v) = post(&app, "/api/v1/scenario", "application/json", big).await;
    assert_error(s, &v, StatusCode::PAYLOAD_TOO_LARGE, Some("body"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_path_reads_a_file_and_unknown_paths_are_json_404() {
    let (app, _) = app();
    for uri in [
        "/assets/../Cargo.toml",
        "/assets/%2e%2e/%2e%2e/Cargo.toml",
        "/assets/..%2F..%2FCargo.toml",
        "/assets/vendor/../../src/lib.rs",
        "/assets//etc/passwd",
        "/assets/%2Fetc%2Fpasswd",
        "/api/v1/%FF",
        "/api/v1/nothing",
        "/etc/passwd",
    ] {
        let (s, v) = get(&app, uri).await;
        assert_error(s, &v, StatusCode::NOT_FOUND, None);
    }
    let (s, _, b) = send(
        &app,
        Request::post("/api/v1/meta").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::METHOD_NOT_ALLOWED);
    assert!(String::from_utf8_lossy(&b).contains("\"hint\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_and_its_assets_are_embedded() {
    let (app, _) = app();
    let (s, h, b) = send(&app, Request::get("/").body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::OK);
    assert!(h["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = String::from_utf8(b).unwrap();
    for name in truce_web::assets::names().filter(|n| n.ends_with(".js") || n.ends_with(".css")) {
        assert!(
            html.contains(&format!("/assets/{name}")),
            "{name} not linked"
        );
    }
    // No file the page loads comes from elsewhere.
    assert!(!html.contains("http://") && !html.contains("https://"));
    let (s, h, b) = send(
        &app,
        Request::get("/assets/vendor/chart.umd.min.js")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(h["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    assert!(String::from_utf8_lossy(&b[..200]).contains("Chart.js v4.5.0"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_openapi_file_lists_every_route() {
    let (app, _) = app();
    let (s, v) = get(&app, "/api/openapi.json").await;
    assert_eq!(s, StatusCode::OK);
    assert!(v["openapi"].as_str().unwrap().starts_with("3.1"));
    assert_eq!(v["info"]["version"], truce_web::SCHEMA_VERSION);
    let paths: Vec<&String> = v["paths"].as_object().unwrap().keys().collect();
    let src = include_str!("../src/api.rs");
    let routes: Vec<&str> = src
        .lines()
        .filter_map(|l| l.trim().strip_prefix(".route(\""))
        .filter_map(|l| l.split('"').next())
        .filter(|r| r.starts_with("/api"))
        .collect();
    assert_eq!(
        routes.len(),
        paths.len(),
        "routes {routes:?} vs documented {paths:?}"
    );
    for r in routes {
        assert!(
            paths.iter().any(|p| p.as_str() == r),
            "{r} is not documented"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_record_has_the_events_and_piie_points() {
    let (app, _) = app();
    let (s, v) = get(&app, "/api/v1/record").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let events: Vec<&str> = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["label"].as_str().unwrap())
        .collect();
    for e in [
        "Phase One",
        "145 %/125 %",
        "Geneva",
        "London",
        "Busan",
        "IEEPA ruling",
    ] {
        assert!(events.contains(&e), "{e} missing from {events:?}");
    }
    let points = v["points"].as_array().unwrap();
    assert!(points.len() > 30);
    assert!(points.iter().all(|p| p["termination"] == "converged"));
    let piie = points
        .iter()
        .filter(|p| p["piie_us_tariff_on_chn_pct"].is_number())
        .count();
    assert!(piie >= 5, "{piie} PIIE points");
    let peak = points
        .iter()
        .map(|p| p["us_tariff_on_chn_pct"].as_f64().unwrap())
        .fold(0.0, f64::max);
    assert!(peak > 100.0, "{peak}");
    // Cached: the second answer is the same.
    let (_, again) = get(&app, "/api/v1/record").await;
    assert_eq!(again, v);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_solve_over_the_time_limit_is_503_and_the_server_keeps_serving() {
    let l = Limits {
        solve_timeout: Duration::from_millis(1),
        ..limits()
    };
    let app = router(state_with(l, 1 << 20));
    let (s, h, b) = send(
        &app,
        Request::get("/api/v1/sliders?ref=pre-war&us=100&cn=100&ree=100")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    let v: Value = serde_json::from_slice(&b).unwrap();
    assert_error(s, &v, StatusCode::SERVICE_UNAVAILABLE, None);
    assert!(v["error"].as_str().unwrap().contains("time limit"), "{v}");
    assert!(h.contains_key("retry-after"));
    let (s, _) = get(&app, "/api/v1/meta").await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_the_queue_the_answer_is_429() {
    let l = Limits {
        workers: 1,
        queue: 0,
        ..limits()
    };
    let st = state_with(l, 1 << 20);
    let app = router(st.clone());
    // Occupy the only worker with the talks.
    let a2 = app.clone();
    let long = tokio::spawn(async move { get(&a2, "/api/v1/talks?instruments=uniform").await });
    let t = Instant::now();
    while st.gate.stats().running == 0 {
        assert!(t.elapsed() < Duration::from_secs(10));
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let (s, h, b) = send(
        &app,
        Request::get("/api/v1/sliders?us=10")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    let v: Value = serde_json::from_slice(&b).unwrap();
    assert_error(s, &v, StatusCode::TOO_MANY_REQUESTS, None);
    assert_eq!(h["retry-after"], "1");
    let (s, v) = long.await.unwrap();
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["command"], "talks");
    assert!(v["solution"]["payoffs_pct"].is_array());
    assert_eq!(st.gate.stats().rejected_queue_full, 1);
}

async fn read_events(body: Body, until: &str, max: Duration) -> String {
    let mut body = body.into_data_stream();
    let mut text = String::new();
    let t = Instant::now();
    use futures_util::StreamExt;
    while !text.contains(until) {
        let left = max.saturating_sub(t.elapsed());
        match tokio::time::timeout(left, body.next()).await {
            Ok(Some(Ok(chunk))) => text.push_str(&String::from_utf8_lossy(&chunk)),
            _ => break,
        }
    }
    text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_war_streams_progress_then_its_result() {
    let (app, _) = app();
    let r = app
        .clone()
        .oneshot(
            Request::get("/api/v1/war/events?instruments=uniform")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
    let text = read_events(r.into_body(), "event: result", Duration::from_secs(60)).await;
    assert!(text.contains("event: stage"), "{text}");
    let data = text
        .split("event: result\ndata: ")
        .nth(1)
        .and_then(|s| s.lines().next())
        .expect("a result event");
    let v: Value = serde_json::from_str(data).unwrap();
    // The result is truce-output's typed `war` output, as `truce war --format json` prints it.
    assert_eq!(v["schema_version"], "1.0");
    assert_eq!(v["command"], "war");
    let instruments = v["instruments"].as_array().expect("instruments");
    assert_eq!(instruments.len(), 2, "one uniform tariff per player: {v}");
    assert!(v["solver"]["elapsed_s"].as_f64().is_some(), "{v}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closing_the_stream_cancels_the_talks() {
    let (app, st) = app();
    let r = app
        .clone()
        .oneshot(
            Request::get("/api/v1/talks/events?instruments=sector")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let mut body = r.into_body().into_data_stream();
    use futures_util::StreamExt;
    let first = tokio::time::timeout(Duration::from_secs(30), body.next())
        .await
        .unwrap();
    assert!(first.is_some());
    assert_eq!(st.gate.stats().running, 1);
    drop(body);
    // The solve stops at its next iterate, gives its worker back and is counted as cancelled
    // (the count is taken just after the worker is released: wait for both).
    let t = Instant::now();
    let cancelled = || {
        st.games_cancelled
            .load(std::sync::atomic::Ordering::Relaxed)
    };
    while st.gate.stats().running > 0 || cancelled() == 0 {
        assert!(
            t.elapsed() < Duration::from_secs(20),
            "the talks kept running"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(cancelled(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_in_a_handler_is_a_json_500() {
    let app: Router = Router::new()
        .route(
            "/boom",
            axum::routing::get(|| async {
                if std::hint::black_box(true) {
                    panic!("secret internals");
                }
                "unreachable"
            }),
        )
        .layer(axum::middleware::from_fn(truce_web::api::catch_panics));
    let (s, v) = get(&app, "/boom").await;
    assert_error(s, &v, StatusCode::INTERNAL_SERVER_ERROR, None);
    assert!(!v.to_string().contains("secret"));
}
