//! Inputs that cost too much fail fast and say why: a file full of errors is
//! checked in linear time, a file without line ends is not printed once per
//! error, deep nesting renders at once, a meeting too large for a report is
//! refused as such, and running out of memory is reported in our words.

use std::time::Duration;

use crate::support::{Archive, MEETING};

const FILE: &str = "meetings/2025/2025-02-04.toml";

#[test]
fn a_file_of_twenty_thousand_errors_is_checked_in_linear_time() {
    let mut archive = Archive::new();
    // 4 MB of comments, then an error on each of 20,000 lines: counting the
    // lines from the top for each error took 100 s here, counting them once
    // takes a few.
    archive.timeout = Duration::from_secs(45);
    let comments = format!("# {}\n", "x".repeat(98)).repeat(40_000);
    let junk: String = (0..20_000).map(|i| format!("k{i} = = 1\n")).collect();
    archive.write(FILE, &(comments + &junk));
    archive
        .refuses(&["check"], 1, &format!("{FILE}:60000:10"))
        .stderr_has("60000 | k19999 = = 1")
        .stderr_has(&format!("{FILE}:40001:6"));
}

#[test]
fn a_file_with_carriage_returns_only_is_shown_line_by_line() {
    let archive = Archive::new();
    let junk: Vec<String> = (0..500).map(|i| format!("x{i} = = 1")).collect();
    archive.write(FILE, &junk.join("\r"));
    let run = archive.refuses(&["check"], 1, &format!("{FILE}:500:8"));
    let run = run
        .stderr_has("500 | x499 = = 1")
        .stderr_has("2 | x1 = = 1");
    // Each error shows its own short line, never the whole file.
    let longest = run.stderr.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(longest < 200, "a line of {longest} characters was shown");
    assert!(run.stderr.len() < 500 * 1000, "{} bytes", run.stderr.len());
}

#[test]
fn a_long_line_is_shown_around_the_error_only() {
    let archive = Archive::new();
    let text = MEETING.replace(
        "notes = \"M23 took Goma.\"",
        &format!("notes = \"{}\" junk", "word ".repeat(20_000)),
    );
    archive.write("meetings/2025/2025-01-28.toml", &text);
    let run = archive
        .refuses(&["check"], 1, "meetings/2025/2025-01-28.toml:11:100012")
        .stderr_has("word word \" junk");
    assert!(run.stderr.len() < 2_000, "{}", run.stderr);
}

#[test]
fn notes_nested_fifty_thousand_quotes_deep_render_at_once() {
    let mut archive = Archive::new();
    // The sanitizer's work grew with the square of the depth: minutes.
    archive.timeout = Duration::from_secs(60);
    let deep = format!("{}the bottom", "> ".repeat(50_000));
    archive.write(
        "meetings/2025/2025-01-28.toml",
        &MEETING.replace(
            "notes = \"M23 took Goma.\"",
            &format!("notes = \"\"\"\n{deep}\n\"\"\""),
        ),
    );
    for format in ["html", "txt", "md"] {
        let run = archive
            .minutes(&[
                "render",
                "2025-01-28",
                "--template",
                "minutes",
                "--format",
                format,
            ])
            .ok()
            .stdout_has("the bottom");
        if format == "html" {
            let quotes = run.stdout.matches("<blockquote>").count();
            assert!(quotes <= 24, "{quotes} nested quotes");
        }
    }
}

/// A meeting of `items` items with an action each.
fn huge(items: usize) -> String {
    let mut text = String::from("schema = 1\ndate = 2025-02-04\nstatus = \"draft\"\n");
    for i in 0..items {
        text.push_str(&format!(
            "\n[[items]]\nid = \"i{i}\"\ntitle = \"Item {i}\"\nnotes = \"n\"\n\n[[items.actions]]\nid = \"a{i}\"\ntask = \"t\"\n"
        ));
    }
    text
}

#[test]
fn a_meeting_too_large_for_a_report_is_refused_as_too_large() {
    let archive = Archive::new();
    archive.write(FILE, &huge(20_000));
    archive
        .refuses(
            &[
                "render",
                "2025-02-04",
                "--template",
                "minutes",
                "-o",
                "out.md",
            ],
            1,
            "meeting 2025-02-04 is too large to render: it holds ",
        )
        .stderr_has("more than the 250000 a report may hold")
        .stderr_has("split it");
    assert!(!archive.path("out.md").exists());
    // The work a render may take grows with its input: a large meeting
    // within the limit renders.
    archive.write(FILE, &huge(5_000));
    archive
        .minutes(&["render", "2025-02-04", "--template", "minutes"])
        .ok()
        .stdout_has("Item 4999");
}

#[test]
fn running_out_of_memory_is_reported_in_our_words() {
    let archive = Archive::new();
    let notes = "word *stress* [link](https://example.org) ".repeat(150_000);
    archive.write(
        "meetings/2025/2025-01-28.toml",
        &MEETING.replace(
            "notes = \"M23 took Goma.\"",
            &format!("notes = \"\"\"\n{notes}\n\"\"\""),
        ),
    );
    let before = archive.files();
    // 200 MB of address space: enough to start and read the file, not
    // enough to render six megabytes of notes into a page.
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 200000 && exec \"$0\" \"$@\"")
        .arg(assert_cmd::cargo::cargo_bin("minutes"))
        .args([
            "render",
            "2025-01-28",
            "--template",
            "minutes",
            "--format",
            "html",
        ])
        .current_dir(archive.root())
        .env("MINUTES_NO_INDEX", "1")
        .env("MINUTES_NOW", crate::support::NOW)
        .env("RUST_BACKTRACE", "0")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.starts_with("error: out of memory"), "{stderr}");
    assert!(stderr.contains("help: "), "{stderr}");
    assert!(!stderr.contains("memory allocation of"), "{stderr}");
    assert!(archive.files() == before);
}
