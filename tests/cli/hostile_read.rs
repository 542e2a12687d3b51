//! An archive cloned from a stranger cannot make the tool read outside
//! itself, hang, or fill the memory: links and special files are reported
//! and never opened, and files above the size limit are refused.

use std::os::unix::fs::symlink;
use std::path::Path;
use std::time::Duration;

use tempfile::TempDir;

use crate::support::{Archive, MEETING};

/// What a file outside the archive holds; no output may ever show it.
const SECRET: &str = "SECRET-OUTSIDE-THE-ARCHIVE";

/// A folder outside the archive with a file of `text` in it.
fn outside(name: &str, text: &str) -> (TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

/// A meeting of `date` whose title is the secret.
fn secret_meeting(date: &str) -> String {
    MEETING.replace("2025-01-28", date).replace(
        "status = \"draft\"",
        &format!("status = \"draft\"\ntitle = \"{SECRET}\""),
    )
}

fn link(archive: &Archive, relative: &str, target: &Path) {
    let path = archive.path(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    symlink(target, path).unwrap();
}

#[track_caller]
fn never_shows_the_secret(run: &crate::support::Run) {
    assert!(
        !run.stdout.contains(SECRET) && !run.stderr.contains(SECRET),
        "the secret leaked:\n{}\n{}",
        run.stdout,
        run.stderr
    );
}

#[test]
fn setup_git_never_copies_what_a_linked_gitattributes_names() {
    let archive = Archive::new();
    archive.git_env(archive.root(), &["init", "-q"], &[]).ok();
    let (_dir, secret) = outside("attributes", SECRET);
    link(&archive, ".gitattributes", &secret);
    let run = archive.refuses(&["setup", "git"], 1, ".gitattributes is a symbolic link");
    never_shows_the_secret(&run);
    assert!(archive.path(".gitattributes").is_symlink());
    assert_eq!(std::fs::read_to_string(&secret).unwrap(), SECRET);
}

#[test]
fn a_template_that_links_outside_the_archive_is_not_rendered() {
    let archive = Archive::new();
    let (_dir, secret) = outside("secret.md", &format!("{SECRET}\n"));
    link(&archive, "templates/article.md", &secret);
    let run = archive.refuses(
        &["render", "2025-01-28", "--format", "md"],
        1,
        "templates/article.md is a symbolic link, so it is not read",
    );
    never_shows_the_secret(&run);
    run.stderr_has("replace the link with the file or folder itself");
    let run = archive.refuses(&["check"], 1, "templates/article.md is a symbolic link");
    never_shows_the_secret(&run);
}

#[test]
fn an_included_template_that_links_outside_is_named_itself() {
    let archive = Archive::new();
    let (_dir, secret) = outside("base.html", &format!("<p>{SECRET}</p>\n"));
    link(&archive, "templates/_base.html", &secret);
    let run = archive.refuses(
        &["render", "2025-01-28", "--format", "html"],
        1,
        "templates/_base.html is a symbolic link",
    );
    never_shows_the_secret(&run);
}

#[test]
fn a_linked_templates_folder_is_neither_listed_nor_read() {
    let archive = Archive::new();
    let (dir, _) = outside("article.md", &format!("{SECRET}\n"));
    link(&archive, "templates", dir.path());
    let run = archive.refuses(&["check"], 1, "templates is a symbolic link");
    never_shows_the_secret(&run);
    let run = archive.refuses(
        &["render", "2025-01-28", "--format", "md"],
        1,
        "templates/article.md is not read: templates is a symbolic link",
    );
    never_shows_the_secret(&run);
}

#[test]
fn a_meeting_file_that_links_outside_is_reported_not_read() {
    let archive = Archive::new();
    let (_dir, secret) = outside("2025-02-04.toml", &secret_meeting("2025-02-04"));
    link(&archive, "meetings/2025/2025-02-04.toml", &secret);
    let run = archive.refuses(
        &["check"],
        1,
        "meetings/2025/2025-02-04.toml is a symbolic link, so it is not read",
    );
    never_shows_the_secret(&run);
    let run = archive.minutes(&["list"]).ok();
    never_shows_the_secret(&run);
    run.stderr_has("left out 1 meeting file that could not be read");
    let run = archive.refuses(&["show", "2025-02-04"], 1, "is a symbolic link");
    never_shows_the_secret(&run);
    let run = archive.minutes(&["search", "secret"]);
    never_shows_the_secret(&run);
    // Nor is the link handed to an editor.
    let editor = [("EDITOR", "touch opened")];
    let run = archive.minutes_in(archive.root(), &["edit", "2025-02-04"], &editor);
    run.fails(1).stderr_has("is a symbolic link");
    assert!(!archive.path("opened").exists(), "the editor was started");
}

#[test]
fn a_year_folder_that_links_outside_is_not_walked() {
    let archive = Archive::new();
    let (dir, _) = outside("2026/2026-01-06.toml", &secret_meeting("2026-01-06"));
    link(&archive, "meetings/2026", &dir.path().join("2026"));
    let run = archive.refuses(&["check"], 1, "meetings/2026 is a symbolic link");
    never_shows_the_secret(&run);
    let run = archive.minutes(&["list"]).ok();
    never_shows_the_secret(&run);
    assert!(!run.stdout.contains("2026-01-06"), "{}", run.stdout);
}

#[test]
fn a_linked_meetings_folder_is_refused() {
    let archive = Archive::new();
    let (dir, _) = outside("2025/2025-01-28.toml", &secret_meeting("2025-01-28"));
    std::fs::remove_dir_all(archive.path("meetings")).unwrap();
    link(&archive, "meetings", dir.path());
    let run = archive.refuses(&["list"], 1, "meetings is a symbolic link");
    never_shows_the_secret(&run);
    archive.refuses(&["check"], 1, "meetings is a symbolic link");
}

#[test]
fn a_translation_that_links_outside_is_refused() {
    let archive = Archive::new();
    let (_dir, secret) = outside("de.toml", &format!("schema = 1\ntitle = \"{SECRET}\"\n"));
    link(&archive, "meetings/2025/2025-01-28.de.toml", &secret);
    let run = archive.refuses(
        &["render", "2025-01-28", "--lang", "de"],
        1,
        "meetings/2025/2025-01-28.de.toml is a symbolic link",
    );
    never_shows_the_secret(&run);
    let run = archive.refuses(&["check"], 1, "2025-01-28.de.toml is a symbolic link");
    never_shows_the_secret(&run);
}

#[test]
fn a_phrase_table_that_links_outside_is_refused() {
    let archive = Archive::new();
    let (_dir, secret) = outside("de.toml", &format!("opening = \"{SECRET} {{lead}}\"\n"));
    link(&archive, "templates/lang/de.toml", &secret);
    let run = archive.refuses(
        &["render", "2025-01-28", "--lang", "de"],
        1,
        "templates/lang/de.toml is a symbolic link",
    );
    never_shows_the_secret(&run);
    let run = archive.refuses(&["check"], 1, "templates/lang/de.toml is a symbolic link");
    never_shows_the_secret(&run);
}

/// An archive whose meeting of 2025-02-04 is a FIFO nobody writes to.
fn with_fifo() -> Archive {
    let mut archive = Archive::new();
    let made = std::process::Command::new("mkfifo")
        .arg(archive.path("meetings/2025/2025-02-04.toml"))
        .status()
        .expect("mkfifo");
    assert!(made.success());
    // A command that opens the FIFO waits for ever: fail instead.
    archive.timeout = Duration::from_secs(30);
    archive
}

#[test]
fn a_fifo_in_meetings_is_reported_and_never_opened() {
    let archive = with_fifo();
    archive
        .refuses(
            &["check"],
            1,
            "meetings/2025/2025-02-04.toml is a FIFO (named pipe), not a regular file",
        )
        .stderr_has("minutes reads only regular files and folders; remove it");
    archive
        .minutes(&["list"])
        .ok()
        .stdout_has("2025-01-28")
        .stderr_has("left out 1 meeting file that could not be read");
    archive.minutes(&["search", "goma"]).ok().stdout_has("Goma");
    archive.refuses(&["show", "2025-02-04"], 1, "is a FIFO (named pipe)");
}

/// The journal an interrupted `redate` leaves in an archive outside git,
/// with one step: `file` created, or replaced when it holds `before`.
fn journal(archive: &Archive, file: &str, before: Option<&str>) {
    let step = serde_json::json!({ "file": file, "before": before, "after": "planted\n" });
    let text = serde_json::json!({ "from": "2025-01-28", "to": "2025-01-29", "steps": [step] });
    archive.write(".minutes/redate.json", &text.to_string());
}

#[test]
fn a_journal_in_the_archive_cannot_write_outside_meetings() {
    let archive = Archive::new();
    journal(&archive, "meetings/../planted.txt", None);
    archive
        .minutes(&["check"])
        .ok()
        .stderr_has("set aside the damaged journal of an interrupted redate");
    assert!(!archive.path("planted.txt").exists());
    assert!(archive.path(".minutes/redate.json.damaged").exists());
}

#[test]
fn a_journal_step_on_a_fifo_is_left_and_never_opened() {
    let archive = with_fifo();
    journal(&archive, "meetings/2025/2025-02-04.toml", Some("x"));
    archive
        .minutes(&["check"])
        .fails(1)
        .stderr_has("meetings/2025/2025-02-04.toml is a FIFO")
        .stderr_has("changed since, so left as is");
    assert!(!archive.path(".minutes/redate.json").exists());
}

#[test]
fn a_fifo_with_any_name_is_reported_by_check() {
    let mut archive = Archive::new();
    archive.timeout = Duration::from_secs(30);
    let made = std::process::Command::new("mkfifo")
        .arg(archive.path("meetings/2025/notes"))
        .status()
        .expect("mkfifo");
    assert!(made.success());
    archive.refuses(&["check"], 1, "meetings/2025/notes is a FIFO (named pipe)");
}

#[test]
fn dev_zero_behind_a_link_is_not_read() {
    let mut archive = Archive::new();
    archive.timeout = Duration::from_secs(30);
    link(
        &archive,
        "meetings/2025/2025-02-04.toml",
        Path::new("/dev/zero"),
    );
    archive.refuses(
        &["check"],
        1,
        "meetings/2025/2025-02-04.toml is a symbolic link",
    );
    archive.minutes(&["list"]).ok().stdout_has("2025-01-28");
}

#[test]
fn a_socket_in_meetings_is_reported() {
    let archive = Archive::new();
    let _socket =
        std::os::unix::net::UnixListener::bind(archive.path("meetings/2025/2025-02-04.toml"))
            .unwrap();
    archive.refuses(&["check"], 1, "meetings/2025/2025-02-04.toml is a socket");
    archive.minutes(&["list"]).ok().stdout_has("2025-01-28");
}

/// `text` padded with a comment to more than the 8 MiB a file may hold.
fn oversized(text: &str) -> String {
    let line = format!("# {}\n", "x".repeat(1021));
    text.to_string() + &line.repeat(9 * 1024)
}

#[test]
fn a_meeting_above_the_size_limit_is_refused_before_it_is_read() {
    let archive = Archive::new();
    archive.write(
        "meetings/2025/2025-02-04.toml",
        &oversized(&MEETING.replace("2025-01-28", "2025-02-04")),
    );
    archive
        .refuses(
            &["check"],
            1,
            "the file is 9.0 MiB, more than the 8 MiB minutes reads from one file",
        )
        .stderr_has("--> meetings/2025/2025-02-04.toml")
        .stderr_has("check where this file came from");
    archive
        .minutes(&["list"])
        .ok()
        .stderr_has("left out 1 meeting file that could not be read");
    archive.refuses(&["show", "2025-02-04"], 1, "more than the 8 MiB");
}

#[test]
fn commit_reads_the_changed_meetings_as_every_file_is_read() {
    let archive = Archive::new();
    let file = "meetings/2025/2025-01-28.toml";
    archive.git_env(archive.root(), &["init", "-q"], &[]).ok();
    archive.minutes(&["commit", "-m", "Start"]).ok();
    let head = || {
        let run = archive.git_env(archive.root(), &["rev-parse", "HEAD"], &[]);
        run.ok().stdout
    };
    let before = head();
    // Past `check`, the message is made from the file: it is not read whole.
    archive.write(file, &oversized(MEETING));
    archive
        .minutes(&["commit", "--no-verify"])
        .fails(1)
        .stderr_has("the file is 9.0 MiB, more than the 8 MiB")
        .stderr_has(file);
    assert_eq!(head(), before, "a commit was made");
}

#[test]
fn a_revision_above_the_size_limit_is_refused_before_it_is_read() {
    let archive = Archive::new();
    let file = "meetings/2025/2025-01-28.toml";
    let git = |args: &[&str]| archive.git_env(archive.root(), args, &[]).ok();
    git(&["init", "-q"]);
    // A history from elsewhere, made with git alone.
    archive.write(file, &oversized(MEETING));
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "Padded"]);
    archive.write(file, MEETING);
    archive
        .refuses(&["show", "2025-01-28", "--at", "HEAD"], 1, file)
        .stderr_has("is 9.0 MiB, more than the 8 MiB minutes reads from one file")
        .stderr_has("check where this revision came from");
    archive.minutes(&["show", "2025-01-28"]).ok();
}

