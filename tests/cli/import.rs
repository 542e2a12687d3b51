//! `minutes import`: the Markdown minutes of tests/fixtures/import/ (each
//! after the structure of a real group's minutes) come in, pass `check`,
//! and come back in their group's layout with every line either rendered
//! or named by the report; a repository's history is replayed commit by
//! commit and a second run changes nothing; every error leaves the archive
//! as it was.

use std::path::{Path, PathBuf};

use crate::support::{Archive, project};

const GROUPS: &[&str] = &[
    "runtime-steering",
    "language-council",
    "extensions-group",
    "plain",
];

fn fixture(group: &str) -> String {
    project()
        .join("tests/fixtures/import")
        .join(group)
        .display()
        .to_string()
}

/// An archive made by `minutes init`, in git, ready for an import.
fn archive() -> Archive {
    let archive = Archive::empty();
    archive
        .minutes(&[
            "init",
            "--title",
            "Imported",
            "--every",
            "week",
            "--on",
            "wednesday",
            "--at",
            "15:00",
            "--timezone",
            "UTC",
        ])
        .ok();
    archive
}

fn head(archive: &Archive) -> String {
    archive
        .git_env(archive.root(), &["rev-parse", "HEAD"], &[])
        .ok()
        .stdout
}

fn meeting(archive: &Archive, id: &str) -> serde_json::Value {
    archive.minutes(&["--json", "show", id]).ok().json()["meeting"].clone()
}

/// Lines as the round trip compares them: trimmed, spaces made one.
fn normalized(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn each_group_imports_passes_check_and_comes_back_in_its_own_layout() {
    for group in GROUPS {
        let archive = archive();
        let report_path = archive.path("report.json");
        let report_arg = report_path.display().to_string();
        archive
            .minutes(&["import", &fixture(group), "--report", &report_arg])
            .ok();
        let check = archive.minutes(&["--json", "check"]).ok().json();
        assert_eq!(check["errors"], 0, "{group}: {check}");
        let report: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&report_path).unwrap()).unwrap();
        for file in report["files"].as_array().unwrap() {
            let id = file["id"].as_str().unwrap();
            let source = Path::new(&fixture(group)).join(file["path"].as_str().unwrap());
            let original = std::fs::read_to_string(&source).unwrap();
            let out = archive.path("round-trip.md").display().to_string();
            archive
                .minutes(&["render", id, "--template", "source", "-o", &out, "--force"])
                .ok();
            let rendered: Vec<String> = std::fs::read_to_string(&out)
                .unwrap()
                .lines()
                .map(normalized)
                .collect();
            // What no part of the meeting took is a loss, even if reported.
            let unplaced: Vec<&serde_json::Value> = file["dropped"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|l| l["category"] == "unplaced")
                .collect();
            assert!(unplaced.is_empty(), "{group} {id}: {unplaced:?}");
            let named: Vec<u64> = ["dropped", "converted"]
                .iter()
                .flat_map(|k| file[k].as_array().unwrap())
                .map(|l| l["line"].as_u64().unwrap())
                .collect();
            for (n, line) in original.lines().enumerate() {
                let line = normalized(line);
                assert!(
                    line.is_empty() || rendered.contains(&line) || named.contains(&(n as u64 + 1)),
                    "{group} {}:{}: {line:?} is neither rendered nor reported",
                    source.display(),
                    n + 1
                );
            }
        }
    }
}

#[test]
fn the_report_names_each_files_profile_era_and_what_was_left_out() {
    let archive = archive();
    let run = archive
        .minutes(&["import", &fixture("runtime-steering")])
        .ok();
    run.stdout_has("2025-11-12  meetings/2025-11-12.md  nodejs-tsc (agenda-2017)  7 items, 6 attendees, 1 guest")
        .stdout_has("2016-03-02  meetings/2016-03-02.md  nodejs-tsc (minutes-2015)")
        .stdout_has("(sections, fallback)")
        .stdout_has("warning: no profile fits well enough")
        .stdout_has("dropped (headings the layout writes again): 3 \"## Links\", 9 \"## Present\", 18 \"## Agenda\"")
        .stdout_has("skipped meetings/README.md: its name starts with no date")
        .stdout_has("skipped meetings/2025-11-12-whiteboard.svg: not Markdown (an attachment?)")
        .stdout_has("imported 4 files from");
    // Two files of one date: each gets the folder it came from.
    assert!(archive.path("meetings/2014/2014-12-10-tc.toml").is_file());
    assert!(archive.path("meetings/2014/2014-12-10-core.toml").is_file());
}

