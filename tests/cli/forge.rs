//! `minutes setup git`, `minutes setup ci`, and what `init` sets up for a
//! group.

use std::process::Command;

use crate::support::Archive;

fn init() -> Archive {
    let archive = Archive::empty();
    archive
        .minutes(&[
            "init",
            "--title",
            "Board call",
            "--every",
            "week",
            "--on",
            "thursday",
            "--at",
            "18:30",
            "--timezone",
            "Europe/Berlin",
        ])
        .ok();
    archive
}

#[test]
fn init_registers_the_merge_driver_and_commits_the_attributes() {
    let archive = init();
    let attributes = archive.read(".gitattributes");
    assert!(attributes.contains("meetings/**/*.toml merge=minutes\nminutes.toml merge=minutes\n"));
    let driver = archive
        .git_env(archive.root(), &["config", "merge.minutes.driver"], &[])
        .ok();
    assert!(
        driver.stdout.trim().ends_with(" merge-file %O %A %B %P"),
        "{}",
        driver.stdout
    );
    let committed = archive
        .git_env(archive.root(), &["ls-files"], &[])
        .ok()
        .stdout;
    assert!(committed.contains(".gitattributes"), "{committed}");
    let check = archive
        .git_env(
            archive.root(),
            &["check-attr", "merge", "meetings/2025/2025-01-28.toml"],
            &[],
        )
        .ok();
    assert!(check.stdout.contains("merge: minutes"), "{}", check.stdout);
    // Once is enough; lines a person added stay.
    archive.write(".gitattributes", &format!("*.pdf binary\n{attributes}"));
    archive
        .minutes(&["setup", "git"])
        .ok()
        .stderr_has("git is set up already");
    assert!(archive.read(".gitattributes").starts_with("*.pdf binary\n"));
}

#[test]
fn setup_git_outside_a_repository_says_so() {
    let archive = Archive::new();
    archive.refuses(&["setup", "git"], 1, "is not in a git repository");
}

/// Validates a workflow against the forge's schema where check-jsonschema
/// (which carries the schemas) is installed, else parses it as YAML.
fn validate(file: &std::path::Path, schema: &str) {
    let run = Command::new("check-jsonschema")
        .args(["--builtin-schema", schema])
        .arg(file)
        .output();
    match run {
        Ok(out) => assert!(
            out.status.success(),
            "{} fails the schema {schema}:\n{}{}",
            file.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(_) => {
            let parsed = Command::new("python3")
                .args(["-c", "import sys, yaml; yaml.safe_load(open(sys.argv[1]))"])
                .arg(file)
                .output();
            match parsed {
                Ok(out) if out.status.success() => {
                    eprintln!(
                        "check-jsonschema is not installed: {} only parsed as YAML",
                        file.display()
                    )
                }
                _ => eprintln!(
                    "skipped: neither check-jsonschema nor Python's yaml can check {}",
                    file.display()
                ),
            }
        }
    }
}

#[test]
fn setup_ci_writes_workflows_that_run_check_and_keeps_existing_ones() {
    let archive = init();
    archive
        .minutes(&["setup", "ci", "github"])
        .ok()
        .stderr_has("wrote .github/workflows/minutes.yml");
    archive.minutes(&["setup", "ci", "gitlab"]).ok();
    let github = archive.read(".github/workflows/minutes.yml");
    let gitlab = archive.read(".gitlab-ci.yml");
    for text in [&github, &gitlab] {
        assert!(
            text.contains("- minutes check") || text.contains("run: minutes check"),
            "{text}"
        );
        assert!(
            text.contains("# --- site:"),
            "no place for the site:\n{text}"
        );
        assert!(
            text.contains("minutes site -o "),
            "the site is not built:\n{text}"
        );
    }
    validate(
        &archive.path(".github/workflows/minutes.yml"),
        "vendor.github-workflows",
    );
    validate(&archive.path(".gitlab-ci.yml"), "vendor.gitlab-ci");

    archive.write(".gitlab-ci.yml", "# ours\n");
    archive
        .refuses(
            &["setup", "ci", "gitlab"],
            1,
            ".gitlab-ci.yml exists already; nothing was written",
        )
        .stderr_has("--force");
    archive.minutes(&["setup", "ci", "gitlab", "--force"]).ok();
    assert_eq!(archive.read(".gitlab-ci.yml"), gitlab);
    archive.refuses(
        &["setup", "ci", "sourcehut"],
        2,
        "invalid value 'sourcehut'",
    );
}
