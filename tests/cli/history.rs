//! History through git: commit, log, diff, show --at, blame, redate, status,
//! stale translations, and the faults of a repository. Every repository is
//! built with a fixed author and clock and checked with `git fsck`; `log` is
//! held against the real `git log --follow`.

use std::cell::Cell;
use std::path::Path;
use std::process::Command;

use crate::support::{Archive, MEETING, Run};

/// An archive in a git repository, and a clock that ticks one hour per commit.
struct Repo {
    archive: Archive,
    tick: Cell<u32>,
}

impl Repo {
    /// `archive` made a repository, with everything in a first commit.
    fn new(archive: Archive) -> Repo {
        let repo = Repo::bare(archive);
        repo.git(&["init", "-q", "-b", "main"]);
        repo.commit(&["-m", "Start the minutes"]);
        repo
    }

    fn bare(archive: Archive) -> Repo {
        Repo {
            archive,
            tick: Cell::new(0),
        }
    }

    fn date(&self) -> String {
        let n = self.tick.get() + 1;
        self.tick.set(n);
        format!("2025-03-{:02}T{:02}:00:00Z", 1 + n / 24, n % 24)
    }

    /// `minutes ARGS` at the next tick of the clock.
    fn minutes(&self, args: &[&str]) -> Run {
        let date = self.date();
        self.archive.minutes_in(
            self.archive.root(),
            args,
            &[("GIT_AUTHOR_DATE", &date), ("GIT_COMMITTER_DATE", &date)],
        )
    }

    /// `minutes commit ARGS`, which must succeed and leave the repository sound.
    fn commit(&self, args: &[&str]) -> Run {
        let mut all = vec!["commit"];
        all.extend(args);
        let run = self.minutes(&all).ok();
        self.fsck();
        run
    }

    /// Runs the real git in the archive; it must succeed.
    fn git(&self, args: &[&str]) -> String {
        git_in(self.archive.root(), args)
    }

    fn fsck(&self) {
        self.git(&["fsck", "--strict", "--no-progress"]);
    }

    fn head(&self) -> String {
        self.git(&["rev-parse", "HEAD"]).trim().to_string()
    }

    /// Rewrites a file of the archive with `f`.
    fn edit(&self, file: &str, f: impl Fn(String) -> String) {
        self.archive.write(file, &f(self.archive.read(file)));
    }
}