#[test]
fn headers_and_marker_lines_become_fields_and_prose_stays_notes() {
    let archive = archive();
    archive
        .minutes(&["import", &fixture("runtime-steering")])
        .ok();
    let m = meeting(&archive, "2025-11-12");
    let attendees = m["attendees"].as_array().unwrap();
    assert_eq!(attendees[0]["who"], "apetrescu");
    assert_eq!(attendees[0]["role"], "voting member");
    assert_eq!(attendees[3]["role"], "observer");
    assert_eq!(attendees[3]["affiliation"], "release team");
    assert_eq!(attendees[4]["note"], "project council rep");
    // Seen once, with no account: a guest.
    assert_eq!(attendees[5]["name"], "Vera Lund");
    assert_eq!(attendees[5]["role"], "invited");
    assert_eq!(m["links"][0]["kind"], "recording");
    assert_eq!(m["links"][1]["kind"], "issue");
    let items = m["items"].as_array().unwrap();
    let updater = &items[3];
    assert_eq!(updater["title"], "deps: update the bundled zlib");
    assert_eq!(updater["section"], "runtime-js/core");
    assert_eq!(
        updater["refs"][0],
        "https://github.com/runtime-js/core/pull/6161"
    );
    assert_eq!(
        updater["notes"],
        "* Ana: waiting on one more review.\n* Joy: fine to land after the release."
    );
    assert_eq!(updater["decisions"].as_array().unwrap().len(), 0);
    assert_eq!(
        items[4]["actions"][0]["task"],
        "Joy to quarantine the failing tests until the runners are replaced."
    );
    assert!(items[4]["notes"].as_str().unwrap().contains("ACTION: Joy"));
    assert_eq!(items[5]["decisions"][0]["kind"], "resolution");
    // A paragraph that ends a list, a list that names no issue, and a link
    // definition follow the item before them.
    assert_eq!(
        items[6]["notes"],
        "* Rui: two mentors stepped down this year.\n\n Idris: the release team can lend one mentor for a term.\n\
         Joy: [the mentors' guide][guide] needs an owner first.\n\n\
         - Rui: a term is six months.\n-Idris: the guide says a year.\n\n\
         [guide]: https://github.com/runtime-js/steering/issues/1801"
    );
    assert!(
        m["postscript"]
            .as_str()
            .unwrap()
            .starts_with("## Strategic Initiatives")
    );
    let roster = archive.read("minutes.toml");
    assert!(
        roster.contains("[people.apetrescu]\nname = \"Ana Petrescu\"\ngithub = \"apetrescu\""),
        "{roster}"
    );
    assert!(!roster.contains("Vera Lund"));
    // The older era: items under "## Minutes", the agenda in the preamble.
    let old = meeting(&archive, "2016-03-02");
    assert_eq!(old["items"][0]["section"], "Minutes");
    assert_eq!(
        old["items"][0]["refs"][0],
        "https://github.com/runtime-js/steering/issues/146"
    );
    assert!(old["preamble"].as_str().unwrap().starts_with("## Agenda"));
    assert_eq!(old["origin"]["era"], "minutes-2015");
}

#[test]
fn a_council_gets_its_roles_sections_and_the_topics_it_did_not_reach() {
    let archive = archive();
    let run = archive
        .minutes(&["import", &fixture("language-council")])
        .ok();
    // Close names are proposed, never merged.
    run.stdout_has("may be one person: Petra Nowak, petra-novak (the names are close)");
    let m = meeting(&archive, "2025-06-20");
    assert_eq!(m["chair"], "ines-valdes");
    assert_eq!(m["scribe"], "tomas");
    let items = m["items"].as_array().unwrap();
    let budget = items.iter().find(|i| i["id"] == "budget-report").unwrap();
    assert_eq!(budget["parent"], "announcements-or-custom-items");
    let rota = items
        .iter()
        .find(|i| i["id"] == "update-on-the-moderation-rota")
        .unwrap();
    assert_eq!(rota["section"], "Nominated issues");
    // The owner of `council#212` comes from the link under the heading.
    assert_eq!(rota["refs"][0], "kestrel-lang/council#212");
    assert_eq!(
        rota["decisions"][0],
        "keep the rota as it is until the autumn."
    );
    let charter = items
        .iter()
        .find(|i| i["id"] == "charter-of-the-devtools-team")
        .unwrap();
    assert_eq!(charter["discussed"], false);
    assert_eq!(charter["section"], "Topics we didn't get to");
    let guest = m["attendees"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (guest["name"].as_str(), guest["role"].as_str()),
        (Some("Lea Hartmann"), Some("observer"))
    );
    // A section of actions or decisions gives each of its entries.
    let first = meeting(&archive, "2023-07-01");
    let actions = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "action-items")
        .unwrap()
        .clone();
    assert_eq!(
        actions["actions"][1]["task"],
        "Petra: draft the meeting policy"
    );
    let decided = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "consented-decisions")
        .unwrap()
        .clone();
    assert_eq!(decided["decisions"][0]["kind"], "consensus");
}

