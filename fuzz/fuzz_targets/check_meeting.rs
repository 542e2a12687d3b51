//! `minutes check` of one meeting file: the bytes are the file.
//!
//! The file sits in an archive with the sample configuration (roster and
//! schedule, so the rules about people and dates run) and an earlier sample
//! meeting whose actions its updates may name. Reading (UTF-8), parsing,
//! the shape, every rule of `check`, and the diagnostics in text and JSON
//! run as the command runs them.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use minutes_fuzz::{CONFIG, EARLIER, Scratch, earlier_id, fuzzed_id};

static ARCHIVE: LazyLock<Scratch> = LazyLock::new(|| {
    Scratch::new(&[
        ("minutes.toml".into(), CONFIG),
        (earlier_id().relative_path(), EARLIER),
    ])
});

fuzz_target!(|data: &[u8]| {
    let id = fuzzed_id();
    ARCHIVE.write(&id.relative_path(), data);
    minutes_fuzz::check(ARCHIVE.root(), &[id]);
});
