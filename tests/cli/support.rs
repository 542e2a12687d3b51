//! The test harness: a temporary archive, the real binary, fixed clock and author.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use tempfile::TempDir;

/// The project's own folder: the sample archive.
pub fn project() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The clock every test runs at, unless it says otherwise.
pub const NOW: &str = "2025-03-05T10:00:00Z";

pub const CONFIG: &str = r#"[archive]
title = "Test call"
language = "en"
timezone = "Europe/Rome"

[series.tuesday]
name = "Tuesday teleconference"
every = "week"
on = "tuesday"
at = "21:00"
duration = "2h"
standing = ["News of the week"]
skip = [2025-03-18]

[people]
anna = "Anna Rossi"
marco = "Marco Bellini"
lu = "Lu Wei"
"#;

pub const MEETING: &str = r#"schema = 1
date = 2025-01-28
status = "draft"
chair = "anna"
scribe = "marco"
present = ["anna", "marco"]

[[items]]
id = "congo"
title = "The situation in Congo"
notes = "M23 took Goma."

[[items.actions]]
id = "a1"
owner = "lu"
task = "Collect the figures"
"#;

/// A temporary archive and the binary to run in it.
pub struct Archive {
    dir: TempDir,
    /// A home folder of its own, outside the archive, so that the machine's git
    /// configuration does not leak in; the identity comes from GIT_AUTHOR_*.
    home: TempDir,
    pub now: String,
    /// How long a run may take before it counts as hung (and fails).
    pub timeout: std::time::Duration,
}

/// What a run of the binary gave.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    #[track_caller]
    pub fn ok(self) -> Self {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn fails(self, code: i32) -> Self {
        assert_eq!(
            self.code, code,
            "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn stderr_has(self, needle: &str) -> Self {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr
        );
        self
    }

    #[track_caller]
    pub fn stdout_has(self, needle: &str) -> Self {
        assert!(
            self.stdout.contains(needle),
            "stdout lacks {needle:?}:\n{}",
            self.stdout
        );
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", self.stdout))
    }
}

impl Archive {
    /// An empty folder (not yet an archive).
    pub fn empty() -> Self {
        Archive {
            dir: tempfile::tempdir().expect("temp dir"),
            home: tempfile::tempdir().expect("temp dir"),
            now: NOW.into(),
            timeout: std::time::Duration::from_secs(120),
        }
    }

    /// A small archive: the test configuration and one meeting.
    pub fn new() -> Self {
        let archive = Archive::empty();
        archive.write("minutes.toml", CONFIG);
        archive.write("meetings/2025/2025-01-28.toml", MEETING);
        archive
    }

    /// A copy of the project's sample archive.
    pub fn sample() -> Self {
        let archive = Archive::empty();
        let root = project();
        archive.write(
            "minutes.toml",
            &std::fs::read_to_string(root.join("minutes.toml")).unwrap(),
        );
        copy_tree(&root.join("meetings"), &archive.path("meetings"));
        archive
    }

