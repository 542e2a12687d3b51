//! The archive index: results are the same with it and without it, and a
//! damaged or stale index is noticed.

use crate::support::{Archive, MEETING};

fn git_archive() -> Archive {
    let archive = Archive::sample();
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
    let expected = archive
        .minutes(&["--no-index", "actions", "--all", "--json"])
        .ok()
        .stdout;
    for round in 0..3 {
        // Each round changes a file, so that every process rewrites the index.
        let file = "meetings/2025/2025-03-11.toml";
        archive.write(file, &format!("{}\n# round {round}\n", archive.read(file)));
        let outputs: Vec<String> = std::thread::scope(|scope| {
            let runs: Vec<_> = (0..4)
                .map(|_| {
                    scope.spawn(|| archive.minutes(&["actions", "--all", "--json"]).ok().stdout)
                })
                .collect();
            runs.into_iter().map(|r| r.join().unwrap()).collect()
        });
        assert!(
            outputs.iter().all(|o| *o == expected),
            "a concurrent run differed"
        );
    }
    let run = archive.minutes(&["-v", "list"]).ok();
    assert!(!run.stderr.contains("damaged"), "{}", run.stderr);
    same_with_and_without(&archive, &["list", "--json"]);
}
