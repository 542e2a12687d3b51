//! Reading one of our TOML files: text, syntax, shape, then serde.
//!
//! Every step reports problems as diagnostics that name the file and place:
//! a file that is not UTF-8, an empty file, leftover merge-conflict markers
//! and the conflicts a merge wrote into values (see [`crate::conflict`]),
//! every syntax error, every unknown key or wrong type (see [`crate::schema`]),
//! and finally what serde finds. Nothing here knows what a meeting is.

use std::path::Path;

use serde::de::DeserializeOwned;
use toml::de::DeTable;

use crate::conflict;
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::schema::{self, Field, Spans};

/// A file's text, read strictly as UTF-8.
///
/// `path` is where to read; `shown` is the name used in messages.
pub fn read_text(path: &Path, shown: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io("read", shown, e))?;
    utf8(bytes, shown)
}

/// Bytes (of a file, or of a revision in git) as text, strictly UTF-8;
/// `shown` names them in messages.
pub fn utf8(bytes: Vec<u8>, shown: &Path) -> Result<String> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        Diagnostic::at(
            shown,
            &prefix,
            valid..valid,
            format!("the file is not valid UTF-8 (byte {valid})"),
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
    let markers = conflict_markers(shown, text);
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        if !markers.is_empty() {
            return Err(markers);
        }
        return Err(errors
            .iter()
            .map(|e| syntax_error(shown, text, e))
            .collect());
    }
    // A merge leaves its conflicts inside values, where the file stays valid
    // TOML: they are reported by field and entry before the shape check,
    // which would only see a table where a string belongs.
    if !markers.is_empty() || text.contains(conflict::KEY) {
        let (mut found, strings) = conflict::find(shown, text, root.get_ref());
        found.extend(markers.into_iter().filter(|d| {
            let at = d.line.unwrap_or(0);
            !strings.iter().any(|s| {
                let first = text[..s.start].matches('\n').count() + 1;
                let last = first + text[s.clone()].matches('\n').count();
                (first..=last).contains(&at)
            })
        }));
        if !found.is_empty() {
            found.sort_by_key(|d| d.line);
            return Err(found);
        }
    }
    let (problems, spans) = schema::walk(shown, text, &root, fields);
    if !problems.is_empty() {
        return Err(problems);
    }
    T::deserialize(toml::de::Deserializer::from(root))
        .map(|value| (value, spans))
        .map_err(|e| vec![syntax_error(shown, text, &e)])
}

fn syntax_error(shown: &Path, text: &str, error: &toml::de::Error) -> Diagnostic {
    let message = error.message().trim_end_matches('\n').replace('\n', "; ");
    match error.span() {
        Some(span) => Diagnostic::at(shown, text, span, message),
        None => Diagnostic::file(shown, message),
    }
}

/// Lines left by an unresolved merge: `<<<<<<<`, `=======`, `>>>>>>>`.
pub fn conflict_markers(shown: &Path, text: &str) -> Vec<Diagnostic> {
    conflict::marker_lines(text)
        .into_iter()
        .map(|span| {
            let message = "unresolved merge-conflict marker";
            let help = "keep the text you want from both sides, delete the marker lines, then run `minutes check`";
            Diagnostic::at(shown, text, span, message).with_help(help)
        })
        .collect()
}
