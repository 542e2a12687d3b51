//! A new user's first steps: init, new, agenda add, edit, check, list, show, next.

use crate::support::{Archive, MEETING, project};

#[test]
fn the_sample_archive_is_clean() {
    assert!(project().join("minutes.toml").is_file());
    Archive::sample()
        .minutes(&["check"])
        .ok()
        .stderr_has("no problems");
}

#[test]
fn init_creates_an_archive_and_a_first_commit() {
    let archive = Archive::empty();
    let args = [
        "init",
        "--title",
        "Board",
        "--every",
        "2 weeks",
        "--on",
        "thursday",
        "--at",
        "18:30",
        "--timezone",
        "Europe/Berlin",
    ];
    archive
        .minutes(&args)
        .ok()
        .stderr_has("with a first commit");
    let config = archive.read("minutes.toml");
    assert!(
        config.contains("every = \"2 weeks\"") && config.contains("start = 2025-03-06"),
        "{config}"
    );
    assert!(archive.path(".git").is_dir() && archive.path("meetings").is_dir());
    archive.minutes(&["check"]).ok();
    archive
        .minutes(&["next", "--count", "2"])
        .ok()
        .stdout_has("2025-03-06  Thursday   18:30 CET")
        .stdout_has("2025-03-20");
}

#[test]
fn init_refuses_an_existing_archive_and_bad_flags() {
    let archive = Archive::new();
    archive.refuses(&["init"], 1, "exists already");
    let empty = Archive::empty();
    empty.refuses(
        &["init", "--every", "fortnight"],
        2,
        "--every: `fortnight` is not a recurrence",
    );
    empty.refuses(
        &["init", "--on", "fifth tuesday", "--every", "month"],
        2,
        "--on:",
    );
    empty.refuses(
        &["init", "--timezone", "Mars/Base"],
        2,
        "--timezone: unknown time zone `Mars/Base`",
    );
    assert!(empty.files().is_empty());
}

#[test]
fn init_in_a_named_folder() {
    let archive = Archive::empty();
    archive
        .minutes(&["init", "calls", "--on", "monday", "--timezone", "UTC"])
        .ok();
    assert!(archive.path("calls/minutes.toml").is_file());
    archive.minutes(&["-C", "calls", "check"]).ok();
}

#[test]
fn new_drafts_the_next_free_scheduled_date() {
    let archive = Archive::new();
    archive.minutes(&["new"]).ok().stdout_has("2025-03-11");
    let text = archive.read("meetings/2025/2025-03-11.toml");
    assert!(
        text.contains("status = \"agenda\"") && text.contains("title = \"News of the week\""),
        "{text}"
    );
    assert!(text.contains("id = \"news-of-the-week\""), "{text}");
    // 2025-03-18 is skipped.
    archive.minutes(&["new"]).ok().stdout_has("2025-03-25");
    archive.minutes(&["check"]).ok();
}

#[test]
fn new_refuses_skipped_and_unscheduled_dates_without_force() {
    let archive = Archive::new();
    archive
        .refuses(&["new", "2025-03-18"], 1, "2025-03-18 is a skipped date")
        .stderr_has("--force");
    archive
        .refuses(&["new", "2025-03-12"], 1, "not on the schedule")
        .stderr_has("the next date on it is 2025-03-25");
    archive.refuses(&["new", "2025-3-12x"], 2, "is not a date");
    archive.minutes(&["new", "2025-03-12", "--force"]).ok();
    assert!(archive.path("meetings/2025/2025-03-12.toml").is_file());
}

#[test]
fn new_never_overwrites() {
    let archive = Archive::new();
    archive.refuses(&["new", "2025-01-28"], 1, "exists already");
    archive.refuses(&["new", "2025-01-28", "--force"], 1, "exists already");
}

#[test]
fn agenda_add_keeps_comments_and_layout() {
    let archive = Archive::new();
    archive.minutes(&["new"]).ok();
    let file = "meetings/2025/2025-03-11.toml";
    let original = archive.read(file).replace(
        "status = \"agenda\"",
        "status = \"agenda\"   # still open\n# The chair's note.",
    );
    archive.write(file, &original);
    archive
        .minutes(&[
            "agenda",
            "add",
            "The situation in Congo",
            "--tag",
            "congo",
            "--tag",
            "Africa",
            "--timebox",
            "30",
            "--presenter",
            "lu",
        ])
        .ok();
    archive
        .minutes(&["agenda", "add", "The situation in Congo"])
        .ok()
        .stderr_has("the-situation-in-congo-2");
    let text = archive.read(file);
    // Every line the person had is still there, in the same order.
    let mut lines = text.lines();
    for line in original.lines() {
        assert!(lines.any(|l| l == line), "lost or moved: {line:?}\n{text}");
    }
    assert!(
        text.contains("tags = [\"congo\", \"africa\"]")
            && text.contains("timebox = 30")
            && text.contains("presenter = \"lu\""),
        "{text}"
    );
    archive.minutes(&["check"]).ok();
    parses_with_python(&archive.path(file));
}