#[test]
fn a_community_group_keeps_its_topics_scribes_and_one_of_each_attendee() {
    let archive = archive();
    archive
        .minutes(&["import", &fixture("extensions-group")])
        .ok()
        .stdout_has("warning: Rosa Lind is listed twice (line 21); kept once")
        .stdout_has("skipped _minutes/README.md");
    let m = meeting(&archive, "2025-07-24");
    assert_eq!(m["scribe"], serde_json::json!(["rosa-lind", "tomek-nowak"]));
    assert_eq!(m["attendees"].as_array().unwrap().len(), 4);
    assert_eq!(m["attendees"][3]["name"], "Hana Ito");
    assert_eq!(m["attendees"][3]["affiliation"], "Browser C");
    assert_eq!(m["attendees"][3]["note"], "first meeting");
    let items = m["items"].as_array().unwrap();
    assert_eq!(items[0]["title"], "Proposal: a shared settings page");
    assert_eq!(
        items[0]["refs"][0],
        "https://github.com/ext-group/extensions/issues/502"
    );
    assert_eq!(
        items[0]["decisions"][0]["text"],
        "start with a prototype in Browser B."
    );
    assert_eq!(
        items[1]["refs"][0],
        "https://github.com/ext-group/extensions/pull/503"
    );
    assert!(
        m["preamble"]
            .as_str()
            .unwrap()
            .starts_with("Time: 9 AM UTC")
    );
    assert!(m["postscript"].as_str().unwrap().starts_with("Next call:"));
    let out = archive
        .minutes(&["render", "2025-07-24", "--template", "w3c-wecg"])
        .ok();
    out.stdout_has(" * Chair: Kai Brandt\n * Scribes: Rosa Lind, Tomek Nowak")
        .stdout_has("[Issue 502](https://github.com/ext-group/extensions/issues/502): Proposal: a shared settings page")
        .stdout_has(" 4. Hana Ito (Browser C, first meeting)");
}

#[test]
fn a_roster_file_settles_names_on_a_second_run() {
    let archive = archive();
    archive
        .minutes(&["import", &fixture("language-council")])
        .ok();
    let written = &meeting(&archive, "2025-07-04")["attendees"][3];
    assert_eq!(written["name"], "Petra Nowak");
    assert!(written["who"].is_null());
    archive.write(
        "roster.toml",
        "[people.petra-novak]\nname = \"Petra Novak\"\naliases = [\"Petra Nowak\"]\n",
    );
    // The second run names her, and updates what the first one wrote.
    archive
        .minutes(&[
            "import",
            &fixture("language-council"),
            "--roster",
            "roster.toml",
        ])
        .ok();
    let named = &meeting(&archive, "2025-07-04")["attendees"][3];
    assert_eq!(named["who"], "petra-novak");
    assert!(named["name"].is_null());
}

#[test]
fn the_heading_date_is_named_and_can_win() {
    let archive = archive();
    archive.write(
        "source/2025-06-09.md",
        "# Board Meeting 2025-06-10\n\n## Present\n\n* Ana Petrescu @apetrescu (member)\n\n## Minutes\n\n### Budget\n\nApproved.\n",
    );
    archive
        .minutes(&["import", "source", "--dry-run"])
        .ok()
        .stdout_has("the heading says 2025-06-10, the file name 2025-06-09: the date is the file name's (--date-from heading takes the other)")
        .stdout_has("would import 1 file");
    assert!(!archive.path("meetings/2025").exists());
    archive
        .minutes(&["import", "source", "--date-from", "heading"])
        .ok();
    assert_eq!(meeting(&archive, "2025-06-10")["date"], "2025-06-10");
}

