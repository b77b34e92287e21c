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
        }
    }
    fn csv_form(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Num(Some(v), _) => format!("{v}"),
            Cell::Num(None, _) => String::new(),
            Cell::Int(i) => i.to_string(),
        }
    }
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

    /// Aligned text.
    pub fn to_text(&self) -> String {
        let cells: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| r.iter().map(Cell::text_form).collect())
            .collect();
        let widths: Vec<usize> = self
            .columns
            .iter()
            .enumerate()
            .map(|(k, c)| {
                cells
                    .iter()
                    .map(|r| r[k].chars().count())
                    .chain(std::iter::once(c.name.chars().count()))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
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
            s.push_str(&self.title);
            s.push('\n');
        }
        let header: Vec<String> = self.columns.iter().map(|c| c.name.clone()).collect();
        s.push_str(&fmt_row(&header));
        s.push('\n');
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
}
