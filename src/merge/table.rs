//! The structural merge, by the shape of the TOML: tables key by key, lists
//! of tables entry by entry, lists of values as sets, single values
//! three-way, long texts line by line.
//!
//! The merge edits our side's document in place, so that everything neither
//! side changed keeps our layout; what is taken from the other side keeps its
//! own decoration (comments above an item come along with it).

use std::collections::HashMap;

use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value};

use super::{Side, text};
use crate::conflict::{self, Owner};

/// Merges `theirs` into `ours` (both descended from `base`); returns the
/// conflicts left in `ours`.
pub fn merge_document(
    base: &DocumentMut,
    ours: &mut DocumentMut,
    theirs: &DocumentMut,
) -> Vec<String> {
    let mut merger = Merger::default();
    merger.table(
        Some(base.as_table()),
        ours.as_table_mut(),
        theirs.as_table(),
        &Owner::default(),
        None,
    );
    merger.conflicts
}

/// Puts a `merge-conflict` line first in `table`.
pub fn mark(table: &mut Table, message: &str) {
    table.insert(conflict::KEY, toml_edit::value(message));
    table.sort_values_by(|a, _, b, _| (a.get() != conflict::KEY).cmp(&(b.get() != conflict::KEY)));
}

/// What the `merge-conflict` line of something removed on one side and
/// changed on the other says; `what` names it ("this item", "the file").
pub fn removed_message(removed_by: Side, what: &str) -> String {
    let (removed, changed) = places(removed_by);
    format!(
        "removed {removed} but changed {changed}: delete {what} to agree with the removal, \
         or delete this line to keep it"
    )
}

/// The same, short, for the list of conflicts.
pub fn removed_phrase(removed_by: Side) -> String {
    let (removed, changed) = places(removed_by);
    format!("removed {removed}, changed {changed}")
}

fn places(removed_by: Side) -> (&'static str, &'static str) {
    match removed_by {
        Side::Ours => ("here", "on the other side"),
        Side::Theirs => ("on the other side", "here"),
    }
}

#[derive(Default)]
struct Merger {
    conflicts: Vec<String>,
}

impl Merger {
    /// `list` is the name of the list when the table's keys name entries
    /// chosen by the user (`[items.congo]` of a translation).
    fn table(
        &mut self,
        base: Option<&Table>,
        ours: &mut Table,
        theirs: &Table,
        owner: &Owner,
        list: Option<&str>,
    ) {
        let mut keys: Vec<String> = ours.iter().map(|(k, _)| k.to_string()).collect();
        keys.extend(
            theirs
                .iter()
                .map(|(k, _)| k.to_string())
                .filter(|k| !ours.contains_key(k)),
        );
        for key in keys {
            let b = base.and_then(|t| t.get(&key));
            let t = theirs.get(&key);
            if same(ours.get(&key), t) || same(b, t) {
                continue;
            }
            if same(b, ours.get(&key)) {
                match t {
                    Some(t) => take(ours, theirs, &key, t),
                    None => {
                        ours.remove(&key);
                    }
                }
                continue;
            }
            let (inner, inner_list) = child(owner, list, &key);
            if is_text(b) || is_text(ours.get(&key)) || is_text(t) {
                if let (Some(o), Some(th)) = (
                    ours.get(&key).and_then(Item::as_str),
                    t.and_then(Item::as_str),
                ) {
                    let base_text = b.and_then(Item::as_str).unwrap_or("");
                    let (text, clean) = match text::merge_lines(base_text, o, th) {
                        Ok(text) => (text, true),
                        Err(text) => (text, false),
                    };
                    let like = ours.get(&key).and_then(Item::as_value).cloned();
                    ours[key.as_str()] = Item::Value(text::string_value(&text, like.as_ref()));
                    if !clean {
                        self.conflicts.push(owner.field(&key));
                    }
                    continue;
                }
            }
            // A list that one side emptied is written without its key: it is
            // an empty list, not a removed field.
            let empty_list;
            let t = match (ours.get(&key), t) {
                (Some(Item::ArrayOfTables(_)), None) => {
                    empty_list = Item::ArrayOfTables(ArrayOfTables::new());
                    Some(&empty_list)
                }
                (None, Some(Item::ArrayOfTables(_))) => {
                    ours.insert(&key, Item::ArrayOfTables(ArrayOfTables::new()));
                    t
                }
                _ => t,
            };
            match (ours.get_mut(&key), t) {
                (Some(Item::ArrayOfTables(o)), Some(Item::ArrayOfTables(t))) => {
                    let b = b.and_then(Item::as_array_of_tables);
                    self.list(&key, b, o, t, owner);
                    if o.is_empty() {
                        ours.remove(&key);
                    }
                }
                (Some(Item::Table(o)), Some(Item::Table(t))) => {
                    let b = b.and_then(Item::as_table);
                    self.table(b, o, t, &inner, inner_list.as_deref());
                }
                (Some(Item::Value(Value::Array(o))), Some(Item::Value(Value::Array(t)))) => {
                    set(b.and_then(Item::as_array), o, t);
                }
                _ => self.value_conflict(ours, &key, b, t, owner),
            }
        }
    }