#[test]
fn agenda_add_keeps_a_byte_order_mark_crlf_and_no_final_newline() {
    let archive = Archive::new();
    archive.minutes(&["new"]).ok();
    let file = "meetings/2025/2025-03-11.toml";
    let original = format!(
        "\u{feff}{}# written on Windows, no newline at the end",
        archive.read(file).replace('\n', "\r\n")
    );
    archive.write(file, &original);
    archive.minutes(&["agenda", "add", "Budget"]).ok();
    let text = archive.read(file);
    // The edit is one block inserted into the person's bytes, in their style.
    let kept = original
        .bytes()
        .zip(text.bytes())
        .take_while(|(a, b)| a == b);
    let at = kept.count();
    let block = &text[at..text.len() - (original.len() - at)];
    assert_eq!(
        format!("{}{block}{}", &original[..at], &original[at..]),
        text
    );
    assert!(block.contains("title = \"Budget\"\r\n"), "{block:?}");
    assert!(!block.replace("\r\n", "").contains('\n'), "{block:?}");
    archive.minutes(&["check"]).ok();
}

#[test]
fn redate_keeps_a_byte_order_mark_crlf_and_no_final_newline() {
    let archive = Archive::new();
    let file = "meetings/2025/2025-01-28.toml";
    let windows = |text: &str| {
        format!(
            "\u{feff}{}# no newline at the end",
            text.replace('\n', "\r\n")
        )
    };
    let moved = windows(&archive.read(file));
    archive.write(file, &moved);
    let later = "meetings/2025/2025-02-04.toml";
    let referring = windows(
        "schema = 1\ndate = 2025-02-04\nstatus = \"draft\"\n\n\
         [[updates]]\naction = \"2025-01-28#a1\" # the figures\nstatus = \"open\"\n",
    );
    archive.write(later, &referring);
    archive
        .minutes(&["redate", "2025-01-28", "2025-01-21"])
        .ok();
    // Only the date and the reference change; the bytes around them stay.
    assert_eq!(
        archive.read("meetings/2025/2025-01-21.toml"),
        moved.replace("date = 2025-01-28", "date = 2025-01-21")
    );
    assert_eq!(
        archive.read(later),
        referring.replace("2025-01-28#", "2025-01-21#")
    );
    archive.minutes(&["check"]).ok();
}

#[test]
fn agenda_add_refuses_what_it_cannot_do() {
    let archive = Archive::new();
    archive
        .refuses(
            &["agenda", "add", "X"],
            1,
            "no meeting from 2025-03-05 on has status \"agenda\"",
        )
        .stderr_has("minutes new");
    archive.minutes(&["new"]).ok();
    archive.refuses(
        &["agenda", "add", "X", "--presenter", "nobody"],
        2,
        "`nobody` is not in the roster",
    );
    archive.refuses(
        &["agenda", "add", "X", "--id", "news-of-the-week"],
        2,
        "has an item `news-of-the-week` already",
    );
    archive.refuses(
        &["agenda", "add", "X", "--id", "Bad Id"],
        2,
        "not a valid item id",
    );
    archive.refuses(&["agenda", "add", "  "], 2, "needs a title");
    archive.refuses(
        &["agenda", "add", "X", "--meeting", "2025-04-01"],
        1,
        "there is no meeting 2025-04-01",
    );
}

#[test]
fn agenda_add_refuses_a_broken_meeting_file() {
    let archive = Archive::new();
    archive.write(
        "meetings/2025/2025-03-11.toml",
        "schema = 1\ndate = 2025-03-11\nstatus = \"agenda\"\ntitel = \"x\"\n",
    );
    archive.refuses(
        &["agenda", "add", "X", "--meeting", "2025-03-11"],
        1,
        "unknown key `titel`",
    );
}

