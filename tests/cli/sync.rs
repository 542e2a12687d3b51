//! `minutes sync` between two people: a bare repository, two clones, and
//! scripted sessions. After each, the content is what both meant, nothing
//! is lost, `git fsck` is clean, and a real conflict is reported and not
//! pushed.

use std::path::{Path, PathBuf};

use crate::support::{Archive, CONFIG, Run};

pub const FILE: &str = "meetings/2025/2025-01-28.toml";

pub const MEETING: &str = r#"# The call of 28 January
schema = 1
date = 2025-01-28
status = "draft"
chair = "anna"
present = ["anna", "marco"]

[[items]]
id = "deepseek"
title = "DeepSeek"
notes = """
The launch of R1.
It is open-weight.
Benchmarks were discussed.
"""

[[items]]
id = "congo"
title = "Congo"
notes = """
M23 took Goma.
The airport is closed.
Talks are planned.
"""
"#;

/// A bare repository shared by two clones, `anna` and `lu`, both holding
/// the archive above.
pub struct Group {
    pub scratch: Archive,
}

impl Group {
    pub fn new() -> Group {
        let group = Group::bare();
        group.clone_as("anna");
        group.write("anna", "minutes.toml", CONFIG);
        group.write("anna", FILE, MEETING);
        group.minutes("anna", &["setup", "git"]).ok();
        group.minutes("anna", &["commit", "-m", "Start"]).ok();
        group.minutes("anna", &["sync"]).ok();
        group.clone_as("lu");
        group.minutes("lu", &["setup", "git"]).ok();
        group
    }

    /// Only the bare repository.
    pub fn bare() -> Group {
        let scratch = Archive::empty();
        scratch
            .git_env(
                scratch.root(),
                &["init", "-q", "--bare", "-b", "main", "remote.git"],
                &[],
            )
            .ok();
        Group { scratch }
    }

    pub fn dir(&self, who: &str) -> PathBuf {
        self.scratch.path(who)
    }

    pub fn clone_as(&self, who: &str) {
        let url = self.scratch.path("remote.git");
        self.scratch
            .git_env(
                self.scratch.root(),
                &["clone", "-q", url.to_str().unwrap(), who],
                &[],
            )
            .ok();
    }

    /// `minutes ARGS` in the clone of `who`, as `who`.
    pub fn minutes(&self, who: &str, args: &[&str]) -> Run {
        self.minutes_env(who, args, &[])
    }

    pub fn minutes_env(&self, who: &str, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut all = identity(who);
        all.extend_from_slice(env);
        self.scratch.minutes_in(&self.dir(who), args, &all)
    }

    /// `git ARGS` in the clone of `who`, as `who`.
    pub fn git(&self, who: &str, args: &[&str]) -> Run {
        self.scratch.git_env(&self.dir(who), args, &identity(who))
    }

    pub fn read(&self, who: &str, file: &str) -> String {
        std::fs::read_to_string(self.dir(who).join(file))
            .unwrap_or_else(|e| panic!("{who}/{file}: {e}"))
    }

