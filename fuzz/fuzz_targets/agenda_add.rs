//! The edit of `minutes agenda add`: an item appended to a meeting file.
//!
//! The bytes are the file; when they hold a NUL byte, what comes before the
//! first one describes the item (its title, id, tags, presenter and
//! timebox, through `arbitrary`) and the file follows it. The edit must keep
//! the person's file: the result is the original bytes with one block
//! inserted, every original line is still there in order, a meeting still
//! parses as one, and its last item is the new one.

#![no_main]

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use minutes::archive;
use minutes::edit::{self, NewItem};
use minutes_fuzz::fuzzed_id;

fuzz_target!(|data: &[u8]| {
    let (header, file) = match data.iter().position(|b| *b == 0) {
        Some(nul) => (&data[..nul], &data[nul + 1..]),
        None => (&[][..], data),
    };
    let Ok(item) = new_item(&mut Unstructured::new(header)) else {
        return;
    };
    // `minutes` reads only UTF-8 files.
    let Ok(text) = std::str::from_utf8(file) else {
        return;
    };
    let id = fuzzed_id();
    let path = id.relative_path();
    // The edit first: a file it refuses (a syntax error, `items` written
    // inline) is refused by the command too, and the meeting parser's
    // diagnostics of such a file (which the check targets run) are where a
    // profile of this target found most of its time.
    let Ok(after) = edit::add_item(&path, text, &item) else {
        return;
    };
    assert_one_insertion(text, &after);
    assert_lines_kept(text, &after);
    if let Ok(before) = archive::parse_record(id.clone(), path.clone(), text.to_string()) {
        let record = archive::parse_record(id, path, after.clone()).unwrap_or_else(|problems| {
            let messages: Vec<_> = problems.iter().map(|d| d.render()).collect();
            panic!(
                "the meeting no longer parses after the edit:\n{}\n{after}",
                messages.concat()
            )
        });
        let items = &record.meeting.items;
        assert_eq!(items.len(), before.meeting.items.len() + 1, "{after}");
        assert_eq!(
            items.last().map(|i| i.title.as_str()),
            Some(item.title.as_str())
        );
    }
});

/// An item as `agenda add` could be asked for, without the command's checks
/// of the id and the roster (the edit must cope with any text).
fn new_item(u: &mut Unstructured<'_>) -> Result<NewItem> {
    let title: String = u.arbitrary()?;
    Ok(NewItem {
        id: u
            .arbitrary::<Option<String>>()?
            .unwrap_or_else(|| minutes::meeting::slug(&title)),
        title: match title.trim() {
            "" => "Fuzzed item".to_string(),
            trimmed => trimmed.to_string(),
        },
        tags: u.arbitrary()?,
        presenter: u.arbitrary()?,
        timebox: u.arbitrary()?,
    })
}

/// `after` is `before` with one block of text inserted somewhere.
fn assert_one_insertion(before: &str, after: &str) {
    let (b, a) = (before.as_bytes(), after.as_bytes());
    let prefix = b.iter().zip(a).take_while(|(x, y)| x == y).count();
    let room = b.len().min(a.len()) - prefix;
    let suffix = b
        .iter()
        .rev()
        .zip(a.iter().rev())
        .take(room)
        .take_while(|(x, y)| x == y)
        .count();
    assert!(
        prefix + suffix == b.len(),
        "the edit changed the file beyond inserting the item \
         (kept {prefix} bytes at the start and {suffix} at the end of {}):\n{before:?}\n->\n{after:?}",
        b.len()
    );
}

/// Every line of `before` is a line of `after`, in the same order. Lines
/// are compared without their ends, and the first without a byte-order
/// mark: the last line of a file may gain an end, and an item may come
/// first, after the mark (the bytes are checked by
/// [`assert_one_insertion`]).
fn assert_lines_kept(before: &str, after: &str) {
    let unmarked = |text: &str| text.strip_prefix('\u{feff}').unwrap_or(text).to_string();
    let (before, after) = (unmarked(before), unmarked(after));
    let mut lines = after.lines();
    for line in before.lines() {
        assert!(
            lines.any(|l| l == line),
            "the line {line:?} is lost or changed:\n{before:?}\n->\n{after:?}"
        );
    }
}
