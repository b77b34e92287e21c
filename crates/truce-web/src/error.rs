//! Errors a client sees: an HTTP status and the JSON body `{error, field, hint}`.
//!
//! Every failure the server can meet ends here, so that no request is answered with an HTML
//! page, an empty body or a dropped connection: bad input (4xx, naming the field), a busy
//! server (429, 503 with `Retry-After`), a solve over its time limit (503), a solver that did
//! not converge (422) and a bug (500, never the panic's text).

use crate::SCHEMA_VERSION;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// An error answer: status, message, the request field it concerns, and how to fix it.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// What went wrong (one sentence, naming the value).
    pub error: String,
    /// The request field at fault (`us`, `measure[2].rate_pct`, `body`, …), if one is.
    pub field: Option<String>,
    /// What would fix it.
    pub hint: String,
    /// Seconds after which a retry may succeed (429 and 503).
    pub retry_after: Option<u64>,
}

/// The JSON body of an error.
#[derive(Debug, Serialize)]
struct Body<'a> {
    schema_version: &'a str,
    error: &'a str,
    field: Option<&'a str>,
    hint: &'a str,
    status: u16,
}

impl ApiError {
    /// An error with a status, a message, a field and a hint.
    pub fn new(
        status: StatusCode,
        error: impl Into<String>,
        field: Option<&str>,
        hint: impl Into<String>,
    ) -> Self {
        Self {
            status,
            error: error.into(),
            field: field.map(str::to_string),
            hint: hint.into(),
            retry_after: None,
        }
    }

    /// 400 Bad Request about `field`.
    pub fn bad_request(field: &str, error: impl Into<String>, hint: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, error, Some(field), hint)
    }

    /// 404 Not Found.
    pub fn not_found(what: impl Into<String>, hint: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, what, None, hint)
    }

    /// 503 Service Unavailable with a `Retry-After`.
    pub fn unavailable(error: impl Into<String>, hint: impl Into<String>, retry: u64) -> Self {
        let mut e = Self::new(StatusCode::SERVICE_UNAVAILABLE, error, None, hint);
        e.retry_after = Some(retry);
        e
    }

    /// 500: a bug. The message says so and names nothing internal.
    pub fn internal(what: &str) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("internal error while {what}; the server keeps serving"),
            None,
            "this is a bug in truce: please report the request that caused it",
        )
    }

    /// The JSON body (also sent as an SSE `error` event).
    pub fn json(&self) -> serde_json::Value {
        serde_json::to_value(Body {
            schema_version: SCHEMA_VERSION,
            error: &self.error,
            field: self.field.as_deref(),
            hint: &self.hint,
            status: self.status.as_u16(),
        })
        .expect("an error body serialises")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut r = (self.status, axum::Json(self.json())).into_response();
        if let Some(s) = self.retry_after {
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        r
    }
}

/// Map a pipeline error to a client error. Scenario errors keep their message (it names the
/// line, key and fix) and gain a field path when `fields` can place the line.
pub fn from_truce(
    e: &truce::Error,
    fields: Option<&crate::scenario_input::FieldMap>,
    toml_input: bool,
) -> ApiError {
    use truce::Error as E;
    if e.is_not_converged() {
        if is_timeout(e) {
            return ApiError::unavailable(
                format!("the solve passed the server's time limit: {e}"),
                "simplify the scenario (fewer steps, smaller shocks) or ask again later; the \
                 limit is set by `truce serve --solve-timeout`",
                5,
            );
        }
        return ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("the solver did not converge: {e}"),
            None,
            "the shock may be too large for the model (prohibitive rates, near-zero flows); \
             try smaller rates, or raise [model] max_iterations",
        );
    }
    match e {
        E::Scenario(s) => {
            let field = match (fields, s.line) {
                (Some(map), Some(line)) => map.field_at(line),
                _ => None,
            };
            let hint = hint_for(s.kind);
            // TOML input: the sender's own line and column mean something to them.
            let msg = if toml_input {
                s.to_string()
            } else {
                s.message.clone()
            };
            ApiError::new(
                StatusCode::BAD_REQUEST,
                msg,
                Some(field.as_deref().unwrap_or("scenario")),
                hint,
            )
        }
        E::Usage(m) => ApiError::new(StatusCode::BAD_REQUEST, m.clone(), None, "see the message"),
        E::Model(m) => ApiError::new(
            StatusCode::BAD_REQUEST,
            m.to_string(),
            None,
            "a policy level is outside what the model accepts (tariffs above −100 %, export \
             taxes of 0 or more, positive trade-cost factors)",
        ),
        E::Game(g) => ApiError::new(
            StatusCode::BAD_REQUEST,
            g.to_string(),
            None,
            "check the players and the instruments",
        ),
        _ => ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            e.to_string(),
            None,
            "the server could not complete this request; it keeps serving",
        ),
    }
}

fn is_timeout(e: &truce::Error) -> bool {
    use truce::model::cp2015::SolveError;
    match e {
        truce::Error::Solve(SolveError::NotConverged(info, _)) => {
            info.termination == truce::solve::Termination::Timeout
        }
        _ => false,
    }
}

fn hint_for(kind: truce::scenario::ErrorKind) -> &'static str {
    use truce::scenario::ErrorKind as K;
    match kind {
        K::UnknownCountry => "use a region code of the dataset (GET /api/v1/meta lists them)",
        K::UnknownSector => "use a sector code of the dataset (GET /api/v1/meta lists them)",
        K::UnknownDataset => {
            "name a dataset this server serves (GET /api/v1/meta); the API reads no folders"
        }
        K::OutOfRange => "give a finite value in the allowed range (docs/scenarios.md)",
        K::UnknownKey | K::MissingKey | K::BadValue | K::Conflict => {
            "see docs/scenarios.md for the keys a scenario takes"
        }
        _ => "see docs/scenarios.md",
    }
}
