//! `minutes publish`: final minutes become published in a commit with an
//! annotated tag, signed with gpg or ssh as git signs (checked by `git
//! verify-tag`); a correction gets a tag of its own; every refusal changes
//! nothing.

use std::path::Path;
use std::process::Command;

use crate::support::Archive;

/// The sample archive in a git repository, everything committed; the
/// meetings of 11 and 18 February are final.
fn committed() -> Archive {
    let archive = Archive::sample();
    git(&archive, &["init", "-q", "-b", "main"]);
    git(&archive, &["add", "-A"]);
    git(&archive, &["commit", "-q", "-m", "start"]);
    archive
}

/// Runs git in the archive and returns its stdout; it must succeed.
#[track_caller]
fn git(archive: &Archive, args: &[&str]) -> String {
    archive.git(archive.root(), args)
}

fn tags(archive: &Archive) -> Vec<String> {
    git(archive, &["tag", "-l"])
        .lines()
        .map(str::to_string)
        .collect()
}

fn head(archive: &Archive) -> String {
    git(archive, &["rev-parse", "HEAD"]).trim().to_string()
}

#[test]
fn a_final_meeting_is_published_committed_and_tagged() {
    let archive = committed();
    let before = head(&archive);
    let run = archive
        .minutes(&["publish", "2025-02-11", "--date", "2025-02-14"])
        .ok();
    assert!(
        run.stdout
            .starts_with("published 2025-02-11 on 2025-02-14: tag published/2025-02-11 at "),
        "{}",
        run.stdout
    );
    let text = archive.read("meetings/2025/2025-02-11.toml");
    assert!(text.contains("status = \"published\""), "{text}");
    assert!(
        text.ends_with("[publication]\ndate = 2025-02-14\n"),
        "{text}"
    );
    // One commit on top, of the meeting alone, in meeting terms.
    assert_eq!(git(&archive, &["rev-parse", "HEAD~1"]).trim(), before);
    let subject = git(&archive, &["log", "-1", "--format=%s"]);
    assert!(subject.starts_with("2025-02-11: published \""), "{subject}");
    let files = git(&archive, &["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(files.trim(), "meetings/2025/2025-02-11.toml");
    assert!(git(&archive, &["status", "--porcelain"]).is_empty());
    // An annotated tag on that commit, naming the meeting and its title.
    assert_eq!(tags(&archive), ["published/2025-02-11"]);
    assert_eq!(
        git(&archive, &["cat-file", "-t", "published/2025-02-11"]).trim(),
        "tag"
    );
    assert_eq!(
        git(&archive, &["rev-parse", "published/2025-02-11^{commit}"]).trim(),
        head(&archive)
    );
    let message = git(
        &archive,
        &["tag", "-l", "--format=%(contents)", "published/2025-02-11"],
    );
    assert!(
        message.starts_with(&subject.trim().to_string()),
        "{message}"
    );
    assert!(message.contains("published on 2025-02-14"), "{message}");
    assert_eq!(
        git(
            &archive,
            &["tag", "-l", "--format=%(taggername) %(taggeremail)"]
        )
        .trim(),
        "Test Scribe <scribe@example.org>"
    );
    archive.minutes(&["check", "2025-02-11"]).ok();
}

#[test]
fn the_date_is_today_by_default_and_the_prefix_is_configurable() {
    let archive = committed();
    let config = archive.read("minutes.toml").replace(
        "output = \"public\"",
        "output = \"public\"\ntag_prefix = \"minutes-\"",
    );
    archive.write("minutes.toml", &config);
    git(&archive, &["commit", "-qam", "prefix"]);
    let run = archive.minutes(&["--json", "publish", "2025-02-18"]).ok();
    let json = run.json();
    assert_eq!(json["tag"], "minutes-2025-02-18");
    assert_eq!(json["date"], "2025-03-05");
    assert_eq!(json["dry_run"], false);
    assert_eq!(tags(&archive), ["minutes-2025-02-18"]);
    assert!(
        archive
            .read("meetings/2025/2025-02-18.toml")
            .contains("date = 2025-03-05")
    );
}

#[test]
fn a_dry_run_says_what_it_would_do_and_does_nothing() {
    let archive = committed();
    let before = head(&archive);
    let files = archive.files();
    archive
        .minutes(&["publish", "2025-02-11", "--dry-run"])
        .ok()
        .stdout_has("would publish 2025-02-11 on 2025-03-05: set status = \"published\" and the date, commit, and make the tag published/2025-02-11");
    assert_eq!(archive.files(), files);
    assert_eq!(head(&archive), before);
    assert!(tags(&archive).is_empty());
}

#[test]
fn a_correction_gets_a_new_tag_and_the_first_never_moves() {
    let archive = committed();
    archive
        .minutes(&["publish", "2025-02-11", "--date", "2025-02-14"])
        .ok();
    let first = git(&archive, &["rev-parse", "published/2025-02-11"]);
    // Published and unchanged: nothing to publish.
    let again = archive.refuses(
        &["publish", "2025-02-11"],
        1,
        "error: 2025-02-11 is published as `published/2025-02-11`, and has not changed since",
    );
    assert!(
        again.stderr.contains("help: to publish a correction"),
        "{}",
        again.stderr
    );
    // A correction, committed, then published.
    let path = "meetings/2025/2025-02-11.toml";
    let corrected = archive
        .read(path)
        .replacen("notes = \"\"\"", "notes = \"\"\"Corrected. ", 1);
    archive.write(path, &corrected);
    archive.minutes(&["commit", "2025-02-11"]).ok();
    archive
        .minutes(&["publish", "2025-02-11", "--date", "2025-03-01"])
        .ok()
        .stdout_has(
            "published a correction of 2025-02-11 on 2025-03-01: tag published/2025-02-11-2",
        );
    assert_eq!(
        tags(&archive),
        ["published/2025-02-11", "published/2025-02-11-2"]
    );
    assert_eq!(git(&archive, &["rev-parse", "published/2025-02-11"]), first);
    let text = archive.read(path);
    assert!(
        text.contains("date = 2025-02-14\nupdated = 2025-03-01\n"),
        "{text}"
    );
    let message = git(
        &archive,
        &[
            "tag",
            "-l",
            "--format=%(contents:subject)",
            "published/2025-02-11-2",
        ],
    );
    assert!(
        message.starts_with("2025-02-11: correction published"),
        "{message}"
    );
}

#[test]
fn what_cannot_be_published_is_refused_and_nothing_changes() {
    let archive = committed();
    let before = head(&archive);
    archive
        .refuses(
            &["publish", "2025-03-04"],
            1,
            "error: 2025-03-04 is at status \"draft\"; only final minutes are published",
        )
        .stderr_has("help: once the minutes are reviewed, set status = \"final\"");
    archive.refuses(
        &["publish", "2025-02-11", "--date", "2025-02-10"],
        2,
        "cannot be published on 2025-02-10, before the call took place",
    );
    // Uncommitted changes in the meeting or its translation.
    let path = "meetings/2025/2025-02-11.toml";
    let text = archive.read(path);
    archive.write(path, &format!("{text}# a note\n"));
    archive
        .refuses(
            &["publish", "2025-02-11"],
            1,
            "error: 2025-02-11 has uncommitted changes (meetings/2025/2025-02-11.toml), so it was not published",
        )
        .stderr_has("help: commit them first (`minutes commit 2025-02-11`)");
    archive.write(path, &text);
    archive.write(
        "meetings/2025/2025-02-11.de.toml",
        "schema = 1\ntitle = \"Neu\"\n",
    );
    archive.refuses(
        &["publish", "2025-02-11"],
        1,
        "has uncommitted changes (meetings/2025/2025-02-11.de.toml)",
    );
    std::fs::remove_file(archive.path("meetings/2025/2025-02-11.de.toml")).unwrap();
    // An error that check finds, committed.
    archive.write(
        path,
        &text.replace("chair = \"anna\"", "chair = \"nobody-known\""),
    );
    git(&archive, &["commit", "-qam", "a slip"]);
    let slipped = head(&archive);
    archive
        .refuses(
            &["publish", "2025-02-11"],
            1,
            "error: `minutes check` found 1 error in 2025-02-11, so it was not published",
        )
        .stderr_has("meetings/2025/2025-02-11.toml:");
    assert_eq!(head(&archive), slipped);
    assert_ne!(slipped, before);
    assert!(tags(&archive).is_empty());
}

#[test]
fn an_existing_tag_is_never_moved() {
    let archive = committed();
    git(
        &archive,
        &[
            "tag",
            "-a",
            "-m",
            "2025-02-11: published by hand",
            "published/2025-02-11",
        ],
    );
    let before = head(&archive);
    archive
        .refuses(
            &["publish", "2025-02-11"],
            1,
            "error: 2025-02-11 was published before (the tag `published/2025-02-11` exists), but its status is \"final\"",
        )
        .stderr_has("help: a tag never moves");
    // A tag of that name that is not the meeting's.
    git(&archive, &["tag", "-d", "published/2025-02-11"]);
    git(&archive, &["tag", "published/2025-02-11"]);
    archive.refuses(
        &["publish", "2025-02-11"],
        1,
        "2025-02-11 was published before (the tag `published/2025-02-11` exists)",
    );
    assert_eq!(head(&archive), before);
}

#[test]
fn a_meeting_published_by_hand_gets_its_tag() {
    let archive = committed();
    let before = head(&archive);
    archive
        .minutes(&["publish", "2025-01-28"])
        .ok()
        .stdout_has("published 2025-01-28 on 2025-03-05: tag published/2025-01-28");
    // Nothing to change in the file: no commit, the tag on HEAD.
    assert_eq!(head(&archive), before);
    assert_eq!(
        git(&archive, &["rev-parse", "published/2025-01-28^{commit}"]).trim(),
        before
    );
}

/// Whether `program` runs here; a test that needs it says when it skips.
fn have(program: &str, test: &str) -> bool {
    let found = Command::new(program).arg("--version").output().is_ok();
    if !found {
        let note = format!("{test}: skipped, `{program}` is not installed\n");
        let _ = std::io::Write::write_all(&mut std::io::stderr(), note.as_bytes());
    }
    found
}

#[test]
fn a_tag_signed_with_gpg_passes_git_verify_tag() {
    if !have("gpg", "a_tag_signed_with_gpg_passes_git_verify_tag") {
        return;
    }
    let archive = committed();
    let gnupg = archive.home().join("gnupg");
    std::fs::create_dir_all(&gnupg).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&gnupg, std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    let home = gnupg.to_str().unwrap();
    let made = Command::new("gpg")
        .env("GNUPGHOME", home)
        .args(["--batch", "--pinentry-mode", "loopback", "--passphrase", ""])
        .args([
            "--quick-gen-key",
            "Test Scribe <scribe@example.org>",
            "ed25519",
            "sign",
            "never",
        ])
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let env = [("GNUPGHOME", home)];
    archive
        .minutes_in(archive.root(), &["publish", "2025-02-11", "--sign"], &env)
        .ok()
        .stdout_has("signed tag published/2025-02-11");
    let verified = archive.git_env(
        archive.root(),
        &["verify-tag", "published/2025-02-11"],
        &env,
    );
    assert_eq!(verified.code, 0, "{}", verified.stderr);
    assert!(
        verified.stderr.contains("Good signature"),
        "{}",
        verified.stderr
    );
    let _ = Command::new("gpgconf")
        .env("GNUPGHOME", home)
        .args(["--kill", "all"])
        .output();
}

#[test]
fn a_tag_signed_with_an_ssh_key_passes_git_verify_tag() {
    if !have(
        "ssh-keygen",
        "a_tag_signed_with_an_ssh_key_passes_git_verify_tag",
    ) {
        return;
    }
    let archive = committed();
    let key = archive.home().join("id_ed25519");
    let made = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "scribe", "-f"])
        .arg(&key)
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let public = std::fs::read_to_string(key.with_extension("pub")).unwrap();
    let allowed = archive.home().join("allowed_signers");
    std::fs::write(&allowed, format!("scribe@example.org {public}")).unwrap();
    for (k, v) in [
        ("gpg.format", "ssh"),
        ("user.signingKey", key.to_str().unwrap()),
        ("gpg.ssh.allowedSignersFile", allowed.to_str().unwrap()),
    ] {
        git(&archive, &["config", k, v]);
    }
    archive
        .minutes(&["publish", "2025-02-18", "--sign"])
        .ok()
        .stdout_has("signed tag published/2025-02-18");
    let verified = archive.git_env(archive.root(), &["verify-tag", "published/2025-02-18"], &[]);
    assert_eq!(verified.code, 0, "{}", verified.stderr);
    assert!(
        verified.stderr.contains("Good \"git\" signature"),
        "{}",
        verified.stderr
    );
    // A key that cannot sign: the commit is made, the tag is not, and
    // publishing again makes it.
    git(&archive, &["config", "user.signingKey", "/nonexistent/key"]);
    let run = archive
        .minutes(&["publish", "2025-02-11", "--sign"])
        .fails(1)
        .stderr_has("2025-02-11 was committed as published, but the tag `published/2025-02-11` was not made");
    assert!(
        run.stderr
            .contains("help: fix that and run `minutes publish 2025-02-11 --sign` again"),
        "{}",
        run.stderr
    );
    assert!(!tags(&archive).contains(&"published/2025-02-11".to_string()));
    git(
        &archive,
        &["config", "user.signingKey", key.to_str().unwrap()],
    );
    let head_before = head(&archive);
    archive.minutes(&["publish", "2025-02-11", "--sign"]).ok();
    assert_eq!(head(&archive), head_before);
    let verified = archive.git_env(archive.root(), &["verify-tag", "published/2025-02-11"], &[]);
    assert_eq!(verified.code, 0, "{}", verified.stderr);
    assert!(Path::new(&allowed).is_file());
}
