//! A new user's first steps: init, new, agenda add, check, list, show, next.

use crate::support::{Archive, project};

#[test]
fn the_sample_archive_is_clean() {
    let archive = Archive::sample();
    let run = archive.minutes(&["check"]).ok();
    assert!(run.stderr.contains("no problems"), "{}", run.stderr);
    assert!(project().join("minutes.toml").is_file());
}
