//! The synthetic archive generator of the benchmarks (`examples/gen-archive.rs`):
//! what it writes must be an archive that `minutes check` accepts, with a
//! real git history, the same for the same seed.
//!
//! The example's source is compiled into this test binary as a module, so
//! that the tests call it directly: no cargo inside cargo, and never a stale
//! build of the example.

use std::path::Path;
use std::process::Command;

use crate::support::Archive;

// The example's `main` is for the command line only.
#[allow(dead_code)]
#[path = "../../examples/gen-archive.rs"]
mod gen_archive;

/// Runs the generator with the arguments of its command line.
fn generate(out: &Path, meetings: &str, seed: &str) -> Result<String, String> {
    let args = ["--meetings", meetings, "--seed", seed, "--out"]
        .into_iter()
        .map(String::from)
        .chain([out.display().to_string()]);
    gen_archive::generate(&gen_archive::Args::parse(args)?)
}

#[track_caller]
fn generated(out: &Path, meetings: &str, seed: &str) -> serde_json::Value {
    let summary =
        generate(out, meetings, seed).unwrap_or_else(|e| panic!("the generator failed: {e}"));
    serde_json::from_str(&summary).expect("a JSON summary")
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
    let refused = generate(archive.root(), "20", "1").unwrap_err();
    assert!(refused.contains("is not empty"), "{refused}");
    assert!(archive.files() == before, "the generator changed files");
}

#[test]
fn refuses_bad_arguments() {
    let archive = Archive::empty();
    let refused = generate(archive.root(), "many", "1").unwrap_err();
    assert!(refused.contains("--meetings takes a number"), "{refused}");
    assert!(archive.files().is_empty(), "the generator wrote files");
}
