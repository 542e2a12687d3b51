//! `minutes status`: where the recent and upcoming meetings stand, which
//! files have uncommitted changes, and how the branch stands against its
//! upstream.

use std::fmt::Write as _;

use serde::Serialize;

use super::Global;
use crate::error::{Error, Result};
use crate::git::{Changed, Head};
use crate::plural::count;
use crate::ui::{self, BOLD, CYAN, DIM, GREEN, RED, YELLOW, paint};

/// How many past meetings the view shows.
const RECENT: usize = 5;

#[derive(Serialize)]
struct Meeting {
    id: String,
    status: String,
    items: usize,
    upcoming: bool,
}

#[derive(Serialize)]
struct Status {
    meetings: Vec<Meeting>,
    git: Option<Git>,
}

#[derive(Serialize)]
struct Git {
    head: Head,
    changed: Vec<Changed>,
}

pub fn run(global: &Global) -> Result<()> {
    let archive = global.archive()?;
    let today = archive.today()?;
    let records = global.meetings(&archive, crate::index::Detail::Outline)?;
    let past = records.iter().filter(|r| r.id.date() < today).count();
    let meetings: Vec<Meeting> = records
        .iter()
        .skip(past.saturating_sub(RECENT))
        .map(|r| Meeting {
            id: r.id.to_string(),
            status: r.meeting.status.as_str().to_string(),
            items: r.meeting.items.len(),
            upcoming: r.id.date() >= today,
        })
        .collect();
    let git = match archive.repo() {
        Ok(repo) => Some(Git {
            head: repo.head()?,
            changed: repo.changed()?,
        }),
        Err(Error::Failed { .. }) => None,
        Err(e) => return Err(e),
    };
    let status = Status { meetings, git };
    if global.json {
        return ui::print_json(&status);
    }
    ui::print(&text(&status))?;
    if status.git.is_none() {
        global.note("not in a git repository: no history is kept (help: run `git init`, then `minutes commit`)");
    }
    Ok(())
}

fn text(status: &Status) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", paint(BOLD, "Meetings"));
    if status.meetings.is_empty() {
        let _ = writeln!(out, "  none yet (`minutes new` drafts the next one)");
    }
    for m in &status.meetings {
        let style = match m.status.as_str() {
            "agenda" => YELLOW,
            "draft" => CYAN,
            _ => GREEN,
        };
        let when = if m.upcoming { "upcoming" } else { "" };
        let _ = writeln!(
            out,
            "  {}  {} {:>8}  {}",
            m.id,
            paint(style, format!("{:<9}", m.status)),
            count(m.items, "item"),
            paint(DIM, when)
        );
    }
    let Some(git) = &status.git else {
        return out;
    };
    let _ = writeln!(out, "\n{}", paint(BOLD, "Git"));
    let at = match &git.head.commit {
        Some(c) => format!("at {} {}", c.short, c.summary),
        None => "no commits yet".to_string(),
    };
    match &git.head.branch {
        Some(branch) => {
            let _ = writeln!(out, "  on branch {branch}, {at}");
        }
        None => {
            let _ = writeln!(
                out,
                "  {} {at}\n  (commits made here belong to no branch: `git switch -c NAME` keeps them)",
                paint(YELLOW, "HEAD is detached,")
            );
        }
    }
    match &git.head.upstream {
        Some(u) if u.ahead == 0 && u.behind == 0 => {
            let _ = writeln!(out, "  up to date with {}", u.name);
        }
        Some(u) => {
            let _ = writeln!(
                out,
                "  {} not yet pushed to {}, {} to pull",
                count(u.ahead, "commit"),
                u.name,
                u.behind
            );
        }
        None => {}
    }
    if git.changed.is_empty() {
        let _ = writeln!(out, "  no uncommitted changes");
    } else {
        let _ = writeln!(
            out,
            "  uncommitted changes (`minutes commit` records them):"
        );
        for c in &git.changed {
            let style = match c.kind.as_str() {
                "new" => GREEN,
                "deleted" => RED,
                _ => YELLOW,
            };
            let _ = writeln!(
                out,
                "    {} {}",
                paint(style, format!("{:<8}", c.kind.as_str())),
                c.path.display()
            );
        }
    }
    out
}
