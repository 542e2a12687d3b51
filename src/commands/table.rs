//! Aligned columns for the listings, measured in characters so that names
//! with accents line up; styles are applied after padding, so colour codes
//! never count as width. Every cell is painted, and so kept on one line
//! (`ui::paint`): a name with a line break cannot add a row.

use anstyle::Style;

use crate::ui::paint;

/// One cell: its text and how it is painted.
pub struct Cell {
    text: String,
    style: Style,
}

pub fn cell(text: impl Into<String>) -> Cell {
    Cell {
        text: text.into(),
        style: Style::new(),
    }
}

impl Cell {
    pub fn style(mut self, style: Style) -> Cell {
        self.style = style;
        self
    }
}

/// Rows of cells; the last column is never padded.
#[derive(Default)]
pub struct Table {
    rows: Vec<Vec<Cell>>,
}

impl Table {
    /// A table whose first row is `header`, in bold.
    pub fn with_header(header: &[&str]) -> Table {
        let mut table = Table::default();
        table.row(
            header
                .iter()
                .map(|h| cell(*h).style(Style::new().bold()))
                .collect(),
        );
        table
    }

    pub fn row(&mut self, cells: Vec<Cell>) {
        self.rows.push(cells);
    }

    pub fn render(&self) -> String {
        let columns = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let widths: Vec<usize> = (0..columns)
            .map(|c| {
                self.rows
                    .iter()
                    .filter_map(|r| r.get(c))
                    .map(|cell| cell.text.chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        for row in &self.rows {
            let mut line = String::new();
            for (c, cell) in row.iter().enumerate() {
                if c > 0 {
                    line.push_str("  ");
                }
                let pad = if c + 1 == row.len() {
                    0
                } else {
                    widths[c] - cell.text.chars().count()
                };
                line.push_str(&paint(cell.style, &cell.text));
                line.push_str(&" ".repeat(pad));
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}
