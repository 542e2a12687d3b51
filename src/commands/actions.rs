//! `minutes actions`: action items across meetings, with their status
//! folded from the updates of later meetings.
//!
//! `--json` prints an array, oldest action first, of:
//!
//! ```text
//! { "reference": "2025-01-28#a1", "meeting": "2025-01-28", "date": "2025-01-28",
//!   "item": "deepseek", "item_title": "...", "task": "...",
//!   "owner": "marco" | null, "due": "2025-02-04" | null,
//!   "status": "open" | "done" | "dropped", "reviews": 1,
//!   "updated": "2025-02-04" | null, "note": "..." | null, "overdue": false }
//! ```

use super::Global;
use super::table::{Table, cell};
use crate::cli::ActionsArgs;
use crate::diagnostic::did_you_mean;
use crate::error::{Error, Result};
use crate::index::{Detail, Parts};
use crate::meeting::ActionStatus;
use crate::plural::count;
use crate::query::{self, ActionState};
use crate::ui::{self, DIM, paint};
use crate::view;

pub fn run(global: &Global, options: ActionsArgs) -> Result<()> {
    let archive = global.archive()?;
    let today = archive.today()?;
    let mut fold = query::Fold::default();
    let parts = Detail::Parts(Parts::ITEMS | Parts::ACTIONS | Parts::UPDATES);
    global.visit(&archive, parts, &mut |record| fold.add(&record))?;
    let actions = fold.finish(today);
    if let Some(owner) = &options.owner {
        let known = archive.config.people.contains_key(owner)
            || actions.iter().any(|a| a.owner.as_ref() == Some(owner));
        if !known {
            let candidates = archive.config.people.keys().map(String::as_str);
            let help = match did_you_mean(owner, candidates) {
                Some(close) => format!("did you mean `{close}`?"),
                None => "owners are handles from [people] in minutes.toml".to_string(),
            };
            return Err(
                Error::failed(format!("nobody called `{owner}` owns an action")).with_help(help),
            );
        }
    }
    let shown: Vec<&ActionState> = actions
        .iter()
        .filter(|a| options.all || a.status == ActionStatus::Open)
        .filter(|a| !options.overdue || a.overdue)
        .filter(|a| options.owner.is_none() || a.owner == options.owner)
        .collect();
    if global.json {
        return ui::print_json(&shown);
    }
    if shown.is_empty() {
        global.note(if options.all {
            "no actions"
        } else {
            "no open actions"
        });
        return Ok(());
    }
    let mut table = Table::with_header(&["ACTION", "STATUS", "OWNER", "DUE", "REVIEWS", "TASK"]);
    for a in &shown {
        let (status, style) = view::action_state(a);
        let owner = a.owner.as_deref().map_or("-", |o| archive.config.person(o));
        table.row(vec![
            cell(&a.reference),
            cell(status).style(style),
            cell(owner),
            cell(a.due.map_or("-".to_string(), |d| d.to_string())),
            cell(a.reviews.to_string()),
            cell(&a.task),
        ]);
        if let Some(note) = &a.note {
            let mut row: Vec<_> = (0..5).map(|_| cell("")).collect();
            row.push(cell(format!("↳ {note}")).style(DIM));
            table.row(row);
        }
    }
    let mut out = table.render();
    let open = shown
        .iter()
        .filter(|a| a.status == ActionStatus::Open)
        .count();
    let overdue = shown.iter().filter(|a| a.overdue).count();
    out.push_str(&paint(
        DIM,
        format!(
            "{}: {open} open, {overdue} overdue",
            count(shown.len(), "action")
        ),
    ));
    out.push('\n');
    ui::print(&out)
}
