//! `topic TAG`: the dossier of a tag as it reads in a terminal.

use std::fmt::Write as _;

use crate::config::Config;
use crate::plural::count;
use crate::query::Dossier;
use crate::ui::{BOLD, DIM, GREEN, YELLOW, one_line, paint};

/// Each entry with its notes, decisions, sources and actions.
pub fn text(d: &Dossier, config: &Config) -> String {
    let mut out = String::new();
    let items = d.entries.len();
    let _ = writeln!(
        out,
        "{}  {}",
        paint(BOLD, format!("#{}", d.tag)),
        paint(
            DIM,
            format!(
                "{} in {}, {} to {}",
                count(items, "item"),
                count(d.meetings, "meeting"),
                d.first,
                d.last
            )
        )
    );
    for e in &d.entries {
        let mut extra = vec![e.item.clone()];
        extra.extend(e.presenter.as_deref().map(|p| config.person(p).to_string()));
        // Painted apart: painted text is kept on one line, styles and all.
        let private = match e.private {
            true => format!("{} {}", paint(DIM, ","), paint(YELLOW, "private")),
            false => String::new(),
        };
        let _ = writeln!(
            out,
            "\n{}  {}  {}{private}{}",
            paint(BOLD, &e.meeting),
            paint(BOLD, &e.title),
            paint(DIM, format!("({}", extra.join(", "))),
            paint(DIM, ")")
        );
        for line in e.notes.trim().lines() {
            let _ = writeln!(out, "{}", format!("   {line}").trim_end());
        }
        for decision in &e.decisions {
            let _ = writeln!(
                out,
                "   {} {}",
                paint(GREEN, "decided:"),
                one_line(&decision.to_string())
            );
        }
        for s in &e.sources {
            let by = s.byline();
            let source = format!("{}{by}", s.title);
            let _ = writeln!(out, "   {} {}", paint(DIM, "source:"), one_line(&source));
        }
        for a in &e.actions {
            let (status, style) = super::action_state(a);
            let owner = one_line(a.owner.as_deref().map_or("nobody", |o| config.person(o)));
            let due = a.due.map(|d| format!(", due {d}")).unwrap_or_default();
            let note = a
                .note
                .as_deref()
                .map(|n| format!(" — {n}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "   {} {} {} ({owner}{due}){}",
                paint(YELLOW, "action"),
                paint(style, format!("[{status}]")),
                one_line(&a.task),
                paint(DIM, note)
            );
        }
    }
    out
}
