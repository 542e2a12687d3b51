//! `minutes blame`: for each header field and each item of a meeting, the
//! last commit that changed it.

use std::fmt::Write as _;

use super::Global;
use crate::error::Result;
use crate::history;
use crate::id::MeetingRef;
use crate::ui::{self, BOLD, DIM, YELLOW, paint};

pub fn run(global: &Global, meeting: &MeetingRef) -> Result<()> {
    let archive = global.archive()?;
    let timeline = global.history_built(&archive.root)?;
    let id = archive.resolve(meeting)?;
    let record = archive.load(&id)?;
    let (lines, shallow) = history::blame(&timeline, &id, &record.meeting)?;
    if global.json {
        return ui::print_json(&lines);
    }
    let mut out = String::new();
    let mut items = false;
    for line in &lines {
        if line.item && !items {
            items = true;
            let _ = writeln!(out, "{}", paint(BOLD, "items"));
        }
        let who = match &line.commit {
            Some(c) => format!(
                "{} {} {:<16}",
                paint(YELLOW, &c.short),
                c.date.format("%Y-%m-%d"),
                ui::one_line(&c.author)
            ),
            None => format!("{:<35}", paint(DIM, "(not committed yet)")),
        };
        let name = match record
            .meeting
            .items
            .iter()
            .find(|i| line.item && i.id == line.part)
        {
            Some(item) => format!("{}  {}", ui::one_line(&line.part), paint(DIM, &item.title)),
            None => ui::one_line(&line.part).into_owned(),
        };
        let _ = writeln!(out, "{who}  {name}");
    }
    ui::print(&out)?;
    if shallow {
        global.note("older history is cut off: this is a shallow clone");
    }
    Ok(())
}
