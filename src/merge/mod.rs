//! The three-way merge of our TOML files by meaning: meetings,
//! translations and `minutes.toml`.
//!
//! Pure: three texts in (the common ancestor, ours, theirs), the merged text
//! and its conflicts out. `sync` and the git merge driver (`merge-file`) call
//! it; it never reads a file, a repository or the clock.
//!
//! The merge follows the shape of the TOML, so that fields added to the
//! format later merge sensibly without a change here (see `table.rs`):
//! tables key by key; lists of tables entry by entry, matched by the key that
//! names an entry (`crate::conflict::entry_name`: items by `id`, updates by
//! `action` ...); lists of plain values as sets in a stable order; single
//! values three-way; long texts (notes) line by line (`text.rs`). Edits go
//! through `toml_edit` on our side's document, so its comments and layout
//! survive, and what comes from the other side keeps its own.
//!
//! What cannot be settled is written into the text in the forms that
//! `crate::conflict` declares and `check` reports; the text stays valid TOML.
//! When a side is not valid TOML at all, the files are merged line by line,
//! as git would.

mod table;
mod text;

use toml_edit::DocumentMut;

/// The result of a merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub text: String,
    /// Each conflict left in the text, in meeting terms: `the notes of item
    /// "congo"`; empty when the merge is clean.
    pub conflicts: Vec<String>,
}

impl Merged {
    pub fn is_clean(&self) -> bool {
        self.conflicts.is_empty()
    }
}

/// Merges `ours` and `theirs`, both descended from `base` (`None` when each
/// side created the file on its own).
pub fn merge(base: Option<&str>, ours: &str, theirs: &str) -> Merged {
    if ours == theirs {
        return clean(ours);
    }
    if base == Some(ours) {
        return clean(theirs);
    }
    if base == Some(theirs) {
        return clean(ours);
    }
    let parsed = (
        base.map_or(Ok(DocumentMut::new()), str::parse::<DocumentMut>),
        ours.parse::<DocumentMut>(),
        theirs.parse::<DocumentMut>(),
    );
    let (Ok(base_doc), Ok(mut ours_doc), Ok(theirs_doc)) = parsed else {
        return lines(base.unwrap_or(""), ours, theirs);
    };
    let conflicts = table::merge_document(&base_doc, &mut ours_doc, &theirs_doc);
    Merged {
        text: ours_doc.to_string(),
        conflicts,
    }
}

/// The side of a merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Ours,
    Theirs,
}

/// Marks a whole file that one side removed and the other changed: the
/// changed text is kept, with a line that says what happened, so that it is
/// neither lost nor taken for settled.
pub fn mark_removed(kept: &str, removed_by: Side) -> Merged {
    let conflicts = vec![format!("the file ({})", table::removed_phrase(removed_by))];
    match kept.parse::<DocumentMut>() {
        Ok(mut doc) => {
            table::mark(
                doc.as_table_mut(),
                &table::removed_message(removed_by, "the file"),
            );
            Merged {
                text: doc.to_string(),
                conflicts,
            }
        }
        Err(_) => Merged {
            text: kept.to_string(),
            conflicts,
        },
    }
}

fn clean(text: &str) -> Merged {
    Merged {
        text: text.to_string(),
        conflicts: Vec::new(),
    }
}

/// The whole files, line by line: for files that do not parse.
fn lines(base: &str, ours: &str, theirs: &str) -> Merged {
    match text::merge_lines(base, ours, theirs) {
        Ok(text) => clean(&text),
        Err(text) => Merged {
            text,
            conflicts: vec!["the file (not valid TOML on one side: merged line by line)".into()],
        },
    }
}

#[cfg(test)]
mod tests;
