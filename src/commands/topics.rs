//! `minutes topics` and `minutes topic TAG`: the tags of the archive, and
//! the dossier of one.
//!
//! `topics --json` prints an array, the most discussed tag first:
//!
//! ```text
//! { "tag": "congo", "meetings": 6, "items": 6, "first": "2025-01-21", "last": "2025-03-11" }
//! ```
//!
//! `topic TAG --json` prints the dossier ([`crate::query::Dossier`]):
//!
//! ```text
//! { "tag": "congo", "first": "...", "last": "...", "meetings": 6,
//!   "entries": [ { "meeting": "2025-01-28", "date": "2025-01-28",
//!                  "meeting_title": "..." | null, "item": "congo", "title": "...",
//!                  "lead": "..." | null, "presenter": "giulia" | null, "tags": [...],
//!                  "private": false, "notes": "Markdown", "decisions": ["..."],
//!                  "sources": [ { "title": "...", "author"?, "publisher"?, "kind"?,
//!                                 "url"?, "year"? } ],
//!                  "actions": [ <as in `actions --json`> ] } ] }
//! ```

use super::Global;
use super::table::{Table, cell};
use crate::error::Result;
use crate::index::{Detail, Parts};
use crate::query;
use crate::ui::{self, CYAN};
use crate::view;

pub fn list(global: &Global) -> Result<()> {
    let archive = global.archive()?;
    let mut tally = query::Tally::default();
    global.visit(&archive, Detail::Parts(Parts::ITEMS), &mut |record| {
        tally.add(&record)
    })?;
    let topics = tally.finish();
    if global.json {
        return ui::print_json(&topics);
    }
    if topics.is_empty() {
        global.note("no item has tags yet");
        return Ok(());
    }
    let mut table = Table::with_header(&["TAG", "MEETINGS", "ITEMS", "FIRST", "LAST"]);
    for t in &topics {
        table.row(vec![
            cell(&t.tag).style(CYAN),
            cell(format!("{:>8}", t.meetings)),
            cell(format!("{:>5}", t.items)),
            cell(t.first.to_string()),
            cell(t.last.to_string()),
        ]);
    }
    ui::print(&table.render())
}

pub fn dossier(global: &Global, tag: &str) -> Result<()> {
    let archive = global.archive()?;
    let records = global.meetings(&archive, Detail::Full)?;
    let dossier = query::dossier(&records, tag, archive.today()?)
        .ok_or_else(|| query::unknown_tag(tag, &query::tags(&records)))?;
    if global.json {
        return ui::print_json(&dossier);
    }
    ui::print(&view::dossier::text(&dossier, &archive.config))
}
