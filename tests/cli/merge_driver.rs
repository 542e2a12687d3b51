//! The merge driver through plain `git merge` (as `git pull` runs it), on
//! the cases of `sync`, and `mergiraf` as an outside check where it is
//! installed.

use std::process::Command;

use crate::sync::{FILE, Group};

/// Lu merges Anna's pushed work with plain git.
fn git_merge(group: &Group) -> crate::support::Run {
    group.minutes("anna", &["sync"]).ok();
    group.git("lu", &["fetch", "-q"]).ok();
    group.git("lu", &["merge", "--no-edit", "origin/main"])
}

#[test]
fn git_merge_merges_meetings_by_meaning() {
    let group = Group::new();
    group.edit(
        "anna",
        FILE,
        "Talks are planned.\n\"\"\"\n",
        "Talks are planned.\n\"\"\"\n\n[[items]]\nid = \"budget\"\ntitle = \"Budget\"\n",
    );
    group.change("anna", "M23 took Goma.", "M23 took Goma on Monday.");
    group.edit(
        "lu",
        FILE,
        "Talks are planned.\n\"\"\"\n",
        "Talks are planned.\n\"\"\"\n\n[[items]]\nid = \"china\"\ntitle = \"China\"\n",
    );
    group.change("lu", "Talks are planned.", "Talks are planned in Doha.");
    // git's own line merge would see two items added at the same place.
    git_merge(&group).ok();
    let text = group.read("lu", FILE);
    for part in ["on Monday", "in Doha", "\"budget\"", "\"china\""] {
        assert!(text.contains(part), "{part}:\n{text}");
    }
    group.minutes("lu", &["check"]).ok();
    group.git("lu", &["fsck", "--strict"]).ok();
}

#[test]
fn git_merge_leaves_a_real_conflict_in_the_file_for_check() {
    let group = Group::new();
    group.change("anna", "M23 took Goma.", "M23 took Goma on Monday.");
    group.change("anna", "title = \"Congo\"", "title = \"The Congo\"");
    group.change("lu", "M23 took Goma.", "M23 entered Goma.");
    group.change("lu", "title = \"Congo\"", "title = \"Congo today\"");
    let run = git_merge(&group).fails(1);
    assert!(run.stdout.contains("CONFLICT"), "{}", run.stdout);
    let text = group.read("lu", FILE);
    assert!(
        text.contains("title = { merge-conflict = \"changed on both sides: keep one value\", ours = \"Congo today\", theirs = \"The Congo\", base = \"Congo\" }"),
        "{text}"
    );
    assert!(text.contains(
        "<<<<<<< ours\nM23 entered Goma.\n=======\nM23 took Goma on Monday.\n>>>>>>> theirs\n"
    ));
    group
        .minutes("lu", &["check"])
        .fails(1)
        .stderr_has("conflict in the title of item \"congo\": resolve, then commit")
        .stderr_has("conflict in the notes of item \"congo\": resolve, then commit");
    // The person resolves; `minutes sync` finishes git's merge and pushes.
    let resolved = text
        .replace("<<<<<<< ours\nM23 entered Goma.\n=======\nM23 took Goma on Monday.\n>>>>>>> theirs\n", "M23 entered Goma on Monday.\n")
        .replace("title = { merge-conflict = \"changed on both sides: keep one value\", ours = \"Congo today\", theirs = \"The Congo\", base = \"Congo\" }", "title = \"The Congo\"");
    group.write("lu", FILE, &resolved);
    group.minutes("lu", &["sync"]).ok();
    group.minutes("anna", &["sync"]).ok();
    group.agree();
}

#[test]
fn the_driver_reports_its_conflicts_and_exits_1() {
    let group = Group::new();
    let dir = group.dir("lu");
    let base = crate::sync::MEETING;
    let ours = base.replace("status = \"draft\"", "status = \"final\"");
    let theirs = base.replace("status = \"draft\"", "status = \"agenda\"");
    for (name, text) in [("o", base), ("a", ours.as_str()), ("b", theirs.as_str())] {
        std::fs::write(dir.join(name), text).unwrap();
    }
    group
        .minutes("lu", &["merge-file", "o", "a", "b", FILE])
        .fails(1)
        .stderr_has("2025-01-28.toml: conflict in the status")
        .stderr_has("1 conflict left in the file");
    let merged = std::fs::read_to_string(dir.join("a")).unwrap();
    assert!(merged.contains("status = { merge-conflict"), "{merged}");
    let theirs = base.replace("chair = \"anna\"", "chair = \"lu\"");
    std::fs::write(dir.join("a"), &ours).unwrap();
    std::fs::write(dir.join("b"), &theirs).unwrap();
    group.minutes("lu", &["merge-file", "o", "a", "b"]).ok();
    let merged = std::fs::read_to_string(dir.join("a")).unwrap();
    assert_eq!(merged, ours.replace("chair = \"anna\"", "chair = \"lu\""));
    // A file that cannot be read names itself and changes nothing.
    group
        .minutes("lu", &["merge-file", "missing", "a", "b"])
        .fails(1)
        .stderr_has("cannot read missing");
    assert_eq!(std::fs::read_to_string(dir.join("a")).unwrap(), merged);
}

/// mergiraf, a syntax-aware merge driver, agrees with ours where both merge
/// cleanly: on TOML it knows tables, not meetings, so only the cases that a
/// table-aware merge settles are compared.
#[test]
fn mergiraf_agrees_where_both_merge_cleanly() {
    if Command::new("mergiraf").arg("--version").output().is_err() {
        eprintln!("skipped: mergiraf is not installed (cargo install mergiraf) to compare with");
        return;
    }
    let base = crate::sync::MEETING;
    let cases = [
        (
            base.replace("status = \"draft\"", "status = \"final\""),
            base.replace("chair = \"anna\"", "chair = \"lu\""),
        ),
        (
            base.replace("title = \"DeepSeek\"", "title = \"DeepSeek-R1\""),
            base.replace("title = \"Congo\"", "title = \"The Congo\""),
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (ours, theirs) in cases {
        let ours_merged = minutes::merge::merge(Some(base), &ours, &theirs);
        assert!(ours_merged.is_clean());
        for (name, text) in [
            ("base.toml", base),
            ("ours.toml", &ours),
            ("theirs.toml", &theirs),
        ] {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let out = Command::new("mergiraf")
            .current_dir(dir.path())
            .args([
                "merge",
                "base.toml",
                "ours.toml",
                "theirs.toml",
                "-o",
                "out.toml",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let theirs_merged = std::fs::read_to_string(dir.path().join("out.toml")).unwrap();
        let parse = |t: &str| t.parse::<toml::Table>().unwrap();
        assert_eq!(parse(&ours_merged.text), parse(&theirs_merged));
    }
}
