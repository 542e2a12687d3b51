//! `show`: a meeting as it reads in a terminal. A value that stands on a
//! line of its own or in a row (a name, a title, a decision) is kept on it
//! through `ui::one_line`; notes, preamble and postscript keep their lines.

use std::fmt::Write as _;

use crate::archive::Record;
use crate::config::Config;
use crate::meeting::Item;
use crate::ui::{BOLD, CYAN, DIM, GREEN, YELLOW, one_line, paint};

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
    let attendees: Vec<String> = m
        .attendees
        .iter()
        .map(|a| {
            let name = match (&a.who, &a.name) {
                (Some(who), _) => config.person(who).to_string(),
                (None, Some(name)) => format!("{name} (guest)"),
                (None, None) => "?".to_string(),
            };
            let details: Vec<&str> = [&a.role, &a.affiliation, &a.note]
                .into_iter()
                .flatten()
                .map(String::as_str)
                .collect();
            match details.is_empty() {
                true => name,
                false => format!("{name} [{}]", details.join(", ")),
            }
        })
        .collect();
    let when = match (m.end_date, &m.start) {
        (Some(end), _) if end > m.date => Some(format!("{} to {end}", m.date)),
        (_, Some(start)) => Some(format!("{} at {start}", m.date)),
        _ => None,
    };
    for (label, value) in [
        ("when", when),
        ("chair", Some(people(&m.chair)).filter(|s| !s.is_empty())),
        ("scribe", Some(people(&m.scribe)).filter(|s| !s.is_empty())),
        (
            "attended",
            Some(attendees.join(", ")).filter(|s| !s.is_empty()),
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
            let _ = writeln!(out, "{:>8}: {}", label, one_line(&value));
        }
    }
    for link in &m.links {
        let label = link.label.as_deref().unwrap_or(link.kind.as_str());
        let _ = writeln!(
            out,
            "{:>8}: {} {}",
            "link",
            one_line(label),
            paint(DIM, &link.url)
        );
    }
    text_block(&mut out, &m.preamble);
    let mut section = None;
    for (n, item) in m.items.iter().enumerate() {
        if item.section.is_some() && item.section != section {
            let heading = item.section.as_deref().unwrap_or_default();
            let _ = writeln!(out, "\n{}", paint(BOLD.underline(), heading));
            section.clone_from(&item.section);
        }
        item_view(&mut out, n + 1, item, config);
    }
    text_block(&mut out, &m.postscript);
    if !m.updates.is_empty() {
        let _ = writeln!(out, "\n{}", paint(BOLD, "Updates on earlier actions"));
        for u in &m.updates {
            let note = u
                .note
                .as_deref()
                .filter(|n| !n.is_empty())
                .map(|n| format!(" — {n}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {} {}{}",
                one_line(&u.action),
                status(u.status.as_str()),
                one_line(&note)
            );
        }
    }
    out
}

fn item_view(out: &mut String, n: usize, item: &Item, config: &Config) {
    let mut extra = Vec::new();
    if let Some(p) = &item.presenter {
        extra.push(one_line(config.person(p)).into_owned());
    }
    if let Some(t) = item.timebox {
        extra.push(format!("{t} min"));
    }
    if item.private {
        extra.push(paint(YELLOW, "private"));
    }
    if !item.discussed {
        extra.push(paint(DIM, "not discussed"));
    }
    if let Some(parent) = &item.parent {
        extra.push(format!("part of {}", one_line(parent)));
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
    if !item.refs.is_empty() {
        let refs = item.refs.join(", ");
        let _ = writeln!(out, "   {} {}", paint(DIM, "refs:"), one_line(&refs));
    }
    for line in item.notes.trim().lines() {
        let _ = writeln!(out, "   {line}");
    }
    for d in &item.decisions {
        let _ = writeln!(
            out,
            "   {} {}",
            paint(GREEN, "decided:"),
            one_line(&d.to_string())
        );
    }
    for s in &item.sources {
        let by = s.byline();
        let source = format!("{}{by}", s.title);
        let _ = writeln!(out, "   {} {}", paint(DIM, "source:"), one_line(&source));
    }
    for a in &item.actions {
        let owner = a
            .owner
            .as_deref()
            .map(|o| config.person(o))
            .unwrap_or("(nobody)");
        let due = a.due.map(|d| format!(", due {d}")).unwrap_or_default();
        let action = format!("[{}] {} ({owner}{due})", a.id, a.task);
        let _ = writeln!(out, "   {} {}", paint(YELLOW, "action"), one_line(&action));
    }
}

/// The preamble or postscript, set off by a blank line.
fn text_block(out: &mut String, text: &str) {
    if text.trim().is_empty() {
        return;
    }
    out.push('\n');
    for line in text.trim().lines() {
        let _ = writeln!(out, "{}", format!("  {line}").trim_end());
    }
}

/// A status in brackets, in the colour of its state.
pub fn status(name: &str) -> String {
    paint(super::status_style(name), format!("[{name}]"))
}