#[test]
fn dry_run_writes_nothing_and_the_report_says_it_in_json() {
    let archive = archive();
    let before = archive.files();
    let run = archive
        .minutes(&[
            "--json",
            "import",
            &fixture("extensions-group"),
            "--dry-run",
        ])
        .ok();
    assert_eq!(archive.files(), before);
    let report = run.json();
    assert_eq!(report["written"], false);
    assert_eq!(report["totals"]["meetings"], 2);
    let file = &report["files"][0];
    assert_eq!(file["profile"], "w3c-wecg");
    assert_eq!(file["dropped"][0]["category"], "heading");
    assert!(
        file["converted"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["category"] == "attendee")
    );
    assert_eq!(report["skipped"][0]["why"], "no-date");
}

#[test]
fn a_plain_import_twice_changes_nothing() {
    let archive = archive();
    archive
        .minutes(&["import", &fixture("runtime-steering")])
        .ok();
    let first = archive.files();
    archive
        .minutes(&["import", &fixture("runtime-steering")])
        .ok();
    assert_eq!(archive.files(), first);
}

/// A source repository with the history of two meetings: one written,
/// edited, and renamed to its right date; a file that is no minutes; a
/// second meeting.
fn source_repository(archive: &Archive) -> PathBuf {
    let dir = archive.home().join("source");
    std::fs::create_dir_all(dir.join("meetings")).unwrap();
    let git = |args: &[&str], who: &str, date: &str| {
        let (name, mail) = who.split_once(' ').unwrap();
        archive
            .git_env(
                &dir,
                args,
                &[
                    ("GIT_AUTHOR_NAME", name),
                    ("GIT_AUTHOR_EMAIL", mail),
                    ("GIT_AUTHOR_DATE", date),
                    ("GIT_COMMITTER_NAME", name),
                    ("GIT_COMMITTER_EMAIL", mail),
                    ("GIT_COMMITTER_DATE", date),
                ],
            )
            .ok();
    };
    let write = |path: &str, text: &str| std::fs::write(dir.join(path), text).unwrap();
    git(
        &["init", "-q", "-b", "main"],
        "Ana ana@example.org",
        "2025-01-01T10:00:00+01:00",
    );
    let minutes = "# Steering Committee Meeting 2025-01-08\n\n## Links\n\n* **Recording**: <https://video.example.org/1>\n\n\
                   ## Present\n\n* Ana Petrescu @apetrescu (member)\n* Rui Matos @ruimatos (member)\n\n\
                   ## Minutes\n\n### Budget\n\nApproved.\n";
    write("meetings/2025-01-08.md", minutes);
    git(
        &["add", "."],
        "Ana ana@example.org",
        "2025-01-10T10:00:00+01:00",
    );
    git(
        &["commit", "-q", "-m", "Add the minutes of 8 January"],
        "Ana ana@example.org",
        "2025-01-10T10:00:00+01:00",
    );
    write(
        "meetings/2025-01-08.md",
        &format!("{minutes}\nRui: the figures are in.\n"),
    );
    write("README.md", "# Minutes\n");
    git(
        &["add", "."],
        "Rui rui@example.org",
        "2025-01-12T09:30:00+00:00",
    );
    git(
        &["commit", "-q", "-m", "Add the figures"],
        "Rui rui@example.org",
        "2025-01-12T09:30:00+00:00",
    );
    git(
        &["mv", "meetings/2025-01-08.md", "meetings/2025-01-15.md"],
        "Joy joy@example.org",
        "2025-01-20T18:00:00-05:00",
    );
    git(
        &["commit", "-q", "-m", "The call was on the 15th"],
        "Joy joy@example.org",
        "2025-01-20T18:00:00-05:00",
    );
    write(
        "meetings/2025-01-22.md",
        &minutes.replace("2025-01-08", "2025-01-22"),
    );
    git(
        &["add", "."],
        "Ana ana@example.org",
        "2025-01-23T08:00:00+01:00",
    );
    git(
        &["commit", "-q", "-m", "Add the minutes of 22 January"],
        "Ana ana@example.org",
        "2025-01-23T08:00:00+01:00",
    );
    dir
}

