//! A small table type that renders as aligned text or CSV.

/// Horizontal alignment of a column in text output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Left-aligned (text).
    Left,
    /// Right-aligned (numbers).
    Right,
}

/// A column header.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Header text (also the CSV header).
    pub name: String,
    /// Alignment in text output.
    pub align: Align,
    /// A shorter header for text output within a width limit ([`Table::short`]); CSV and
    /// `--wide` text keep `name`.
    pub short: Option<String>,
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A number shown with a fixed number of decimals in text output and full precision in
    /// CSV; `None` shows as `–` (text) or empty (CSV).
    Num(Option<f64>, usize),
    /// An integer.
    Int(i64),
    /// A yes/no value (`true`/`false` in text and CSV, BOOLEAN in Parquet).
    Bool(bool),
}

impl Cell {
    /// A text cell.
    pub fn text(s: impl Into<String>) -> Self {
        Cell::Text(s.into())
    }
    /// A number with `decimals` places in text output.
    pub fn num(v: f64, decimals: usize) -> Self {
        Cell::Num(Some(v), decimals)
    }
    /// An optional number.
    pub fn opt(v: Option<f64>, decimals: usize) -> Self {
        Cell::Num(v, decimals)
    }
    fn text_form(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Num(Some(v), d) => {
                let s = format!("{v:.d$}", d = *d);
                // Avoid printing "-0.00".
                if s.trim_start_matches('-')
                    .chars()
                    .all(|c| c == '0' || c == '.')
                {
                    s.trim_start_matches('-').to_string()
                } else {
                    s
                }
            }
            Cell::Num(None, _) => "–".into(),
            Cell::Int(i) => i.to_string(),
            Cell::Bool(b) => b.to_string(),
        }
    }
    pub(crate) fn csv_form(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Num(Some(v), _) => format!("{v}"),
            Cell::Num(None, _) => String::new(),
            Cell::Int(i) => i.to_string(),
            Cell::Bool(b) => b.to_string(),
        }
    }
}

/// Text columns are never shortened below this many characters.
pub const MIN_TEXT_WIDTH: usize = 12;

/// `s` cut to `width` characters, the last one `…`.
fn ellipsis(s: &str, width: usize) -> String {
    if width == 0 {
        return String::new();
    }
    let mut t: String = s.chars().take(width - 1).collect();
    t = t.trim_end().to_string();
    t.push('…');
    t
}

/// `text` wrapped at spaces into lines of at most `width` characters (a word longer than
/// `width` gets a line of its own); lines joined with `\n`, no trailing newline.
pub fn wrap(text: &str, width: usize) -> String {
    wrap_indented(text, width, "")
}

/// As [`wrap`], with `indent` before every line but the first.
pub fn wrap_indented(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    let mut len = 0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let n = word.chars().count();
        if len > 0 && len + 1 + n > width {
            out.push_str(&line);
            out.push('\n');
            line = indent.to_string();
            len = indent.chars().count();
        } else if len > 0 {
            line.push(' ');
            len += 1;
        }
        line.push_str(word);
        len += n;
    }
    out.push_str(&line);
    out
}

