//! What a merge conflict looks like inside one of our files, and finding it
//! again: one declaration for the merge that writes it and the check that
//! reports it.
//!
//! A conflict is written so that a person sees both versions and the file
//! stays valid TOML:
//! - in a long text (notes), as the familiar marker lines inside the string
//!   (`<<<<<<< ours`, `=======`, `>>>>>>> theirs`);
//! - for one value, as an inline table in its place:
//!   `title = { merge-conflict = "...", ours = "A", theirs = "B", base = "C" }`;
//! - for an entry (an item, an action) or a whole file removed on one side
//!   and changed on the other, as a `merge-conflict = "..."` line in it.
//!
//! [`find`] reports each at its line, naming the field and the entry:
//! `conflict in the notes of item "congo": resolve, then commit`.
//!
//! The entries of a list of tables are told apart by a key (items by `id`,
//! updates by `action` ...): [`entry_name`] holds that small table, which the
//! merge matches entries by and the messages name them by. Fields it does not
//! list fall back to a generic rule, so that new fields merge sensibly.
//! Nothing here reads or writes a file.

use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Diagnostic, Lines};

/// The key that marks a conflict.
pub const KEY: &str = "merge-conflict";
/// The keys of a value conflict table besides [`KEY`].
pub const OURS: &str = "ours";
pub const THEIRS: &str = "theirs";
pub const BASE: &str = "base";

/// How the entries of a list of tables are named: the keys that identify one
/// (the first present wins) and what an entry is called in a message.
struct Identity {
    list: &'static str,
    keys: &'static [&'static str],
    noun: &'static str,
}

/// Lists of tables whose entries have a name. Tables of tables chosen by the
/// user (`[items.congo]` in a translation, `[series.tuesday]`,
/// `[people.anna]`) use the list name for the noun.
const IDENTITIES: &[Identity] = &[
    Identity {
        list: "items",
        keys: &["id"],
        noun: "item",
    },
    Identity {
        list: "actions",
        keys: &["id"],
        noun: "action",
    },
    Identity {
        list: "updates",
        keys: &["action"],
        noun: "update",
    },
    Identity {
        list: "attendees",
        keys: &["who", "name"],
        noun: "attendee",
    },
    Identity {
        list: "links",
        keys: &["url"],
        noun: "link",
    },
    Identity {
        list: "sources",
        keys: &["title"],
        noun: "source",
    },
    Identity {
        list: "periods",
        keys: &["from"],
        noun: "period",
    },
    Identity {
        list: "series",
        keys: &[],
        noun: "series",
    },
    Identity {
        list: "people",
        keys: &[],
        noun: "person",
    },
];

/// Keys tried, in order, for a list this table does not know.
const FALLBACK_KEYS: &[&str] = &["id", "name", "title", "url"];

/// The noun for one entry of the list `list` ("item" for `items`).
pub fn noun(list: &str) -> &str {
    IDENTITIES
        .iter()
        .find(|i| i.list == list)
        .map_or(list, |i| i.noun)
}

/// Whether `list` is a list whose entries are named (its tables are entries,
/// not fields).
pub fn is_named_list(list: &str) -> bool {
    IDENTITIES.iter().any(|i| i.list == list)
}

/// The name of one entry of the list `list`, from its keys (`get` gives the
/// string value of a key): the first identifying key present, and for items
/// without an id the id derived from the title, as a meeting derives it.
pub fn entry_name(list: &str, get: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let keys = IDENTITIES
        .iter()
        .find(|i| i.list == list)
        .map_or(FALLBACK_KEYS, |i| i.keys);
    if let Some(name) = keys.iter().find_map(|k| get(k)) {
        return Some(name);
    }
    if list == "items" {
        return get("title").map(|t| crate::id::slug(&t));
    }
    None
}

/// Whether `line` is a line of a merge-conflict marker.
pub fn is_marker_line(line: &str) -> bool {
    let bare = line.trim_end();
    ["<<<<<<<", ">>>>>>>", "|||||||"]
        .iter()
        .any(|m| bare.starts_with(m))
        || bare == "======="
}

