//! The three-way merge of meeting files (`minutes merge-file`, and `sync`
//! for each file both sides changed): the bytes are three files, the common
//! ancestor, ours and theirs, separated by NUL bytes (with one NUL, there
//! is no ancestor: each side created the file on its own).
//!
//! What must hold: the merge ends; when the three files are TOML, so is the
//! result (the merge writes its conflicts in TOML, for `check` to name), and
//! a clean merge where one side changed only comments or layout holds the
//! other side's data (nothing of it lost); merging a file with itself over
//! itself gives it back, and so does a side that changed nothing at all.
//! The result is then read as `check` reads a meeting, conflicts included.

#![no_main]

use libfuzzer_sys::fuzz_target;
use minutes::merge::{self, Merged, Side};
use minutes_fuzz::{fuzzed_id, same_data};
use toml::{Table, Value};

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |b| *b == 0).map(std::str::from_utf8);
    let (base, ours, theirs) = match (parts.next(), parts.next(), parts.next()) {
        (Some(Ok(base)), Some(Ok(ours)), Some(Ok(theirs))) => (Some(base), ours, theirs),
        (Some(Ok(ours)), Some(Ok(theirs)), None) => (None, ours, theirs),
        _ => return,
    };
    let merged = merge::merge(base, ours, theirs);
    let data = |text: &str| toml::from_str::<Table>(text).ok();
    let (base_data, ours_data, theirs_data) = (base.map(data), data(ours), data(theirs));
    if let (Some(Some(base_data)), Some(ours_data), Some(theirs_data)) =
        (&base_data, &ours_data, &theirs_data)
    {
        let Some(result) = data(&merged.text) else {
            panic!(
                "three TOML files merge into one that is not TOML:\n{base:?}\n{ours:?}\n{theirs:?}\n->\n{:?}",
                merged.text
            )
        };
        if merged.is_clean() {
            let kept = |side: &Table| same(&result, side);
            assert!(
                !same(ours_data, base_data) || kept(theirs_data),
                "their change is lost:\n{base:?}\n{ours:?}\n{theirs:?}\n->\n{:?}",
                merged.text
            );
            assert!(
                !same(theirs_data, base_data) || kept(ours_data),
                "our change is lost:\n{base:?}\n{ours:?}\n{theirs:?}\n->\n{:?}",
                merged.text
            );
        }
        // What `check` makes of the result: the conflicts as diagnostics.
        let id = fuzzed_id();
        if let Err(problems) =
            minutes::archive::parse_record(id.clone(), id.relative_path(), merged.text.clone())
        {
            minutes_fuzz::show(&problems);
        }
    }
    assert_eq!(merge::merge(Some(ours), ours, ours), clean(ours));
    if let Some(base) = base {
        assert_eq!(merge::merge(Some(base), base, theirs), clean(theirs));
        assert_eq!(merge::merge(Some(base), ours, base), clean(ours));
    }
    let _ = merge::mark_removed(ours, Side::Theirs);
});

fn clean(text: &str) -> Merged {
    Merged {
        text: text.to_string(),
        conflicts: Vec::new(),
    }
}

/// Whether two documents hold the same data, lists of plain values taken
/// as sets (as the merge takes them: their order and repeats are not kept).
fn same(a: &Table, b: &Table) -> bool {
    same_data(
        &normal(&Value::Table(a.clone())),
        &normal(&Value::Table(b.clone())),
    )
}

fn normal(value: &Value) -> Value {
    match value {
        Value::Table(table) => {
            Value::Table(table.iter().map(|(k, v)| (k.clone(), normal(v))).collect())
        }
        Value::Array(values) if values.iter().all(|v| !v.is_table()) => {
            let mut values: Vec<Value> = values.iter().map(normal).collect();
            values.sort_by_key(Value::to_string);
            values.dedup();
            Value::Array(values)
        }
        Value::Array(values) => Value::Array(values.iter().map(normal).collect()),
        other => other.clone(),
    }
}
