//! The page and its assets, embedded in the binary: the dashboard works offline, from any
//! folder, and no request can name a file on disk.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

/// The OpenAPI description of the API (served at `/api/openapi.json`).
pub const OPENAPI: &str = include_str!("../assets/openapi.json");

/// (name, content type, bytes) of every embedded file.
const FILES: &[(&str, &str, &[u8])] = &[
    (
        "index.html",
        "text/html; charset=utf-8",
        include_bytes!("../assets/index.html"),
    ),
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/app.js"),
    ),
    (
        "app.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/app.css"),
    ),
    (
        "vendor/chart.umd.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/vendor/chart.umd.min.js"),
    ),
    (
        "vendor/chart.js-LICENSE.md",
        "text/markdown; charset=utf-8",
        include_bytes!("../assets/vendor/chart.js-LICENSE.md"),
    ),
];

/// Names of the embedded files.
pub fn names() -> impl Iterator<Item = &'static str> {
    FILES.iter().map(|f| f.0)
}

/// The response for an embedded file, or `None` when there is no such file.
pub fn response(name: &str) -> Option<Response> {
    let (_, ctype, bytes) = FILES.iter().find(|f| f.0 == name)?;
    let cache = if name == "index.html" {
        "no-cache"
    } else {
        // Assets change only with the binary; the page revalidates them on each load.
        "public, max-age=300"
    };
    Some(
        (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(ctype)),
                (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
                (
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ),
            ],
            *bytes,
        )
            .into_response(),
    )
}
