//! `minutes attendance`: per person, the meetings attended and the regrets,
//! with the roles and affiliations they came with.
//!
//! Meetings still at status agenda, and cancelled ones, have not been held
//! and are not counted. `--json` prints an array, the most present first, of:
//!
//! ```text
//! { "handle": "anna", "name": "Anna Rossi", "guest": false,
//!   "roles": ["member"], "affiliations": ["Example Lab"],
//!   "present": 8, "regrets": 0, "meetings": 8, "share": 1.0 }
//! ```
//!
//! A guest (`--guests`) has `"handle": null` and `"guest": true`.

use super::Global;
use super::table::{Table, cell};
use crate::cli::AttendanceArgs;
use crate::error::Result;
use crate::index::{Detail, Parts};
use crate::plural::count;
use crate::query::{self, AttendanceFilter};
use crate::ui::{self, DIM, paint};

pub fn run(global: &Global, options: &AttendanceArgs) -> Result<()> {
    let archive = global.archive()?;
    let records = global.meetings(&archive, Detail::Parts(Parts::HEAD))?;
    let filter = AttendanceFilter {
        since: options.since,
        guests: options.guests,
        role: options.role.as_deref(),
    };
    let rows = query::attendance(&records, &archive.config.people, &filter);
    if global.json {
        return ui::print_json(&rows);
    }
    if rows.is_empty() {
        match &options.role {
            Some(role) => global.note(&format!("nobody came with the role `{role}`")),
            None => global.note("nobody is in the roster or in a meeting yet"),
        }
        return Ok(());
    }
    // Roles and affiliations get columns only where some row has them, so
    // that an archive without them reads as before.
    let roles = rows.iter().any(|r| !r.roles.is_empty());
    let affiliations = rows.iter().any(|r| !r.affiliations.is_empty());
    let mut header = vec!["NAME"];
    header.extend(roles.then_some("ROLE"));
    header.extend(affiliations.then_some("AFFILIATION"));
    header.extend(["PRESENT", "REGRETS", "SHARE"]);
    let mut table = Table::with_header(&header);
    for r in &rows {
        let name = match r.guest {
            true => format!("{} (guest)", r.name),
            false => r.name.clone(),
        };
        let mut cells = vec![cell(name)];
        if roles {
            cells.push(cell(r.roles.join(", ")));
        }
        if affiliations {
            cells.push(cell(r.affiliations.join(", ")));
        }
        cells.extend([
            cell(format!("{:>7}", r.present)),
            cell(format!("{:>7}", r.regrets)),
            cell(format!("{:>4.0}%", r.share * 100.0)),
        ]);
        table.row(cells);
    }
    let held = rows[0].meetings;
    let period = options
        .since
        .map(|s| format!(" since {s}"))
        .unwrap_or_default();
    let mut out = table.render();
    let held = count(held, "meeting");
    out.push_str(&paint(DIM, format!("{held} held{period}")));
    out.push('\n');
    ui::print(&out)
}
