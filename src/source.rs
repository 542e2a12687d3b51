//! Reading one of our TOML files from its text: syntax, shape, then serde.
//! The text comes from `fsio::read_text`, which reads a file of the archive
//! safely and strictly as UTF-8; this module opens no file.
//!
//! Every step reports problems as diagnostics that name the file and place:
//! an empty file, leftover merge-conflict markers
//! and the conflicts a merge wrote into values (see [`crate::conflict`]),
//! every syntax error, every unknown key or wrong type (see [`crate::schema`]),
//! and finally what serde finds. Nothing here knows what a meeting is.

use std::ops::Range;
use std::path::Path;

use serde::de::DeserializeOwned;
use toml::de::DeTable;

use crate::conflict;
use crate::diagnostic::{Diagnostic, Lines};
use crate::error::Result;
use crate::schema::{self, Field, Spans};

/// Parses `text` as a document of the given shape into `T`.
///
/// Returns the value and where each of its values sits, or every problem.
pub fn parse<T: DeserializeOwned>(
    shown: &Path,
    text: &str,
    fields: &[Field],
) -> Result<(T, Spans), Vec<Diagnostic>> {
    if text.trim().is_empty() {
        let help = "an empty file is not a valid document; fill it in or delete it";
        return Err(vec![
            Diagnostic::file(shown, "the file is empty").with_help(help),
        ]);
    }
    // Counted once: a file of junk holds a problem on every line.
    let lines = Lines::new(text);
    let markers = conflict::marker_lines(text);
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        if !markers.is_empty() {
            return Err(conflict_markers(shown, &lines, markers));
        }
        return Err(errors
            .iter()
            .map(|e| syntax_error(shown, &lines, e))
            .collect());
    }
    // A merge leaves its conflicts inside values, where the file stays valid
    // TOML: they are reported by field and entry before the shape check,
    // which would only see a table where a string belongs.
    if !markers.is_empty() || text.contains(conflict::KEY) {
        let (mut found, strings) = conflict::find(shown, &lines, root.get_ref());
        // Marker lines inside a string were named with their field.
        let outside = markers
            .into_iter()
            .filter(|marker| !strings.iter().any(|s| s.contains(&marker.start)));
        found.extend(conflict_markers(shown, &lines, outside));
        if !found.is_empty() {
            found.sort_by_key(|d| (d.line, d.column));
            return Err(found);
        }
    }
    let (problems, spans) = schema::walk(shown, &lines, &root, fields);
    if !problems.is_empty() {
        return Err(problems);
    }
    T::deserialize(toml::de::Deserializer::from(root))
        .map(|value| (value, spans))
        .map_err(|e| vec![syntax_error(shown, &lines, &e)])
}

fn syntax_error(shown: &Path, lines: &Lines<'_>, error: &toml::de::Error) -> Diagnostic {
    let message = error.message().trim_end_matches('\n').replace('\n', "; ");
    match error.span() {
        Some(span) => lines.at(shown, span, message),
        // The parser stops a key of too many dotted parts without saying
        // where: find it, so that the message has a line and a column.
        None if message == "recursion limit" => match too_deep(lines.text()) {
            Some(at) => lines
                .at(
                    shown,
                    at..at + 1,
                    format!("this key has more than {KEY_DEPTH} dotted parts"),
                )
                .with_help(
                    "a key of our files has a few parts at most, like `items.actions`; shorten it",
                ),
            None => Diagnostic::file(shown, "the document is nested too deeply"),
        },
        None => Diagnostic::file(shown, message),
    }
}

/// How many dotted parts the TOML parser takes in one key (its limit).
const KEY_DEPTH: usize = 80;

/// The offset of the dot that makes a key too deep: the `KEY_DEPTH`th dot
/// outside quotes and comments on one line. The parser counts the dots of
/// one key, and a key is on one line, so this finds the first such key.
fn too_deep(text: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive(['\n', '\r']) {
        let mut dots = 0;
        let mut quote = None;
        for (i, c) in line.char_indices() {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), _) if c == q => quote = None,
                (None, '#') => break,
                (None, '.') => {
                    dots += 1;
                    if dots == KEY_DEPTH {
                        return Some(offset + i);
                    }
                }
                _ => {}
            }
        }
        offset += line.len();
    }
    None
}

/// Lines left by an unresolved merge (`<<<<<<<`, `=======`, `>>>>>>>`),
/// at the `markers` found by [`conflict::marker_lines`].
fn conflict_markers(
    shown: &Path,
    lines: &Lines<'_>,
    markers: impl IntoIterator<Item = Range<usize>>,
) -> Vec<Diagnostic> {
    markers
        .into_iter()
        .map(|span| {
            let message = "unresolved merge-conflict marker";
            let help = "keep the text you want from both sides, delete the marker lines, then run `minutes check`";
            lines.at(shown, span, message).with_help(help)
        })
        .collect()
}