/// A titled table with notes.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Title printed above the text table.
    pub title: String,
    /// Columns.
    pub columns: Vec<Column>,
    /// Rows; each has one cell per column.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// A table with these headers; the first column is left-aligned, the rest right-aligned.
    pub fn new(title: impl Into<String>, headers: &[&str]) -> Self {
        Self {
            title: title.into(),
            columns: headers
                .iter()
                .enumerate()
                .map(|(k, h)| Column {
                    name: h.to_string(),
                    align: if k == 0 { Align::Left } else { Align::Right },
                    short: None,
                })
                .collect(),
            rows: Vec::new(),
        }
    }

    /// Set a column's alignment.
    pub fn align(mut self, column: usize, align: Align) -> Self {
        self.columns[column].align = align;
        self
    }

    /// A shorter header for `column` in text output within a width limit (e.g. `paper` for
    /// `published`); CSV keeps the full name.
    pub fn short(mut self, column: usize, short: &str) -> Self {
        self.columns[column].short = Some(short.to_string());
        self
    }

    /// Append a row.
    ///
    /// # Panics
    /// If the row does not have one cell per column (a programming error).
    #[track_caller]
    pub fn push(&mut self, row: Vec<Cell>) {
        assert_eq!(
            row.len(),
            self.columns.len(),
            "row width must match the columns"
        );
        self.rows.push(row);
    }

    /// Aligned text, as wide as its widest cells.
    pub fn to_text(&self) -> String {
        self.to_text_within(None)
    }

    /// Aligned text at most `max_width` columns wide when it can be: text columns
    /// (left-aligned) wider than [`MIN_TEXT_WIDTH`] are shortened, the widest first, and their
    /// long cells end in `…`; the title wraps at word boundaries. Numbers are never cut (a
    /// table of numbers alone wider than `max_width` stays as it is). `None`: no limit.
    pub fn to_text_within(&self, max_width: Option<usize>) -> String {
        let names: Vec<&str> = self
            .columns
            .iter()
            .map(|c| match (&c.short, max_width) {
                (Some(short), Some(_)) => short.as_str(),
                _ => c.name.as_str(),
            })
            .collect();
        let mut cells: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| r.iter().map(Cell::text_form).collect())
            .collect();
        let mut widths: Vec<usize> = self
            .columns
            .iter()
            .enumerate()
            .map(|(k, _)| {
                cells
                    .iter()
                    .map(|r| r[k].chars().count())
                    .chain(std::iter::once(names[k].chars().count()))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        if let Some(max) = max_width {
            let total = |w: &[usize]| w.iter().sum::<usize>() + 2 * w.len().saturating_sub(1);
            while total(&widths) > max {
                // The widest text column that may still shrink.
                let Some(k) = (0..widths.len())
                    .filter(|&k| self.columns[k].align == Align::Left && widths[k] > MIN_TEXT_WIDTH)
                    .max_by_key(|&k| widths[k])
                else {
                    break;
                };
                let excess = total(&widths) - max;
                // Never below the minimum (nor below zero: the excess may exceed the column).
                widths[k] = widths[k].saturating_sub(excess).max(MIN_TEXT_WIDTH);
            }
            for row in &mut cells {
                for (k, cell) in row.iter_mut().enumerate() {
                    if cell.chars().count() > widths[k] {
                        *cell = ellipsis(cell, widths[k]);
                    }
                }
            }
        }
        // Still too wide: headers wider than their column's cells wrap onto two lines (at
        // spaces, never narrower than their longest word), the most to gain first.
        if let Some(max) = max_width {
            let total = |w: &[usize]| w.iter().sum::<usize>() + 2 * w.len().saturating_sub(1);
            let data_w: Vec<usize> = (0..widths.len())
                .map(|k| {
                    cells
                        .iter()
                        .map(|r| r[k].chars().count())
                        .max()
                        .unwrap_or(0)
                })
                .collect();
            let floor: Vec<usize> = self
                .columns
                .iter()
                .enumerate()
                .map(|(k, _)| {
                    // At most two lines: a header narrower than half itself would wrap
                    // onto three or more.
                    let word = names[k]
                        .split(' ')
                        .map(|w| w.chars().count())
                        .max()
                        .unwrap_or(0);
                    let half = names[k].chars().count().div_ceil(2);
                    data_w[k].max(word).max(half).min(widths[k])
                })
                .collect();
            while total(&widths) > max {
                let Some(k) = (0..widths.len())
                    .filter(|&k| widths[k] > floor[k])
                    .max_by_key(|&k| widths[k] - floor[k])
                else {
                    break;
                };
                let excess = total(&widths) - max;
                let target = widths[k].saturating_sub(excess).max(floor[k]);
                // The width the wrapped header really takes.
                widths[k] = wrap(names[k], target)
                    .lines()
                    .map(|l| l.chars().count())
                    .max()
                    .unwrap_or(0)
                    .max(floor[k]);
                if widths[k] > target {
                    // Wrapping at `target` leaves a longer line: nothing more to gain here.
                    break;
                }
            }
        }
        let header_lines: Vec<Vec<String>> = self
            .columns
            .iter()
            .enumerate()
            .map(|(k, _)| {
                if names[k].chars().count() <= widths[k] {
                    vec![names[k].to_string()]
                } else {
                    wrap(names[k], widths[k])
                        .lines()
                        .map(|l| {
                            if l.chars().count() > widths[k] {
                                ellipsis(l, widths[k])
                            } else {
                                l.to_string()
                            }
                        })
                        .collect()
                }
            })
            .collect();
        let header_rows = header_lines.iter().map(Vec::len).max().unwrap_or(1);
        let fmt_row = |row: &[String]| -> String {
            let mut line = String::new();
            for (k, cell) in row.iter().enumerate() {
                if k > 0 {
                    line.push_str("  ");
                }
                let pad = widths[k] - cell.chars().count();
                match self.columns[k].align {
                    Align::Left => {
                        line.push_str(cell);
                        line.push_str(&" ".repeat(pad));
                    }
                    Align::Right => {
                        line.push_str(&" ".repeat(pad));
                        line.push_str(cell);
                    }
                }
            }
            line.trim_end().to_string()
        };
        let mut s = String::new();
        if !self.title.is_empty() {
            match max_width {
                Some(max) => s.push_str(&wrap(&self.title, max)),
                None => s.push_str(&self.title),
            }
            s.push('\n');
        }
        for r in 0..header_rows {
            // Wrapped headers sit at the bottom, next to the cells they name.
            let row: Vec<String> = header_lines
                .iter()
                .map(|h| {
                    let skip = header_rows - h.len();
                    if r < skip {
                        String::new()
                    } else {
                        h[r - skip].clone()
                    }
                })
                .collect();
            s.push_str(&fmt_row(&row));
            s.push('\n');
        }
        let total: usize = widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1);
        s.push_str(&"─".repeat(total));
        s.push('\n');
        for r in &cells {
            s.push_str(&fmt_row(r));
            s.push('\n');
        }
        s
    }

    /// CSV with a header row; numbers at full precision.
    pub fn to_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(self.columns.iter().map(|c| c.name.as_str()))
            .expect("writing to memory");
        for r in &self.rows {
            w.write_record(r.iter().map(Cell::csv_form))
                .expect("writing to memory");
        }
        String::from_utf8(w.into_inner().expect("flush to memory")).expect("csv is UTF-8")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_aligned_and_csv_is_full_precision() {
        let mut t = Table::new("T", &["code", "x"]);
        t.push(vec![Cell::text("MEX"), Cell::num(1.23456, 2)]);
        t.push(vec![Cell::text("CANADA"), Cell::opt(None, 2)]);
        t.push(vec![Cell::text("Z"), Cell::num(-0.001, 2)]);
        let text = t.to_text();
        assert!(text.contains("MEX     1.23"), "{text}");
        assert!(text.contains("CANADA     –"), "{text}");
        assert!(text.contains("Z       0.00"), "no negative zero: {text}");
        let csv = t.to_csv();
        assert_eq!(csv, "code,x\nMEX,1.23456\nCANADA,\nZ,-0.001\n");
    }

    fn width(text: &str) -> usize {
        text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
    }

    #[test]
    fn long_text_columns_shrink_to_fit_and_numbers_stay_whole() {
        let mut t = Table::new(
            "A title that is long enough to wrap at forty columns, surely",
            &["step", "x", "note"],
        );
        let long = "a step name far longer than anything sensible ".repeat(3);
        t.push(vec![
            Cell::text(&long),
            Cell::num(123456.789, 3),
            Cell::text("short"),
        ]);
        let wide = t.to_text();
        assert!(width(&wide) > 100, "{wide}");
        let fitted = t.to_text_within(Some(40));
        assert!(width(&fitted) <= 40, "{fitted}");
        assert!(
            fitted.contains("123456.789"),
            "numbers are never cut: {fitted}"
        );
        assert!(fitted.contains('…'), "{fitted}");
        // Nothing to cut: unchanged.
        let mut small = Table::new("T", &["a", "b"]);
        small.push(vec![Cell::text("x"), Cell::num(1.0, 1)]);
        assert_eq!(small.to_text_within(Some(40)), small.to_text());
    }

    #[test]
    fn an_excess_larger_than_a_column_shrinks_several_columns() {
        // Regression: the excess (150) exceeded the widest text column (40): the width
        // wrapped around (usize) and the table tried to allocate an enormous padding.
        let mut t = Table::new("", &["a", "b", "c", "n"])
            .align(1, Align::Left)
            .align(2, Align::Left);
        t.push(vec![
            Cell::text("x".repeat(40)),
            Cell::text("y".repeat(40)),
            Cell::text("z".repeat(40)),
            Cell::num(1.0, 1),
        ]);
        let text = t.to_text_within(Some(10));
        assert!(
            text.lines()
                .all(|l| l.chars().count() <= 3 * MIN_TEXT_WIDTH + 10),
            "{text}"
        );
        assert!(text.contains("1.0"));
    }

    #[test]
    fn long_headers_over_narrow_numbers_wrap() {
        let mut t = Table::new("", &["step", "tariff on all imports %", "after subst. %"]);
        t.push(vec![
            Cell::text("a"),
            Cell::num(25.3, 1),
            Cell::num(10.3, 1),
        ]);
        let text = t.to_text_within(Some(28));
        assert!(text.lines().all(|l| l.chars().count() <= 28), "{text}");
        assert!(text.lines().count() > 3, "headers on several lines: {text}");
        assert!(text.contains("imports") && text.contains("25.3"), "{text}");
        assert_eq!(
            t.to_text_within(None).lines().count(),
            3,
            "unlimited: one header line"
        );
    }

    #[test]
    fn numbers_alone_are_never_cut_even_when_too_wide() {
        let mut t = Table::new("", &["n", "a", "b"]);
        t.push(vec![Cell::Int(1), Cell::num(1e20, 2), Cell::num(2e20, 2)]);
        assert_eq!(t.to_text_within(Some(10)), t.to_text());
    }

    #[test]
    fn wrap_breaks_at_spaces() {
        assert_eq!(wrap("aaa bbb ccc", 7), "aaa bbb\nccc");
        assert_eq!(wrap_indented("aaa bbb ccc", 7, "  "), "aaa bbb\n  ccc");
        assert_eq!(
            wrap("averyveryverylongword x", 5),
            "averyveryverylongword\nx"
        );
    }
}