/// The byte ranges of the marker lines of `text` (without their line end).
/// Lines end as [`Lines`] counts them, a lone `\r` included.
pub fn marker_lines(text: &str) -> Vec<Range<usize>> {
    let mut offset = 0;
    let mut found = Vec::new();
    for line in text.split_inclusive(['\n', '\r']) {
        if is_marker_line(line) {
            found.push(offset..offset + line.trim_end().len());
        }
        offset += line.len();
    }
    found
}

/// Where an entry sits, for messages: `item "congo"`, `action "a1" of item
/// "congo"`; empty at the top of the file.
#[derive(Clone, Debug, Default)]
pub struct Owner(Vec<String>);

impl Owner {
    pub fn with(&self, part: String) -> Owner {
        let mut parts = self.0.clone();
        parts.push(part);
        Owner(parts)
    }

    /// `the notes of item "congo"`, or `the title` at the top.
    pub fn field(&self, field: &str) -> String {
        match self.describe() {
            Some(owner) => format!("the {field} of {owner}"),
            None => format!("the {field}"),
        }
    }

    pub fn describe(&self) -> Option<String> {
        (!self.0.is_empty()).then(|| {
            let mut parts = self.0.clone();
            parts.reverse();
            parts.join(" of ")
        })
    }
}

/// Every conflict that a merge wrote into the text of `lines` (parsed as
/// `root`), each at its line, and the byte ranges of the strings that hold
/// marker lines, so that the caller does not report those lines a second
/// time. The lines are the caller's, counted once for all its diagnostics.
pub fn find(
    shown: &Path,
    lines: &Lines<'_>,
    root: &DeTable<'_>,
) -> (Vec<Diagnostic>, Vec<Range<usize>>) {
    let mut finder = Finder {
        shown,
        text: lines.text(),
        lines,
        found: Vec::new(),
        strings: Vec::new(),
    };
    finder.table(root, &Owner::default());
    finder.found.sort_by_key(|d| (d.line, d.column));
    (finder.found, finder.strings)
}

struct Finder<'a> {
    shown: &'a Path,
    text: &'a str,
    lines: &'a Lines<'a>,
    found: Vec<Diagnostic>,
    strings: Vec<Range<usize>>,
}

