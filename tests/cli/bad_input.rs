//! Every bad input a user can meet: a clear message, a non-zero exit, no change.

use crate::support::Archive;

#[test]
fn a_command_outside_any_archive_says_to_run_init() {
    let archive = Archive::empty();
    archive
        .refuses(&["list"], 1, "no minutes archive here")
        .stderr_has("minutes init");
}