#[test]
fn list_filters_and_json() {
    let archive = Archive::sample();
    let run = archive.minutes(&["list"]).ok();
    assert_eq!(run.stdout.lines().count(), 9);
    let json = archive
        .minutes(&["list", "--status", "agenda", "--json"])
        .ok()
        .json();
    assert_eq!(json.as_array().unwrap().len(), 1);
    assert_eq!(json[0]["id"], "2025-03-11");
    assert_eq!(json[0]["status"], "agenda");
    assert_eq!(
        archive
            .minutes(&["list", "--year", "2024", "--json"])
            .ok()
            .json(),
        serde_json::json!([])
    );
}

#[test]
fn show_resolves_latest_and_gives_json() {
    let archive = Archive::sample();
    archive
        .minutes(&["show", "latest"])
        .ok()
        .stdout_has("2025-03-11")
        .stdout_has("Updates on earlier actions");
    let json = archive
        .minutes(&["show", "2025-01-28", "--json"])
        .ok()
        .json();
    assert_eq!(json["meeting"]["items"][1]["id"], "congo");
    assert_eq!(json["meeting"]["date"], "2025-01-28");
    archive
        .minutes(&["show", "next"])
        .ok()
        .stdout_has("2025-03-11");
    Archive::new().refuses(
        &["show", "next"],
        1,
        "no meeting is planned on or after 2025-03-05",
    );
}

#[test]
fn next_lists_dates_with_weekday_and_local_time() {
    let archive = Archive::new();
    let run = archive.minutes(&["next", "--count", "3"]).ok();
    let dates: Vec<_> = run.stdout.lines().map(|l| &l[..10]).collect();
    assert_eq!(dates, ["2025-03-11", "2025-03-25", "2025-04-01"]);
    assert!(
        run.stdout.contains("Tuesday    21:00 CET") && run.stdout.contains("21:00 CEST"),
        "{}",
        run.stdout
    );
    let json = archive
        .minutes(&["next", "--count", "1", "--json"])
        .ok()
        .json();
    assert_eq!(json[0]["starts"], "2025-03-11T21:00:00+01:00");
    archive.refuses(
        &["next", "--series", "friday"],
        2,
        "there is no series `friday`",
    );
}

#[test]
fn edit_opens_the_editor_then_checks() {
    let archive = Archive::new();
    let editor = archive.path("editor.sh");
    archive.write("editor.sh", "#!/bin/sh\nprintf 'titel = 1\\n' >> \"$1\"\n");
    std::process::Command::new("chmod")
        .arg("+x")
        .arg(&editor)
        .status()
        .unwrap();
    let editor = editor.to_str().unwrap();
    let run = archive
        .minutes_in(
            archive.root(),
            &["edit", "2025-01-28"],
            &[("EDITOR", editor)],
        )
        .fails(1);
    run.stderr_has("unknown key `items[0].actions[0].titel`")
        .stderr_has("the file is kept as you saved it");
    assert!(
        archive
            .read("meetings/2025/2025-01-28.toml")
            .ends_with("titel = 1\n")
    );
    let run = archive
        .minutes_in(archive.root(), &["edit"], &[("EDITOR", ""), ("VISUAL", "")])
        .fails(1);
    run.stderr_has("no editor is set");
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let archive = Archive::sample();
    let bin = assert_cmd::cargo::cargo_bin("minutes");
    let script = format!(
        "'{}' -C '{}' list | head -n 1",
        bin.display(),
        archive.root().display()
    );
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("set -o pipefail 2>/dev/null; {script}"))
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr).is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_meeting_written_by_hand_needs_no_ids() {
    let archive = Archive::new();
    archive.write(
        "meetings/2025/2025-01-28.toml",
        &MEETING.replace("id = \"congo\"\n", ""),
    );
    let json = archive
        .minutes(&["show", "2025-01-28", "--json"])
        .ok()
        .json();
    assert_eq!(json["meeting"]["items"][0]["id"], "the-situation-in-congo");
}

/// Python's tomllib reads what we wrote: another TOML reader agrees.
fn parses_with_python(path: &std::path::Path) {
    let status = std::process::Command::new("python3")
        .args([
            "-c",
            "import sys, tomllib; tomllib.load(open(sys.argv[1], 'rb'))",
        ])
        .arg(path)
        .status()
        .expect("python3 runs");
    assert!(
        status.success(),
        "tomllib could not read {}",
        path.display()
    );
}
