//! `minutes log`: the revisions of a meeting (who, when, what changed), or
//! the archive's history with the meetings each commit touched.

use std::fmt::Write as _;

use super::Global;
use crate::archive::{self, Entry};
use crate::cli::LogArgs;
use crate::error::Result;
use crate::git::CommitInfo;
use crate::history::{self, Revision, Timeline};
use crate::ui::{self, BOLD, DIM, YELLOW, paint};

pub fn run(global: &Global, options: LogArgs) -> Result<()> {
    let archive = global.archive()?;
    let timeline = global.history_built(&archive.root)?;
    let Some(meeting) = options.meeting else {
        return archive_log(global, &timeline, options.limit);
    };
    let id = archive.resolve(&meeting)?;
    let log = history::meeting_log(&timeline, &id, options.limit)?;
    if global.json {
        return ui::print_json(&log.revisions);
    }
    if log.revisions.is_empty() {
        global.note(&format!(
            "meeting {id} has no committed revisions (`minutes commit` records it)"
        ));
    }
    let mut out = String::new();
    for rev in &log.revisions {
        revision(&mut out, rev);
    }
    ui::print(&out)?;
    if log.shallow {
        global.note(SHALLOW);
    }
    Ok(())
}

fn header(out: &mut String, commit: &CommitInfo) {
    let _ = writeln!(
        out,
        "{} {} {}  {}",
        paint(YELLOW, &commit.short),
        commit.date.format("%Y-%m-%d %H:%M"),
        paint(BOLD, &commit.author),
        paint(DIM, &commit.summary)
    );
}

fn revision(out: &mut String, rev: &Revision) {
    header(out, &rev.commit);
    for event in &rev.events {
        let _ = writeln!(out, "    {}", ui::one_line(event));
    }
    for change in &rev.changes {
        let _ = writeln!(out, "    {}", ui::one_line(&change.detail()));
    }
    if rev.events.is_empty() && rev.changes.is_empty() {
        let _ = writeln!(out, "    (layout or comments only)");
    }
}

fn archive_log(global: &Global, timeline: &Timeline, limit: Option<usize>) -> Result<()> {
    let log = timeline.log(limit)?;
    let described: Vec<(CommitInfo, Vec<String>)> = log
        .commits
        .into_iter()
        .map(|(commit, files)| {
            let mut touched: Vec<String> = Vec::new();
            for file in files {
                let name = match archive::classify(&file) {
                    Entry::Meeting(id) => id.to_string(),
                    Entry::Overlay(id, lang) => format!("{id} ({lang})"),
                    Entry::Stray(path) => path.display().to_string(),
                };
                if !touched.contains(&name) {
                    touched.push(name);
                }
            }
            (commit, touched)
        })
        .collect();
    if global.json {
        let json: Vec<_> = described
            .iter()
            .map(|(c, touched)| {
                serde_json::json!({
                    "commit": c.id, "author": c.author, "email": c.email,
                    "date": c.date, "summary": c.summary, "changes": touched,
                })
            })
            .collect();
        return ui::print_json(&json);
    }
    let mut out = String::new();
    for (commit, touched) in &described {
        header(&mut out, commit);
        let _ = writeln!(out, "    {}", ui::one_line(&touched.join(", ")));
    }
    ui::print(&out)?;
    if log.shallow {
        global.note(SHALLOW);
    }
    Ok(())
}

const SHALLOW: &str =
    "the history stops here: this is a shallow clone (`git fetch --unshallow` fetches the rest)";
