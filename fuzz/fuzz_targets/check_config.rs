//! `minutes check` of `minutes.toml`: the bytes are the file.
//!
//! Beside the check, a configuration that loads has its schedules asked
//! what `next` and `new` ask (the next dates, when each call starts and
//! ends) and what `check` asks of a meeting (is the date on the schedule),
//! so that a series the parser accepts cannot make those loop or panic.

#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use minutes::config::{self, Config};
use minutes::id::MeetingId;
use minutes_fuzz::{SHORT, Scratch};

static ARCHIVE: LazyLock<Scratch> = LazyLock::new(|| {
    let (id, text) = SHORT;
    let id = MeetingId::parse(id).expect("a valid id");
    Scratch::new(&[(id.relative_path(), text)])
});

/// Dates that `next` may start from: the sample's, and the ends of the
/// range a TOML date can name.
const FROM: &[&str] = &["2025-01-28", "0001-01-01", "9999-12-31"];

fuzz_target!(|data: &[u8]| {
    ARCHIVE.write(Path::new(config::FILE_NAME), data);
    let shown = Path::new(config::FILE_NAME);
    match Config::load(&ARCHIVE.root().join(shown), shown) {
        Ok(config) => schedules(&config),
        Err(e) => minutes_fuzz::show_error(&e),
    }
    minutes_fuzz::check(ARCHIVE.root(), &[]);
});

fn schedules(config: &Config) {
    for schedule in config.schedules.values() {
        for from in FROM {
            let from = from.parse().expect("a date");
            let _ = (schedule.is_scheduled(from), schedule.is_skipped(from));
            for date in schedule.occurrences(from).take(3) {
                let _ = (schedule.starts_at(date), schedule.ends_at(date));
            }
        }
    }
}