impl Finder<'_> {
    fn table(&mut self, table: &DeTable<'_>, owner: &Owner) {
        for (key, value) in table {
            let name = key.get_ref().as_ref();
            if name == KEY {
                self.entry(key.span(), value, owner);
            } else {
                self.value(name, value, owner);
            }
        }
    }

    /// A `merge-conflict` line: the entry (or the file) as a whole.
    fn entry(&mut self, span: Range<usize>, value: &Spanned<DeValue<'_>>, owner: &Owner) {
        let what = match value.get_ref() {
            DeValue::String(s) => s.to_string(),
            _ => "both sides changed this".to_string(),
        };
        let place = owner.describe().unwrap_or_else(|| "this file".to_string());
        self.found.push(
            self.lines
                .at(
                    self.shown,
                    span,
                    format!("conflict in {place}: resolve, then commit"),
                )
                .with_help(what),
        );
    }

    fn value(&mut self, name: &str, value: &Spanned<DeValue<'_>>, owner: &Owner) {
        match value.get_ref() {
            DeValue::String(s) if !marker_lines(s).is_empty() => {
                let span = value.span();
                let first = marker_lines(&self.text[span.clone()])
                    .first()
                    .map_or(span.clone(), |r| span.start + r.start..span.start + r.end);
                self.strings.push(span);
                self.found.push(
                    self.lines
                        .at(
                            self.shown,
                            first,
                            format!("conflict in {}: resolve, then commit", owner.field(name)),
                        )
                        .with_help(
                            "keep the text you want from both versions (ours, this copy; theirs, \
                         the other side) and delete the marker lines; then `minutes sync` \
                         finishes a sync, or `minutes commit` records it",
                        ),
                );
            }
            DeValue::Table(t) if t.iter().any(|(k, _)| k.get_ref().as_ref() == KEY) => {
                let side = |key: &str| {
                    t.iter()
                        .find(|(k, _)| k.get_ref().as_ref() == key)
                        .map(|(_, v)| self.text[v.span()].to_string())
                };
                let show = |key: &str| match side(key) {
                    Some(v) => format!("{key} = {v}"),
                    None => format!("{key}: removed"),
                };
                self.found.push(
                    self.lines
                        .at(
                            self.shown,
                            value.span(),
                            format!("conflict in {}: resolve, then commit", owner.field(name)),
                        )
                        .with_help(format!(
                            "replace the table with the value to keep, `{name} = ...` ({} is this \
                         copy's, {} the other side's); then `minutes sync` finishes a sync, or \
                         `minutes commit` records it",
                            show(OURS),
                            show(THEIRS)
                        )),
                );
            }
            DeValue::Table(t) => {
                let inner = if is_named_list(name) {
                    owner.clone()
                } else {
                    owner.with(format!("the {name}"))
                };
                for (key, child) in t {
                    let key_name = key.get_ref().as_ref();
                    match child.get_ref() {
                        DeValue::Table(entry) if is_named_list(name) => {
                            let owner = owner.with(format!("{} \"{key_name}\"", noun(name)));
                            self.table(entry, &owner);
                        }
                        _ if key_name == KEY => self.entry(key.span(), child, &inner),
                        _ => self.value(key_name, child, &inner),
                    }
                }
            }
            DeValue::Array(items) => {
                for item in items {
                    let DeValue::Table(entry) = item.get_ref() else {
                        continue;
                    };
                    let get = |k: &str| {
                        entry
                            .iter()
                            .find(|(key, _)| key.get_ref().as_ref() == k)
                            .and_then(|(_, v)| match v.get_ref() {
                                DeValue::String(s) => Some(s.to_string()),
                                DeValue::Datetime(d) => Some(d.to_string()),
                                _ => None,
                            })
                    };
                    let label = match entry_name(name, &get) {
                        Some(n) => format!("{} \"{n}\"", noun(name)),
                        None => format!("an entry of {name}"),
                    };
                    self.table(entry, &owner.with(label));
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(usize, String, String)> {
        let root = DeTable::parse(text).expect("valid TOML");
        let (found, _) = find(Path::new("m.toml"), &Lines::new(text), root.get_ref());
        found
            .into_iter()
            .map(|d| (d.line.unwrap_or(0), d.message, d.help.unwrap_or_default()))
            .collect()
    }

    #[test]
    fn each_kind_of_conflict_is_named_at_its_line() {
        let text = "schema = 1\n\
            title = { merge-conflict = \"changed on both sides\", ours = \"A\", theirs = \"B\" }\n\
            \n\
            [[items]]\n\
            id = \"congo\"\n\
            notes = \"\"\"\n\
            M23 took Goma.\n\
            <<<<<<< ours\n\
            Talks in Doha.\n\
            =======\n\
            Talks in Luanda.\n\
            >>>>>>> theirs\n\
            \"\"\"\n\
            \n\
            [[items.actions]]\n\
            id = \"a1\"\n\
            merge-conflict = \"removed on the other side but changed here\"\n";
        let all = found(text);
        assert_eq!(
            all.len(),
            3,
            "{:?}",
            all.iter().map(|f| &f.1).collect::<Vec<_>>()
        );
        assert_eq!(all[0].0, 2);
        assert_eq!(all[0].1, "conflict in the title: resolve, then commit");
        assert!(all[0].2.contains("ours = \"A\""), "{}", all[0].2);
        assert_eq!(all[1].0, 8);
        assert_eq!(
            all[1].1,
            "conflict in the notes of item \"congo\": resolve, then commit"
        );
        assert_eq!(all[2].0, 17);
        assert_eq!(
            all[2].1,
            "conflict in action \"a1\" of item \"congo\": resolve, then commit"
        );
        assert_eq!(all[2].2, "removed on the other side but changed here");
    }

    #[test]
    fn entries_of_tables_by_name_and_items_without_an_id() {
        let text = "[items.congo]\nnotes = { merge-conflict = \"x\", ours = \"a\" }\n";
        let all = found(text);
        assert_eq!(
            all[0].1,
            "conflict in the notes of item \"congo\": resolve, then commit"
        );
        assert!(all[0].2.contains("theirs: removed"), "{}", all[0].2);
        let text = "[[items]]\ntitle = \"The DeepSeek case\"\nlead = { merge-conflict = \"x\" }\n";
        assert_eq!(
            found(text)[0].1,
            "conflict in the lead of item \"the-deepseek-case\": resolve, then commit"
        );
    }
}
