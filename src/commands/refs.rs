//! `minutes refs [REF]`: the issues and pull requests the items refer to,
//! with the meetings that listed them.
//!
//! `--json` prints an array of references (with REF, the one object):
//!
//! ```text
//! { "ref": "example/council#178",
//!   "url": "https://github.com/example/council/issues/178",
//!   "meetings": 2, "discussed": 1, "first": "2025-05-23", "last": "2025-06-06",
//!   "cited": [{ "meeting": "2025-05-23", "date": "2025-05-23", "item": "mods",
//!               "item_title": "...", "private": false, "discussed": true }, ...] }
//! ```
//!
//! `ref` is `owner/repo#N`, or the address when it names no issue.

use super::Global;
use super::table::{Table, cell};
use crate::error::{Error, Result};
use crate::index::Detail;
use crate::meeting::Ref;
use crate::query::{self, Referenced};
use crate::ui::{self, BOLD, DIM, YELLOW, paint};

pub fn run(global: &Global, reference: Option<&Ref>) -> Result<()> {
    let archive = global.archive()?;
    let records = global.meetings(&archive, Detail::Outline)?;
    let all = query::references(&records, &archive.config);
    let Some(reference) = reference else {
        return list(global, &all);
    };
    let key = match reference {
        Ref::Issue { repo, number } => format!("{repo}#{number}"),
        Ref::Url(url) => archive
            .config
            .resolve_ref(url)
            .map_or_else(|| url.clone(), |t| t.key),
    };
    let Some(found) = query::refs::find(&all, &key) else {
        let keys = all.iter().map(|r| r.key.as_str());
        let help = match crate::diagnostic::did_you_mean(&key, keys) {
            Some(close) => format!("did you mean `{close}`?"),
            None => "`minutes refs` lists the references of the archive".to_string(),
        };
        return Err(Error::failed(format!("no meeting refers to {key}")).with_help(help));
    };
    if global.json {
        return ui::print_json(found);
    }
    let mut out = format!("{}  {}\n", paint(BOLD, &found.key), paint(DIM, &found.url));
    for c in &found.cited {
        let mut marks = String::new();
        if !c.discussed {
            marks.push_str(&format!("  {}", paint(DIM, "listed, not discussed")));
        }
        if c.private {
            marks.push_str(&format!("  {}", paint(YELLOW, "private")));
        }
        out.push_str(&format!(
            "{}  {}{marks}\n",
            paint(BOLD, &c.place.meeting),
            ui::one_line(&c.place.item_title)
        ));
    }
    ui::print(&out)
}

fn list(global: &Global, all: &[Referenced]) -> Result<()> {
    if global.json {
        return ui::print_json(&all);
    }
    if all.is_empty() {
        global.note("no item refers to an issue yet (`refs = [...]` in an item)");
        return Ok(());
    }
    let mut table = Table::with_header(&["REF", "DISCUSSED", "LISTED", "LAST"]);
    for r in all {
        table.row(vec![
            cell(&r.key),
            cell(format!("{:>9}", r.discussed)),
            cell(format!("{:>6}", r.meetings)),
            cell(r.last.to_string()),
        ]);
    }
    ui::print(&table.render())
}