    /// Two lists of tables, entry by entry: our order, with the entries the
    /// other side added after the entry they follow there (and after what
    /// we added at that place).
    fn list(
        &mut self,
        name: &str,
        base: Option<&ArrayOfTables>,
        ours: &mut ArrayOfTables,
        theirs: &ArrayOfTables,
        owner: &Owner,
    ) {
        let empty = ArrayOfTables::new();
        let (Some(base_named), Some(ours_named), Some(theirs_named)) = (
            named(name, base.unwrap_or(&empty)),
            named(name, ours),
            named(name, theirs),
        ) else {
            // Entries without a name (or with the same name twice) cannot be
            // matched: keep ours, and say that the other side differs.
            if let Some(first) = ours.iter_mut().next() {
                mark(
                    first,
                    &format!(
                        "both sides changed the {name}, whose entries cannot be matched by name: \
                         compare with the other side's version, then delete this line"
                    ),
                );
            }
            self.conflicts.push(owner.field(name));
            return;
        };
        let base_by: HashMap<&str, &Table> =
            base_named.iter().map(|(k, t)| (k.as_str(), *t)).collect();
        let theirs_by: HashMap<&str, &Table> =
            theirs_named.iter().map(|(k, t)| (k.as_str(), *t)).collect();
        let noun = conflict::noun(name);
        // Each entry with its name, and whether we added it.
        let mut out: Vec<(String, Table, bool)> = Vec::new();
        for (key, entry) in &ours_named {
            let mut entry = (*entry).clone();
            let b = base_by.get(key.as_str()).copied();
            let entry_owner = owner.with(format!("{noun} \"{key}\""));
            match (theirs_by.get(key.as_str()), b) {
                (Some(t), _) => {
                    self.table(b, &mut entry, t, &entry_owner, None);
                    out.push((key.clone(), entry, b.is_none()));
                }
                (None, None) => out.push((key.clone(), entry, true)),
                (None, Some(b)) if same_table(b, &entry) => {}
                (None, Some(_)) => {
                    mark(
                        &mut entry,
                        &removed_message(Side::Theirs, &format!("this {noun}")),
                    );
                    self.conflicts.push(format!(
                        "{} ({})",
                        entry_owner.describe().unwrap_or_default(),
                        removed_phrase(Side::Theirs)
                    ));
                    out.push((key.clone(), entry, false));
                }
            }
        }
        for (n, (key, entry)) in theirs_named.iter().enumerate() {
            if ours_named.iter().any(|(k, _)| k == key) {
                continue;
            }
            let mut entry = (*entry).clone();
            unposition(&mut entry);
            match base_by.get(key.as_str()) {
                Some(b) if same_table(b, &entry) => continue,
                Some(_) => {
                    mark(
                        &mut entry,
                        &removed_message(Side::Ours, &format!("this {noun}")),
                    );
                    let entry_owner = owner.with(format!("{noun} \"{key}\""));
                    self.conflicts.push(format!(
                        "{} ({})",
                        entry_owner.describe().unwrap_or_default(),
                        removed_phrase(Side::Ours)
                    ));
                }
                None => {}
            }
            let mut at = theirs_named[..n]
                .iter()
                .rev()
                .find_map(|(before, _)| out.iter().position(|(k, _, _)| k == before))
                .map_or(0, |p| p + 1);
            while out.get(at).is_some_and(|(_, _, ours_added)| *ours_added) {
                at += 1;
            }
            out.insert(at, (key.clone(), entry, false));
        }
        ours.clear();
        for (_, entry, _) in out {
            ours.push(entry);
        }
    }

