//! `sync`: what came in from the remote, what went out, and the conflicts
//! that stopped it, in meeting terms; the same values are the JSON of
//! `sync --json`. Each line is kept a line (`ui::one_line`): titles,
//! names and paths come from the remote's commits.

use crate::sync::{Exchange, News};
use crate::ui::one_line;

pub fn text(report: &Exchange) -> String {
    let mut out = String::new();
    let list = |title: &str, news: &[News], out: &mut String| {
        if !news.is_empty() {
            out.push_str(&format!("{}\n", one_line(title)));
            for n in news {
                out.push_str(&format!("  {}\n", one_line(&n.line())));
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
            let line = format!(
                "{} ({}): {}",
                c.label,
                c.path.display(),
                c.conflicts.join("; ")
            );
            out.push_str(&format!("  {}\n", one_line(&line)));
        }
    } else if report.incoming.is_empty() && report.outgoing.is_empty() {
        out.push_str(&format!("Up to date with {}.\n", one_line(&report.remote)));
    } else if let Some(merged) = &report.merged {
        out.push_str(&format!(
            "Merged {} ({}).\n",
            one_line(&report.remote),
            &merged[..7.min(merged.len())]
        ));
    }
    out
}
