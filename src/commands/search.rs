//! `minutes search QUERY`: full text over the items of the archive.
//!
//! See [`crate::query::search`] for the matching rules. `--json` prints an
//! array, oldest first, of:
//!
//! ```text
//! { "meeting": "2025-01-28", "date": "2025-01-28", "item": "congo",
//!   "item_title": "...", "private": false,
//!   "field": "title" | "lead" | "notes" | "decision" | "ref" | "source" | "action"
//!            | "preamble" | "postscript",
//!   "snippet": "…M23 entered Goma…", "highlights": [[14, 18]] }
//! ```
//!
//! A match in the preamble or postscript has `"item": ""`, and the
//! meeting's headline as `item_title`.
//!
//! `highlights` are character offsets `[start, end)` of the matches in the
//! snippet.

use std::fmt::Write as _;

use super::Global;
use crate::archive::{Archive, Loaded};
use crate::cli::SearchArgs;
use crate::error::{Error, Result};
use crate::id::Lang;
use crate::index::Detail;
use crate::query::{self, Query};
use crate::ui::{self, BOLD, DIM, YELLOW, paint};
use crate::view;

pub fn run(global: &Global, options: SearchArgs) -> Result<()> {
    let typed = options.words.join(" ");
    let query = Query::parse(&typed).ok_or_else(|| {
        Error::usage("the query is empty").with_help(
            "give one or more words, or a phrase in quotes: minutes search '\"red line\"'",
        )
    })?;
    let archive = global.archive()?;
    // A translation's text is not in the index's folded text: with --lang,
    // every meeting is read whole.
    let detail = match &options.lang {
        Some(_) => Detail::Full,
        None => Detail::Matching(query.terms()),
    };
    let mut records = global.meetings(&archive, detail)?;
    if let Some(lang) = &options.lang {
        translate(global, &archive, &mut records, lang);
    }
    let hits = query::search(&records, &query);
    if global.json {
        return ui::print_json(&hits);
    }
    if hits.is_empty() {
        global.note(&format!("nothing matches {typed}"));
        return Ok(());
    }
    let mut out = String::new();
    for hit in &hits {
        let private = if hit.private {
            format!("  {}", paint(YELLOW, "[private]"))
        } else {
            String::new()
        };
        let place = match hit.place.item.as_str() {
            "" => format!("({})", hit.field),
            item => format!("({item}, {})", hit.field),
        };
        let _ = writeln!(
            out,
            "{}  {}  {}{private}",
            paint(BOLD, &hit.place.meeting),
            paint(BOLD, &hit.place.item_title),
            paint(DIM, place),
        );
        let _ = writeln!(out, "    {}", view::highlighted(hit));
    }
    ui::print(&out)
}

/// Puts the translated text of each meeting that has an overlay in `lang`
/// in place of the original; a broken overlay is left out with a note.
fn translate(global: &Global, archive: &Archive, records: &mut [Loaded], lang: &Lang) {
    let mut found = 0;
    for record in records.iter_mut() {
        match archive.translation(&record.id, lang) {
            Ok(Some(overlay)) => {
                record.meeting = overlay.apply(&record.meeting);
                found += 1;
            }
            Ok(None) => {}
            Err(_) => global.note(&format!(
                "{} could not be read and was left out; `minutes check` shows why",
                record.id.overlay_path(lang).display()
            )),
        }
    }
    if found == 0 {
        global.note(&format!(
            "no meeting has a translation into `{lang}`; the original text was searched"
        ));
    }
}