    /// The same value changed both ways: both versions, side by side, in its
    /// place.
    fn value_conflict(
        &mut self,
        ours: &mut Table,
        key: &str,
        base: Option<&Item>,
        theirs: Option<&Item>,
        owner: &Owner,
    ) {
        self.conflicts.push(owner.field(key));
        let o = ours.get(key);
        let values: Vec<Option<Value>> = [o, theirs, base]
            .iter()
            .map(|i| i.and_then(Item::as_value).cloned())
            .collect();
        let tables = [o, theirs]
            .iter()
            .flatten()
            .any(|i| !i.is_value() && !i.is_none());
        if tables {
            // A table cannot sit inside a value: keep ours (or theirs where
            // we removed it), and say so in it.
            if o.is_none() {
                if let Some(t) = theirs {
                    let mut t = t.clone();
                    unposition_item(&mut t);
                    ours.insert(key, t);
                }
            }
            let message = format!(
                "both sides changed the {key} in different ways: compare with the other side's \
                 version, then delete this line"
            );
            match ours.get_mut(key) {
                Some(Item::Table(t)) => mark(t, &message),
                Some(Item::ArrayOfTables(a)) => {
                    if let Some(first) = a.iter_mut().next() {
                        mark(first, &message);
                    }
                }
                _ => mark(ours, &message),
            }
            return;
        }
        let what = match (&values[0], &values[1]) {
            (None, _) => "removed here but changed on the other side: keep one version",
            (_, None) => "changed here but removed on the other side: keep one version",
            _ => "changed on both sides: keep one value",
        };
        let mut table = InlineTable::new();
        table.insert(conflict::KEY, Value::from(what));
        for (name, value) in [conflict::OURS, conflict::THEIRS, conflict::BASE]
            .into_iter()
            .zip(values.iter())
        {
            if let Some(mut value) = value.clone() {
                // A comment cannot sit inside an inline table.
                value.decor_mut().clear();
                table.insert(name, value);
            }
        }
        table.fmt();
        let mut value = Value::InlineTable(table);
        match ours.get_mut(key) {
            Some(Item::Value(old)) => {
                *value.decor_mut() = old.decor().clone();
                *old = value;
            }
            _ => {
                ours.insert(key, Item::Value(value));
            }
        }
    }
}

/// Whether `item` is a text of several lines, merged line by line.
fn is_text(item: Option<&Item>) -> bool {
    item.and_then(Item::as_str)
        .is_some_and(|s| s.contains('\n'))
}

/// The owner of the value at `key` of a table owned by `owner`, and the
/// list name when that value is a table of named entries.
fn child(owner: &Owner, list: Option<&str>, key: &str) -> (Owner, Option<String>) {
    match list {
        Some(list) => (
            owner.with(format!("{} \"{key}\"", conflict::noun(list))),
            None,
        ),
        None if conflict::is_named_list(key) => (owner.clone(), Some(key.to_string())),
        None => (owner.with(format!("the {key}")), None),
    }
}

/// Takes the other side's value at `key`, keeping our decoration of the key
/// and value where we have one.
fn take(ours: &mut Table, theirs: &Table, key: &str, item: &Item) {
    let mut item = item.clone();
    unposition_item(&mut item);
    match (ours.get_mut(key), &mut item) {
        (Some(Item::Value(old)), Item::Value(new)) => {
            *new.decor_mut() = old.decor().clone();
            *old = new.clone();
        }
        (Some(slot), _) => *slot = item,
        (None, _) => {
            ours.insert(key, item);
            if let (Some(mut mine), Some(theirs_key)) = (ours.key_mut(key), theirs.key(key)) {
                *mine.leaf_decor_mut() = theirs_key.leaf_decor().clone();
            }
        }
    }
}