#[test]
fn a_history_is_replayed_with_its_authors_and_dates_and_a_second_run_changes_nothing() {
    let archive = archive();
    let source = source_repository(&archive);
    let from = source.display().to_string();
    archive
        .minutes(&["import", "--from", &from])
        .ok()
        .stdout_has("history (replay): 4 commits of the source, 5 commits made, 0 changing no meeting, 0 recorded before")
        .stdout_has("2025-01-15  meetings/2025-01-15.md  nodejs-tsc (minutes-2015)  1 item, 2 attendees, 0 guests, 3 revisions");
    let log = archive
        .minutes(&["--json", "log", "2025-01-15"])
        .ok()
        .json();
    let seen: Vec<(String, String)> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["author"].as_str().unwrap().to_string(),
                e["date"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("Joy".to_string(), "2025-01-20T18:00:00-05:00".to_string()),
            ("Rui".to_string(), "2025-01-12T09:30:00Z".to_string()),
            ("Ana".to_string(), "2025-01-10T10:00:00+01:00".to_string()),
        ]
    );
    let message = archive
        .git_env(archive.root(), &["log", "-1", "--format=%B"], &[])
        .ok()
        .stdout;
    assert!(
        message.starts_with("Add the minutes of 22 January\n\nImported-from: "),
        "{message}"
    );
    let roster_commit = archive
        .git_env(
            archive.root(),
            &["log", "--format=%an %s", "--reverse"],
            &[],
        )
        .ok()
        .stdout;
    assert!(
        roster_commit
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("Test Scribe Add the people"),
        "{roster_commit}"
    );
    let before = head(&archive);
    archive
        .minutes(&["import", "--from", &from])
        .ok()
        .stdout_has("0 commits made, 0 changing no meeting, 4 recorded before");
    assert_eq!(head(&archive), before);
    assert!(
        archive
            .git_env(archive.root(), &["status", "--porcelain"], &[])
            .ok()
            .stdout
            .is_empty()
    );
}

#[test]
fn squash_records_one_commit_and_none_only_the_files() {
    let archive = archive();
    let source = source_repository(&archive);
    let from = source.display().to_string();
    let before = head(&archive);
    archive
        .minutes(&["import", "--from", &from, "--history", "squash"])
        .ok();
    let range = format!("{}..HEAD", before.trim());
    let log = archive
        .git_env(archive.root(), &["log", "--format=%an: %s", &range], &[])
        .ok()
        .stdout;
    let subjects: Vec<&str> = log.lines().collect();
    assert_eq!(subjects.len(), 2, "{log}");
    assert!(
        subjects[0].starts_with("Test Scribe: Import 2 meetings from "),
        "{log}"
    );
    assert!(
        subjects[1].starts_with("Test Scribe: Add the people of the minutes of "),
        "{log}"
    );
    let other = self::archive();
    let before = head(&other);
    other
        .minutes(&["import", "--from", &from, "--history", "none"])
        .ok();
    assert_eq!(head(&other), before);
    assert!(other.path("meetings/2025/2025-01-22.toml").is_file());
}

// --- errors: each with its message, its exit code, and nothing changed ---

#[track_caller]
fn refused(archive: &Archive, args: &[&str], code: i32, needle: &str) -> crate::support::Run {
    let before = head(archive);
    let run = archive.refuses(args, code, needle);
    assert_eq!(head(archive), before, "a refused import moved HEAD");
    run
}

#[test]
fn a_file_that_is_not_utf8_or_is_binary_or_has_no_date_is_refused() {
    let archive = archive();
    archive.write_bytes(
        "in/2025-01-08.md",
        b"# Call 2025-01-08\n\nCaf\xe9 au lait\n",
    );
    refused(
        &archive,
        &["import", "in/2025-01-08.md"],
        1,
        "in/2025-01-08.md:3:4",
    )
    .stderr_has("the file is not valid UTF-8")
    .stderr_has("help: save the file with the UTF-8 encoding");
    archive.write_bytes("bin/2025-01-08.md", b"\x89PNG\r\n\x1a\n\0\0\0");
    refused(&archive, &["import", "bin"], 1, "bin/2025-01-08.md")
        .stderr_has("the file is binary, not Markdown text")
        .stderr_has("help: leave it out with --exclude");
    archive.write("notes/agenda.md", "# Agenda\n\n- Budget\n");
    refused(&archive, &["import", "notes/agenda.md"], 1, "agenda.md")
        .stderr_has("the file has no date: none in its name, none in its heading")
        .stderr_has("help: name the file after the meeting's date");
}

