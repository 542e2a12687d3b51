//! Several writers at once: every change lands, none is lost, and a lock
//! never stays behind its holder.
//!
//! Each test starts its processes together: every thread waits at a
//! barrier, then starts its process, so that they overlap as much as the
//! machine allows.

use std::io::Write as _;
use std::os::unix::fs::MetadataExt as _;
use std::process::Command;
use std::sync::Barrier;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::support::{Archive, Run};

const AGENDA: &str = "meetings/2025/2025-03-11.toml";

/// The test archive with an agenda on 2025-03-11 (the first meeting from
/// the test clock on), in a git repository with one commit when `git`.
fn archive(git: bool) -> Archive {
    let archive = Archive::new();
    archive.write(
        AGENDA,
        "schema = 1\ndate = 2025-03-11\nstatus = \"agenda\"\n\n[[items]]\nid = \"news\"\ntitle = \"News of the week\"\n",
    );
    if git {
        archive.git(archive.root(), &["init", "-q", "-b", "main"]);
        archive.git(archive.root(), &["add", "-A"]);
        archive.git(archive.root(), &["commit", "-q", "-m", "start"]);
    }
    archive
}

/// Runs every command line of `runs` at the same moment; their results in
/// the same order.
fn at_once(archive: &Archive, runs: &[Vec<String>]) -> Vec<Run> {
    let barrier = Barrier::new(runs.len());
    std::thread::scope(|scope| {
        let handles: Vec<_> = runs
            .iter()
            .map(|args| {
                let barrier = &barrier;
                scope.spawn(move || {
                    let args: Vec<&str> = args.iter().map(String::as_str).collect();
                    barrier.wait();
                    archive.minutes(&args)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}

fn line(args: &[&str]) -> Vec<String> {
    args.iter().map(|a| a.to_string()).collect()
}

fn item_titles(archive: &Archive) -> Vec<String> {
    let mut titles: Vec<String> = archive
        .read(AGENDA)
        .lines()
        .filter_map(|l| l.strip_prefix("title = \"Item "))
        .map(|l| l.trim_end_matches('"').to_string())
        .collect();
    titles.sort();
    titles
}

#[test]
fn eight_agenda_adds_at_once_all_land() {
    for git in [true, false] {
        let archive = archive(git);
        let mut runs: Vec<_> = (1..=8)
            .map(|n| line(&["agenda", "add", &format!("Item {n}")]))
            .collect();
        // Listings meanwhile update the index as the file changes under them.
        runs.extend((0..4).map(|_| line(&["list"])));
        for run in at_once(&archive, &runs) {
            run.ok();
        }
        let expected: Vec<String> = (1..=8).map(|n| n.to_string()).collect();
        assert_eq!(item_titles(&archive), expected, "in git: {git}");
        archive.minutes(&["check"]).ok();
        // The index serves the meeting as it is now.
        let listed = archive.minutes(&["list", "--json"]).ok().json();
        let agenda = listed
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == "2025-03-11")
            .unwrap()
            .clone();
        assert_eq!(agenda["items"], 9, "{agenda}");
    }
}

#[test]
fn eight_new_at_once_draft_eight_meetings() {
    let archive = archive(true);
    let runs: Vec<_> = (0..8).map(|_| line(&["new"])).collect();
    let mut drafted: Vec<String> = at_once(&archive, &runs)
        .into_iter()
        .map(|run| run.ok().stdout.trim().to_string())
        .collect();
    drafted.sort();
    drafted.dedup();
    assert_eq!(drafted.len(), 8, "{drafted:?}");
    // The next free dates of the series, the skipped 2025-03-18 left out.
    assert_eq!(drafted.first().map(String::as_str), Some("2025-03-25"));
    assert_eq!(drafted.last().map(String::as_str), Some("2025-05-13"));
    archive.minutes(&["check"]).ok();
}

#[test]
fn two_redates_of_one_meeting_at_once_leave_it_under_one_date() {
    for round in 0..3 {
        let archive = archive(true);
        let runs = [
            line(&["redate", "2025-03-11", "2025-03-12"]),
            line(&["redate", "2025-03-11", "2025-03-13"]),
        ];
        let results = at_once(&archive, &runs);
        let moved: Vec<_> = results.iter().filter(|r| r.code == 0).collect();
        assert_eq!(moved.len(), 1, "round {round}: {results:?}");
        let refused = results.iter().find(|r| r.code != 0).unwrap();
        assert!(
            refused.stderr.contains("there is no meeting 2025-03-11"),
            "{}",
            refused.stderr
        );
        let there: Vec<bool> = ["2025-03-11", "2025-03-12", "2025-03-13"]
            .iter()
            .map(|id| archive.path(&format!("meetings/2025/{id}.toml")).exists())
            .collect();
        assert_eq!(there.iter().filter(|t| **t).count(), 1, "{there:?}");
        archive.minutes(&["check"]).ok();
    }
}

#[test]
fn agenda_add_lands_while_another_program_keeps_saving_the_file() {
    let archive = archive(true);
    let stop = AtomicBool::new(false);
    let saves = std::thread::scope(|scope| {
        // Another program (an editor's auto-save, a script) adds a line to
        // the file a hundred times a second.
        let saver = scope.spawn(|| {
            let mut saves = 0;
            while !stop.load(Ordering::Relaxed) {
                // One write of a whole line, as a save is one write. A
                // write that lands in the file a command has just replaced
                // is the case the README leaves out (a program that keeps
                // the file open meanwhile): the saver, as a careful program
                // would, sees that the name now holds another file, and
                // saves again.
                let line = format!("# saved {saves}\n");
                let path = archive.path(AGENDA);
                loop {
                    let mut file = std::fs::File::options().append(true).open(&path).unwrap();
                    file.write_all(line.as_bytes()).unwrap();
                    let written = file.metadata().unwrap().ino();
                    if std::fs::metadata(&path).unwrap().ino() == written {
                        break;
                    }
                }
                saves += 1;
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            saves
        });
        let runs: Vec<_> = (1..=8)
            .map(|n| line(&["agenda", "add", &format!("Item {n}")]))
            .collect();
        let results = at_once(&archive, &runs);
        stop.store(true, Ordering::Relaxed);
        let saves = saver.join().unwrap();
        for run in results {
            run.ok();
        }
        saves
    });
    let expected: Vec<String> = (1..=8).map(|n| n.to_string()).collect();
    assert_eq!(item_titles(&archive), expected);
    let text = archive.read(AGENDA);
    let lost: Vec<usize> = (0..saves)
        .filter(|n| !text.contains(&format!("# saved {n}\n")))
        .collect();
    assert!(lost.is_empty(), "saves lost: {lost:?} of {saves}");
}

#[test]
fn agenda_adds_and_a_commit_at_once_lose_nothing() {
    let archive = archive(true);
    let mut runs: Vec<_> = (1..=4)
        .map(|n| line(&["agenda", "add", &format!("Item {n}")]))
        .collect();
    runs.push(line(&["commit", "-m", "Midway"]));
    for run in at_once(&archive, &runs) {
        // The commit may find nothing yet to commit; nothing else fails.
        if run.code != 0 {
            run.stderr_has("nothing to commit");
        }
    }
    let expected: Vec<String> = (1..=4).map(|n| n.to_string()).collect();
    assert_eq!(item_titles(&archive), expected);
    // What the commit recorded is a whole meeting, and git's index agrees
    // with it: committing the rest (if the commit came before some of the
    // items) leaves the work tree clean.
    let rest = archive.minutes(&["commit", "-m", "The rest"]);
    if rest.code != 0 {
        rest.stderr_has("nothing to commit");
    }
    assert_eq!(archive.git(archive.root(), &["status", "--porcelain"]), "");
    assert_eq!(
        archive.git(archive.root(), &["show", &format!("HEAD:{AGENDA}")]),
        archive.read(AGENDA)
    );
    archive.git(archive.root(), &["fsck", "--strict", "--no-progress"]);
}

#[test]
fn a_writer_waits_for_the_lock_then_says_who_holds_it() {
    use fs4::fs_std::FileExt;
    let archive = archive(true);
    std::fs::create_dir_all(archive.path(".git/minutes")).unwrap();
    let lock = std::fs::File::create(archive.path(".git/minutes/lock")).unwrap();
    lock.lock_exclusive().unwrap();
    write!(&lock, "4242").unwrap();
    let before = archive.files();
    archive
        .minutes_in(
            archive.root(),
            &["agenda", "add", "Item 1"],
            &[("MINUTES_LOCK_WAIT", "0.3")],
        )
        .fails(1)
        .stderr_has("another minutes command (process 4242) has been writing to this archive")
        .stderr_has("nothing was written")
        .stderr_has("help: run the command again when it is done");
    assert!(archive.files() == before);
    archive
        .minutes_in(
            archive.root(),
            &["agenda", "add", "Item 1"],
            &[("MINUTES_LOCK_WAIT", "soon")],
        )
        .fails(2)
        .stderr_has("MINUTES_LOCK_WAIT=`soon` is not a number of seconds");
    // The lock goes with its holder.
    drop(lock);
    archive.minutes(&["agenda", "add", "Item 1"]).ok();
}

#[test]
fn a_killed_lock_holder_leaves_no_lock_behind() {
    let archive = archive(true);
    std::fs::create_dir_all(archive.path(".git/minutes")).unwrap();
    // A process that holds the lock, as a writer does, until it is killed.
    let Ok(mut holder) = Command::new("sh")
        .args(["-c", "exec 9>\"$0\" && flock 9 && exec sleep 60"])
        .arg(archive.path(".git/minutes/lock"))
        .spawn()
    else {
        eprintln!("skipped: no sh to hold the lock");
        return;
    };
    std::thread::sleep(std::time::Duration::from_millis(200));
    archive
        .minutes_in(
            archive.root(),
            &["agenda", "add", "Item 1"],
            &[("MINUTES_LOCK_WAIT", "0.2")],
        )
        .fails(1);
    holder.kill().unwrap();
    holder.wait().unwrap();
    archive.minutes(&["agenda", "add", "Item 1"]).ok();
    assert_eq!(item_titles(&archive), ["1"]);
}