fn git_in(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("HOME", dir.join(".home"))
        .env("XDG_CONFIG_HOME", dir.join(".home/.config"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test Scribe")
        .env("GIT_AUTHOR_EMAIL", "scribe@example.org")
        .env("GIT_COMMITTER_NAME", "Test Scribe")
        .env("GIT_COMMITTER_EMAIL", "scribe@example.org")
        .env("GIT_AUTHOR_DATE", "2025-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2025-01-01T00:00:00Z")
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

const FILE: &str = "meetings/2025/2025-01-28.toml";

fn second_meeting() -> String {
    MEETING
        .replace("2025-01-28", "2025-02-04")
        .replace("id = \"congo\"", "id = \"sudan\"")
        .replace("The situation in Congo", "Sudan")
        .replace("M23 took Goma.", "Talks in Jeddah.")
        + "\n[[updates]]\naction = \"2025-01-28#a1\" # figures\nstatus = \"open\"\n"
}

fn ids(json: &serde_json::Value) -> Vec<String> {
    json.as_array()
        .expect("an array")
        .iter()
        .map(|r| r["commit"].as_str().expect("a commit id").to_string())
        .collect()
}

#[test]
fn commit_writes_a_message_in_meeting_terms() {
    let repo = Repo::new(Archive::new());
    let first = repo.git(&["log", "--format=%s%n%b%an <%ae> %ad", "--date=iso"]);
    assert!(first.starts_with("Start the minutes\n"), "{first}");
    assert!(
        first.contains("Test Scribe <scribe@example.org> 2025-03-01 01:00:00 +0000"),
        "{first}"
    );

    repo.edit(FILE, |t| {
        t.replace("M23 took Goma.", "M23 seized Goma on Monday.")
            + "\n[[items]]\nid = \"deepseek\"\ntitle = \"DeepSeek\"\n"
    });
    let run = repo.commit(&[]);
    let msg = repo.git(&["log", "-1", "--format=%B"]);
    assert_eq!(
        msg.trim_end(),
        "2025-01-28: add item \"DeepSeek\", notes of \"congo\" edited\n\n\
         - add item \"DeepSeek\"\n\
         - item \"congo\": notes: 4 words added, 2 removed"
    );
    assert!(
        run.stdout.contains("2025-01-28: add item"),
        "{}",
        run.stdout
    );
    assert!(repo.git(&["status", "--porcelain"]).is_empty());

    repo.archive
        .write("meetings/2025/2025-02-04.toml", &second_meeting());
    repo.edit(FILE, |t| {
        t.replace("status = \"draft\"", "status = \"final\"")
    });
    repo.commit(&[]);
    let msg = repo.git(&["log", "-1", "--format=%B"]);
    assert_eq!(
        msg.trim_end(),
        "Update 2025-01-28 and 2025-02-04\n\n\
         2025-01-28:\n\
         - status: draft -> final\n\
         2025-02-04:\n\
         - new meeting (draft, 1 item)"
    );
}

#[test]
fn commit_takes_only_the_named_meetings_and_a_given_message_and_author() {
    let repo = Repo::new(Archive::new());
    repo.archive
        .write("meetings/2025/2025-02-04.toml", &second_meeting());
    repo.edit(FILE, |t| t.replace("M23", "The M23"));
    repo.commit(&[
        "2025-02-04",
        "-m",
        "Add the meeting of 4 February",
        "--author",
        "Lu Wei <lu@example.org>",
    ]);
    let log = repo.git(&["log", "-1", "--format=%s|%an <%ae>|%cn", "--name-only"]);
    assert!(
        log.starts_with("Add the meeting of 4 February|Lu Wei <lu@example.org>|Test Scribe"),
        "{log}"
    );
    assert!(
        log.contains("2025-02-04.toml") && !log.contains("2025-01-28.toml"),
        "{log}"
    );
    assert_eq!(
        repo.git(&["status", "--porcelain"]).trim(),
        "M meetings/2025/2025-01-28.toml"
    );
    let before = repo.head();
    repo.archive
        .refuses(&["commit", "--author", "nobody"], 2, "is not an author");
    repo.archive.refuses(
        &["commit", "2025-02-04"],
        1,
        "2025-02-04 has no uncommitted changes",
    );
    assert_eq!(repo.head(), before);
}

#[test]
fn commit_refuses_errors_unless_told_not_to_verify() {
    let repo = Repo::new(Archive::new());
    repo.edit(FILE, |t| {
        t.replace("owner = \"lu\"", "owner = \"nobody-known\"")
    });
    let before = repo.head();
    repo.archive
        .refuses(&["commit"], 1, "found 1 error, so nothing was committed")
        .stderr_has("--no-verify");
    assert_eq!(repo.head(), before);
    // A meeting without errors can be committed on its own meanwhile.
    repo.archive
        .write("meetings/2025/2025-02-04.toml", &second_meeting());
    repo.commit(&["2025-02-04"]);
    let before = repo.head();
    repo.commit(&["--no-verify"]);
    assert_ne!(repo.head(), before);
}

#[test]
fn log_agrees_with_git_log_follow_across_a_redate() {
    let repo = Repo::new(Archive::new());
    repo.edit(FILE, |t| {
        t.replace("M23 took Goma.", "M23 took Goma in January.")
    });
    repo.commit(&[]);
    repo.archive
        .write("meetings/2025/2025-02-04.toml", &second_meeting());
    repo.commit(&[]);
    repo.minutes(&["redate", "2025-01-28", "2025-01-29"])
        .ok()
        .stdout_has("2025-01-29.toml");
    repo.commit(&[]);
    let moved = "meetings/2025/2025-01-29.toml";
    repo.edit(moved, |t| {
        t.replace("status = \"draft\"", "status = \"final\"")
    });
    repo.commit(&[]);

    let ours = ids(&repo.minutes(&["log", "2025-01-29", "--json"]).ok().json());
    let git: Vec<String> = repo
        .git(&["log", "--follow", "--format=%H", "--", moved])
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(ours.len(), 4, "{ours:?}");
    assert_eq!(ours, git);

    let text = repo.minutes(&["log", "2025-01-29"]).ok().stdout;
    assert!(text.contains("status: draft -> final"), "{text}");
    assert!(
        text.contains("renamed from meetings/2025/2025-01-28.toml"),
        "{text}"
    );
    assert!(text.contains("created"), "{text}");
    let json = repo
        .minutes(&["log", "2025-01-29", "-n", "1", "--json"])
        .ok()
        .json();
    let latest = &json[0];
    assert_eq!(latest["author"], "Test Scribe");
    assert_eq!(latest["changes"][0]["field"], "status");
    assert!(
        latest["date"]
            .as_str()
            .unwrap()
            .starts_with("2025-03-01T06:00:00"),
        "{latest}"
    );

    let archive_log = repo.minutes(&["log", "--json"]).ok().json();
    let all: Vec<String> = repo
        .git(&["log", "--format=%H"])
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(ids(&archive_log), all);
    let redate = &archive_log[1]["changes"];
    assert_eq!(
        redate,
        &serde_json::json!(["2025-01-28", "2025-01-29", "2025-02-04"])
    );
}

#[test]
fn diff_shows_items_fields_and_words() {
    let repo = Repo::new(Archive::new());
    repo.edit(FILE, |t| t.replace("M23 took Goma.", "M23 seized Goma."));
    let run = repo.minutes(&["diff", "2025-01-28"]).ok();
    assert!(
        run.stdout.contains("M23 [-took-] {+seized+} Goma."),
        "{}",
        run.stdout
    );
    repo.commit(&[]);
    repo.edit(FILE, |t| {
        t.replace("chair = \"anna\"", "chair = \"lu\"") + "\n[[items]]\ntitle = \"Sudan\"\n"
    });
    repo.commit(&[]);
    let run = repo.minutes(&["diff", "2025-01-28", "HEAD~2", "HEAD"]).ok();
    for needle in [
        "chair: [-anna-] {+lu+}",
        "+ item \"Sudan\" (sudan)",
        "{+seized+}",
    ] {
        assert!(run.stdout.contains(needle), "{needle:?} in\n{}", run.stdout);
    }
    let json = repo
        .minutes(&["diff", "2025-01-28", "HEAD~1", "--json"])
        .ok()
        .json();
    let kinds: Vec<&str> = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["field", "item_added"]);
    repo.minutes(&["diff", "2025-01-28"])
        .ok()
        .stdout_has("no changes in meaning");
    repo.archive.refuses(
        &["diff", "2025-01-28", "no-such-rev"],
        2,
        "`no-such-rev` names no revision",
    );
}

#[test]
fn show_at_gives_the_meeting_as_it_was() {
    let repo = Repo::new(Archive::new());
    repo.edit(FILE, |t| t.replace("M23 took Goma.", "M23 seized Goma."));
    repo.commit(&[]);
    let old = repo.minutes(&["show", "2025-01-28", "--at", "HEAD~1"]).ok();
    assert!(
        old.stdout.contains("M23 took Goma.") && old.stdout.contains("as of HEAD~1"),
        "{}",
        old.stdout
    );
    let short = repo.git(&["rev-parse", "--short", "HEAD"]);
    repo.minutes(&["show", "2025-01-28", "--at", short.trim()])
        .ok()
        .stdout_has("M23 seized Goma.");
    repo.git(&["tag", "approved", "HEAD~1"]);
    repo.minutes(&["show", "2025-01-28", "--at", "approved"])
        .ok()
        .stdout_has("M23 took Goma.");
    repo.archive
        .write("meetings/2025/2025-02-04.toml", &second_meeting());
    repo.commit(&[]);
    repo.archive.refuses(
        &["show", "2025-02-04", "--at", "HEAD~1"],
        1,
        "meeting 2025-02-04 did not exist at HEAD~1",
    );
}

#[test]
fn render_at_gives_the_report_as_it_was() {
    let repo = Repo::new(Archive::new());
    repo.edit(FILE, |t| t.replace("M23 took Goma.", "M23 seized Goma."));
    repo.commit(&[]);
    let args = [
        "render",
        "2025-01-28",
        "--template",
        "minutes",
        "--at",
        "HEAD~1",
    ];
    let old = repo.minutes(&args).ok();
    assert!(
        old.stdout.contains("M23 took Goma.") && !old.stdout.contains("seized"),
        "{}",
        old.stdout
    );
    repo.minutes(&["render", "2025-01-28", "--template", "minutes"])
        .ok()
        .stdout_has("M23 seized Goma.");
    repo.archive.refuses(
        &[
            "render",
            "2025-01-28",
            "--at",
            "no-such-rev",
            "-o",
            "out.md",
        ],
        2,
        "`no-such-rev` names no revision",
    );
}

#[test]
fn blame_names_the_last_commit_of_each_part() {
    let repo = Repo::new(Archive::new());
    let start = repo
        .git(&["rev-parse", "--short", "HEAD"])
        .trim()
        .to_string();
    repo.edit(FILE, |t| t.replace("M23 took Goma.", "M23 seized Goma."));
    repo.commit(&[]);
    let notes = repo
        .git(&["rev-parse", "--short", "HEAD"])
        .trim()
        .to_string();
    repo.edit(FILE, |t| {
        t.replace("status = \"draft\"", "status = \"final\"")
    });
    repo.commit(&[]);
    let status = repo
        .git(&["rev-parse", "--short", "HEAD"])
        .trim()
        .to_string();
    repo.edit(FILE, |t| t.replace("chair = \"anna\"", "chair = \"lu\""));
    let out = repo.minutes(&["blame", "2025-01-28"]).ok().stdout;
    let line = |part: &str| {
        out.lines()
            .find(|l| l.split_whitespace().any(|w| w == part))
            .unwrap_or_else(|| panic!("no {part} in\n{out}"))
            .to_string()
    };
    assert!(line("date").starts_with(&start), "{out}");
    assert!(line("status").starts_with(&status), "{out}");
    assert!(line("congo").starts_with(&notes), "{out}");
    assert!(line("chair").contains("not committed yet"), "{out}");
    let json = repo.minutes(&["blame", "2025-01-28", "--json"]).ok().json();
    let congo = json
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["part"] == "congo")
        .unwrap();
    assert_eq!(congo["commit"]["author"], "Test Scribe");
}

#[test]
fn redate_moves_the_meeting_its_overlay_and_references() {
    let repo = Repo::new(Archive::new());
    repo.edit(FILE, |t| {
        t.replace(
            "date = 2025-01-28",
            "date = 2025-01-28 # moved once already",
        )
    });
    repo.archive.write(
        "meetings/2025/2025-01-28.de.toml",
        "schema = 1\ntitle = \"Kongo\"\n",
    );
    repo.archive
        .write("meetings/2025/2025-02-04.toml", &second_meeting());
    repo.commit(&[]);
    repo.archive.refuses(
        &["redate", "2025-01-28", "2025-02-04"],
        1,
        "there is a meeting on 2025-02-04 already",
    );
    repo.archive.refuses(
        &["redate", "2025-01-28", "2025-02-30"],
        2,
        "`2025-02-30` is not a date",
    );
    repo.archive.refuses(
        &["redate", "2025-01-28", "2025-01-28"],
        2,
        "is on 2025-01-28 already",
    );
    repo.archive.refuses(
        &["redate", "2025-01-21", "2025-01-22"],
        1,
        "there is no meeting 2025-01-21",
    );

    let run = repo.minutes(&["redate", "2025-01-28", "2024-12-31"]).ok();
    assert!(
        run.stdout
            .contains("meetings/2025/2025-01-28.de.toml -> meetings/2024/2024-12-31.de.toml"),
        "{}",
        run.stdout
    );
    assert!(!repo.archive.path(FILE).exists());
    let moved = repo.archive.read("meetings/2024/2024-12-31.toml");
    assert!(
        moved.contains("date = 2024-12-31 # moved once already"),
        "{moved}"
    );
    assert!(
        repo.archive
            .path("meetings/2024/2024-12-31.de.toml")
            .is_file()
    );
    let later = repo.archive.read("meetings/2025/2025-02-04.toml");
    assert!(
        later.contains("action = \"2024-12-31#a1\" # figures"),
        "{later}"
    );
    repo.archive.minutes(&["check"]).ok();

    repo.commit(&[]);
    let subject = repo.git(&["log", "-1", "--format=%s"]);
    assert!(
        subject.starts_with("2024-12-31: moved from 2025-01-28"),
        "{subject}"
    );
    let renames = repo.git(&["show", "-M", "--name-status", "--format=", "HEAD"]);
    assert!(
        renames
            .contains("R100\tmeetings/2025/2025-01-28.de.toml\tmeetings/2024/2024-12-31.de.toml"),
        "{renames}"
    );
    assert!(
        renames
            .lines()
            .any(|l| l.starts_with('R') && l.ends_with("2024/2024-12-31.toml")),
        "{renames}"
    );
}

#[test]
fn status_shows_meetings_changes_and_the_branch() {
    let repo = Repo::new(Archive::new());
    repo.archive.write(
        "meetings/2025/2025-03-11.toml",
        &MEETING
            .replace("2025-01-28", "2025-03-11")
            .replace("\"draft\"", "\"agenda\""),
    );
    repo.edit(FILE, |t| t.replace("M23", "The M23"));
    let out = repo.minutes(&["status"]).ok().stdout;
    for needle in [
        "2025-01-28  draft",
        "2025-03-11  agenda",
        "upcoming",
        "on branch main",
        "modified meetings/2025/2025-01-28.toml",
        "new      meetings/2025/2025-03-11.toml",
    ] {
        assert!(out.contains(needle), "{needle:?} in\n{out}");
    }
    // An upstream that is one commit behind.
    let remote = tempfile::tempdir().unwrap();
    git_in(remote.path(), &["init", "-q", "--bare"]);
    repo.git(&["remote", "add", "origin", remote.path().to_str().unwrap()]);
    repo.git(&["push", "-q", "-u", "origin", "main"]);
    repo.commit(&[]);
    let out = repo.minutes(&["status"]).ok().stdout;
    assert!(
        out.contains("1 commit not yet pushed to origin/main"),
        "{out}"
    );
    assert!(out.contains("no uncommitted changes"), "{out}");
    // A detached HEAD: status says so, commit still works.
    repo.git(&["checkout", "-q", "--detach"]);
    repo.minutes(&["status"])
        .ok()
        .stdout_has("HEAD is detached");
    repo.edit(FILE, |t| t.replace("The M23", "M23"));
    repo.commit(&[]);
    let json = repo.minutes(&["status", "--json"]).ok().json();
    assert_eq!(json["git"]["head"]["detached"], true);
}

#[test]
fn check_warns_when_a_translation_predates_changes_to_its_item() {
    let repo = Repo::new(Archive::sample());
    repo.archive
        .minutes(&["check"])
        .ok()
        .stderr_has("no problems");
    let file = "meetings/2025/2025-01-28.toml";
    let overlay = repo.archive.read("meetings/2025/2025-01-28.de.toml");
    let item = overlay
        .lines()
        .find_map(|l| l.strip_prefix("[items.").and_then(|r| r.strip_suffix(']')))
        .expect("a translated item")
        .to_string();
    for word in ["first", "second", "third"] {
        repo.edit(file, |t| {
            let at = t.find(&format!("id = \"{item}\"")).expect("the item");
            let notes = at + t[at..].find("notes = \"\"\"\n").expect("notes") + 12;
            format!("{}Added {word}. {}", &t[..notes], &t[notes..])
        });
        repo.commit(&[]);
    }
    let run = repo.archive.minutes(&["check"]).ok();
    let warning = format!("the German translation of \"{item}\" predates 3 changes to its notes");
    run.stderr_has(&warning)
        .stderr_has("the Italian translation");
    repo.edit("meetings/2025/2025-01-28.de.toml", |t| {
        t.replace("schema = 1", "schema = 1 # checked")
    });
    repo.commit(&[]);
    let subject = repo.git(&["log", "-1", "--format=%B"]);
    assert_eq!(subject, "2025-01-28: German translation updated\n\n");
    let run = repo.archive.minutes(&["check"]).ok();
    assert!(!run.stderr.contains("German translation"), "{}", run.stderr);
}

#[test]
fn commands_that_need_git_say_so_outside_a_repository() {
    let archive = Archive::new();
    for args in [
        &["log"][..],
        &["commit"],
        &["blame", "2025-01-28"],
        &["diff", "2025-01-28"],
        &["show", "2025-01-28", "--at", "HEAD"],
    ] {
        archive
            .refuses(args, 1, "is not in a git repository")
            .stderr_has("help: run `git init`");
    }
    archive.minutes(&["show", "2025-01-28"]).ok();
    archive.minutes(&["check"]).ok();
    let run = archive.minutes(&["status"]).ok();
    assert!(
        run.stdout.contains("2025-01-28") && run.stderr.contains("not in a git repository"),
        "{run:?}"
    );
}

#[test]
fn commit_refuses_a_held_index_and_a_merge_in_progress() {
    let repo = Repo::new(Archive::new());
    repo.edit(FILE, |t| t.replace("M23", "The M23"));
    let before = repo.head();
    let lock = repo.archive.path(".git/index.lock");
    std::fs::write(&lock, "").unwrap();
    repo.archive
        .refuses(
            &["commit"],
            1,
            "another git process is using the repository",
        )
        .stderr_has("index.lock");
    std::fs::remove_file(&lock).unwrap();
    std::fs::write(repo.archive.path(".git/MERGE_HEAD"), format!("{before}\n")).unwrap();
    repo.archive
        .refuses(&["commit"], 1, "git is in the middle of a merge")
        .stderr_has("git merge --abort");
    std::fs::remove_file(repo.archive.path(".git/MERGE_HEAD")).unwrap();
    std::fs::create_dir_all(repo.archive.path(".git/rebase-merge")).unwrap();
    repo.archive
        .refuses(&["commit"], 1, "git is in the middle of a rebase");
    std::fs::remove_dir(repo.archive.path(".git/rebase-merge")).unwrap();
    assert_eq!(repo.head(), before);
    repo.commit(&[]);
}

#[test]
fn commit_without_an_identity_says_how_to_set_one() {
    let repo = Repo::new(Archive::new());
    repo.edit(FILE, |t| t.replace("M23", "The M23"));
    let before = repo.files_and_head();
    let run = repo.archive.minutes_env(
        repo.archive.root(),
        &["commit"],
        &[],
        &[
            "GIT_AUTHOR_NAME",
            "GIT_AUTHOR_EMAIL",
            "GIT_COMMITTER_NAME",
            "GIT_COMMITTER_EMAIL",
        ],
    );
    run.fails(1)
        .stderr_has("git does not know who you are, so nothing was committed")
        .stderr_has("git config --global user.name");
    assert!(repo.files_and_head() == before);
}

#[test]
fn a_first_commit_works_in_a_new_repository() {
    let repo = Repo::bare(Archive::new());
    repo.git(&["init", "-q", "-b", "main"]);
    repo.minutes(&["log"]).ok();
    repo.minutes(&["status"])
        .ok()
        .stdout_has("on branch main, no commits yet");
    repo.commit(&[]);
    let msg = repo.git(&["log", "--format=%s", "--name-only"]);
    assert!(
        msg.starts_with("Update 2025-01-28 and archive") || msg.contains("new meeting"),
        "{msg}"
    );
    assert!(msg.contains("minutes.toml") && msg.contains(FILE), "{msg}");
}

#[test]
fn log_stops_at_the_boundary_of_a_shallow_clone() {
    let repo = Repo::new(Archive::new());
    for word in ["one", "two", "three"] {
        repo.edit(FILE, |t| t.replace("Goma.", &format!("Goma. {word}")));
        repo.commit(&[]);
    }
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", repo.archive.root().display());
    git_in(clone.path(), &["clone", "-q", "--depth", "2", &url, "c"]);
    let dir = clone.path().join("c");
    let run = repo
        .archive
        .minutes_in(&dir, &["log", "2025-01-28", "--json"], &[])
        .ok();
    let git: Vec<String> = git_in(&dir, &["log", "--follow", "--format=%H", "--", FILE])
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(ids(&run.json()), git);
    repo.archive
        .minutes_in(&dir, &["log", "2025-01-28"], &[])
        .ok()
        .stderr_has("shallow clone");
}

#[test]
fn a_missing_object_is_named_not_a_panic() {
    let repo = Repo::new(Archive::new());
    repo.edit(FILE, |t| t.replace("M23", "The M23"));
    repo.commit(&[]);
    let blob = repo
        .git(&["rev-parse", &format!("HEAD~1:{FILE}")])
        .trim()
        .to_string();
    repo.git(&["repack", "-q", "-a", "-d"]);
    // Unpack all but the blob, then drop the pack: the blob is gone.
    let packs = repo.archive.path(".git/objects/pack");
    let pack = std::fs::read_dir(&packs)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pack"))
        .unwrap();
    let bytes = std::fs::read(&pack).unwrap();
    for entry in std::fs::read_dir(&packs).unwrap() {
        std::fs::remove_file(entry.unwrap().path()).unwrap();
    }
    let mut unpack = Command::new("git")
        .current_dir(repo.archive.root())
        .args(["unpack-objects", "-q"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(unpack.stdin.as_mut().unwrap(), &bytes).unwrap();
    assert!(unpack.wait().unwrap().success());
    let loose = repo
        .archive
        .path(&format!(".git/objects/{}/{}", &blob[..2], &blob[2..]));
    std::fs::remove_file(loose).unwrap();
    let run = repo.archive.refuses(&["log", "2025-01-28"], 1, &blob);
    assert!(run.stderr.contains("git fsck"), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

impl Repo {
    fn files_and_head(
        &self,
    ) -> (
        std::collections::BTreeMap<std::path::PathBuf, Vec<u8>>,
        String,
    ) {
        (self.archive.files(), self.head())
    }
}

#[test]
fn diff_colours_words_when_colour_is_asked_for() {
    let repo = Repo::new(Archive::new());
    repo.edit(FILE, |t| t.replace("M23 took Goma.", "M23 seized Goma."));
    let out = repo
        .minutes(&["diff", "2025-01-28", "--color", "always"])
        .ok()
        .stdout;
    assert!(out.contains("\u{1b}[") && out.contains("seized"), "{out:?}");
    assert!(!out.contains("{+seized+}"), "{out:?}");
}

#[test]
fn an_archive_in_a_folder_of_a_repository_works() {
    let archive = Archive::new();
    let sub = archive.path("minutes");
    std::fs::create_dir_all(sub.join("meetings/2025")).unwrap();
    for file in ["minutes.toml", FILE] {
        std::fs::rename(archive.path(file), sub.join(file)).unwrap();
    }
    git_in(archive.root(), &["init", "-q", "-b", "main"]);
    archive.write("README", "not minutes\n");
    archive.minutes_in(&sub, &["commit"], &[]).ok();
    let files = git_in(archive.root(), &["log", "--format=", "--name-only"]);
    assert_eq!(
        files.trim(),
        "minutes/meetings/2025/2025-01-28.toml\nminutes/minutes.toml"
    );
    let meeting = sub.join(FILE);
    let text = std::fs::read_to_string(&meeting).unwrap();
    std::fs::write(&meeting, text.replace("M23", "The M23")).unwrap();
    archive.minutes_in(&sub, &["commit"], &[]).ok();
    let log = archive
        .minutes_in(&sub, &["log", "2025-01-28", "-n", "1", "--json"], &[])
        .ok()
        .json();
    assert_eq!(log.as_array().unwrap().len(), 1);
    assert_eq!(log[0]["path"], FILE);
    let status = archive.minutes_in(&sub, &["status"], &[]).ok().stdout;
    assert!(!status.contains("README"), "{status}");
}

#[test]
fn log_agrees_with_git_across_merged_branches() {
    let repo = Repo::new(Archive::new());
    repo.archive
        .write("meetings/2025/2025-02-04.toml", &second_meeting());
    repo.commit(&[]);
    repo.git(&["switch", "-q", "-c", "side"]);
    repo.edit(FILE, |t| {
        t.replace("M23 took Goma.", "M23 took Goma on Monday.")
    });
    repo.commit(&[]);
    repo.git(&["switch", "-q", "main"]);
    repo.edit("meetings/2025/2025-02-04.toml", |t| {
        t.replace("Jeddah", "Geneva")
    });
    repo.commit(&[]);
    repo.edit(FILE, |t| {
        t.replace("status = \"draft\"", "status = \"final\"")
    });
    repo.commit(&[]);
    repo.git(&["merge", "-q", "--no-edit", "side"]);
    repo.fsck();
    let log = |id: &str| ids(&repo.minutes(&["log", id, "--json"]).ok().json());
    let git =
        |args: &[&str]| -> Vec<String> { repo.git(args).lines().map(str::to_string).collect() };
    assert_eq!(
        log("2025-01-28"),
        git(&["log", "--follow", "--format=%H", "--", FILE])
    );

    // git's --follow also follows copies: the new meeting looks enough like
    // the first one that git walks on into that meeting's history. A
    // meeting's log ends where the meeting was created.
    let second = "meetings/2025/2025-02-04.toml";
    let ours = log("2025-02-04");
    let followed = git(&["log", "--follow", "--format=%H", "--", second]);
    assert_eq!(ours, git(&["log", "--format=%H", "--", second]));
    assert_eq!(ours[..], followed[..ours.len()]);
    let copied = repo.git(&[
        "show",
        "-C",
        "-C",
        "--name-status",
        "--format=",
        &ours[ours.len() - 1],
    ]);
    assert!(copied.starts_with('C'), "{copied}");
}

#[test]
fn a_file_that_does_not_parse_is_named_so_in_the_message() {
    let repo = Repo::new(Archive::new());
    let good = repo.archive.read(FILE);
    repo.archive
        .write(FILE, &good.replace("[[items]]", "[[items]\n"));
    repo.archive
        .refuses(&["commit"], 1, "nothing was committed");
    repo.commit(&["--no-verify"]);
    let subject = repo.git(&["log", "-1", "--format=%s"]);
    assert_eq!(
        subject.trim(),
        "2025-01-28: edited (the file does not parse)"
    );
    repo.archive.write(FILE, &good);
    repo.commit(&[]);
    let subject = repo.git(&["log", "-1", "--format=%s"]);
    assert_eq!(
        subject.trim(),
        "2025-01-28: repaired (the committed file did not parse)"
    );
    let log = repo.minutes(&["log", "2025-01-28"]).ok().stdout;
    assert!(log.contains("a version that does not parse"), "{log}");
}

#[test]
fn redate_that_cannot_write_changes_nothing() {
    let archive = Archive::new();
    archive.write(
        "meetings/2025/2025-01-28.de.toml",
        "schema = 1\ntitle = \"Kongo\"\n",
    );
    // A file where the year folder of the new date would go.
    archive.write("meetings/2024", "");
    archive.refuses(
        &["redate", "2025-01-28", "2024-12-31"],
        1,
        "meetings/2024/2024-12-31.toml",
    );
}

/// `minutes ARGS` gives the same output through the history index as by
/// walking the repository (`--no-index`); the clock stands still meanwhile.
fn same_with_and_without_index(repo: &Repo, args: &[&str]) {
    let date = repo.date();
    let env = [
        ("GIT_AUTHOR_DATE", date.as_str()),
        ("GIT_COMMITTER_DATE", date.as_str()),
    ];
    let root = repo.archive.root();
    let indexed = repo.archive.minutes_in(root, args, &env).ok();
    let mut plain_args = vec!["--no-index"];
    plain_args.extend_from_slice(args);
    let plain = repo.archive.minutes_in(root, &plain_args, &env).ok();
    assert_eq!(
        indexed.stdout, plain.stdout,
        "{args:?} differs through the index"
    );
    assert_eq!(
        indexed.stderr, plain.stderr,
        "{args:?} differs through the index"
    );
}

fn compare_everything(repo: &Repo, meeting: &str) {
    for args in [
        &["log", meeting, "--json"][..],
        &["log", meeting],
        &["blame", meeting, "--json"],
        &["log", "--json"],
        &["log", "-n", "2"],
        &["log", "2025-02-04", "--json"],
        &["check"],
    ] {
        same_with_and_without_index(repo, args);
    }
    let follow = repo.git(&[
        "log",
        "--follow",
        "--format=%H",
        "--",
        &format!("meetings/2025/{meeting}.toml"),
    ]);
    let ours = ids(&repo.minutes(&["log", meeting, "--json"]).ok().json());
    assert_eq!(ours, follow.lines().map(str::to_string).collect::<Vec<_>>());
}

#[test]
fn the_history_index_agrees_with_the_walk_through_edits_renames_and_rewrites() {
    let repo = Repo::new(Archive::new());
    repo.archive
        .write("meetings/2025/2025-02-04.toml", &second_meeting());
    repo.commit(&[]);
    compare_everything(&repo, "2025-01-28");
    for word in ["first", "second"] {
        repo.edit(FILE, |t| {
            t.replace("M23 took Goma.", &format!("M23 took Goma ({word})."))
        });
        repo.commit(&[]);
        repo.edit(FILE, |t| t.replace(&format!(" ({word})"), ""));
        repo.commit(&[]);
    }
    compare_everything(&repo, "2025-01-28");
    // A rename: the index extends itself across it.
    repo.minutes(&["redate", "2025-01-28", "2025-01-21"]).ok();
    repo.commit(&[]);
    compare_everything(&repo, "2025-01-21");
    // History rewritten under the index: a reset elsewhere, then new work.
    repo.git(&["reset", "-q", "--hard", "HEAD~3"]);
    compare_everything(&repo, "2025-01-28");
    repo.edit(FILE, |t| t.replace("M23 took Goma.", "M23 entered Goma."));
    repo.commit(&[]);
    compare_everything(&repo, "2025-01-28");
    // An amended commit replaces the tip the index knew.
    repo.edit(FILE, |t| t.replace("entered", "seized"));
    repo.git(&["commit", "-q", "-a", "--amend", "--no-edit"]);
    compare_everything(&repo, "2025-01-28");
}

#[test]
fn a_merge_makes_the_index_build_again_with_the_same_answers() {
    let repo = Repo::new(Archive::new());
    repo.minutes(&["log"]).ok();
    repo.git(&["checkout", "-q", "-b", "side"]);
    repo.archive
        .write("meetings/2025/2025-02-04.toml", &second_meeting());
    repo.commit(&[]);
    repo.git(&["checkout", "-q", "main"]);
    repo.edit(FILE, |t| t.replace("M23 took Goma.", "M23 held Goma."));
    repo.commit(&[]);
    repo.git(&["merge", "-q", "--no-edit", "side"]);
    compare_everything(&repo, "2025-01-28");
}

#[test]
fn a_damaged_history_index_is_rebuilt_without_a_word() {
    let repo = Repo::new(Archive::new());
    repo.edit(FILE, |t| t.replace("M23 took Goma.", "M23 held Goma."));
    repo.commit(&[]);
    repo.minutes(&["log", "2025-01-28"]).ok();
    let path = repo.archive.path(".git/minutes/history.bin");
    let mut bytes = std::fs::read(&path).expect("the history index was written");
    let last = bytes.len() - 1;
    bytes[last] ^= 0x20;
    std::fs::write(&path, &bytes).unwrap();
    let run = repo.minutes(&["log", "2025-01-28"]).ok();
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    compare_everything(&repo, "2025-01-28");
}

#[test]
fn show_at_follows_the_meeting_back_across_a_redate() {
    let repo = Repo::new(Archive::new());
    repo.minutes(&["redate", "2025-01-28", "2025-01-21"]).ok();
    repo.commit(&[]);
    let run = repo.minutes(&["show", "2025-01-21", "--at", "HEAD~1"]).ok();
    run.stdout_has("2025-01-28")
        .stdout_has("meetings/2025/2025-01-28.toml");
    repo.minutes(&[
        "render",
        "2025-01-21",
        "--template",
        "minutes",
        "--at",
        "HEAD~1",
    ])
    .ok()
    .stdout_has("M23 took Goma.");
}

#[test]
fn an_index_built_before_a_rebase_is_built_again() {
    let repo = Repo::new(Archive::new());
    repo.git(&["checkout", "-q", "-b", "work"]);
    repo.edit(FILE, |t| {
        t.replace("M23 took Goma.", "M23 took Goma (work).")
    });
    repo.commit(&[]);
    repo.archive
        .write("meetings/2025/2025-02-04.toml", &second_meeting());
    repo.commit(&[]);
    compare_everything(&repo, "2025-01-28");
    repo.git(&["checkout", "-q", "main"]);
    repo.archive.write(
        "minutes.toml",
        &(repo.archive.read("minutes.toml") + "\n# main moved on\n"),
    );
    repo.commit(&[]);
    repo.git(&["checkout", "-q", "work"]);
    repo.git(&["rebase", "-q", "main"]);
    compare_everything(&repo, "2025-01-28");
}
