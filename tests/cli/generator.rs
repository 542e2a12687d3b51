//! The synthetic archive generator of the benchmarks (`examples/gen-archive.rs`):
//! what it writes must be an archive that `minutes check` accepts, with a
//! real git history, the same for the same seed.

use std::path::Path;
use std::process::{Command, Output};

use crate::support::Archive;

/// Runs the generator. `cargo test` has built the example already, so
/// `cargo run` only starts it.
fn generate(out: &Path, meetings: &str, seed: &str) -> Output {
    Command::new(env!("CARGO"))
        .args([
            "run",
            "--quiet",
            "--locked",
            "--example",
            "gen-archive",
            "--",
        ])
        .args(["--meetings", meetings, "--seed", seed, "--out"])
        .arg(out)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run cargo")
}

#[track_caller]
fn generated(out: &Path, meetings: &str, seed: &str) -> serde_json::Value {
    let run = generate(out, meetings, seed);
    assert!(
        run.status.success(),
        "the generator failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    serde_json::from_slice(&run.stdout).expect("a JSON summary on stdout")
}

fn git(dir: &Path, args: &[&str]) -> String {
    let run = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run git");
    assert!(run.status.success(), "git {args:?} failed");
    String::from_utf8_lossy(&run.stdout).trim().to_string()
}

#[test]
fn generated_archive_passes_check_and_has_history() {
    let archive = Archive::empty();
    let summary = generated(archive.root(), "50", "7");
    assert_eq!(summary["meetings"], 50);

    let check = archive.minutes(&["check", "--json"]).ok();
    let report = check.json();
    assert_eq!(report["errors"], 0, "{}", check.stdout);
    assert_eq!(report["files"], 51, "minutes.toml and 50 meetings");
    let list = archive.minutes(&["list", "--json"]).ok();
    assert_eq!(list.json().as_array().map(Vec::len), Some(50));
    let series = archive.read("minutes.toml").matches("\n[series.").count();
    assert!(series >= 3, "{series} series");

    let commits: u64 = git(archive.root(), &["rev-list", "--count", "HEAD"])
        .parse()
        .expect("a count");
    assert!(commits > 100, "only {commits} commits");
    assert_eq!(summary["commits"], commits);
    // The working tree is the last commit.
    assert_eq!(git(archive.root(), &["status", "--porcelain"]), "");
    // A moved meeting keeps its history across the rename.
    let moved = summary["renamed"][0]["to"]
        .as_str()
        .expect("a renamed meeting");
    let path = format!("meetings/{}/{moved}.toml", &moved[..4]);
    let history = git(
        archive.root(),
        &["log", "--follow", "--format=%s", "--", &path],
    );
    assert!(
        history.contains("Move ") && history.contains("Agenda of"),
        "{history}"
    );
    archive.minutes(&["list"]).ok().stdout_has(moved);
}

#[test]
fn same_seed_same_history() {
    let head = |seed: &str| {
        let archive = Archive::empty();
        generated(archive.root(), "20", seed);
        git(archive.root(), &["rev-parse", "HEAD"])
    };
    assert_eq!(head("3"), head("3"));
    assert_ne!(head("3"), head("4"));
}

#[test]
fn refuses_to_write_into_a_folder_that_has_files() {
    let archive = Archive::new();
    let before = archive.files();
    let run = generate(archive.root(), "20", "1");
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("is not empty"));
    assert!(archive.files() == before, "the generator changed files");
}

#[test]
fn refuses_bad_arguments() {
    let archive = Archive::empty();
    let run = generate(archive.root(), "many", "1");
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("--meetings takes a number"));
}