#[test]
fn a_configuration_or_template_above_the_size_limit_is_refused() {
    let archive = Archive::new();
    archive.write("templates/article.md", &oversized("{{ meeting.title }}\n"));
    archive.refuses(
        &["render", "2025-01-28", "--format", "md"],
        1,
        "the file is 9.0 MiB",
    );
    archive.refuses(&["check"], 1, "templates/article.md");
    archive.write("minutes.toml", &oversized(crate::support::CONFIG));
    archive
        .refuses(&["list"], 1, "the file is 9.0 MiB")
        .stderr_has("--> minutes.toml");
}

/// Control characters as TOML escapes: a line break that would forge a row
/// of `list`, a terminal title (OSC), a bell, and a screen clear.
const FORGERY: &str =
    r"Evil\n2099-01-01    published  Forged row\u001b]0;pwned\u0007\u001b[2J\r\u2028";

#[track_caller]
fn no_control_characters(text: &str, what: &str) {
    let bad: Vec<char> = text
        .chars()
        .filter(|c| c.is_control() && *c != '\n')
        .collect();
    assert!(bad.is_empty(), "{what} carries {bad:?}:\n{text}");
}

#[test]
fn terminal_views_never_carry_control_characters_from_the_data() {
    let archive = Archive::new();
    archive.write(
        "minutes.toml",
        &crate::support::CONFIG.replace("lu = \"Lu Wei\"", &format!("lu = \"Lu{FORGERY}\"")),
    );
    let meeting = MEETING
        .replace("status = \"draft\"", &format!("status = \"draft\"\ntitle = \"{FORGERY}\""))
        .replace(
            "notes = \"M23 took Goma.\"",
            &format!("notes = \"M23 took Goma. {FORGERY}\"\ndecisions = [\"{FORGERY}\"]\ntags = [\"congo\"]"),
        )
        .replace("task = \"Collect the figures\"", &format!("task = \"Collect {FORGERY}\""));
    archive.write("meetings/2025/2025-01-28.toml", &meeting);
    // JSON escapes by itself and keeps the data as it is.
    let json = archive.minutes(&["list", "--json"]).ok().json();
    let title = json[0]["title"].as_str().unwrap();
    assert!(
        title.starts_with("Evil\n2099") && title.contains("\u{1b}]0;pwned\u{7}"),
        "{title}"
    );
    assert!(title.ends_with("\r\u{2028}"), "{title:?}");
    let list = archive.minutes(&["list"]).ok();
    no_control_characters(&list.stdout, "list");
    assert_eq!(
        list.stdout.lines().count(),
        1,
        "a row was forged:\n{}",
        list.stdout
    );
    list.stdout_has("Evil␊2099-01-01")
        .stdout_has("Forged row␛]0;pwned␇␛[2J␍");
    for command in [
        &["show", "2025-01-28"][..],
        &["actions"],
        &["decisions"],
        &["topic", "congo"],
        &["search", "goma"],
        &["attendance"],
    ] {
        let run = archive.minutes(command).ok();
        no_control_characters(&run.stdout, command[0]);
        no_control_characters(&run.stderr, command[0]);
    }
    // In colour, our own codes pass and nothing else.
    let run = archive
        .minutes(&["--color", "always", "show", "2025-01-28"])
        .ok();
    for (at, _) in run.stdout.match_indices('\x1b') {
        let code = &run.stdout[at + 1..];
        let end = code.find('m').unwrap();
        assert!(
            code.starts_with('[')
                && code[1..end]
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b == b';'),
            "a sequence other than a colour: {:?}",
            &code[..end.min(12)]
        );
    }
    assert!(!run.stdout.contains("\x1b]"), "{}", run.stdout);
}

