//! `status`: where the meetings stand and what git has not recorded, as it
//! reads in a terminal; the same values are the JSON of `status --json`.

use std::fmt::Write as _;

use serde::Serialize;

use crate::git::{Changed, Head};
use crate::plural::count;
use crate::ui::{BOLD, DIM, GREEN, RED, YELLOW, paint};

/// One of the recent or upcoming meetings.
#[derive(Serialize)]
pub struct Meeting {
    pub id: String,
    pub status: String,
    pub items: usize,
    pub upcoming: bool,
}

/// The whole view.
#[derive(Serialize)]
pub struct Status {
    pub meetings: Vec<Meeting>,
    pub git: Option<Git>,
}

/// The branch and the files not yet committed.
#[derive(Serialize)]
pub struct Git {
    pub head: Head,
    pub changed: Vec<Changed>,
}

pub fn text(status: &Status) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", paint(BOLD, "Meetings"));
    if status.meetings.is_empty() {
        let _ = writeln!(out, "  none yet (`minutes new` drafts the next one)");
    }
    for m in &status.meetings {
        let style = super::status_style(&m.status);
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
