//! What a person reads in the terminal, pinned as snapshots: one rendered
//! diagnostic (gutter, caret, help line), and the views of `show` and `list`,
//! at the harness's fixed clock and without colour; and every view of the
//! sample archive in colour, free of the symbols that stand for controls.

use crate::support::Archive;

/// A meeting that uses every part of the `show` view: people from the
/// roster, a presenter and a timebox, tags, Markdown notes, a decision, a
/// source, actions with and without an owner, a private item, an update.
const BUDGET: &str = r#"schema = 1
date = 2025-02-04
status = "final"
title = "Budget and the spring meeting"
chair = "marco"
scribe = "anna"
present = ["anna", "marco"]
regrets = ["lu"]

[[items]]
title = "Budget for the year"
presenter = "anna"
timebox = 20
tags = ["money", "planning"]
notes = """
The treasurer went through the **draft budget** line by line.

- travel stays as it was;
- hosting costs twice as much.
"""
decisions = ["Approve the draft budget as presented."]

[[items.sources]]
title = "Draft budget for the year"
author = "Anna Rossi"
publisher = "Test group"
kind = "report"

[[items.actions]]
id = "a2"
owner = "marco"
task = "Send the approved budget to the members"
due = 2025-02-11

[[items]]
id = "spring"
title = "The spring meeting"
private = true
notes = "The venue is still open."

[[items.actions]]
id = "a3"
task = "Find a venue"

[[updates]]
action = "2025-01-28#a1"
status = "done"
note = "Figures collected and shared."
"#;

#[test]
fn a_diagnostic_shows_its_line_in_a_gutter_with_a_caret_and_a_help() {
    let archive = Archive::new();
    archive.write(
        "meetings/2025/2025-02-04.toml",
        &BUDGET.replace("timebox = 20", "timebox = \"20\""),
    );
    let run = archive.minutes(&["check"]).fails(1);
    // The diagnostic alone: the summary lines after it are tested elsewhere.
    let diagnostic = run.stderr.split("\n\n").next().unwrap_or_default();
    insta::assert_snapshot!("diagnostic_wrong_type", diagnostic);
}

#[test]
fn the_show_view_is_pinned() {
    let archive = Archive::new();
    archive.write("meetings/2025/2025-02-04.toml", BUDGET);
    archive.minutes(&["check"]).ok();
    let run = archive.minutes(&["show", "2025-02-04"]).ok();
    insta::assert_snapshot!("show_2025-02-04", run.stdout);
}

#[test]
fn the_list_view_of_the_sample_archive_is_pinned() {
    let archive = Archive::sample();
    let run = archive.minutes(&["list"]).ok();
    insta::assert_snapshot!("list_sample", run.stdout);
}

/// Every view of the sample archive, in colour: our styles never turn into
/// visible control symbols (a painted text holding a line break or another
/// painted text would), and the output ends its last line.
#[test]
fn the_views_of_the_sample_show_no_control_symbols() {
    let archive = Archive::sample();
    for command in [
        &["list"][..],
        &["show", "2025-03-04"],
        &["actions", "--all"],
        &["topics"],
        &["topic", "congo"],
        &["decisions"],
        &["sources"],
        &["search", "goma"],
        &["attendance", "--guests"],
        &["next"],
    ] {
        let mut args = vec!["--color", "always"];
        args.extend_from_slice(command);
        let run = archive.minutes(&args).ok();
        let symbols: Vec<char> = run
            .stdout
            .chars()
            .filter(|&c| ('\u{2400}'..='\u{2421}').contains(&c) || c == '\u{fffd}')
            .collect();
        assert!(
            symbols.is_empty(),
            "{command:?} shows {symbols:?}:\n{}",
            run.stdout
        );
        assert!(run.stdout.ends_with('\n'), "{command:?}:\n{}", run.stdout);
    }
}
