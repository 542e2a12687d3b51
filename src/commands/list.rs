//! `minutes list`: the meetings, one line each.

use serde::Serialize;

use super::Global;
use crate::cli::ListArgs;
use crate::error::Result;
use crate::meeting::Status;
use crate::plural::count;
use crate::ui::{self, BOLD, DIM, paint};

/// One row of the listing; also its JSON shape.
#[derive(Serialize)]
struct Row {
    id: String,
    date: chrono::NaiveDate,
    series: Option<String>,
    status: Status,
    title: Option<String>,
    items: usize,
    actions: usize,
}

pub fn run(global: &Global, options: ListArgs) -> Result<()> {
    let archive = global.archive()?;
    let mut rows = Vec::new();
    global.summaries(&archive, &mut |id, s| {
        let year_matches = options
            .year
            .is_none_or(|y| chrono::Datelike::year(&id.date()) == y);
        if !year_matches || options.status.is_some_and(|status| status != s.status) {
            return;
        }
        rows.push(Row {
            id: id.to_string(),
            date: s.date,
            series: s.series,
            status: s.status,
            title: s.headline,
            items: s.items,
            actions: s.actions,
        });
    })?;
    if global.json {
        return ui::print_json(&rows);
    }
    let mut out = String::new();
    for row in &rows {
        let title = ui::one_line(row.title.as_deref().unwrap_or(""));
        let counts = format!(
            "{}, {}",
            count(row.items, "item"),
            count(row.actions, "action")
        );
        let counts = paint(DIM, counts);
        out.push_str(&format!(
            "{}  {:<9}  {}  {counts}\n",
            paint(BOLD, format!("{:<12}", row.id)),
            row.status.as_str(),
            title
        ));
    }
    if rows.is_empty() {
        global.note("no meetings match");
    }
    ui::print(&out)
}
