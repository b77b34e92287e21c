//! URL query strings, decoded strictly: a parameter whose percent-encoding is broken or does
//! not decode to UTF-8 is an error naming it (never replaced by `�` and read as something else).

use crate::error::ApiError;

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Decode one `application/x-www-form-urlencoded` component (`+` is a space).
fn decode(raw: &str) -> Result<String, String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let h = bytes.get(i + 1).copied().and_then(hex);
                let l = bytes.get(i + 2).copied().and_then(hex);
                match (h, l) {
                    (Some(h), Some(l)) => {
                        out.push(h * 16 + l);
                        i += 2;
                    }
                    _ => return Err(format!("`{raw}` has a broken %-escape")),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| format!("`{raw}` does not decode to UTF-8 text"))
}

/// Decoded `(key, value)` pairs of a raw query string (empty components are skipped).
///
/// # Errors
/// 400 naming the parameter whose key or value does not decode.
pub fn parse(raw: Option<&str>) -> Result<Vec<(String, String)>, ApiError> {
    let mut out = Vec::new();
    for part in raw.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        let key = decode(k).map_err(|e| {
            ApiError::bad_request(
                "query",
                format!("a query parameter name is not valid: {e}"),
                "percent-encode UTF-8 text (e.g. %C3%A9 for é)",
            )
        })?;
        let value = decode(v).map_err(|e| {
            ApiError::bad_request(
                &key,
                format!("the value of `{key}` is not valid: {e}"),
                "percent-encode UTF-8 text (e.g. %C3%A9 for é)",
            )
        })?;
        out.push((key, value));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_rejects() {
        assert_eq!(
            parse(Some("a=1&b=x%20y+z&&c")).unwrap(),
            vec![
                ("a".into(), "1".into()),
                ("b".into(), "x y z".into()),
                ("c".into(), "".into())
            ]
        );
        assert_eq!(parse(Some("d=%C3%A9")).unwrap()[0].1, "é");
        let e = parse(Some("us=%FF")).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("us"));
        let e = parse(Some("us=%G1")).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("us"));
        let e = parse(Some("%FF=1")).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("query"));
        assert!(parse(None).unwrap().is_empty());
    }
}
