//! Regressions found while fuzzing (fuzz/), each named after what it fixes.
//! Their inputs are also in fuzz/regressions/, which every fuzzing run
//! replays first.

use crate::support::{Archive, MEETING};

const FILE: &str = "meetings/2025/2025-01-28.toml";

#[test]
fn timeboxes_whose_sum_overflows_are_a_warning_not_a_crash() {
    let archive = Archive::new();
    let title = "title = \"The situation in Congo\"";
    let text = MEETING.replace(title, &format!("{title}\ntimebox = 4294967295"))
        + "\n[[items]]\ntitle = \"Budget\"\ntimebox = 2\n";
    archive.write(FILE, &text);
    archive
        .minutes(&["check"])
        .ok()
        .stderr_has("the timeboxes add up to 4294967295 minutes");
    archive
        .minutes(&["render", "2025-01-28", "-t", "agenda", "-f", "txt"])
        .ok()
        .stdout_has("4294967295");
}