/// `text` as `no_control_characters` wants it, and without a line that the
/// data began: FORGERY's line break must show as `␊`, never end a line.
#[track_caller]
fn no_forged_line(text: &str, what: &str) {
    no_control_characters(text, what);
    assert!(
        !text
            .lines()
            .any(|l| l.trim_start().starts_with("2099-01-01")),
        "{what}: a line was forged:\n{text}"
    );
}

#[test]
fn the_views_of_attendees_links_refs_and_git_keep_each_value_on_its_line() {
    let archive = Archive::new();
    let meeting = format!(
        r#"schema = 1
date = 2025-01-28
status = "final"
chair = "anna"
present = ["anna"]

[[attendees]]
name = "Dana {f}"
role = "invited {f}"
affiliation = "Elsewhere {f}"
note = "{f}"

[[links]]
kind = "recording"
url = "https://video.example.org/r/1"
label = "Recording {f}"

[[items]]
id = "congo"
title = "Congo {f}"
section = "World {f}"
refs = ["un/council#2773"]
decisions = [{{ text = "Adopt {f}", kind = "resolution" }}]
"#,
        f = FORGERY
    );
    archive.write("meetings/2025/2025-01-28.toml", &meeting);
    for command in [
        &["show", "2025-01-28"][..],
        &["refs"],
        &["refs", "un/council#2773"],
        &["attendance", "--guests"],
        &["decisions", "--kind", "resolution"],
        &["search", "adopt"],
    ] {
        let run = archive.minutes(command).ok();
        no_forged_line(&run.stdout, &command.join(" "));
        no_forged_line(&run.stderr, &command.join(" "));
    }
    archive
        .minutes(&["attendance", "--guests"])
        .ok()
        .stdout_has("invited Evil␊2099-01-01");

    // git's side: a commit summary, and a file name with a line break.
    archive.git_env(archive.root(), &["init", "-q"], &[]).ok();
    archive.git_env(archive.root(), &["add", "-A"], &[]).ok();
    let summary = "Start\x1b]0;pwned\x07";
    let commit = ["commit", "-q", "-m", summary];
    archive.git_env(archive.root(), &commit, &[]).ok();
    archive.write("meetings/2025/notes\n2099-01-01 forged.toml~", "x");
    let run = archive.minutes(&["status"]).ok();
    no_forged_line(&run.stdout, "status");
    run.stdout_has("Start␛]0;pwned␇")
        .stdout_has("notes␊2099-01-01 forged.toml~");
    let run = archive.minutes(&["commit"]).fails(1);
    no_forged_line(&run.stderr, "commit");
    run.stderr_has("notes␊2099-01-01 forged.toml~ (a backup file)");
}

