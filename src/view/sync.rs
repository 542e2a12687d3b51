//! `sync`: what came in from the remote, what went out, and the conflicts
//! that stopped it, in meeting terms; the same values are the JSON of
//! `sync --json`.

use crate::sync::{Exchange, News};

pub fn text(report: &Exchange) -> String {
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