    /// A copy of the fixture archive `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Self {
        let archive = Archive::empty();
        copy_tree(&project().join("tests/fixtures").join(name), archive.root());
        archive
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, relative: &str, text: &str) {
        self.write_bytes(relative, text.as_bytes());
    }

    pub fn write_bytes(&self, relative: &str, bytes: &[u8]) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
    }

    /// Every file below the root (but .git), with its bytes.
    pub fn files(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut out = BTreeMap::new();
        collect(self.root(), self.root(), &mut out);
        out
    }

    /// Runs `minutes` with `args` in the archive, with a fixed clock and a
    /// git identity of its own, and colour off.
    pub fn minutes(&self, args: &[&str]) -> Run {
        self.minutes_in(self.root(), args, &[])
    }

    /// Runs `minutes` in `dir` with extra environment variables.
    pub fn minutes_in(&self, dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
        self.minutes_env(dir, args, env, &[])
    }

    /// Runs `minutes` in `dir` with extra environment variables set and
    /// some of the usual ones (`unset`) left out.
    pub fn minutes_env(
        &self,
        dir: &Path,
        args: &[&str],
        env: &[(&str, &str)],
        unset: &[&str],
    ) -> Run {
        let mut cmd = assert_cmd::Command::cargo_bin("minutes").unwrap();
        cmd.args(args);
        self.run(cmd, dir, env, unset)
    }

    /// Runs `minutes ARGS` in the archive through `wrapper`, a program and
    /// its first arguments that then run the binary, such as
    /// `sh -c 'umask 027 && exec "$@"' sh`.
    pub fn minutes_through(&self, wrapper: &[&str], args: &[&str]) -> Run {
        let mut cmd = assert_cmd::Command::new(wrapper[0]);
        cmd.args(&wrapper[1..])
            .arg(env!("CARGO_BIN_EXE_minutes"))
            .args(args);
        self.run(cmd, self.root(), &[], &[])
    }

    /// Runs `cmd` in `dir` with the test environment, plus `env`, less `unset`.
    fn run(
        &self,
        mut cmd: assert_cmd::Command,
        dir: &Path,
        env: &[(&str, &str)],
        unset: &[&str],
    ) -> Run {
        let home = self.home.path();
        cmd.current_dir(dir)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Test Scribe")
            .env("GIT_AUTHOR_EMAIL", "scribe@example.org")
            .env("GIT_COMMITTER_NAME", "Test Scribe")
            .env("GIT_COMMITTER_EMAIL", "scribe@example.org")
            .env("MINUTES_NOW", &self.now)
            .env("RUST_BACKTRACE", "0")
            .env("NO_COLOR", "1")
            .timeout(self.timeout);
        for (key, value) in env {
            cmd.env(key, value);
        }
        for key in unset {
            cmd.env_remove(key);
        }
        let output: Output = cmd.output().expect("run minutes");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// The home folder the binary runs with.
    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// Runs the real `git` in `dir` as [`Archive::git_env`] does, and
    /// returns its stdout; it must succeed.
    #[track_caller]
    pub fn git(&self, dir: &Path, args: &[&str]) -> String {
        let run = self.git_env(dir, args, &[]);
        assert_eq!(run.code, 0, "git {args:?}: {}", run.stderr);
        run.stdout
    }

    /// Runs the real `git` in `dir` with the environment `minutes` gets
    /// (its own home, the test identity) and `env` on top.
    pub fn git_env(&self, dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
        let home = self.home.path();
        let mut cmd = std::process::Command::new("git");
        cmd.current_dir(dir)
            .args(args)
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Test Scribe")
            .env("GIT_AUTHOR_EMAIL", "scribe@example.org")
            .env("GIT_COMMITTER_NAME", "Test Scribe")
            .env("GIT_COMMITTER_EMAIL", "scribe@example.org");
        for (key, value) in env {
            cmd.env(key, value);
        }
        let output = cmd.output().expect("run git");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Asserts that `args` fail with `code`, say `needle` on stderr, and
    /// change no file.
    #[track_caller]
    pub fn refuses(&self, args: &[&str], code: i32, needle: &str) -> Run {
        let before = self.files();
        let run = self.minutes(args).fails(code).stderr_has(needle);
        assert!(
            self.files() == before,
            "files changed after a refused command: {args:?}"
        );
        run
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn collect(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == ".git" {
            continue;
        }
        let path = entry.path();
        let kind = entry.file_type().unwrap();
        let relative = path.strip_prefix(root).unwrap().to_path_buf();
        if kind.is_dir() {
            collect(root, &path, out);
        } else if kind.is_symlink() {
            // A link counts by where it points; what it points to may be a
            // FIFO or /dev/zero, which must not be read.
            let target = std::fs::read_link(&path).unwrap();
            out.insert(relative, target.into_os_string().into_encoded_bytes());
        } else if kind.is_file() {
            out.insert(relative, std::fs::read(&path).unwrap());
        } else {
            out.insert(relative, b"(special file)".to_vec());
        }
    }
}