#[test]
fn the_merge_driver_and_sync_keep_each_conflict_on_its_line() {
    use crate::sync::{FILE, Group};
    // The driver, as git runs it on three versions of a meeting whose item
    // id holds control characters, for a path that holds a line break.
    let archive = Archive::new();
    let version =
        |title: &str| format!("{MEETING}\n[[items]]\nid = \"x{FORGERY}\"\ntitle = \"{title}\"\n");
    archive.write("base.toml", &version("T"));
    archive.write("ours.toml", &version("A"));
    archive.write("theirs.toml", &version("B"));
    let path = "meetings/2025/x\n2099-01-01.toml";
    let run = archive
        .minutes(&["merge-file", "base.toml", "ours.toml", "theirs.toml", path])
        .fails(1);
    no_forged_line(&run.stderr, "merge-file");
    run.stderr_has("x␊2099-01-01.toml: conflict in the title of item \"xEvil␊2099-01-01");

    // sync: an item whose id and title hold them comes in, then both sides
    // change its title.
    let group = Group::new();
    let item = format!("\n[[items]]\nid = \"x{FORGERY}\"\ntitle = \"T{FORGERY}\"\n");
    let end = "Talks are planned.\n\"\"\"\n";
    group.edit("anna", FILE, end, &format!("{end}{item}"));
    group.minutes("anna", &["commit", "--no-verify"]).ok();
    group.minutes("anna", &["sync"]).ok();
    let run = group.minutes("lu", &["sync"]).ok();
    no_forged_line(&run.stdout, "sync");
    run.stdout_has("item \"TEvil␊2099-01-01");
    let title = format!("title = \"T{FORGERY}\"");
    for (who, new) in [("anna", "title = \"A\""), ("lu", "title = \"B\"")] {
        group.edit(who, FILE, &title, new);
        group.minutes(who, &["commit", "--no-verify"]).ok();
    }
    group.minutes("anna", &["sync"]).ok();
    let run = group.minutes("lu", &["sync"]).fails(1);
    no_forged_line(&run.stdout, "sync");
    no_forged_line(&run.stderr, "sync");
    run.stdout_has("the title of item \"xEvil␊2099-01-01");
}

