//! Writes that respect the person's files: permissions kept, reports never
//! written over the minutes, commits of text only; and the messages of a
//! repository that cannot be read, a branch without commits, the end of
//! the calendar, a stale index and a meeting under two dates.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use crate::support::{Archive, MEETING};

const FILE: &str = "meetings/2025/2025-01-28.toml";

/// The test archive in a git repository with everything committed.
fn committed() -> Archive {
    let archive = Archive::new();
    archive.git(archive.root(), &["init", "-q", "-b", "main"]);
    archive.git(archive.root(), &["add", "-A"]);
    archive.git(archive.root(), &["commit", "-q", "-m", "start"]);
    archive
}

fn mode(archive: &Archive, file: &str) -> u32 {
    std::fs::metadata(archive.path(file))
        .unwrap()
        .permissions()
        .mode()
        & 0o777
}

fn set_mode(archive: &Archive, file: &str, mode: u32) {
    std::fs::set_permissions(archive.path(file), std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn a_changed_file_keeps_its_mode_and_a_new_one_follows_the_umask() {
    let archive = Archive::new();
    let umask = |mask: &str, args: &[&str]| {
        let script = format!("umask {mask} && exec \"$@\"");
        archive
            .minutes_through(&["sh", "-c", &script, "sh"], args)
            .ok();
    };
    umask("022", &["new"]);
    assert_eq!(mode(&archive, "meetings/2025/2025-03-11.toml"), 0o644);
    umask("027", &["new"]);
    assert_eq!(mode(&archive, "meetings/2025/2025-03-25.toml"), 0o640);
    set_mode(&archive, "meetings/2025/2025-03-11.toml", 0o664);
    umask("077", &["agenda", "add", "Budget"]);
    assert_eq!(mode(&archive, "meetings/2025/2025-03-11.toml"), 0o664);
    // A moved meeting is the same file: it keeps its mode too.
    umask("077", &["redate", "2025-03-11", "2025-03-12"]);
    assert_eq!(mode(&archive, "meetings/2025/2025-03-12.toml"), 0o664);
    umask("027", &["render", "2025-01-28", "-o", "out/minutes.md"]);
    assert_eq!(mode(&archive, "out/minutes.md"), 0o640);
    set_mode(&archive, "out/minutes.md", 0o600);
    umask(
        "022",
        &["render", "2025-01-28", "-o", "out/minutes.md", "--force"],
    );
    assert_eq!(mode(&archive, "out/minutes.md"), 0o600);
}

#[test]
fn render_o_never_writes_over_the_minutes_a_folder_a_device_or_a_link() {
    let archive = Archive::new();
    fn render(output: &str) -> Vec<&str> {
        vec!["render", "2025-01-28", "-o", output]
    }
    for (output, says) in [
        (FILE, "is in the archive's meetings/ folder"),
        (
            "meetings/2025/report.md",
            "is in the archive's meetings/ folder",
        ),
        (
            "out/../meetings/2025/report.md",
            "is in the archive's meetings/ folder",
        ),
        ("minutes.toml", "is the archive's configuration"),
        ("meetings", "is in the archive's meetings/ folder"),
        ("/dev/null", "is not a regular file"),
    ] {
        archive
            .refuses(&render(output), 1, says)
            .stderr_has("so the report was not written")
            .stderr_has("help:");
        // --force replaces a regular file elsewhere, never one of these.
        let mut forced = render(output);
        forced.push("--force");
        archive.refuses(&forced, 1, says);
    }
    std::fs::create_dir(archive.path("public")).unwrap();
    archive.refuses(&render("public"), 1, "public is a folder");
    // A link into meetings/ is a file of meetings/; any other link is
    // refused as a link, whose target would be replaced or not as it goes.
    std::os::unix::fs::symlink(archive.path(FILE), archive.path("into.md")).unwrap();
    archive.refuses(
        &render("into.md"),
        1,
        "into.md is in the archive's meetings/ folder",
    );
    archive.write("elsewhere.md", "kept\n");
    std::os::unix::fs::symlink(archive.path("elsewhere.md"), archive.path("link.md")).unwrap();
    let mut forced = render("link.md");
    forced.push("--force");
    archive.refuses(&forced, 1, "link.md is a symbolic link");
    archive.minutes(&render("report.md")).ok();
    let first = archive.read("report.md");
    archive
        .refuses(&render("report.md"), 1, "report.md exists already")
        .stderr_has("help: pass --force to replace it");
    archive.write("report.md", "an older report\n");
    let mut forced = render("report.md");
    forced.push("--force");
    archive.minutes(&forced).ok();
    assert_eq!(archive.read("report.md"), first);
    assert_eq!(archive.read(FILE), MEETING);
    archive
        .refuses(&["render", "2025-01-28", "--force"], 2, "--output")
        .stderr_has("required");
}

#[test]
fn commit_leaves_out_editors_files_ours_and_nested_repositories() {
    let archive = committed();
    let edited = MEETING.replace("M23 took Goma.", "M23 took Goma and Bukavu.");
    archive.write(FILE, &edited);
    let debris = [
        "meetings/2025/2025-01-28.toml~",
        "meetings/2025/.2025-01-28.toml.swp",
        "meetings/2025/#2025-01-28.toml#",
        "templates/.minutes-a1b2c3.tmp",
        "templates/article.md.orig",
    ];
    for file in debris {
        archive.write(file, "scratch\n");
    }
    // Ours, left in meetings/ by a crash, goes before anything is committed.
    archive.write("meetings/2025/.minutes-d4e5f6.tmp", "half a meeting");
    archive.write("meetings/2025/nested/notes.toml", "x = 1\n");
    archive.git(&archive.path("meetings/2025/nested"), &["init", "-q"]);
    let run = archive.minutes(&["commit"]).ok();
    for file in debris {
        assert!(
            run.stderr.contains(file),
            "{file} not reported:\n{}",
            run.stderr
        );
    }
    run.stderr_has("removed meetings/2025/.minutes-d4e5f6.tmp, a temporary file left by an interrupted minutes command")
        .stderr_has("left out, as no one's text")
        .stderr_has("(an editor's swap file)")
        .stderr_has("(a backup file)")
        .stderr_has("(an editor's auto-save file)")
        .stderr_has("(a temporary file of minutes)")
        .stderr_has("meetings/2025/nested (a nested git repository)");
    let files = archive.git(
        archive.root(),
        &["show", "--name-only", "--format=", "HEAD"],
    );
    assert_eq!(files.trim(), FILE);
    // Only debris left: nothing to commit, and it says what it left out.
    archive
        .refuses(&["commit"], 1, "nothing to commit")
        .stderr_has(".2025-01-28.toml.swp (an editor's swap file)");
    archive.git(archive.root(), &["fsck", "--strict", "--no-progress"]);
}

#[test]
fn commit_refuses_a_meeting_that_is_a_link() {
    let archive = committed();
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.toml");
    std::fs::write(&secret, MEETING.replace("M23 took Goma.", "a secret")).unwrap();
    std::fs::remove_file(archive.path(FILE)).unwrap();
    std::os::unix::fs::symlink(&secret, archive.path(FILE)).unwrap();
    let head = archive.git(archive.root(), &["rev-parse", "HEAD"]);
    for args in [&["commit"][..], &["commit", "2025-01-28", "--no-verify"]] {
        archive
            .refuses(
                args,
                1,
                "meetings/2025/2025-01-28.toml is a symbolic link (to ",
            )
            .stderr_has("so nothing was committed")
            .stderr_has("help: minutes commits files, not links");
    }
    assert_eq!(archive.git(archive.root(), &["rev-parse", "HEAD"]), head);
    assert_eq!(
        archive.git(archive.root(), &["diff", "--cached", "--name-only"]),
        ""
    );
}

#[test]
fn check_warns_of_a_stray_file_and_commit_goes_ahead() {
    let archive = committed();
    archive.write("meetings/2025/2025-01-28.toml~", MEETING);
    archive.write("meetings/2025/2025-01-28.toml.bak", MEETING);
    archive.write("meetings/2025/notes.txt", "to do\n");
    let run = archive.minutes(&["check"]).ok();
    for file in ["2025-01-28.toml~", "2025-01-28.toml.bak", "notes.txt"] {
        assert!(
            run.stderr.contains(&format!(
                "warning: this file is not a meeting, so it is not read\n --> meetings/2025/{file}"
            )),
            "{file}:\n{}",
            run.stderr
        );
    }
    assert!(!run.stderr.contains("wrong folder"), "{}", run.stderr);
    archive.write("meetings/2025/notes.txt", "to do, soon\n");
    archive.git(archive.root(), &["add", "meetings/2025/notes.txt"]);
    archive.minutes(&["commit", "-m", "Notes"]).ok();
}

#[test]
fn check_reports_a_meeting_under_two_dates() {
    let archive = committed();
    archive.write(
        "meetings/2025/2025-01-29.toml",
        &MEETING.replace("date = 2025-01-28", "date = 2025-01-29"),
    );
    archive
        .refuses(
            &["check"],
            1,
            "this is meeting 2025-01-28 under a second date",
        )
        .stderr_has("--> meetings/2025/2025-01-29.toml:2:8")
        .stderr_has("keep the file of the right date and remove the other");
    archive.refuses(&["commit"], 1, "nothing was committed");
    // Either meeting named alone still shows it.
    archive.refuses(&["check", "2025-01-28"], 1, "under a second date");
}

#[test]
fn new_refuses_a_date_past_9999_and_year_folders_have_four_digits() {
    let mut archive = Archive::new();
    archive.now = "9999-12-29T10:00:00Z".into();
    archive
        .refuses(
            &["new"],
            1,
            "+10000-01-04 is outside the years 0000 to 9999",
        )
        .stderr_has("help: choose a date with a four-digit year");
    archive.minutes(&["new", "9999-12-28", "--force"]).ok();
    archive.minutes(&["new", "0999-01-05", "--force"]).ok();
    assert!(archive.path("meetings/0999/0999-01-05.toml").is_file());
    let list = archive.minutes(&["list"]).ok().stdout;
    assert!(
        list.contains("0999-01-05") && list.contains("9999-12-28"),
        "{list}"
    );
    archive.minutes(&["check"]).ok();
}

#[test]
fn log_says_when_the_repository_cannot_be_read() {
    let archive = committed();
    let git_dir = archive.path(".git");
    let root = Command::new("id").arg("-u").output().unwrap().stdout == b"0\n";
    if root {
        // Root reads anything: a repository of another user is refused by
        // git's own rule instead.
        chown(&git_dir, "65534:65534");
        archive
            .refuses(
                &["log"],
                1,
                "/.git belongs to another user, so git will not read it",
            )
            .stderr_has(
                "help: if you trust it, allow it with `git config --global --add safe.directory",
            );
        chown(&git_dir, "0:0");
    }
    let readable = |mode| std::fs::set_permissions(&git_dir, std::fs::Permissions::from_mode(mode));
    if root {
        // As another user, with the archive readable and .git not.
        for dir in [
            archive.root(),
            archive.path("meetings").as_path(),
            archive.path("meetings/2025").as_path(),
        ] {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        readable(0o700).unwrap();
        let out = Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_minutes"))
            .arg("log")
            .current_dir(archive.root())
            .env_clear()
            .env("HOME", "/nonexistent")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output();
        let Ok(out) = out else {
            eprintln!("skipped the unreadable repository: no setpriv to run as another user");
            return;
        };
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains("cannot read the git repository"),
            "{stderr}"
        );
        assert!(stderr.contains("/.git: permission denied"), "{stderr}");
    } else {
        readable(0o000).unwrap();
        archive
            .refuses(&["log"], 1, "cannot read the git repository")
            .stderr_has("permission denied")
            .stderr_has("help: ask its owner for read access");
        readable(0o755).unwrap();
    }
}

fn chown(path: &Path, owner: &str) {
    let status = Command::new("chown")
        .args(["-R", owner])
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn diff_on_a_branch_without_commits_compares_with_nothing() {
    let archive = Archive::new();
    archive.git(archive.root(), &["init", "-q", "-b", "main"]);
    let run = archive.minutes(&["diff", "2025-01-28"]).ok();
    run.stderr_has("there is no commit yet, so the meeting is compared with nothing")
        .stdout_has("a new meeting: HEAD does not have it")
        .stdout_has("+ item \"The situation in Congo\" (congo)");
    let json = archive
        .minutes(&["--json", "diff", "2025-01-28"])
        .ok()
        .json();
    assert_eq!(json["unborn"], true);
    assert_eq!(json["new"], true);
}

#[test]
fn the_index_notices_a_change_that_kept_size_and_modification_time() {
    let archive = committed();
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let age = |archive: &Archive| {
        std::fs::File::options()
            .write(true)
            .open(archive.path(FILE))
            .unwrap()
            .set_modified(hour_ago)
            .unwrap();
    };
    age(&archive);
    // Past the tick in which the index does not trust a file's times.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let search = |archive: &Archive, word: &str| {
        let run = archive.minutes(&["-v", "search", word, "--json"]).ok();
        let hits = run.json().as_array().map_or(0, Vec::len);
        (hits, run.stderr)
    };
    assert_eq!(search(&archive, "congo").0, 1);
    let (hits, report) = search(&archive, "congo");
    assert_eq!(hits, 1);
    assert!(
        report.contains("index of meetings warm; 0 of 1 file read again"),
        "{report}"
    );
    // Same size, and the modification time put back, as `cp -p` or
    // `rsync -t` leave a file.
    archive.write(
        FILE,
        &MEETING.replace("situation in Congo", "situation in Kongo"),
    );
    age(&archive);
    let (hits, report) = search(&archive, "kongo");
    assert_eq!(hits, 1);
    assert!(report.contains("1 of 1 file read again"), "{report}");
    assert_eq!(search(&archive, "congo").0, 0);
}
