//! `minutes attendance`: per person, the meetings attended and the regrets.
//!
//! Meetings still at status agenda have not been held and are not counted.
//! `--json` prints an array, the most present first, of:
//!
//! ```text
//! { "handle": "anna", "name": "Anna Rossi", "present": 8, "regrets": 0,
//!   "meetings": 8, "share": 1.0 }
//! ```

use chrono::NaiveDate;

use super::Global;
use super::table::{Table, cell};
use crate::error::Result;
use crate::index::{Detail, Parts};
use crate::plural::count;
use crate::query;
use crate::ui::{self, DIM, paint};

pub fn run(global: &Global, since: Option<NaiveDate>) -> Result<()> {
    let archive = global.archive()?;
    let records = global.meetings(&archive, Detail::Parts(Parts::HEAD))?;
    let rows = query::attendance(&records, &archive.config.people, since);
    if global.json {
        return ui::print_json(&rows);
    }
    if rows.is_empty() {
        global.note("nobody is in the roster or in a meeting yet");
        return Ok(());
    }
    let mut table = Table::with_header(&["NAME", "PRESENT", "REGRETS", "SHARE"]);
    for r in &rows {
        table.row(vec![
            cell(&r.name),
            cell(format!("{:>7}", r.present)),
            cell(format!("{:>7}", r.regrets)),
            cell(format!("{:>4.0}%", r.share * 100.0)),
        ]);
    }
    let held = rows[0].meetings;
    let period = since.map(|s| format!(" since {s}")).unwrap_or_default();
    let mut out = table.render();
    let held = count(held, "meeting");
    out.push_str(&paint(DIM, format!("{held} held{period}\n")));
    ui::print(&out)
}