#[test]
fn diagnostics_never_carry_control_characters_from_the_file() {
    let archive = Archive::new();
    // A raw ESC and BEL in a string: a syntax error whose line is shown.
    archive.write(
        "meetings/2025/2025-01-28.toml",
        &MEETING.replace(
            "status = \"draft\"",
            "status = \"draft\"\ntitle = \"x\x1b]0;pwned\x07\"",
        ),
    );
    let run = archive.refuses(&["check"], 1, "meetings/2025/2025-01-28.toml:4:");
    no_control_characters(&run.stderr, "check");
    run.stderr_has("␛]0;pwned␇");
    let run = archive.refuses(
        &["show", "2025-01-28"],
        1,
        "meetings/2025/2025-01-28.toml:4:",
    );
    no_control_characters(&run.stderr, "show");
    // Messages that quote what was typed or found are escaped as well.
    let run = archive.refuses(&["show", "2025\x1b]0;pwned\x07"], 2, "2025␛]0;pwned␇");
    no_control_characters(&run.stderr, "show");
}

#[test]
fn markdown_reports_carry_no_html_and_no_harmful_link_from_the_data() {
    let archive = Archive::new();
    archive.write("meetings/2025/2025-01-28.toml", crate::render::HOSTILE);
    for template in ["article", "minutes", "agenda"] {
        let run = archive
            .minutes(&[
                "render",
                "2025-01-28",
                "--template",
                template,
                "--format",
                "md",
            ])
            .ok();
        for tag in crate::render::tags(&run.stdout) {
            // The minutes' own anchors are the only markup of the template.
            assert!(
                tag.starts_with("<a id=\"") || tag == "</a>",
                "{tag} reached the {template} Markdown:\n{}",
                run.stdout
            );
        }
        // A harmful link is text: its `[` is escaped.
        for (at, _) in run.stdout.match_indices("](javascript:") {
            let open = run.stdout[..at].rfind('[').unwrap();
            assert!(
                run.stdout[..open].ends_with('\\'),
                "a live link:\n{}",
                run.stdout
            );
        }
    }
    let minutes = archive
        .minutes(&[
            "render",
            "2025-01-28",
            "--template",
            "minutes",
            "--format",
            "md",
        ])
        .ok();
    minutes
        .stdout_has("**&lt;script&gt;alert('title')&lt;/script&gt;**")
        .stdout_has("Text &lt;script>alert(3)&lt;/script>")
        .stdout_has("\\[a link](javascript:alert(5))")
        .stdout_has("&lt;iframe src=javascript:alert(11)&gt;");
}
