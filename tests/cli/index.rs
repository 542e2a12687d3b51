//! The archive index: results are the same with it and without it, and a
//! damaged or stale index is noticed.

use std::time::Duration;

use crate::support::{Archive, MEETING};

/// Every query whose output the index could change, as JSON: listings,
/// and searches for words, prefixes, phrases, accents, punctuation and a
/// word no meeting has.
const QUERIES: &[&[&str]] = &[
    &["list", "--json"],
    &["status", "--json"],
    &["actions", "--all", "--json"],
    &["topics", "--json"],
    &["topic", "congo", "--json"],
    &["decisions", "--json"],
    &["sources", "--json"],
    &["attendance", "--json"],
    &["search", "goma", "--json"],
    &["search", "gom", "--json"],
    &["search", "\"red line\"", "--json"],
    &["search", "congo", "deepseek", "--json"],
    &["search", "m23", "--json"],
    &["search", "goma's", "--json"],
    &["search", "martedi", "--json"],
    &["search", "—", "--json"],
    &["search", "zebrafish", "--json"],
];

/// Files older than this are trusted by the index (it reads again what
/// changed in the same second as it was written).
const SETTLE: Duration = Duration::from_millis(1100);

fn every_query_agrees(archive: &Archive, when: &str) {
    for args in QUERIES {
        let with = archive.minutes(args).ok().stdout;
        let without = archive
            .minutes(&[&["--no-index"][..], args].concat())
            .ok()
            .stdout;
        assert_eq!(with, without, "{args:?} differs with the index {when}");
    }
}

/// Runs git in the archive with an identity of its own.
fn git(archive: &Archive, args: &[&str]) {
    let status = std::process::Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "core.hooksPath=/dev/null",
        ])
        .args(args)
        .current_dir(archive.root())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

/// The index's data file, its only one.
fn data_file(archive: &Archive) -> std::path::PathBuf {
    let dir = archive.path(".git/minutes");
    let mut data: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "data"))
        .collect();
    assert_eq!(data.len(), 1, "{data:?}");
    data.pop().unwrap()
}

/// Adds `words` to the notes of the first item of meeting `file`.
fn add_to_notes(archive: &Archive, file: &str, words: &str) {
    let text = archive.read(file);
    let at = text.find("\n[[items]]").expect("an item") + 1;
    let next = text[at + 1..]
        .find("\n[[")
        .map_or(text.len(), |i| at + 1 + i + 1);
    let item = &text[at..next];
    let changed = match item.find("notes = \"\"\"") {
        Some(i) => {
            let i = i + "notes = \"\"\"".len();
            format!("{}\n{words}{}", &item[..i], &item[i..])
        }
        None => format!(
            "{}notes = \"{words}\"\n",
            item.trim_end_matches('\n').to_string() + "\n"
        ),
    };
    archive.write(file, &format!("{}{changed}{}", &text[..at], &text[next..]));
}

fn git_archive() -> Archive {
    in_git(Archive::sample())
}

/// `archive` made a git repository, its files aged so that the index
/// trusts them.
fn in_git(archive: Archive) -> Archive {
    let status = std::process::Command::new("git")
        .args(["init", "-q"])
        .current_dir(archive.root())
        .status()
        .unwrap();
    assert!(status.success());
    // Files written a moment ago are not trusted by the index (they could
    // change again within the same tick): age them so that it is warm.
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for path in archive.files().keys() {
        let file = std::fs::File::options()
            .write(true)
            .open(archive.root().join(path))
            .unwrap();
        file.set_modified(hour_ago).unwrap();
    }
    archive
}

fn same_with_and_without(archive: &Archive, args: &[&str]) {
    let with = archive.minutes(args).ok().stdout;
    let mut plain_args = vec!["--no-index"];
    plain_args.extend_from_slice(args);
    let without = archive.minutes(&plain_args).ok().stdout;
    assert_eq!(with, without, "{args:?} differs with the index");
}

#[test]
fn listing_agrees_with_and_without_the_index() {
    let archive = git_archive();
    archive
        .minutes(&["-v", "list"])
        .ok()
        .stderr_has("index of meetings built; 9 of 9 files read again");
    assert!(archive.path(".git/minutes/meetings.bin").is_file());
    same_with_and_without(&archive, &["list", "--json"]);
    same_with_and_without(&archive, &["list", "--status", "final"]);
    for args in [
        &["actions", "--all", "--json"][..],
        &["topics", "--json"],
        &["topic", "congo", "--json"],
        &["decisions", "--json"],
        &["sources", "--json"],
        &["attendance", "--json"],
        &["search", "goma", "--json"],
        &["search", "\"red line\"", "--json"],
    ] {
        same_with_and_without(&archive, args);
        // A second run reads the warm index.
        same_with_and_without(&archive, args);
    }
}

