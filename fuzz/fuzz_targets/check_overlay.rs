//! `minutes check` of a translation overlay: the bytes are the file
//! `2025-01-28.de.toml`, beside a meeting with the items of the sample
//! meeting of that date (so that the sample translations are good seeds).
//!
//! An overlay that loads (`Archive::translation`, as `render --lang` reads
//! it) is then applied to the meeting.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use minutes::archive::{Archive, Record};
use minutes::id::Lang;
use minutes_fuzz::{CONFIG, MEETING, Scratch, fuzzed_id};

struct Setting {
    scratch: Scratch,
    archive: Archive,
    record: Record,
    lang: Lang,
}

static SETTING: LazyLock<Setting> = LazyLock::new(|| {
    let scratch = Scratch::new(&[
        ("minutes.toml".into(), CONFIG),
        (fuzzed_id().relative_path(), MEETING),
    ]);
    let archive = Archive::open(scratch.root()).expect("the scratch archive opens");
    let record = archive
        .load(&fuzzed_id())
        .unwrap_or_else(|_| panic!("the meeting of the overlays loads"));
    Setting {
        scratch,
        archive,
        record,
        lang: minutes_fuzz::lang("de"),
    }
});

fuzz_target!(|data: &[u8]| {
    let setting = &*SETTING;
    let id = fuzzed_id();
    setting.scratch.write(&id.overlay_path(&setting.lang), data);
    minutes_fuzz::check(setting.scratch.root(), std::slice::from_ref(&id));
    match setting.archive.translation(&id, &setting.lang) {
        Ok(Some(overlay)) => {
            let _ = overlay.apply(&setting.record.meeting);
        }
        Ok(None) => panic!("the overlay was written, yet not found"),
        Err(e) => minutes_fuzz::show_error(&e),
    }
});
