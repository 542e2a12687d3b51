//! `show`: a meeting as it reads in a terminal.

use std::fmt::Write as _;

use crate::archive::Record;
use crate::config::Config;
use crate::meeting::Item;
use crate::ui::{BOLD, CYAN, DIM, GREEN, YELLOW, paint};

/// The terminal view of a meeting.
pub fn text(record: &Record, config: &Config) -> String {
    let m = &record.meeting;
    let mut out = String::new();
    let heading = m.headline().unwrap_or("(no title)");
    let _ = writeln!(
        out,
        "{}  {}  {}",
        paint(BOLD, &record.id),
        paint(BOLD, heading),
        status(m.status.as_str())
    );
    let _ = writeln!(out, "{}", paint(DIM, record.file.display()));
    let people = |list: &[String]| {
        list.iter()
            .map(|h| config.person(h))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (label, value) in [
        ("chair", Some(people(&m.chair)).filter(|s| !s.is_empty())),
        ("scribe", Some(people(&m.scribe)).filter(|s| !s.is_empty())),
        (
            "present",
            Some(people(&m.present)).filter(|s| !s.is_empty()),
        ),
        (
            "regrets",
            Some(people(&m.regrets)).filter(|s| !s.is_empty()),
        ),
    ] {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            let _ = writeln!(out, "{:>8}: {value}", label);
        }
    }
    for (n, item) in m.items.iter().enumerate() {
        item_view(&mut out, n + 1, item, config);
    }
    if !m.updates.is_empty() {
        let _ = writeln!(out, "\n{}", paint(BOLD, "Updates on earlier actions"));
        for u in &m.updates {
            let note = u
                .note
                .as_deref()
                .filter(|n| !n.is_empty())
                .map(|n| format!(" — {n}"))
                .unwrap_or_default();
            let _ = writeln!(out, "  {} {}{note}", u.action, status(u.status.as_str()));
        }
    }
    out
}

fn item_view(out: &mut String, n: usize, item: &Item, config: &Config) {
    let mut extra = Vec::new();
    if let Some(p) = &item.presenter {
        extra.push(config.person(p).to_string());
    }
    if let Some(t) = item.timebox {
        extra.push(format!("{t} min"));
    }
    if item.private {
        extra.push(paint(YELLOW, "private"));
    }
    let extra = if extra.is_empty() {
        String::new()
    } else {
        format!("  ({})", extra.join(", "))
    };
    let _ = writeln!(
        out,
        "\n{} {}{extra}  {}",
        paint(BOLD, format!("{n}.")),
        paint(BOLD, &item.title),
        paint(DIM, &item.id)
    );
    if !item.tags.is_empty() {
        let tags: Vec<_> = item
            .tags
            .iter()
            .map(|t| paint(CYAN, format!("#{t}")))
            .collect();
        let _ = writeln!(out, "   {}", tags.join(" "));
    }
    for line in item.notes.trim().lines() {
        let _ = writeln!(out, "   {line}");
    }
    for d in &item.decisions {
        let _ = writeln!(out, "   {} {d}", paint(GREEN, "decided:"));
    }
    for s in &item.sources {
        let by = s.byline();
        let _ = writeln!(out, "   {} {}{by}", paint(DIM, "source:"), s.title);
    }
    for a in &item.actions {
        let owner = a
            .owner
            .as_deref()
            .map(|o| config.person(o))
            .unwrap_or("(nobody)");
        let due = a.due.map(|d| format!(", due {d}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "   {} [{}] {} ({owner}{due})",
            paint(YELLOW, "action"),
            a.id,
            a.task
        );
    }
}

/// A status in brackets, in the colour of its state.
pub fn status(name: &str) -> String {
    paint(super::status_style(name), format!("[{name}]"))
}
