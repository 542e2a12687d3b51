//! The report of `minutes import` on a terminal: a line per file (its id,
//! profile and era, what it holds), its warnings, and the lines that did
//! not end up in the meeting, by category; then the files left out, the
//! roster, the history and the totals. The same report is the JSON of
//! `--report`. What comes from the files (paths, names, lines) is kept on
//! one line through `ui::one_line`.

use std::collections::BTreeMap;

use crate::import::report::{FileReport, Report};
use crate::plural::count;
use crate::ui::{self, DIM, YELLOW};

/// What a dropped line's category means.
fn meaning(category: &str) -> &'static str {
    match category {
        "heading" => "headings the layout writes again",
        "front matter" => "front matter",
        "unplaced" => "found no place",
        _ => "other",
    }
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for file in &report.files {
        out.push_str(&file_line(file));
        for w in &file.warnings {
            out.push_str(&format!(
                "  {} {}\n",
                ui::paint(YELLOW, "warning:"),
                ui::one_line(w)
            ));
        }
        let mut by: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for l in &file.dropped {
            by.entry(l.category)
                .or_default()
                .push(format!("{} {}", l.line, short(&l.text)));
        }
        for (category, lines) in by {
            out.push_str(&format!(
                "  {} ({}): {}\n",
                ui::paint(DIM, "dropped"),
                meaning(category),
                lines.join(", ")
            ));
        }
    }
    for s in &report.skipped {
        out.push_str(&format!(
            "skipped {}: {}\n",
            ui::one_line(&s.path),
            s.why.describe()
        ));
    }
    let r = &report.roster;
    out.push_str(&format!(
        "roster: {} added, {} kept as guests\n",
        count(r.added.len(), "handle"),
        r.guests
    ));
    for p in &r.proposals {
        out.push_str(&format!(
            "  may be one person: {} ({})\n",
            ui::one_line(&p.names.join(", ")),
            ui::one_line(&p.why)
        ));
    }
    if let Some(h) = &report.history {
        out.push_str(&format!(
            "history ({}): {} of the source, {} made, {} changing no meeting, {} recorded before\n",
            h.mode,
            count(h.source_commits, "commit"),
            count(h.commits, "commit"),
            h.unchanged,
            h.recorded
        ));
    }
    let t = &report.totals;
    out.push_str(&format!(
        "{} {} from {}: {}, {}, {} ({}), {}, {} dropped{}\n",
        if report.written {
            "imported"
        } else {
            "would import"
        },
        count(t.files, "file"),
        ui::one_line(&report.source),
        count(t.meetings, "meeting"),
        count(t.items, "item"),
        count(t.attendees, "attendee"),
        count(t.guests, "guest"),
        count(t.warnings, "warning"),
        count(t.dropped, "line"),
        if t.fell_back > 0 {
            format!(", {} read as generic", count(t.fell_back, "file"))
        } else {
            String::new()
        }
    ));
    out
}

fn file_line(f: &FileReport) -> String {
    let revisions = match f.revisions {
        0 | 1 => String::new(),
        n => format!(", {}", count(n, "revision")),
    };
    format!(
        "{}  {}  {} ({}{})  {}, {}, {}{}\n",
        f.id,
        ui::one_line(&f.path),
        f.profile,
        f.era,
        if f.fell_back { ", fallback" } else { "" },
        count(f.items, "item"),
        count(f.attendees, "attendee"),
        count(f.guests, "guest"),
        revisions
    )
}

/// A line as the report quotes it: at most 60 characters.
fn short(text: &str) -> String {
    let text = ui::one_line(text.trim());
    match text.char_indices().nth(60) {
        Some((at, _)) => format!("\"{}…\"", &text[..at]),
        None => format!("\"{text}\""),
    }
}
