//! On a terminal: long output goes through `$MINUTES_PAGER`, `$PAGER` or
//! `less -FRX`, and `init` asks for what its flags leave out. The terminal
//! is a pseudo-terminal made by `script` (util-linux); the tests are
//! skipped, saying so, where it is missing. The choice of the pager is
//! tested as a unit in the library.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::support::{Archive, NOW};

/// A pager that marks every line it shows.
const MARKING: &str = "sed s/^/paged:/";

/// Runs `minutes args` with stdout on a terminal; the terminal's text, or
/// `None` when there is no `script` to make one.
fn on_terminal(archive: &Archive, args: &str, env: &[(&str, &str)]) -> Option<String> {
    typing(archive, args, env, "")
}

/// [`on_terminal`], with `input` typed at the terminal.
fn typing(archive: &Archive, args: &str, env: &[(&str, &str)], input: &str) -> Option<String> {
    let binary = assert_cmd::cargo::cargo_bin("minutes");
    let mut cmd = Command::new("script");
    cmd.args(["-q", "-e", "-c"])
        .arg(format!("'{}' {args}", binary.display()))
        .arg("/dev/null")
        .current_dir(archive.root())
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", archive.root())
        .env("SHELL", "/bin/sh")
        .env("TERM", "dumb")
        .env("MINUTES_NOW", NOW)
        .env("NO_COLOR", "1");
    for (key, value) in env {
        cmd.env(key, value);
    }
    let mut child = match cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).spawn() {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("skipped: `script` (util-linux) is not installed");
            return None;
        }
        Err(e) => panic!("cannot run script: {e}"),
    };
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input.as_bytes()).unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    Some(String::from_utf8_lossy(&out.stdout).replace('\r', ""))
}

#[test]
fn listings_go_through_the_pager_on_a_terminal() {
    let archive = Archive::sample();
    let Some(out) = on_terminal(&archive, "list", &[("MINUTES_PAGER", MARKING)]) else {
        return;
    };
    assert!(out.contains("paged:2025-01-28"), "{out}");
    assert!(
        out.lines().all(|l| l.is_empty() || l.starts_with("paged:")),
        "{out}"
    );
    // $PAGER when $MINUTES_PAGER is not set; show, log and diff too.
    let out = on_terminal(&archive, "show 2025-01-28", &[("PAGER", MARKING)]).unwrap();
    assert!(out.starts_with("paged:2025-01-28"), "{out}");
}

#[test]
fn no_pager_when_told_or_when_it_is_empty_or_cat() {
    let archive = Archive::sample();
    let Some(out) = on_terminal(&archive, "--no-pager list", &[("MINUTES_PAGER", MARKING)]) else {
        return;
    };
    assert!(
        out.contains("2025-01-28") && !out.contains("paged:"),
        "{out}"
    );
    for empty in ["", "cat"] {
        let env = [("MINUTES_PAGER", empty), ("PAGER", MARKING)];
        let out = on_terminal(&archive, "list", &env).unwrap();
        assert!(
            out.contains("2025-01-28") && !out.contains("paged:"),
            "{out}"
        );
    }
    // Short output that is not a listing is never paged.
    let out = on_terminal(&archive, "next", &[("MINUTES_PAGER", MARKING)]).unwrap();
    assert!(!out.contains("paged:"), "{out}");
}

#[test]
fn a_pager_that_cannot_start_leaves_the_output_on_the_terminal() {
    let archive = Archive::sample();
    let env = [("MINUTES_PAGER", "no-such-pager -R")];
    let Some(out) = on_terminal(&archive, "list", &env) else {
        return;
    };
    assert!(out.contains("2025-01-28"), "{out}");
    assert!(
        !out.contains("error") && !out.contains("no-such-pager"),
        "{out}"
    );
}

#[test]
fn minutes_waits_for_the_pager_to_finish() {
    let archive = Archive::sample();
    let slow = "sleep 1; sed s/^/paged:/";
    let Some(out) = on_terminal(&archive, "list", &[("MINUTES_PAGER", slow)]) else {
        return;
    };
    assert!(
        out.contains("paged:2025-03-11"),
        "the pager's output was cut off:\n{out}"
    );
}

#[test]
fn a_failing_command_still_reports_its_error_and_exit_code() {
    let archive = Archive::sample();
    let env = [("MINUTES_PAGER", MARKING)];
    let Some(out) = on_terminal(&archive, "show 2030-01-01; echo exit=$?", &env) else {
        return;
    };
    assert!(out.contains("there is no meeting 2030-01-01"), "{out}");
    assert!(out.contains("exit=1"), "{out}");
}

#[test]
fn init_asks_for_what_the_flags_leave_out_and_again_for_a_bad_answer() {
    let archive = Archive::empty();
    // Title, how often (the default), day, time and duration (defaults),
    // zone, then a language that is no tag, then one that is.
    let input = "Board call\n\nthursday\n\n\nUTC\ngerman\nde\n";
    let Some(out) = typing(&archive, "init", &[], input) else {
        return;
    };
    assert!(out.contains("Meeting day [wednesday]: "), "{out}");
    assert!(out.contains("`german` is not a language tag"), "{out}");
    assert_eq!(
        out.matches("Language of the minutes [en]: ").count(),
        2,
        "{out}"
    );
    let config = archive.read("minutes.toml");
    for line in [
        "title = \"Board call\"",
        "language = \"de\"",
        "timezone = \"UTC\"",
        "[series.thursday]",
        "every = \"week\"",
        "at = \"18:00\"",
        "start = 2025-03-06",
    ] {
        assert!(config.contains(line), "{line} missing:\n{config}");
    }
}
