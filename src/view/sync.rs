//! `sync`: what came in from the remote, what went out, and the conflicts
//! that stopped it, in meeting terms; the same values are the JSON of
//! `sync --json`.

use serde::Serialize;

use crate::sync::{FileConflict, News};

/// What a sync did; also the JSON of `sync --json`.
#[derive(Serialize, Default)]
pub struct Report {
    pub remote: String,
    pub incoming: Vec<News>,
    pub outgoing: Vec<News>,
    /// The merge commit made, if any.
    pub merged: Option<String>,
    pub conflicts: Vec<FileConflict>,
    pub pushed: bool,
}

pub fn text(report: &Report) -> String {
    let mut out = String::new();
    let list = |title: &str, news: &[News], out: &mut String| {
        if !news.is_empty() {
            out.push_str(&format!("{title}\n"));
            for n in news {
                out.push_str(&format!("  {}\n", n.line()));
            }
        }
    };
    list(
        &format!("Came in from {}:", report.remote),
        &report.incoming,
        &mut out,
    );
    list(
        &format!("Went out to {}:", report.remote),
        &report.outgoing,
        &mut out,
    );
    if !report.conflicts.is_empty() {
        out.push_str("Conflicts (not pushed):\n");
        for c in &report.conflicts {
            out.push_str(&format!(
                "  {} ({}): {}\n",
                c.label,
                c.path.display(),
                c.conflicts.join("; ")
            ));
        }
    } else if report.incoming.is_empty() && report.outgoing.is_empty() {
        out.push_str(&format!("Up to date with {}.\n", report.remote));
    } else if let Some(merged) = &report.merged {
        out.push_str(&format!(
            "Merged {} ({}).\n",
            report.remote,
            &merged[..7.min(merged.len())]
        ));
    }
    out
}