    pub fn write(&self, who: &str, file: &str, text: &str) {
        let path = self.dir(who).join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Replaces `from` with `to` in a file of `who`'s clone.
    pub fn edit(&self, who: &str, file: &str, from: &str, to: &str) {
        let text = self.read(who, file);
        assert!(text.contains(from), "{who}/{file} lacks {from:?}:\n{text}");
        self.write(who, file, &text.replacen(from, to, 1));
    }

    /// Edits and commits.
    pub fn change(&self, who: &str, from: &str, to: &str) {
        self.edit(who, FILE, from, to);
        self.minutes(who, &["commit"]).ok();
    }

    pub fn head(&self, who: &str) -> String {
        self.git(who, &["rev-parse", "HEAD"])
            .ok()
            .stdout
            .trim()
            .to_string()
    }

    pub fn remote_head(&self) -> String {
        self.scratch
            .git_env(
                &self.scratch.path("remote.git"),
                &["rev-parse", "main"],
                &[],
            )
            .ok()
            .stdout
            .trim()
            .to_string()
    }

    /// `git fsck` finds nothing wrong in the clone and the remote.
    pub fn fsck(&self, who: &str) {
        self.git(who, &["fsck", "--strict", "--no-progress"]).ok();
        self.scratch
            .git_env(&self.scratch.path("remote.git"), &["fsck", "--strict"], &[])
            .ok();
    }

    /// Both clones are at the remote's commit with the same files, and
    /// neither has anything uncommitted.
    pub fn agree(&self) {
        let remote = self.remote_head();
        for who in ["anna", "lu"] {
            assert_eq!(
                self.head(who),
                remote,
                "{who} is not at the remote's commit"
            );
            assert_eq!(self.git(who, &["status", "--porcelain"]).ok().stdout, "");
            self.fsck(who);
        }
        assert_eq!(files(&self.dir("anna")), files(&self.dir("lu")));
    }
}

fn identity(who: &str) -> Vec<(&'static str, &'static str)> {
    let (name, mail) = match who {
        "anna" => ("Anna", "anna@example.org"),
        "lu" => ("Lu", "lu@example.org"),
        _ => ("Carol", "carol@example.org"),
    };
    vec![
        ("GIT_AUTHOR_NAME", name),
        ("GIT_AUTHOR_EMAIL", mail),
        ("GIT_COMMITTER_NAME", name),
        ("GIT_COMMITTER_EMAIL", mail),
    ]
}

/// The files of a clone (but .git), with their text.
pub fn files(dir: &Path) -> Vec<(PathBuf, String)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
        entries.sort_by_key(|e| e.path());
        for entry in entries {
            let path = entry.path();
            if entry.file_name() == ".git" {
                continue;
            }
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                out.push((path.strip_prefix(root).unwrap().to_path_buf(), text));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out
}

const BUDGET: &str = "\n[[items]]\nid = \"budget\"\ntitle = \"Budget\"\n";
const CHINA: &str = "\n[[items]]\nid = \"china\"\ntitle = \"China\"\n";

#[test]
fn two_people_add_items_and_edit_different_notes_and_end_with_the_same_archive() {
    let group = Group::new();
    group.edit(
        "anna",
        FILE,
        "Talks are planned.\n\"\"\"\n",
        &format!("Talks are planned.\n\"\"\"\n{BUDGET}notes = \"\"\"\nFigures due.\n\"\"\"\n"),
    );
    group.change("anna", "M23 took Goma.", "M23 took Goma on Monday.");
    group.edit(
        "lu",
        FILE,
        "Talks are planned.\n\"\"\"\n",
        &format!("Talks are planned.\n\"\"\"\n{CHINA}"),
    );
    group.change("lu", "The launch of R1.", "The launch of DeepSeek-R1.");

    group
        .minutes("anna", &["sync"])
        .ok()
        .stdout_has("Went out to origin/main:");
    let run = group.minutes("lu", &["sync"]).ok();
    run.stdout_has("Came in from origin/main:\n  2025-01-28: item \"Budget\" added, notes of \"congo\" edited by Anna")
        .stdout_has("Went out to origin/main:\n  2025-01-28: item \"China\" added, notes of \"deepseek\" edited by Lu");
    group
        .minutes("anna", &["sync"])
        .ok()
        .stdout_has("item \"China\" added");
    group.agree();

    let text = group.read("anna", FILE);
    assert!(text.starts_with("# The call of 28 January\n"), "{text}");
    for part in [
        "DeepSeek-R1",
        "on Monday",
        "id = \"budget\"",
        "Figures due.",
        "id = \"china\"",
    ] {
        assert!(text.contains(part), "{part} is lost:\n{text}");
    }
    // Lu's clone merged: its own item first, then the one that came in.
    assert!(text.find("\"china\"").unwrap() < text.find("\"budget\"").unwrap());
    let merges = group
        .git("lu", &["rev-list", "--merges", "HEAD"])
        .ok()
        .stdout;
    assert_eq!(merges.lines().count(), 1);
    group.minutes("lu", &["check"]).ok();
    group
        .minutes("lu", &["sync"])
        .ok()
        .stdout_has("Up to date with origin/main.");
}

#[test]
fn the_same_notes_edited_in_different_lines_merge_line_by_line() {
    let group = Group::new();
    group.change("anna", "M23 took Goma.", "M23 took Goma on Monday.");
    group.change("lu", "Talks are planned.", "Talks are planned in Doha.");
    group.minutes("anna", &["sync"]).ok();
    group.minutes("lu", &["sync"]).ok();
    group.minutes("anna", &["sync"]).ok();
    group.agree();
    assert!(group.read("anna", FILE).contains(
        "M23 took Goma on Monday.\nThe airport is closed.\nTalks are planned in Doha.\n"
    ));
}

#[test]
fn the_same_line_changed_two_ways_stops_before_pushing_until_resolved() {
    let group = Group::new();
    group.change("anna", "M23 took Goma.", "M23 took Goma on Monday.");
    group.change("anna", "title = \"Congo\"", "title = \"The Congo\"");
    group.change("lu", "M23 took Goma.", "M23 entered Goma.");
    group.change("lu", "title = \"Congo\"", "title = \"Situation in Congo\"");
    group.minutes("anna", &["sync"]).ok();
    let pushed = group.remote_head();

    let run = group.minutes("lu", &["sync"]).fails(1);
    run.stderr_has("2025-01-28 needs a look")
        .stderr_has("nothing was pushed")
        .stdout_has("Conflicts (not pushed):\n  2025-01-28 (meetings/2025/2025-01-28.toml): the title of item \"congo\"; the notes of item \"congo\"");
    assert_eq!(group.remote_head(), pushed, "a conflict was pushed");
    let text = group.read("lu", FILE);
    assert!(
        text.contains(
            "<<<<<<< ours\nM23 entered Goma.\n=======\nM23 took Goma on Monday.\n>>>>>>> theirs\n"
        ),
        "{text}"
    );
    assert!(text.contains("title = { merge-conflict = \"changed on both sides: keep one value\", ours = \"Situation in Congo\", theirs = \"The Congo\", base = \"Congo\" }"), "{text}");
    // check names both at their lines; git sees an unfinished merge.
    group
        .minutes("lu", &["check"])
        .fails(1)
        .stderr_has("conflict in the notes of item \"congo\": resolve, then commit")
        .stderr_has("conflict in the title of item \"congo\": resolve, then commit");
    assert!(
        group
            .git("lu", &["status", "--porcelain"])
            .ok()
            .stdout
            .starts_with("UU ")
    );
    group
        .minutes("lu", &["status"])
        .ok()
        .stdout_has("a sync is unfinished")
        .stdout_has("modified meetings/2025/2025-01-28.toml");
    group
        .minutes("lu", &["commit"])
        .fails(1)
        .stderr_has("git is in the middle of a merge")
        .stderr_has("`minutes sync` once the conflicts are resolved");
    // Syncing again without resolving changes nothing and pushes nothing.
    group
        .minutes("lu", &["sync"])
        .fails(1)
        .stderr_has("needs a look");
    assert_eq!(group.remote_head(), pushed);
    assert_eq!(group.read("lu", FILE), text);

    let resolved = text
        .replace("<<<<<<< ours\nM23 entered Goma.\n=======\nM23 took Goma on Monday.\n>>>>>>> theirs\n", "M23 entered Goma on Monday.\n")
        .replace("title = { merge-conflict = \"changed on both sides: keep one value\", ours = \"Situation in Congo\", theirs = \"The Congo\", base = \"Congo\" }", "title = \"The situation in Congo\"");
    group.write("lu", FILE, &resolved);
    group
        .minutes("lu", &["sync"])
        .ok()
        .stdout_has("Went out to origin/main:");
    group.minutes("anna", &["sync"]).ok();
    group.agree();
    assert_eq!(group.read("anna", FILE), resolved);
}

#[test]
fn a_meeting_redated_on_one_side_and_edited_on_the_other_keeps_both() {
    let group = Group::new();
    group
        .minutes("anna", &["redate", "2025-01-28", "2025-01-29"])
        .ok();
    group.minutes("anna", &["commit"]).ok();
    group.change("lu", "M23 took Goma.", "M23 took Goma on Monday.");
    group.minutes("anna", &["sync"]).ok();
    group.minutes("lu", &["sync"]).ok();
    group.minutes("anna", &["sync"]).ok();
    group.agree();
    let moved = group.read("lu", "meetings/2025/2025-01-29.toml");
    assert!(
        moved.contains("date = 2025-01-29") && moved.contains("on Monday"),
        "{moved}"
    );
    assert!(!group.dir("lu").join(FILE).exists());
}

#[test]
fn a_meeting_deleted_on_one_side_and_edited_on_the_other_is_kept_for_a_decision() {
    let group = Group::new();
    std::fs::remove_file(group.dir("anna").join(FILE)).unwrap();
    group.minutes("anna", &["commit", "--no-verify"]).ok();
    group.change("lu", "M23 took Goma.", "M23 took Goma on Monday.");
    group.minutes("anna", &["sync"]).ok();
    let pushed = group.remote_head();
    group
        .minutes("lu", &["sync"])
        .fails(1)
        .stdout_has("the file (removed on the other side, changed here)");
    assert_eq!(group.remote_head(), pushed);
    let text = group.read("lu", FILE);
    assert!(
        text.starts_with(
            "merge-conflict = \"removed on the other side but changed here: delete the file"
        ),
        "{text}"
    );
    assert!(text.contains("on Monday"));
    group
        .minutes("lu", &["check"])
        .fails(1)
        .stderr_has("conflict in this file: resolve, then commit");
    // Lu keeps the meeting.
    let kept = text.lines().skip(1).collect::<Vec<_>>().join("\n") + "\n";
    group.write("lu", FILE, &kept);
    group.minutes("lu", &["sync"]).ok();
    group.minutes("anna", &["sync"]).ok();
    group.agree();
    assert!(group.read("anna", FILE).contains("on Monday"));
}

#[test]
fn uncommitted_changes_stop_sync_unless_it_commits_them() {
    let group = Group::new();
    group.change("anna", "M23 took Goma.", "M23 took Goma on Monday.");
    group.minutes("anna", &["sync"]).ok();
    group.edit(
        "lu",
        FILE,
        "Talks are planned.",
        "Talks are planned in Doha.",
    );
    let before = files(&group.dir("lu"));
    let head = group.head("lu");
    group
        .minutes("lu", &["sync"])
        .fails(1)
        .stderr_has(
            "there are uncommitted changes (meetings/2025/2025-01-28.toml), so nothing was synced",
        )
        .stderr_has("minutes sync --commit");
    assert_eq!(
        files(&group.dir("lu")),
        before,
        "a refused sync changed files"
    );
    assert_eq!(group.head("lu"), head);
    group
        .minutes("lu", &["sync", "--commit"])
        .ok()
        .stdout_has("notes of \"congo\" edited by Lu");
    group.minutes("anna", &["sync"]).ok();
    group.agree();
    assert!(
        group
            .read("anna", FILE)
            .contains("on Monday.\nThe airport is closed.\nTalks are planned in Doha.")
    );
}

#[test]
fn a_push_refused_because_someone_pushed_meanwhile_is_tried_again() {
    let group = Group::new();
    group.clone_as("carol");
    group.edit(
        "carol",
        FILE,
        "Talks are planned.",
        "Talks are planned in Doha.",
    );
    group
        .git("carol", &["commit", "-qam", "Carol's notes"])
        .ok();
    // Carol pushes while Lu's sync is between its fetch and its push.
    let hook = group.dir("lu").join(".git/hooks/pre-push");
    std::fs::write(
        &hook,
        "#!/bin/sh\nif [ ! -e ../carol-pushed ]; then\n  touch ../carol-pushed\n  env -u GIT_DIR -u GIT_WORK_TREE -u GIT_INDEX_FILE git -C ../carol push -q origin main\nfi\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    group.change("lu", "M23 took Goma.", "M23 took Goma on Monday.");
    let run = group.minutes("lu", &["sync"]).ok();
    run.stderr_has("origin/main moved while we were syncing: fetching again")
        .stdout_has("Carol");
    group.minutes("anna", &["sync"]).ok();
    group.agree();
    let text = group.read("anna", FILE);
    assert!(
        text.contains("on Monday") && text.contains("in Doha"),
        "{text}"
    );
}

#[test]
fn rebase_replays_local_commits_on_the_remote() {
    let group = Group::new();
    group.edit(
        "anna",
        FILE,
        "Talks are planned.\n\"\"\"\n",
        &format!("Talks are planned.\n\"\"\"\n{BUDGET}"),
    );
    group.minutes("anna", &["commit"]).ok();
    group.edit(
        "lu",
        FILE,
        "Talks are planned.\n\"\"\"\n",
        &format!("Talks are planned.\n\"\"\"\n{CHINA}"),
    );
    group.minutes("lu", &["commit"]).ok();
    group.minutes("anna", &["sync"]).ok();
    group
        .minutes("lu", &["sync", "--rebase"])
        .ok()
        .stdout_has("item \"China\" added by Lu");
    group.minutes("anna", &["sync"]).ok();
    group.agree();
    assert_eq!(
        group
            .git("lu", &["rev-list", "--merges", "HEAD"])
            .ok()
            .stdout,
        ""
    );
    let text = group.read("lu", FILE);
    assert!(
        text.find("\"budget\"").unwrap() < text.find("\"china\"").unwrap(),
        "{text}"
    );
    // A real conflict is not rebased: nothing changes.
    group.change("anna", "M23 took Goma.", "M23 took Goma on Monday.");
    group.change("lu", "M23 took Goma.", "M23 entered Goma.");
    group.minutes("anna", &["sync"]).ok();
    let head = group.head("lu");
    group
        .minutes("lu", &["sync", "--rebase"])
        .fails(1)
        .stderr_has("cannot be replayed")
        .stderr_has("without --rebase");
    assert_eq!(group.head("lu"), head);
    assert!(group.read("lu", FILE).contains("M23 entered Goma."));
}

#[test]
fn a_merge_left_unfinished_is_finished_by_the_next_sync() {
    let group = Group::new();
    group.change("anna", "M23 took Goma.", "M23 took Goma on Monday.");
    group.minutes("anna", &["sync"]).ok();
    group.change("lu", "Talks are planned.", "Talks are planned in Doha.");
    // As if a merge had stopped halfway: git's own, not committed.
    group.git("lu", &["fetch", "-q"]).ok();
    group
        .git("lu", &["merge", "--no-commit", "--no-ff", "origin/main"])
        .ok();
    assert!(group.dir("lu").join(".git/MERGE_HEAD").exists());
    group
        .minutes("lu", &["status"])
        .ok()
        .stdout_has("a sync is unfinished");
    group
        .minutes("lu", &["sync"])
        .ok()
        .stdout_has("Went out to origin/main:");
    group.minutes("anna", &["sync"]).ok();
    group.agree();
    assert!(
        group
            .read("anna", FILE)
            .contains("on Monday.\nThe airport is closed.\nTalks are planned in Doha.")
    );
}

#[test]
fn status_tells_ahead_and_behind_as_of_the_last_fetch() {
    let group = Group::new();
    group.change("anna", "M23 took Goma.", "M23 took Goma on Monday.");
    group.minutes("anna", &["sync"]).ok();
    group.change("lu", "Talks are planned.", "Talks are planned in Doha.");
    group.git("lu", &["fetch", "-q"]).ok();
    let run = group.minutes("lu", &["status"]).ok();
    run.stdout_has("1 commit not yet pushed to origin/main, 1 to pull (as of the last fetch, ");
    let json = group.minutes("lu", &["status", "--json"]).ok().json();
    assert_eq!(json["git"]["head"]["upstream"]["behind"], 1);
    assert!(json["git"]["fetched"].is_string());
}

#[test]
fn sync_says_what_is_missing_and_changes_nothing() {
    // No git program.
    let group = Group::new();
    let empty = group.scratch.path("no-git");
    std::fs::create_dir_all(&empty).unwrap();
    let before = files(&group.dir("lu"));
    group
        .minutes_env("lu", &["sync"], &[("PATH", empty.to_str().unwrap())])
        .fails(1)
        .stderr_has("the `git` program is not installed")
        .stderr_has("help: install git");
    assert_eq!(files(&group.dir("lu")), before);
    // No remote.
    group.git("lu", &["remote", "remove", "origin"]).ok();
    group
        .minutes("lu", &["sync"])
        .fails(1)
        .stderr_has("this repository has no remote")
        .stderr_has("git remote add origin URL");
    group
        .minutes("lu", &["sync", "--remote", "upstream"])
        .fails(2)
        .stderr_has("there is no remote named `upstream`");
    assert_eq!(files(&group.dir("lu")), before);
    // A remote that cannot be reached.
    group
        .git(
            "lu",
            &["remote", "add", "origin", "/nonexistent/remote.git"],
        )
        .ok();
    group
        .minutes("lu", &["sync"])
        .fails(1)
        .stderr_has("git could not fetch from origin")
        .stderr_has("nothing was changed");
    assert_eq!(files(&group.dir("lu")), before);
}

#[test]
fn the_readme_walkthrough_ends_with_the_same_archive_for_both() {
    let group = Group::bare();
    group.clone_as("anna");
    group
        .minutes(
            "anna",
            &[
                "init",
                "--title",
                "Board call",
                "--every",
                "2 weeks",
                "--on",
                "thursday",
                "--at",
                "18:30",
                "--timezone",
                "Europe/Berlin",
            ],
        )
        .ok();
    group.minutes("anna", &["commit"]).ok();
    group
        .minutes("anna", &["sync"])
        .ok()
        .stdout_has("Went out to origin/main:");
    group.clone_as("lu");
    group.minutes("lu", &["setup", "git"]).ok();
    // Both draft the next meeting: the same file, made on each side.
    for who in ["anna", "lu"] {
        group.minutes(who, &["new"]).ok();
        group
            .minutes(who, &["agenda", "add", &format!("Report of {who}")])
            .ok();
        group.minutes(who, &["commit"]).ok();
    }
    group.minutes("anna", &["sync"]).ok();
    group.minutes("lu", &["sync"]).ok();
    group.minutes("anna", &["sync"]).ok();
    group.agree();
    let meetings = files(&group.dir("anna"));
    let (_, text) = meetings
        .iter()
        .find(|(p, _)| p.extension().is_some_and(|e| e == "toml") && p.starts_with("meetings"))
        .expect("a meeting");
    assert!(
        text.contains("Report of anna") && text.contains("Report of lu"),
        "{text}"
    );
    group.minutes("lu", &["check"]).ok();
}

#[test]
fn sync_waits_for_another_writer_and_changes_nothing_while_it_writes() {
    use fs4::fs_std::FileExt;
    use std::io::Write as _;
    let group = Group::new();
    group.change("anna", "M23 took Goma.", "M23 took Goma on Monday.");
    group.minutes("anna", &["sync"]).ok();
    let state = group.dir("lu").join(".git/minutes");
    std::fs::create_dir_all(&state).unwrap();
    let lock = std::fs::File::create(state.join("lock")).unwrap();
    lock.lock_exclusive().unwrap();
    write!(&lock, "4242").unwrap();
    let (before, head) = (files(&group.dir("lu")), group.head("lu"));
    group
        .minutes_env("lu", &["sync"], &[("MINUTES_LOCK_WAIT", "0.3")])
        .fails(1)
        .stderr_has("(process 4242) has been writing to this archive");
    assert_eq!(files(&group.dir("lu")), before);
    assert_eq!(group.head("lu"), head);
    drop(lock);
    group.minutes("lu", &["sync"]).ok().stdout_has("by Anna");
}
