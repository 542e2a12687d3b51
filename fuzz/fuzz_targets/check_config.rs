//! `minutes check` of `minutes.toml`: the bytes are the file.
//!
//! Beside the check, a configuration that loads (`Archive::open`, as every
//! command that needs one reads it) has its series asked what `next` and
//! `new` ask (the next dates, when each call starts and ends, why a date is
//! not on the schedule) and what `check` and `render` ask of a meeting (is
//! the date on the schedule, how long is the call), so that a series the
//! parser accepts cannot make those loop or panic.

#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use chrono::{Duration, NaiveDate};
use libfuzzer_sys::fuzz_target;
use minutes::archive::Archive;
use minutes::config::{self, Config};
use minutes::id::MeetingId;
use minutes_fuzz::{SHORT, Scratch};

static ARCHIVE: LazyLock<Scratch> = LazyLock::new(|| {
    let (id, text) = SHORT;
    Scratch::new(&[(meeting(id).relative_path(), text)])
});

/// `minutes check 2025-03-11`: the configuration and the meeting beside
/// it. The whole archive's check would compile every template each run as
/// well, which the configuration has no part in.
static ONLY: LazyLock<[MeetingId; 1]> = LazyLock::new(|| [meeting(SHORT.0)]);

fn meeting(id: &str) -> MeetingId {
    MeetingId::parse(id).expect("a valid id")
}

/// Dates that `next` may start from: the sample's, and the ends of the
/// range a TOML date can name.
const FROM: &[&str] = &["2025-01-28", "0001-01-01", "9999-12-31"];

fuzz_target!(|data: &[u8]| {
    ARCHIVE.write(Path::new(config::FILE_NAME), data);
    match Archive::open(ARCHIVE.root()) {
        Ok(archive) => schedules(&archive.config),
        Err(e) => minutes_fuzz::show_error(&e),
    }
    minutes_fuzz::check(ARCHIVE.root(), &*ONLY);
});

fn schedules(config: &Config) {
    let _ = config.default_series();
    for name in config.series.keys() {
        let Ok((_, _, schedule)) = config.series_named(Some(name)) else {
            panic!("a series of a configuration that loads has no schedule: {name}");
        };
        let _ = schedule.end();
        for from in FROM {
            let from: NaiveDate = from.parse().expect("a date");
            let _ = (schedule.is_scheduled(from), schedule.is_skipped(from));
            let _ = (schedule.why_not(from), schedule.period_on(from));
            for date in schedule.occurrences(from).take(3) {
                let start = schedule.starts_at(date);
                let _ = start + Duration::minutes(schedule.duration_minutes(date));
                let _ = schedule.ends_at(date);
            }
        }
    }
}
