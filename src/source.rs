//! Reading one of our TOML files: text, syntax, shape, then serde.
//!
//! Every step reports problems as diagnostics that name the file and place:
//! a file that is not UTF-8, an empty file, leftover merge-conflict markers,
//! every syntax error, every unknown key or wrong type (see [`crate::schema`]),
//! and finally what serde finds. Nothing here knows what a meeting is.

use std::path::Path;

use serde::de::DeserializeOwned;
use toml::de::DeTable;

use crate::diagnostic::{Diagnostic, Lines};
use crate::error::Result;
use crate::fsio;
use crate::schema::{self, Field, Spans};

/// A file's text, read strictly as UTF-8.
///
/// `path` is where to read: the archive root joined with `shown`, the name
/// used in messages. What [`fsio::read_regular`] refuses (links, special
/// files, files too large) is an error here too.
pub fn read_text(path: &Path, shown: &Path) -> Result<String> {
    let bytes = fsio::read_regular(path, shown)?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let byte = e.as_bytes()[valid];
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        Diagnostic::at(
            shown,
            &prefix,
            valid..valid,
            format!("the file is not valid UTF-8: byte {valid} (0x{byte:02X}) is not part of a UTF-8 character"),
        )
        .with_help("save the file with the UTF-8 encoding")
        .into()
    })
}

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
    let markers = conflict_markers(shown, &lines);
    if !markers.is_empty() {
        return Err(markers);
    }
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return Err(errors
            .iter()
            .map(|e| syntax_error(shown, &lines, e))
            .collect());
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

/// Lines left by an unresolved merge: `<<<<<<<`, `=======`, `>>>>>>>`.
fn conflict_markers(shown: &Path, lines: &Lines<'_>) -> Vec<Diagnostic> {
    let text = lines.text();
    let mut offset = 0;
    let mut found = Vec::new();
    for line in text.split_inclusive(['\n', '\r']) {
        let bare = line.trim_end();
        let marker = ["<<<<<<<", ">>>>>>>", "|||||||"]
            .iter()
            .any(|m| bare.starts_with(m))
            || bare == "=======";
        if marker {
            let message = "unresolved merge-conflict marker";
            let help = "keep the text you want from both sides, delete the marker lines, then run `minutes check`";
            found.push(
                lines
                    .at(shown, offset..offset + bare.len(), message)
                    .with_help(help),
            );
        }
        offset += line.len();
    }
    found
}
