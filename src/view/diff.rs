//! `diff`: what changed in a meeting, item by item, with the words that
//! changed in notes. Where colour is off, changed words are marked as
//! `[-removed-]` and `{+added+}` instead. Every value is kept on its line
//! (`ui::one_line`): a title with a line break cannot forge a change.

use std::fmt::Write as _;

use crate::diff::{Change, Edit, Op, Word};
use crate::ui::{BOLD, CYAN, DIM, GREEN, RED, one_line, paint};

/// The changes under `heading`; `new_since` names the older side when the
/// meeting is not there at all.
pub fn text(heading: &str, new_since: Option<&str>, changes: &[Change], markers: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", paint(BOLD, heading));
    if let Some(from) = new_since {
        let _ = writeln!(out, "a new meeting: {from} does not have it");
    }
    if changes.is_empty() {
        let _ = writeln!(out, "no changes in meaning");
    }
    for change in changes {
        show(&mut out, change, markers);
    }
    out
}

fn show(out: &mut String, change: &Change, markers: bool) {
    match change {
        Change::ItemAdded { item, title } => {
            let _ = writeln!(out, "{} {}", paint(GREEN, "+"), item_line(item, title));
        }
        Change::ItemRemoved { item, title } => {
            let _ = writeln!(out, "{} {}", paint(RED, "-"), item_line(item, title));
        }
        Change::ItemEdited { item, title, edits } => {
            let _ = writeln!(out, "{} {}", paint(CYAN, "~"), item_line(item, title));
            for edit in edits {
                match edit {
                    Edit::Notes { words } => {
                        let _ = writeln!(out, "    notes:");
                        for line in notes(words, markers) {
                            let _ = writeln!(out, "      {line}");
                        }
                    }
                    Edit::List {
                        field,
                        added,
                        removed,
                        changed,
                    } => {
                        for (sign, style, list) in [
                            ("-", RED, removed),
                            ("+", GREEN, added),
                            ("~", CYAN, changed),
                        ] {
                            for x in list {
                                let x = one_line(x);
                                let _ = writeln!(out, "    {field}: {} {x}", paint(style, sign));
                            }
                        }
                    }
                    Edit::Value { field, old, new } => {
                        let _ = writeln!(out, "    {field}: {}", was_is(old, new, markers));
                    }
                }
            }
        }
        Change::Text { field, words } => {
            let _ = writeln!(out, "{} {field}:", paint(CYAN, "~"));
            for line in notes(words, markers) {
                let _ = writeln!(out, "    {line}");
            }
        }
        Change::AttendeeAdded { .. } | Change::LinkAdded { .. } => {
            let _ = writeln!(out, "{} {}", paint(GREEN, "+"), one_line(&change.detail()));
        }
        Change::AttendeeRemoved { .. } | Change::LinkRemoved { .. } => {
            let _ = writeln!(out, "{} {}", paint(RED, "-"), one_line(&change.detail()));
        }
        Change::Field { field, old, new } => {
            let _ = writeln!(
                out,
                "{} {field}: {}",
                paint(CYAN, "~"),
                was_is(old, new, markers)
            );
        }
        other => {
            let _ = writeln!(out, "{} {}", paint(CYAN, "~"), one_line(&other.detail()));
        }
    }
}

/// `item "Title" (id)`, on one line whatever the title holds.
fn item_line(item: &str, title: &str) -> String {
    one_line(&format!("item \"{title}\" ({item})")).into_owned()
}

fn was_is(old: &str, new: &str, markers: bool) -> String {
    format!(
        "{} {}",
        mark(
            Op::Removed,
            if old.is_empty() { "(none)" } else { old },
            markers
        ),
        mark(
            Op::Added,
            if new.is_empty() { "(none)" } else { new },
            markers
        )
    )
}

fn mark(op: Op, text: &str, markers: bool) -> String {
    match (op, markers) {
        (Op::Same, _) => one_line(text).into_owned(),
        (Op::Added, true) => format!("{{+{}+}}", one_line(text)),
        (Op::Removed, true) => format!("[-{}-]", one_line(text)),
        (Op::Added, false) => paint(GREEN.underline(), text),
        (Op::Removed, false) => paint(RED.strikethrough(), text),
    }
}

/// Words around each change, with long unchanged runs cut to a few words
/// of context on each side.
const CONTEXT: usize = 6;

fn notes(words: &[Word], markers: bool) -> Vec<String> {
    let mut parts = Vec::new();
    let last = words.len().saturating_sub(1);
    for (n, w) in words.iter().enumerate() {
        if w.op != Op::Same {
            parts.push(mark(w.op, &w.text, markers));
            continue;
        }
        let all: Vec<&str> = w.text.split(' ').collect();
        let keep_head = if n == 0 { 0 } else { CONTEXT };
        let keep_tail = if n == last { 0 } else { CONTEXT };
        if all.len() <= keep_head + keep_tail + 2 {
            parts.push(w.text.clone());
        } else {
            let head = all[..keep_head].join(" ");
            let tail = all[all.len() - keep_tail..].join(" ");
            let gap = paint(DIM, "…");
            parts.push(
                [head, gap, tail]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" "),
            );
        }
    }
    vec![parts.join(" ")]
}