/// Lists of values merged as sets: ours, less what the other side removed,
/// then what it added, in its order.
fn set(base: Option<&Array>, ours: &mut Array, theirs: &Array) {
    let base: Vec<Canon> = base.map_or_else(Vec::new, |a| a.iter().map(canon_value).collect());
    let theirs_canon: Vec<Canon> = theirs.iter().map(canon_value).collect();
    let removed: Vec<&Canon> = base.iter().filter(|c| !theirs_canon.contains(c)).collect();
    let first = ours.iter().next().map(|v| v.decor().prefix().cloned());
    ours.retain(|v| !removed.contains(&&canon_value(v)));
    // The first value takes the place (and spacing) of the one removed.
    if let (Some(Some(prefix)), Some(now)) = (first, ours.iter_mut().next()) {
        now.decor_mut().set_prefix(prefix);
    }
    let mut present: Vec<Canon> = ours.iter().map(canon_value).collect();
    let decor = ours.iter().last().map(|v| v.decor().clone());
    for (value, canon) in theirs.iter().zip(theirs_canon) {
        if base.contains(&canon) || present.contains(&canon) {
            continue;
        }
        let mut value = value.clone();
        match &decor {
            Some(decor) => *value.decor_mut() = decor.clone(),
            None => value.decor_mut().clear(),
        }
        ours.push_formatted(value);
        present.push(canon);
    }
}

/// The entries of a list with their names; `None` when one has no name or
/// two share one.
fn named<'a>(list: &str, tables: &'a ArrayOfTables) -> Option<Vec<(String, &'a Table)>> {
    let mut out: Vec<(String, &Table)> = Vec::new();
    for table in tables.iter() {
        let name = conflict::entry_name(list, &|k| table.get(k).and_then(scalar_text))?;
        if out.iter().any(|(n, _)| *n == name) {
            return None;
        }
        out.push((name, table));
    }
    Some(out)
}

fn scalar_text(item: &Item) -> Option<String> {
    match item.as_value()? {
        Value::String(s) => Some(s.value().clone()),
        Value::Integer(i) => Some(i.value().to_string()),
        Value::Datetime(d) => Some(d.value().to_string()),
        _ => None,
    }
}

/// Tables taken from the other side lose their place in its document: they
/// take the place of what they follow in ours.
fn unposition(table: &mut Table) {
    table.set_position(None);
    for (_, item) in table.iter_mut() {
        unposition_item(item);
    }
}

fn unposition_item(item: &mut Item) {
    match item {
        Item::Table(t) => unposition(t),
        Item::ArrayOfTables(a) => a.iter_mut().for_each(unposition),
        _ => {}
    }
}

/// A value as it means, not as it is written: `'a'` and `"a"` are the same.
#[derive(Debug, PartialEq)]
enum Canon {
    Str(String),
    Int(i64),
    Float(u64),
    Bool(bool),
    Date(String),
    List(Vec<Canon>),
    Map(Vec<(String, Canon)>),
}

fn same(a: Option<&Item>, b: Option<&Item>) -> bool {
    canon(a) == canon(b)
}

fn same_table(a: &Table, b: &Table) -> bool {
    canon_table(a) == canon_table(b)
}

fn canon(item: Option<&Item>) -> Option<Canon> {
    match item? {
        Item::None => None,
        Item::Value(v) => Some(canon_value(v)),
        Item::Table(t) => Some(canon_table(t)),
        Item::ArrayOfTables(a) => Some(Canon::List(a.iter().map(canon_table).collect())),
    }
}

fn canon_table(table: &Table) -> Canon {
    let mut entries: Vec<(String, Canon)> = table
        .iter()
        .filter_map(|(k, v)| canon(Some(v)).map(|c| (k.to_string(), c)))
        .collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    Canon::Map(entries)
}

fn canon_value(value: &Value) -> Canon {
    match value {
        Value::String(s) => Canon::Str(s.value().clone()),
        Value::Integer(i) => Canon::Int(*i.value()),
        Value::Float(f) => Canon::Float(f.value().to_bits()),
        Value::Boolean(b) => Canon::Bool(*b.value()),
        Value::Datetime(d) => Canon::Date(d.value().to_string()),
        Value::Array(a) => Canon::List(a.iter().map(canon_value).collect()),
        Value::InlineTable(t) => {
            let mut entries: Vec<(String, Canon)> = t
                .iter()
                .map(|(k, v)| (k.to_string(), canon_value(v)))
                .collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Canon::Map(entries)
        }
    }
}
