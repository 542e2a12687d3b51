//! `minutes completions SHELL` and `minutes man DIR`: the scripts parse in
//! their shells and the pages pass `mandoc -T lint`. A check whose tool is
//! not installed is skipped, saying so.

use std::path::Path;
use std::process::{Command, Output};

use crate::support::Archive;

/// Runs `tool` with `args`, or `None` (with a note) when it is not installed.
fn tool(tool: &str, args: &[&str], file: &Path) -> Option<Output> {
    match Command::new(tool).args(args).arg(file).output() {
        Ok(output) => Some(output),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("skipped: `{tool}` is not installed (apt-get install {tool})");
            None
        }
        Err(e) => panic!("cannot run {tool}: {e}"),
    }
}

#[track_caller]
fn passes(output: Option<Output>, what: &str) {
    if let Some(output) = output {
        assert!(
            output.status.success() && output.stderr.is_empty(),
            "{what} failed:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// The completion script for `shell`, written into the archive's folder.
fn script(archive: &Archive, shell: &str) -> std::path::PathBuf {
    let run = archive.minutes(&["completions", shell]).ok();
    assert!(run.stdout.contains("minutes"), "{}", run.stdout);
    let file = archive.path(&format!("completion.{shell}"));
    std::fs::write(&file, &run.stdout).unwrap();
    file
}

#[test]
fn the_bash_completion_parses() {
    let archive = Archive::empty();
    let file = script(&archive, "bash");
    passes(tool("bash", &["-n"], &file), "bash -n");
}

#[test]
fn the_zsh_completion_parses() {
    let archive = Archive::empty();
    let file = script(&archive, "zsh");
    passes(tool("zsh", &["-n"], &file), "zsh -n");
}

#[test]
fn the_fish_completion_parses() {
    let archive = Archive::empty();
    let file = script(&archive, "fish");
    passes(tool("fish", &["--no-execute"], &file), "fish --no-execute");
}

#[test]
fn completions_offer_commands_and_choices() {
    let archive = Archive::empty();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = archive.minutes(&["completions", shell]).ok();
        for word in ["render", "agenda", "--template"] {
            assert!(run.stdout.contains(word), "{shell} lacks {word}");
        }
        // PowerShell and elvish complete commands and options only.
        if ["bash", "zsh", "fish"].contains(&shell) {
            assert!(run.stdout.contains("dossier"), "{shell} lacks the kinds");
        }
    }
    archive
        .refuses(&["completions", "tcsh"], 2, "invalid value 'tcsh'")
        .stderr_has("bash, zsh, fish, powershell, elvish");
}

#[test]
fn the_manual_pages_pass_mandoc_lint() {
    let archive = Archive::empty();
    archive
        .minutes(&["man", "man1"])
        .ok()
        .stderr_has("wrote 37 manual pages in man1");
    let pages = archive.files();
    for page in [
        "man1/minutes.1",
        "man1/minutes-render.1",
        "man1/minutes-agenda-add.1",
    ] {
        assert!(pages.contains_key(Path::new(page)), "no {page}");
    }
    for page in pages.keys() {
        let lint = tool(
            "mandoc",
            &["-T", "lint", "-W", "error"],
            &archive.root().join(page),
        );
        passes(lint, &format!("mandoc -T lint {}", page.display()));
    }
    let render = archive.read("man1/minutes-render.1");
    assert!(
        render.contains(".TH MINUTES-RENDER 1 2026-12-01"),
        "{render}"
    );
    assert!(render.contains("article"), "the choices are on the page");
}

#[test]
fn the_manual_pages_are_replaced_only_when_told() {
    let archive = Archive::empty();
    archive.write("man1/minutes.1", "my own page\n");
    archive
        .refuses(
            &["man", "man1"],
            1,
            "man1 has 1 manual page already: minutes.1",
        )
        .stderr_has("pass --force");
    archive.minutes(&["man", "man1", "--force"]).ok();
    assert!(archive.read("man1/minutes.1").starts_with(".ie"));
}

#[test]
fn setup_commands_stay_out_of_the_command_list() {
    let archive = Archive::empty();
    let help = archive.minutes(&["--help"]).ok().stdout;
    let commands = &help[help.find("Commands:").unwrap()..help.find("Options:").unwrap()];
    assert!(
        !commands.contains("completions") && !commands.contains("  man"),
        "{commands}"
    );
    assert!(help.contains("minutes completions SHELL"), "{help}");
    assert!(help.contains("minutes man DIR"), "{help}");
}
