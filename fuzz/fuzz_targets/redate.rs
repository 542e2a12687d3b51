//! The edits of `minutes redate` (the transaction of `redate.rs` plans
//! them): the moved meeting's `date` set anew (`edit::set_date`), and in
//! every other meeting the references to the moved meeting's actions
//! pointed at the new date (`edit::rename_action_refs`). The bytes are the
//! file.
//!
//! Each edit must change what it is for and keep the rest of the person's
//! bytes: the new date replaces the old one's text within its line, and the
//! renamed references leave every other line as it was, line ends, a
//! byte-order mark and table headers included; the data is the original's
//! with that change; a meeting that loaded still loads.

#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use minutes::{archive, edit};
use minutes_fuzz::{fuzzed_id, same_data};
use toml::{Table, Value};

/// The move: the fuzzed meeting to the next day, and the earlier meeting
/// whose actions its updates name (`2025-01-21#a1`) to the day after it.
const NEW_DATE: (i32, u32, u32) = (2025, 1, 29);
const FROM: &str = "2025-01-21";
const TO: &str = "2025-01-22";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(table) = toml::from_str::<Table>(text) else {
        return;
    };
    let id = fuzzed_id();
    let path = id.relative_path();
    let loads =
        |text: &str| archive::parse_record(id.clone(), path.clone(), text.to_string()).is_ok();
    let loaded = loads(text);

    let (year, month, day) = NEW_DATE;
    let date = NaiveDate::from_ymd_opt(year, month, day).expect("a date");
    if let Ok(after) = edit::set_date(&path, text, date) {
        let mut expected = table.clone();
        let new_date = toml::value::Datetime {
            date: Some(toml::value::Date {
                year: 2025,
                month: 1,
                day: 29,
            }),
            time: None,
            offset: None,
        };
        let had_date = expected
            .insert("date".into(), Value::Datetime(new_date))
            .is_some();
        assert_same(&after, expected);
        let (removed, _) = changed(text, &after);
        if had_date && matches!(table.get("date"), Some(Value::Datetime(_))) {
            assert!(
                !removed.contains('\n'),
                "setting the date changed more than its line:\n{text:?}\n->\n{after:?}"
            );
        }
        assert!(
            !loaded || loads(&after),
            "the meeting no longer loads:\n{after}"
        );
    }

    if let Ok(Some(after)) = edit::rename_action_refs(&path, text, FROM, TO) {
        let mut expected = table.clone();
        if let Some(Value::Array(updates)) = expected.get_mut("updates") {
            for update in updates.iter_mut().filter_map(Value::as_table_mut) {
                if let Some(Value::String(action)) = update.get_mut("action")
                    && let Some(rest) = action.strip_prefix(&format!("{FROM}#"))
                {
                    *action = format!("{TO}#{rest}");
                }
            }
        }
        assert_same(&after, expected);
        // A reference is a string on one line, unless written as a
        // multi-line string: then lines may come and go with it.
        if !text.contains("\"\"\"") && !text.contains("'''") {
            let (before_lines, after_lines) = (lines(text), lines(&after));
            assert_eq!(
                before_lines.len(),
                after_lines.len(),
                "{text:?}\n->\n{after:?}"
            );
            for (old, new) in before_lines.iter().zip(&after_lines) {
                assert!(
                    old == new || (old.contains("action") && new.contains("action")),
                    "renaming references changed another line, {old:?} -> {new:?}:\n{text:?}\n->\n{after:?}"
                );
            }
        }
        assert!(
            !loaded || loads(&after),
            "the meeting no longer loads:\n{after}"
        );
    }
});

/// Panics unless `text` holds the data `expected`.
fn assert_same(text: &str, expected: Table) {
    let data = toml::from_str::<Table>(text).map(Value::Table);
    assert!(
        data.is_ok_and(|data| same_data(&data, &Value::Table(expected))),
        "{text:?}"
    );
}

/// The part of `before` that `after` replaces, and what replaces it: what
/// is left between their common start and their common end.
fn changed<'a>(before: &'a str, after: &'a str) -> (&'a str, &'a str) {
    let (b, a) = (before.as_bytes(), after.as_bytes());
    let mut start = b.iter().zip(a).take_while(|(x, y)| x == y).count();
    while !(before.is_char_boundary(start) && after.is_char_boundary(start)) {
        start -= 1;
    }
    let room = b.len().min(a.len()) - start;
    let mut end = b
        .iter()
        .rev()
        .zip(a.iter().rev())
        .take(room)
        .take_while(|(x, y)| x == y)
        .count();
    while !(before.is_char_boundary(b.len() - end) && after.is_char_boundary(a.len() - end)) {
        end -= 1;
    }
    (&before[start..b.len() - end], &after[start..a.len() - end])
}

/// The lines of `text` with their ends, so that a changed line end counts.
fn lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}
