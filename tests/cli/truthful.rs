//! Messages tell the truth: the file that is broken is named, not what
//! follows from it; every problem has its file, line and column; a closed
//! output is a failure, a reader that went away is not.

use std::process::Command;

use crate::support::{Archive, CONFIG, MEETING};

#[test]
fn a_meeting_that_does_not_parse_is_reported_without_follow_on_errors() {
    // 2025-02-04 and 2025-02-11 update actions of 2025-01-28, which has a
    // German and an Italian translation.
    let archive = Archive::sample();
    let file = "meetings/2025/2025-01-28.toml";
    let text = archive
        .read(file)
        .replacen("status = \"published\"", "status = \"publ", 1);
    archive.write(file, &text);
    let run = archive.refuses(&["check"], 1, &format!("{file}:3:15"));
    let run = run.stderr_has("1 error, 0 warnings");
    for follow_on in ["there is no meeting 2025-01-28", "to translate"] {
        assert!(
            !run.stderr.contains(follow_on),
            "{follow_on}:\n{}",
            run.stderr
        );
    }
    // Checking only a meeting that refers to it says nothing of it either.
    let run = archive.minutes(&["check", "2025-02-04"]).ok();
    assert!(!run.stderr.contains("2025-01-28"), "{}", run.stderr);
}

#[test]
fn a_minutes_toml_that_is_not_utf8_is_reported_with_path_and_byte() {
    let archive = Archive::new();
    let mut bytes = b"# The call of the caf".to_vec();
    bytes.push(0xE9);
    bytes.extend_from_slice(b"\n");
    bytes.extend_from_slice(CONFIG.as_bytes());
    archive.write_bytes("minutes.toml", &bytes);
    for command in [&["check"][..], &["list"]] {
        archive
            .refuses(command, 1, "the file is not valid UTF-8: byte 21 (0xE9)")
            .stderr_has("--> minutes.toml:1:22")
            .stderr_has("save the file with the UTF-8 encoding");
    }
}

#[test]
fn keys_nested_a_hundred_thousand_deep_are_located() {
    let archive = Archive::new();
    let deep = vec!["a"; 100_000].join(".");
    let file = "meetings/2025/2025-02-04.toml";
    for (text, place) in [
        (format!("schema = 1\n[{deep}]\n"), ":2:161"),
        (format!("schema = 1\n[[{deep}]]\n"), ":2:162"),
        (format!("schema = 1\n{deep} = 1\n"), ":2:160"),
    ] {
        archive.write(file, &text);
        archive
            .refuses(&["check"], 1, &format!("{file}{place}"))
            .stderr_has("this key has more than 80 dotted parts");
    }
    let nested = format!(
        "schema = 1\nx = {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    archive.write(file, &nested);
    archive
        .refuses(&["check"], 1, &format!("{file}:2:"))
        .stderr_has("max recursion depth");
}

#[test]
fn a_broken_phrase_is_found_by_check_at_its_line() {
    let archive = Archive::new();
    let phrases = "# Our own words.\nname = \"English\"\n\nopening = \"{lead\"\nclosing = \"To close, {leed}.\"\n";
    archive.write("templates/lang/en.toml", phrases);
    let run = archive.refuses(&["check"], 1, "templates/lang/en.toml:4:11");
    run.stderr_has("phrase `opening` has a `{` without `}`")
        .stderr_has("templates/lang/en.toml:5:11")
        .stderr_has("phrase `closing` uses {leed}, which the templates do not fill in")
        .stderr_has("it can use {lead}");
    let run = archive.refuses(&["render", "2025-01-28"], 1, "templates/lang/en.toml:4:11");
    assert!(!run.stderr.contains("article.md"), "{}", run.stderr);
}

/// Runs `script` in bash with `$0` the binary, in the archive.
fn shell(archive: &Archive, script: &str) -> std::process::Output {
    Command::new("bash")
        .arg("-c")
        .arg(script)
        .arg(assert_cmd::cargo::cargo_bin("minutes"))
        .current_dir(archive.root())
        .env("MINUTES_NOW", crate::support::NOW)
        .env("RUST_BACKTRACE", "0")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn a_closed_stdout_is_a_failure_and_a_closed_pipe_is_not() {
    let archive = Archive::new();
    for n in 1..=1500 {
        let date = chrono::NaiveDate::from_ymd_opt(2020, 1, 7).unwrap() + chrono::Days::new(n);
        let file = format!("meetings/{}/{date}.toml", chrono::Datelike::year(&date));
        let text = MEETING.replace("2025-01-28", &date.to_string());
        archive.write(&file, &text);
    }
    let closed = shell(&archive, "\"$0\" list >&-");
    let stderr = String::from_utf8_lossy(&closed.stderr);
    assert_eq!(closed.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: cannot write the output: stdout is closed"),
        "{stderr}"
    );
    // The listing is far larger than a pipe holds: `head` goes away first.
    let piped = shell(&archive, "\"$0\" list | head -1; exit ${PIPESTATUS[0]}");
    let stderr = String::from_utf8_lossy(&piped.stderr);
    assert_eq!(piped.status.code(), Some(0), "{stderr}");
    assert_eq!(stderr, "");
    assert_eq!(String::from_utf8_lossy(&piped.stdout).lines().count(), 1);
    // Output thrown away on purpose is a success too.
    let null = shell(&archive, "\"$0\" list >/dev/null");
    assert_eq!(null.status.code(), Some(0));
}
