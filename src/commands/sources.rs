//! `minutes sources`: the cumulative reading list, each source once.
//!
//! `--json` prints an array, by title, of:
//!
//! ```text
//! { "title": "...", "author"?: "...", "publisher"?: "...", "kind"?: "book",
//!   "url"?: "...", "year"?: 2021,
//!   "cited": [ { "meeting": "2025-01-21", "date": "2025-01-21",
//!                "item": "kivu-front", "item_title": "..." } ] }
//! ```

use std::fmt::Write as _;

use super::Global;
use crate::error::Result;
use crate::index::{Detail, Parts};
use crate::plural::count;
use crate::query;
use crate::ui::{self, BOLD, DIM, paint};

pub fn run(global: &Global, kind: Option<&str>) -> Result<()> {
    let archive = global.archive()?;
    let records = global.meetings(&archive, Detail::Parts(Parts::ITEMS | Parts::SOURCES))?;
    let list = query::reading_list(&records, kind);
    if global.json {
        return ui::print_json(&list);
    }
    if list.is_empty() {
        global.note(
            match kind {
                Some(kind) => format!("no source of kind `{kind}` is cited"),
                None => "no source is cited yet".to_string(),
            }
            .as_str(),
        );
        return Ok(());
    }
    let mut out = String::new();
    for cited in &list {
        let s = &cited.source;
        let by = s.byline();
        let about: Vec<String> = [s.kind.clone(), s.year.map(|y| y.to_string())]
            .into_iter()
            .flatten()
            .collect();
        let about = if about.is_empty() {
            String::new()
        } else {
            format!(" ({})", about.join(", "))
        };
        let by = ui::one_line(&by);
        let _ = writeln!(out, "{}{by}{}", paint(BOLD, &s.title), paint(DIM, about));
        let places: Vec<String> = cited
            .cited
            .iter()
            .map(|p| format!("{} {}", p.meeting, p.item))
            .collect();
        let _ = writeln!(
            out,
            "  {}",
            paint(DIM, format!("cited: {}", places.join(", ")))
        );
    }
    let times: usize = list.iter().map(|c| c.cited.len()).sum();
    let _ = writeln!(
        out,
        "{}",
        paint(
            DIM,
            format!(
                "{}, cited {}",
                count(list.len(), "source"),
                count(times, "time")
            )
        )
    );
    ui::print(&out)
}
