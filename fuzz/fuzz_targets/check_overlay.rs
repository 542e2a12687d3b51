//! `minutes check` of a translation overlay: the bytes are the file
//! `2025-01-28.de.toml`, beside the sample meeting it translates.
//!
//! An overlay that loads is then applied to the meeting, as `render --lang`
//! and `search --lang` do.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use minutes::archive::{self, Record};
use minutes_fuzz::{CONFIG, MEETING, Scratch, fuzzed_id};

static ARCHIVE: LazyLock<Scratch> = LazyLock::new(|| {
    Scratch::new(&[
        ("minutes.toml".into(), CONFIG),
        (fuzzed_id().relative_path(), MEETING),
    ])
});

static RECORD: LazyLock<Record> = LazyLock::new(|| {
    let id = fuzzed_id();
    archive::parse_record(id.clone(), id.relative_path(), MEETING.to_string())
        .unwrap_or_else(|_| panic!("the sample meeting parses"))
});

const LANG: &str = "de";

fuzz_target!(|data: &[u8]| {
    let id = fuzzed_id();
    ARCHIVE.write(&id.overlay_path(LANG), data);
    minutes_fuzz::check(ARCHIVE.root(), std::slice::from_ref(&id));
    match minutes::translation::load(ARCHIVE.root(), &id, LANG) {
        Ok(Some(overlay)) => {
            let _ = overlay.apply(&RECORD.meeting);
        }
        Ok(None) => panic!("the overlay was written, yet not found"),
        Err(e) => minutes_fuzz::show_error(&e),
    }
});