#[test]
fn an_edited_file_is_read_again() {
    let archive = git_archive();
    archive.minutes(&["list"]).ok();
    let file = "meetings/2025/2025-03-11.toml";
    archive.write(
        file,
        &archive
            .read(file)
            .replace("status = \"agenda\"", "status = \"draft\""),
    );
    archive
        .minutes(&["list", "--status", "draft", "--json"])
        .ok()
        .stdout_has("2025-03-11");
    archive.write(
        "meetings/2025/2025-03-12.toml",
        &MEETING.replace("2025-01-28", "2025-03-12"),
    );
    archive
        .minutes(&["list", "--json"])
        .ok()
        .stdout_has("2025-03-12");
    std::fs::remove_file(archive.path("meetings/2025/2025-03-12.toml")).unwrap();
    let run = archive.minutes(&["list", "--json"]).ok();
    assert!(!run.stdout.contains("2025-03-12"));
    same_with_and_without(&archive, &["list", "--json"]);
}

#[test]
fn a_damaged_index_is_rebuilt_without_a_word() {
    let archive = git_archive();
    archive.minutes(&["list"]).ok();
    let path = archive.path(".git/minutes/meetings.bin");
    let mut bytes = std::fs::read(&path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    std::fs::write(&path, &bytes).unwrap();
    let run = archive.minutes(&["list"]).ok();
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    archive
        .minutes(&["-v", "list"])
        .ok()
        .stderr_has("index of meetings warm");
    std::fs::write(&path, b"not an index").unwrap();
    archive
        .minutes(&["-v", "list"])
        .ok()
        .stderr_has("rebuilt (not an index of this version)");
    same_with_and_without(&archive, &["list", "--json"]);
}

#[test]
fn an_unreadable_file_is_counted_with_or_without_the_index() {
    let archive = git_archive();
    archive.write("meetings/2025/2025-03-04.toml", "titel = 1\n");
    for args in [&["list"][..], &["--no-index", "list"][..]] {
        let run = archive
            .minutes(args)
            .ok()
            .stderr_has("left out 1 meeting file that could not be read");
        let search = [args[..args.len() - 1].to_vec(), vec!["search", "goma"]].concat();
        archive
            .minutes(&search)
            .ok()
            .stderr_has("left out 1 meeting file that could not be read");
        assert_eq!(run.stdout.lines().count(), 8);
    }
}

#[test]
fn processes_updating_the_index_at_once_leave_it_sound() {
    let archive = git_archive();
    let files = [
        "meetings/2025/2025-01-14.toml",
        "meetings/2025/2025-02-04.toml",
        "meetings/2025/2025-02-18.toml",
        "meetings/2025/2025-03-11.toml",
    ];
    for round in 0..4 {
        // Each round changes a file for each process, so that every one of
        // them has something to save, and some build the index first.
        if round == 2 {
            std::fs::remove_dir_all(archive.path(".git/minutes")).unwrap();
        }
        for file in files {
            add_to_notes(&archive, file, &format!("Zebrafish round {round}."));
        }
        let expected: Vec<String> = [
            &["actions", "--all", "--json"][..],
            &["search", "zebrafish", "--json"],
        ]
        .iter()
        .map(|args| {
            archive
                .minutes(&[&["--no-index"][..], args].concat())
                .ok()
                .stdout
        })
        .collect();
        let outputs: Vec<(usize, String)> = std::thread::scope(|scope| {
            let runs: Vec<_> = (0..4)
                .map(|n| {
                    let archive = &archive;
                    scope.spawn(move || {
                        let args: &[&str] = match n % 2 {
                            0 => &["actions", "--all", "--json"],
                            _ => &["search", "zebrafish", "--json"],
                        };
                        (n % 2, archive.minutes(args).ok().stdout)
                    })
                })
                .collect();
            runs.into_iter().map(|r| r.join().unwrap()).collect()
        });
        for (kind, output) in outputs {
            assert_eq!(output, expected[kind], "a concurrent run differed");
        }
    }
    let run = archive.minutes(&["-v", "list"]).ok();
    assert!(!run.stderr.contains("damaged"), "{}", run.stderr);
    every_query_agrees(&archive, "after processes saved it at once");
}

#[test]
fn every_query_agrees_after_edits_deletions_and_a_redate() {
    let archive = git_archive();
    every_query_agrees(&archive, "when it is built");
    std::thread::sleep(SETTLE);
    every_query_agrees(&archive, "when it is warm");
    // An edit is appended: the other meetings come from the index.
    add_to_notes(
        &archive,
        "meetings/2025/2025-02-04.toml",
        "A zebrafish study of Goma's lakes.",
    );
    archive
        .minutes(&["-v", "search", "zebrafish"])
        .ok()
        .stdout_has("2025-02-04")
        .stderr_has("1 of 9 files read again; appended");
    archive
        .minutes(&["-v", "list"])
        .ok()
        .stderr_has("index of meetings warm; 1 of 9 files read again\n");
    every_query_agrees(&archive, "after an edit");
    std::fs::remove_file(archive.path("meetings/2025/2025-01-21.toml")).unwrap();
    every_query_agrees(&archive, "after a deletion");
    std::thread::sleep(SETTLE);
    archive
        .minutes(&["redate", "2025-03-11", "2025-03-12"])
        .ok();
    every_query_agrees(&archive, "after a redate");
    std::thread::sleep(SETTLE);
    every_query_agrees(&archive, "warm after all that");
}

#[test]
fn every_query_agrees_after_a_reset_and_a_rebase() {
    let archive = git_archive();
    git(&archive, &["add", "-A"]);
    git(&archive, &["commit", "-q", "-m", "Start"]);
    every_query_agrees(&archive, "when it is built");
    std::thread::sleep(SETTLE);
    add_to_notes(
        &archive,
        "meetings/2025/2025-01-14.toml",
        "The zebrafish moved.",
    );
    std::fs::remove_file(archive.path("meetings/2025/2025-02-11.toml")).unwrap();
    every_query_agrees(&archive, "after the changes");
    git(&archive, &["reset", "-q", "--hard"]);
    every_query_agrees(&archive, "after git reset --hard");
    // A branch whose commit is rebased onto a change made meanwhile.
    git(&archive, &["checkout", "-q", "-b", "side"]);
    add_to_notes(
        &archive,
        "meetings/2025/2025-02-18.toml",
        "Zebrafish on the side.",
    );
    git(&archive, &["commit", "-q", "-am", "Side"]);
    git(&archive, &["checkout", "-q", "-"]);
    add_to_notes(
        &archive,
        "meetings/2025/2025-01-07.toml",
        "Zebrafish first.",
    );
    git(&archive, &["commit", "-q", "-am", "Main"]);
    every_query_agrees(&archive, "on main");
    git(&archive, &["checkout", "-q", "side"]);
    git(&archive, &["rebase", "-q", "-"]);
    every_query_agrees(&archive, "after a rebase");
    let found = archive
        .minutes(&["search", "zebrafish", "--json"])
        .ok()
        .json();
    assert_eq!(found.as_array().unwrap().len(), 2, "{found}");
}

#[test]
fn a_damaged_or_truncated_data_file_is_noticed() {
    let archive = git_archive();
    archive.minutes(&["list"]).ok();
    std::thread::sleep(SETTLE);
    let data = data_file(&archive);
    let mut bytes = std::fs::read(&data).unwrap();
    // The middle of the data file is the notes of some meeting.
    let middle = bytes.len() / 3;
    bytes[middle] ^= 0x55;
    std::fs::write(&data, &bytes).unwrap();
    every_query_agrees(&archive, "with a damaged block");
    archive
        .minutes(&["-v", "topic", "congo"])
        .ok()
        .stderr_has("index of meetings warm; 0 of 9 files read again");
    let data = data_file(&archive);
    let bytes = std::fs::read(&data).unwrap();
    std::fs::write(&data, &bytes[..bytes.len() / 2]).unwrap();
    archive
        .minutes(&["-v", "list"])
        .ok()
        .stderr_has("rebuilt (the file was damaged)");
    every_query_agrees(&archive, "after a truncated data file");
    let catalog = archive.path(".git/minutes/meetings.bin");
    let bytes = std::fs::read(&catalog).unwrap();
    std::fs::write(&catalog, &bytes[..bytes.len() - 10]).unwrap();
    every_query_agrees(&archive, "after a truncated catalog");
    std::fs::remove_file(data_file(&archive)).unwrap();
    every_query_agrees(&archive, "after the data file went");
}

#[test]
fn many_edits_rewrite_the_index_whole_and_agree() {
    let archive = git_archive();
    archive.minutes(&["list"]).ok();
    let file = "meetings/2025/2025-02-04.toml";
    let mut rewritten = false;
    for round in 0..12 {
        add_to_notes(&archive, file, &format!("Zebrafish round {round}."));
        let run = archive
            .minutes(&["-v", "search", "zebrafish", "--json"])
            .ok();
        rewritten |= run.stderr.contains("rewritten whole");
        assert!(
            run.stdout.contains(&format!("round {round}")),
            "{}",
            run.stdout
        );
    }
    assert!(
        rewritten,
        "a third of the index became garbage without a rewrite"
    );
    every_query_agrees(&archive, "after many edits");
}

/// `check` with its memo of each file's findings, and without it, in text
/// and JSON, whole and for one meeting.
fn check_agrees(archive: &Archive, when: &str) {
    for args in [
        &["check"][..],
        &["check", "--json"],
        &["check", "2025-02-04"],
    ] {
        let with = archive.minutes(args);
        let without = archive.minutes(&[&["--no-index"][..], args].concat());
        assert_eq!(
            (with.code, &with.stdout, &with.stderr),
            (without.code, &without.stdout, &without.stderr),
            "{args:?} differs with the memo {when}"
        );
    }
}

#[test]
fn check_gives_the_same_diagnostics_with_its_memo_and_without() {
    let archive = git_archive();
    let file = "meetings/2025/2025-02-04.toml";
    let text = archive.read(file);
    // Problems of one file, of several, and of a translation.
    archive.write(
        file,
        &format!(
            "{text}\n[[updates]]\naction = \"2025-01-28\"\nstatus = \"done\"\n\n[[updates]]\naction = \"2024-01-01#a1\"\nstatus = \"done\"\n\n[[updates]]\naction = \"2025-03-04#a1\"\nstatus = \"done\"\n\n[[updates]]\naction = \"2025-01-28#a99\"\nstatus = \"done\"\n"
        ),
    );
    archive.write(
        "meetings/2025/2025-02-18.toml",
        &archive
            .read("meetings/2025/2025-02-18.toml")
            .replace("scribe = \"davide\"", "scribe = \"davidee\""),
    );
    archive.write("meetings/2025/2025-02-25.toml", "titel = 1\n");
    archive.write(
        "meetings/2025/2025-01-29.toml",
        &archive.read("meetings/2025/2025-01-28.toml").replacen(
            "date = 2025-01-28",
            "date = 2025-01-29",
            1,
        ),
    );
    archive.write(
        "meetings/2025/2025-01-28.it.toml",
        &format!(
            "{}\n[items.nowhere]\ntitle = \"Da nessuna parte\"\n",
            archive.read("meetings/2025/2025-01-28.it.toml")
        ),
    );
    archive.write("meetings/2025/notes.txt", "not a meeting");
    let first = archive.minutes(&["check", "--json"]).fails(1).json();
    let messages = first["diagnostics"].to_string();
    for expected in [
        "does not name an action",
        "there is no meeting 2024-01-01",
        "is not earlier than this meeting",
        "has no action `a99`",
        "`davidee` is not in the roster",
        "unknown key `titel`",
        "under a second date",
        "has no item `nowhere`",
        "this file is not a meeting",
    ] {
        assert!(
            messages.contains(expected),
            "{expected} missing: {messages}"
        );
    }
    assert!(archive.path(".git/minutes/check.bin").is_file());
    check_agrees(&archive, "when it is written");
    std::thread::sleep(SETTLE);
    check_agrees(&archive, "when it is warm");
    // A changed file is checked again; so is every file when minutes.toml,
    // which their rules read, changes.
    archive.write(
        "meetings/2025/2025-02-18.toml",
        &archive
            .read("meetings/2025/2025-02-18.toml")
            .replace("scribe = \"davidee\"", "scribe = \"davide\""),
    );
    std::fs::remove_file(archive.path("meetings/2025/2025-01-29.toml")).unwrap();
    check_agrees(&archive, "after edits");
    archive.write(
        "minutes.toml",
        &archive
            .read("minutes.toml")
            .replace("duration = \"2h\"", "duration = \"30m\""),
    );
    check_agrees(&archive, "after minutes.toml changed");
    let run = archive.minutes(&["check", "--json"]).fails(1).json();
    assert!(
        run["diagnostics"]
            .to_string()
            .contains("timeboxes add up to"),
        "{run}"
    );
}

/// The messages of a `check --json` that ran with the memo, once it
/// agreed with a run without it.
fn checked_messages(archive: &Archive, when: &str) -> String {
    check_agrees(archive, when);
    archive.minutes(&["check", "--json"]).json()["diagnostics"].to_string()
}

/// A file's memo keeps only what reads that file and minutes.toml: the
/// rules of publication that read other files still run when the file is
/// unchanged.
#[test]
fn the_memo_of_check_hides_no_rule_that_reads_other_files() {
    let archive = git_archive();
    let meeting = "meetings/2025/2025-01-14.toml";
    archive.write(
        meeting,
        &archive.read(meeting).replace(
            "lead = \"the news of the week\"",
            "lead = \"about the news of the week\"",
        ),
    );
    let lead = "the lead starts with \\\"about\\\"";
    let messages = checked_messages(&archive, "when it is written");
    assert!(messages.contains(lead), "{messages}");
    std::thread::sleep(SETTLE);
    assert_eq!(checked_messages(&archive, "when it is warm"), messages);

    // A translation of a published meeting taken away, or left incomplete:
    // the meetings are unchanged, their memo is used, the warnings appear.
    std::fs::remove_file(archive.path("meetings/2025/2025-01-21.de.toml")).unwrap();
    let overlay = "meetings/2025/2025-01-14.it.toml";
    archive.write(
        overlay,
        &archive
            .read(overlay)
            .replace("lead = \"le notizie della settimana\"\n", ""),
    );
    let memo = archive.path(".git/minutes/check.bin");
    let kept = std::fs::read(&memo).unwrap();
    let messages = checked_messages(&archive, "after a translation changed");
    // Every meeting came from the memo: it was not written again.
    assert_eq!(std::fs::read(&memo).unwrap(), kept);
    for expected in [
        "2025-01-21 is published, but has no German translation",
        "does not translate the lead of item \\\"news-of-the-week\\\"",
        lead,
    ] {
        assert!(
            messages.contains(expected),
            "{expected} missing: {messages}"
        );
    }

    // minutes.toml asks for another language, then writes in another one.
    let config = archive.read("minutes.toml");
    let more = config.replace(
        "languages = [\"de\", \"it\"]",
        "languages = [\"de\", \"it\", \"fr\"]",
    );
    assert_ne!(more, config);
    archive.write("minutes.toml", &more);
    let messages = checked_messages(&archive, "after the languages changed");
    assert!(
        messages.contains("2025-01-07 is published, but has no French translation"),
        "{messages}"
    );
    let italian = more.replace("language = \"en\"", "language = \"it\"");
    assert_ne!(italian, more);
    archive.write("minutes.toml", &italian);
    let messages = checked_messages(&archive, "after the language changed");
    assert!(!messages.contains(lead), "{messages}");
}

#[test]
fn a_first_log_builds_the_index_of_the_meetings_meanwhile() {
    let archive = git_archive();
    git(&archive, &["add", "-A"]);
    git(&archive, &["commit", "-q", "-m", "Start"]);
    archive.minutes(&["log", "2025-01-28"]).ok();
    assert!(archive.path(".git/minutes/history.bin").is_file());
    assert!(archive.path(".git/minutes/meetings.bin").is_file());
    archive
        .minutes(&["-v", "list"])
        .ok()
        .stderr_has("index of meetings warm");
    every_query_agrees(&archive, "after a log built it");
}

#[test]
fn the_richer_format_agrees_with_and_without_the_index() {
    // Preambles and postscripts are searched as units of their own.
    for fixture in [
        "language-council",
        "projects-council",
        "runtime-steering",
        "extensions-group",
    ] {
        let archive = in_git(Archive::fixture(fixture));
        std::thread::sleep(SETTLE);
        for args in [
            &["list", "--json"][..],
            &["actions", "--all", "--json"],
            &["decisions", "--json"],
            &["refs", "--json"],
            &["attendance", "--json"],
            &["search", "check-in", "--json"],
            &["search", "clarified", "--json"],
            &["search", "the", "--json"],
        ] {
            same_with_and_without(&archive, args);
            same_with_and_without(&archive, args);
        }
    }
}
