//! `status`: where the meetings stand and what git has not recorded, as it
//! reads in a terminal; the same values are the JSON of `status --json`.

use std::fmt::Write as _;

use serde::Serialize;

use crate::git::{Changed, Head};
use crate::plural::count;
use crate::ui::{BOLD, DIM, GREEN, RED, YELLOW, one_line, paint};

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
    /// When the remote was last fetched: ahead and behind are as of then.
    pub fetched: Option<String>,
    /// A sync (or `git merge`) stopped by conflicts, not yet finished.
    pub merging: bool,
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
        Some(c) => format!("at {} {}", c.short, one_line(&c.summary)),
        None => "no commits yet".to_string(),
    };
    match &git.head.branch {
        Some(branch) => {
            let _ = writeln!(out, "  on branch {}, {at}", one_line(branch));
        }
        None => {
            let _ = writeln!(
                out,
                "  {} {at}\n  (commits made here belong to no branch: `git switch -c NAME` keeps them)",
                paint(YELLOW, "HEAD is detached,")
            );
        }
    }
    let when = match &git.fetched {
        Some(at) => format!(" (as of the last fetch, {at})"),
        None => " (never fetched)".to_string(),
    };
    match &git.head.upstream {
        Some(u) if u.ahead == 0 && u.behind == 0 => {
            let _ = writeln!(out, "  up to date with {}{when}", one_line(&u.name));
        }
        Some(u) => {
            let _ = writeln!(
                out,
                "  {} not yet pushed to {}, {} to pull{when}",
                count(u.ahead, "commit"),
                one_line(&u.name),
                u.behind
            );
        }
        None => {}
    }
    if git.merging {
        let _ = writeln!(
            out,
            "  {} resolve the conflicts in the files, then `minutes sync` finishes it",
            paint(YELLOW, "a sync is unfinished:")
        );
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
                one_line(&c.path.display().to_string())
            );
        }
    }
    out
}
