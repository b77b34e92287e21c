//! Which request field each line of a scenario's TOML text came from, so that an error found
//! on line 7 is reported as `field: "measure[1].rate_pct"` (used by [`crate::scenario_input`]
//! when it writes the TOML, and by [`crate::error`] when it reports a scenario error).

/// Line (1-based) → request field (`dataset`, `model.tolerance`, `measure[0].rate_pct`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FieldMap {
    lines: Vec<Option<String>>,
}

impl FieldMap {
    /// The field on line `line`, if any.
    pub fn field_at(&self, line: usize) -> Option<String> {
        self.lines.get(line.checked_sub(1)?).cloned().flatten()
    }

    pub(crate) fn push(&mut self, field: Option<String>) {
        self.lines.push(field);
    }

    /// The map of TOML text: each `key = value` line is `TABLE.key` (TABLE as `measure[i]`
    /// for the i-th `[[measure]]`); headers name their table; continuation lines keep the
    /// field of the key they continue.
    pub fn of_toml(text: &str) -> Self {
        let mut map = FieldMap::default();
        let mut table = String::new();
        let mut counts: std::collections::HashMap<String, usize> = Default::default();
        let mut last: Option<String> = None;
        for line in text.lines() {
            let t = line.trim();
            if let Some(name) = t.strip_prefix("[[").and_then(|r| r.split("]]").next()) {
                let name = name.trim().to_string();
                let k = counts.entry(name.clone()).or_insert(0);
                table = format!("{name}[{k}]");
                *k += 1;
                last = Some(table.clone());
            } else if let Some(name) = t.strip_prefix('[').and_then(|r| r.split(']').next()) {
                table = name.trim().to_string();
                last = Some(table.clone());
            } else if let Some((key, _)) = t.split_once('=') {
                let key = key.trim().trim_matches('"');
                if !key.is_empty()
                    && key
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                {
                    last = Some(if table.is_empty() {
                        key.to_string()
                    } else {
                        format!("{table}.{key}")
                    });
                }
            }
            map.push(last.clone());
        }
        map
    }
}