#[test]
fn a_source_that_cannot_be_read_is_refused() {
    let archive = archive();
    refused(
        &archive,
        &["import", "--from", "nowhere"],
        1,
        "cannot read the repository nowhere",
    )
    .stderr_has("help: --from takes the folder of a git repository");
    refused(
        &archive,
        &["import", "missing-folder"],
        1,
        "cannot read missing-folder",
    );
    refused(
        &archive,
        &["import", &fixture("plain"), "--history", "replay"],
        2,
        "--history replay needs a repository",
    )
    .stderr_has("help: give the repository with --from REPO");
}

#[test]
fn uncommitted_changes_are_refused_unless_forced() {
    let archive = archive();
    let source = source_repository(&archive);
    let from = source.display().to_string();
    archive.write(
        "meetings/2025/2025-03-05.toml",
        "schema = 1\ndate = 2025-03-05\nstatus = \"draft\"\n",
    );
    refused(
        &archive,
        &["import", "--from", &from],
        1,
        "the archive has uncommitted changes",
    )
    .stderr_has("  meetings/2025/2025-03-05.toml")
    .stderr_has("help: commit them first (`minutes commit`), or pass --force");
    archive
        .minutes(&["import", "--from", &from, "--force"])
        .ok();
    assert!(archive.path("meetings/2025/2025-01-22.toml").is_file());
    assert!(archive.path("meetings/2025/2025-03-05.toml").is_file());
}

#[test]
fn a_meeting_that_exists_with_other_content_is_refused_unless_forced() {
    let archive = archive();
    let own = "schema = 1\ndate = 2024-01-09\nstatus = \"draft\"\ntitle = \"Written by hand\"\n";
    archive.write("meetings/2024/2024-01-09.toml", own);
    refused(
        &archive,
        &["import", &fixture("plain")],
        1,
        "1 meeting exist already with other content",
    )
    .stderr_has("  2024-01-09 (meetings/2024/2024-01-09.toml)")
    .stderr_has("help: pass --force to replace them");
    assert_eq!(archive.read("meetings/2024/2024-01-09.toml"), own);
    archive
        .minutes(&["import", &fixture("plain"), "--force"])
        .ok();
    assert!(
        archive
            .read("meetings/2024/2024-01-09.toml")
            .contains("title = \"Board call\"")
    );
}

#[test]
fn several_series_need_one_named_and_a_bad_roster_file_is_shown() {
    let archive = archive();
    let config = archive.read("minutes.toml");
    archive.write(
        "minutes.toml",
        &format!("{config}\n[series.board]\nname = \"Board\"\nevery = \"month\"\non = \"first monday\"\nat = \"18:00\"\n"),
    );
    refused(
        &archive,
        &["import", &fixture("plain")],
        2,
        "this archive has several series",
    )
    .stderr_has("help: add --series with one of:");
    archive.write("roster.toml", "[people.ana]\nnmae = \"Ana\"\n");
    refused(
        &archive,
        &[
            "import",
            &fixture("plain"),
            "--series",
            "board",
            "--roster",
            "roster.toml",
        ],
        1,
        "roster.toml:2:1",
    )
    .stderr_has("unknown key `people.ana.nmae`")
    .stderr_has("help: did you mean `name`?");
    archive
        .minutes(&["import", &fixture("plain"), "--series", "board"])
        .ok();
    assert_eq!(meeting(&archive, "2024-01-09")["series"], "board");
}

#[test]
fn a_meeting_that_was_not_imported_has_no_source_layout() {
    let archive = Archive::sample();
    archive
        .refuses(
            &["render", "2025-01-28", "--template", "source"],
            1,
            "meeting 2025-01-28 was not imported",
        )
        .stderr_has("help: `--template source` renders imported meetings");
}

