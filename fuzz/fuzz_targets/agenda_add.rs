//! The edit of `minutes agenda add`: an item appended to a meeting file.
//!
//! The bytes are the file; when they hold a NUL byte, what comes before the
//! first one describes the item (its title, id, tags, presenter and
//! timebox, through `arbitrary`) and the file follows it. The edit must keep
//! the person's file: the result is the original bytes with one block
//! inserted, and every original line is still there in order. First the
//! edit itself (`edit::add_item`) on any TOML text; then, for a file that
//! loads as a meeting, the command's own path: `edit::update` with
//! `edit::add_agenda_item` on the file in a scratch archive, after which the
//! file on disk must still load, with the new item last.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use minutes::archive::Archive;
use minutes::edit::{self, AgendaItem, NewItem};
use minutes::error::Error;
use minutes::id;
use minutes_fuzz::{CONFIG, Scratch, fuzzed_id};

struct Setting {
    scratch: Scratch,
    archive: Archive,
}

static SETTING: LazyLock<Setting> = LazyLock::new(|| {
    let scratch = Scratch::new(&[("minutes.toml".into(), CONFIG)]);
    let archive = Archive::open(scratch.root()).expect("the scratch archive opens");
    Setting { scratch, archive }
});

fuzz_target!(|data: &[u8]| {
    let (header, file) = match data.iter().position(|b| *b == 0) {
        Some(nul) => (&data[..nul], &data[nul + 1..]),
        None => (&[][..], data),
    };
    let Ok(item) = agenda_item(&mut Unstructured::new(header)) else {
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
    let new = NewItem {
        id: item.id.clone().unwrap_or_else(|| id::slug(&item.title)),
        title: item.title.clone(),
        tags: item.tags.clone(),
        presenter: item.presenter.clone(),
        timebox: item.timebox,
    };
    let Ok(after) = edit::add_item(&path, text, &new) else {
        return;
    };
    assert_one_insertion(text, &after);
    assert_lines_kept(text, &after);

    // As `minutes agenda add` does it, on the file in the archive.
    let Setting { scratch, archive } = &*SETTING;
    scratch.write(&path, file);
    let Ok(before) = archive.load(&id) else {
        return;
    };
    let added = edit::update(
        &archive.root,
        || archive.load(&id),
        |record| edit::add_agenda_item(record, &item),
    );
    let written = std::fs::read_to_string(archive.path(&path)).expect("the meeting file");
    let item_id = match added {
        Ok(item_id) => item_id,
        Err(Error::Invalid(problems)) => {
            let messages: Vec<_> = problems.iter().map(|d| d.render()).collect();
            panic!(
                "a meeting that loads no longer loads after the edit:\n{}\n{text}",
                messages.concat()
            )
        }
        // Refused as the command refuses it (an id taken, items inline):
        // nothing written.
        Err(_) => {
            assert_eq!(written, text, "a refused edit changed the file");
            return;
        }
    };
    assert_one_insertion(text, &written);
    assert_lines_kept(text, &written);
    let record = archive.load(&id).expect("the edited meeting loads");
    let items = &record.meeting.items;
    assert_eq!(items.len(), before.meeting.items.len() + 1, "{written}");
    let last = items.last().expect("the new item");
    assert_eq!(
        (&last.id, &last.title),
        (&item_id, &item.title),
        "{written}"
    );
});

/// An item as `agenda add` could be asked for: a title that is not blank
/// and an id that is a slug (the command refuses others before the edit),
/// and any tags, presenter and timebox (the edit must cope with any text;
/// the roster is the command's to check).
fn agenda_item(u: &mut Unstructured<'_>) -> Result<AgendaItem> {
    let title: String = u.arbitrary()?;
    Ok(AgendaItem {
        title: match title.trim() {
            "" => "Fuzzed item".to_string(),
            trimmed => trimmed.to_string(),
        },
        id: u
            .arbitrary::<Option<String>>()?
            .map(|wanted| id::slug(&wanted)),
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
