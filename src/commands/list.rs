//! `minutes list`: the meetings, one line each.

use serde::Serialize;

use super::Global;
use crate::archive::Loaded;
use crate::cli::ListArgs;
use crate::error::Result;
use crate::index::{Detail, Parts};
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
    let parts = Detail::Parts(Parts::ITEMS | Parts::ACTIONS);
    global.visit(&archive, parts, &mut |Loaded { id, meeting: m }| {
        let year_matches = options
            .year
            .is_none_or(|y| chrono::Datelike::year(&id.date()) == y);
        if !year_matches || options.status.is_some_and(|s| s != m.status) {
            return;
        }
        rows.push(Row {
            id: id.to_string(),
            date: m.date,
            series: m.series.clone(),
            status: m.status,
            title: m.headline().map(str::to_string),
            items: m.items.len(),
            actions: m.action_count(),
        });
    })?;
    if global.json {
        return ui::print_json(&rows);
    }
    let mut out = String::new();
    for row in &rows {
        let title = row.title.as_deref().unwrap_or("");
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
