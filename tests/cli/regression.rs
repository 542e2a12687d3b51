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

#[test]
fn agenda_add_keeps_table_headers_as_written() {
    let archive = Archive::new();
    archive.minutes(&["new"]).ok();
    let file = "meetings/2025/2025-03-11.toml";
    // toml_edit writes every [[items.sources]] with the first one's header.
    let sources = "\n[[items.sources]]\ntitle = \"S\"\n\n[[items. sources]]\ntitle = \"T\"\n";
    let original =
        archive
            .read(file)
            .replacen("notes = \"\"\n", &format!("notes = \"\"\n{sources}"), 1);
    archive.write(file, &original);
    archive.minutes(&["agenda", "add", "Budget"]).ok();
    let text = archive.read(file);
    assert!(text.contains(sources), "{text}");
    let mut lines = text.lines();
    for line in original.lines() {
        assert!(
            lines.any(|l| l == line),
            "lost or changed: {line:?}\n{text}"
        );
    }
}

#[test]
fn redate_keeps_table_headers_between_renamed_references() {
    let archive = Archive::new();
    archive.write(
        FILE,
        &format!("{MEETING}\n[[items.actions]]\nid = \"a2\"\ntask = \"Write to them\"\n"),
    );
    // Two references to the moved meeting's actions, and between them a
    // header that toml_edit writes its own way (as the first of its list).
    let later = "meetings/2025/2025-02-04.toml";
    let original = "schema = 1\ndate = 2025-02-04\nstatus = \"draft\"\n\n\
                    [[updates]]\naction = \"2025-01-28#a1\"\nstatus = \"open\"\n\n\
                    [[items]]\nid = \"budget\"\ntitle = \"Budget\"\n\n\
                    [[items.sources]]\ntitle = \"S\"\n\n[[items. sources]]\ntitle = \"T\"\n\n\
                    [[updates]]\naction = \"2025-01-28#a2\"\nstatus = \"done\"\n";
    archive.write(later, original);
    archive.minutes(&["check"]).ok();
    archive
        .minutes(&["redate", "2025-01-28", "2025-01-21"])
        .ok();
    assert_eq!(
        archive.read(later),
        original.replace("2025-01-28#", "2025-01-21#")
    );
    archive.minutes(&["check"]).ok();
}

#[test]
fn a_duration_too_long_to_count_is_an_error_not_a_crash() {
    let archive = Archive::new();
    let config =
        crate::support::CONFIG.replace("duration = \"2h\"", "duration = \"200000000000000000h\"");
    archive.write("minutes.toml", &config);
    let run = archive.refuses(&["check"], 1, "`200000000000000000h` is not a duration");
    assert!(run.stderr.contains("--> minutes.toml:"), "{}", run.stderr);
    assert!(
        run.stderr.contains("help: write e.g. \"2h\""),
        "{}",
        run.stderr
    );
}
