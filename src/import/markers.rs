//! Explicit marker lines in notes: "**Resolution**: ...", "Decision: ...",
//! "Consensus: ...", "ACTION: ...", "Action item: ...".
//!
//! A marker line is copied into the item's decisions or actions and stays
//! in the notes, so that the notes read as they were written. Only a
//! marker that opens a line (after a list bullet, and a speaker in square
//! brackets as some groups write them) and is followed by a colon, or set
//! in bold, counts: free prose is never read for meaning. A marker with
//! nothing after it takes the entries of the list below it.

use crate::meeting::{Decision, DecisionKind};

/// What the marker lines of some notes say.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Marked {
    pub decisions: Vec<Decision>,
    pub actions: Vec<String>,
}

#[derive(Clone, Copy)]
enum Marker {
    Decision(Option<DecisionKind>),
    Action,
}

/// The marker words, longest first so that "action item" wins over "action".
const WORDS: &[(&str, Marker)] = &[
    ("action items", Marker::Action),
    ("action item", Marker::Action),
    ("action", Marker::Action),
    ("resolved", Marker::Decision(Some(DecisionKind::Resolution))),
    (
        "resolution",
        Marker::Decision(Some(DecisionKind::Resolution)),
    ),
    ("decision", Marker::Decision(None)),
    ("decided", Marker::Decision(None)),
    ("consensus", Marker::Decision(Some(DecisionKind::Consensus))),
    (
        "conclusion",
        Marker::Decision(Some(DecisionKind::Conclusion)),
    ),
];

pub fn scan(notes: &str) -> Marked {
    let mut out = Marked::default();
    let lines: Vec<&str> = notes.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let Some((marker, rest)) = marker(line) else {
            continue;
        };
        let texts = if rest.is_empty() {
            let than = bullet(line).map(|_| indent(line));
            entries_below(&lines[i + 1..], than, true)
        } else {
            vec![rest]
        };
        for text in texts {
            match marker {
                Marker::Action => out.actions.push(text),
                Marker::Decision(kind) => out.decisions.push(Decision { text, kind }),
            }
        }
    }
    out
}

/// Every entry of a list given as a whole (an "Action items" section).
pub fn entries(notes: &str) -> Vec<String> {
    let lines: Vec<&str> = notes.lines().collect();
    entries_below(&lines, None, false)
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The text of a list entry line, after its bullet.
fn bullet(line: &str) -> Option<&str> {
    let text = line.trim_start();
    for mark in ["* ", "- ", "+ "] {
        if let Some(rest) = text.strip_prefix(mark) {
            return Some(rest);
        }
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0)
        .then(|| {
            text[digits..]
                .strip_prefix(". ")
                .or(text[digits..].strip_prefix(") "))
        })
        .flatten()
}

/// The first-level entries of the list that follows, deeper than `than`
/// where the marker is itself an entry. Right after a marker (`next`),
/// only a list that follows at once counts.
fn entries_below(lines: &[&str], than: Option<usize>, next: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut level: Option<usize> = None;
    for line in lines {
        if line.trim().is_empty() {
            continue;
        }
        let depth = indent(line);
        if than.is_some_and(|t| depth <= t) {
            break;
        }
        let Some(text) = bullet(line) else {
            match level {
                Some(l) if depth <= l && next => break,
                None if next => break,
                _ => continue,
            }
        };
        let l = *level.get_or_insert(depth);
        if depth == l {
            let text = plain(text);
            if !text.is_empty() {
                out.push(text);
            }
        } else if depth < l {
            break;
        }
    }
    out
}

/// The marker a line opens with, and the text after it.
fn marker(line: &str) -> Option<(Marker, String)> {
    let mut text = line.trim_start();
    text = bullet(text).unwrap_or(text).trim_start();
    // A speaker: "[rob] **RESOLVED** ...".
    if text.starts_with('[') && !text.contains("](") {
        if let Some(end) = text.find("] ") {
            text = text[end + 2..].trim_start();
        }
    }
    let (bold, inner) = match text.strip_prefix("**").or_else(|| text.strip_prefix("__")) {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let lower = inner.to_lowercase();
    let (word, marker) = WORDS.iter().find(|(w, _)| {
        lower.starts_with(w) && !lower[w.len()..].starts_with(|c: char| c.is_alphanumeric())
    })?;
    let mut after = &inner[word.len()..];
    let mut closed = false;
    if bold {
        // "**Resolution**:" or "**Resolution:**".
        if let Some(rest) = after
            .strip_prefix(":**")
            .or_else(|| after.strip_prefix(":__"))
        {
            return Some((*marker, plain(rest)));
        }
        after = after
            .strip_prefix("**")
            .or_else(|| after.strip_prefix("__"))?;
        closed = true;
    }
    let after = after.trim_start();
    match after.strip_prefix(':') {
        Some(rest) => Some((*marker, plain(rest))),
        None if closed => Some((*marker, plain(after))),
        None => None,
    }
}

/// Text as a decision or task holds it: trimmed, without the bold marks
/// that opened or closed it.
fn plain(text: &str) -> String {
    let text = text.trim();
    let text = text
        .strip_prefix("**")
        .and_then(|t| t.strip_suffix("**"))
        .unwrap_or(text);
    text.trim_start_matches(':').trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_lines_are_copied_and_prose_is_not() {
        let notes = "- Ryan: Decision making is slow.\n\
                     - **Resolution**: Adopt the charter.\n\
                     - [tim] **RESOLVED** start a new spec\n\
                     ACTION ITEM: Joy to turn off the cache.\n\
                     Consensus: take the useful parts.\n\
                     Decision:\n  * Meet weekly\n  * Vote later\n    * nested\nAfter.\n";
        let marked = scan(notes);
        let decisions: Vec<String> = marked.decisions.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            decisions,
            [
                "resolution: Adopt the charter.",
                "resolution: start a new spec",
                "consensus: take the useful parts.",
                "Meet weekly",
                "Vote later",
            ]
        );
        assert_eq!(marked.actions, ["Joy to turn off the cache."]);
        assert_eq!(
            scan("Proposal: **take it**\nActionable: no\n"),
            Marked::default()
        );
    }

    #[test]
    fn a_whole_list_gives_its_entries() {
        assert_eq!(
            entries("- Ryan: record\n  - detail\n- Mark: merge\n"),
            ["Ryan: record", "Mark: merge"]
        );
    }
}