#[test]
fn unknown_names_are_refused_with_the_ones_there_are() {
    let archive = archive();
    let plain = fixture("plain");
    refused(
        &archive,
        &["import", &plain, "--profile", "minutes-2019"],
        2,
        "there is no profile `minutes-2019`",
    )
    .stderr_has("use auto, or one of: nodejs-tsc, rust-council, w3c-wecg, generic");
    refused(
        &archive,
        &["import", &plain, "--history", "all"],
        2,
        "there is no history mode `all`",
    )
    .stderr_has("use one of: replay, squash, none");
    refused(
        &archive,
        &["import", &plain, "--date-from", "title"],
        2,
        "`title` is not where a date comes from",
    )
    .stderr_has("use file (the file's name) or heading (its title)");
    refused(
        &archive,
        &["import", &plain, "--series", "board"],
        2,
        "there is no series `board`",
    )
    .stderr_has("help: the series of this archive are: wednesday");
}

#[test]
fn a_repository_without_commits_is_refused() {
    let archive = archive();
    let empty = archive.home().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    archive.git_env(&empty, &["init", "-q"], &[]).ok();
    refused(
        &archive,
        &["import", "--from", &empty.display().to_string()],
        1,
        "has no commits to import",
    )
    .stderr_has("help: --from takes a repository with history");
}

#[test]
fn a_report_that_could_not_be_written_is_refused_before_anything_is_imported() {
    let archive = archive();
    let plain = fixture("plain");
    for (report, said) in [
        (
            "no-such-folder/import.json",
            "no-such-folder/import.json: its folder does not exist, so nothing was imported",
        ),
        (
            "meetings/import.json",
            "meetings/import.json is in the archive's meetings/ folder",
        ),
        (
            "minutes.toml",
            "minutes.toml is the archive's configuration",
        ),
    ] {
        refused(&archive, &["import", &plain, "--report", report], 1, said)
            .stderr_has("help: give --report the name of a file outside meetings/");
        assert!(!archive.path("meetings/2024/2024-01-09.toml").exists());
    }
}

#[test]
fn a_roster_file_or_a_source_that_is_not_there_is_named_with_a_way_out() {
    let archive = archive();
    refused(
        &archive,
        &["import", &fixture("plain"), "--roster", "people.toml"],
        1,
        "cannot read people.toml",
    )
    .stderr_has("help: give --roster the path of a TOML file with a [people] table");
    refused(
        &archive,
        &["import", "missing-folder"],
        1,
        "cannot read missing-folder",
    )
    .stderr_has("help: give the path of a Markdown file, or of a folder that holds them");
}

#[test]
fn a_link_given_as_the_file_is_not_followed() {
    let archive = archive();
    archive.write("elsewhere.md", "# Call 2025-01-08\n\nNotes.\n");
    std::fs::create_dir_all(archive.path("in")).unwrap();
    std::os::unix::fs::symlink(
        archive.path("elsewhere.md"),
        archive.path("in/2025-01-08.md"),
    )
    .unwrap();
    refused(
        &archive,
        &["import", "in/2025-01-08.md"],
        1,
        "in/2025-01-08.md is a symbolic link, so it is not read",
    )
    .stderr_has("help: minutes does not follow links");
}

#[test]
fn a_revision_that_is_not_utf8_is_named_by_its_commit_and_nothing_is_replayed() {
    let archive = archive();
    let dir = archive.home().join("latin");
    std::fs::create_dir_all(dir.join("meetings")).unwrap();
    let git = |args: &[&str]| archive.git_env(&dir, args, &[]).ok();
    git(&["init", "-q", "-b", "main"]);
    std::fs::write(
        dir.join("meetings/2025-01-08.md"),
        b"# Call 2025-01-08\n\nCaf\xe9 au lait\n",
    )
    .unwrap();
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "Minutes in Latin-1"]);
    let first = git(&["rev-parse", "HEAD"]).stdout;
    std::fs::write(
        dir.join("meetings/2025-01-08.md"),
        "# Call 2025-01-08\n\nCafé au lait\n",
    )
    .unwrap();
    git(&["commit", "-qam", "Saved as UTF-8"]);
    let from = dir.display().to_string();
    let named = format!("meetings/2025-01-08.md@{}:3:4", &first.trim()[..12]);
    refused(&archive, &["import", "--from", &from], 1, &named)
        .stderr_has("the file is not valid UTF-8")
        .stderr_has("help: save the file with the UTF-8 encoding");
    // The files as they are now are fine: a squash reads only those.
    archive
        .minutes(&["import", "--from", &from, "--history", "squash"])
        .ok();
    assert!(archive.path("meetings/2025/2025-01-08.toml").is_file());
}
