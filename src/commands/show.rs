//! `minutes show`: one meeting, readable in a terminal, or as JSON.

use std::fmt::Write as _;

use super::Global;
use crate::archive::Record;
use crate::config::Config;
use crate::error::Result;
use crate::id::MeetingRef;
use crate::meeting::Item;
use crate::ui::{self, BOLD, CYAN, DIM, GREEN, YELLOW, paint};

/// Shows `meeting`, as it is now or, with `at`, at that revision.
pub fn run(global: &Global, meeting: &MeetingRef, at: Option<&str>) -> Result<()> {
    let archive = global.archive()?;
    let id = archive.resolve(meeting)?;
    let record = match at {
        Some(rev) => crate::history::load_at(&archive, &id, rev)?,
        None => archive.load(&id)?,
    };
    if global.json {
        return ui::print_json(
            &serde_json::json!({ "id": id.as_str(), "at": at, "meeting": record.meeting }),
        );
    }
    let mut text = format(&record, &archive.config);
    if let Some(rev) = at {
        text.insert_str(0, &format!("{}\n", paint(DIM, format!("as of {rev}"))));
    }
    ui::print(&text)
}

/// The terminal view of a meeting.
pub fn format(record: &Record, config: &Config) -> String {
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
        (
            "chair",
            m.chair.as_deref().map(|h| config.person(h).to_string()),
        ),
        (
            "scribe",
            m.scribe.as_deref().map(|h| config.person(h).to_string()),
        ),
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

fn status(name: &str) -> String {
    let style = match name {
        "agenda" | "open" => YELLOW,
        "draft" => CYAN,
        _ => GREEN,
    };
    paint(style, format!("[{name}]"))
}
