//! What the fuzz targets share: a scratch archive on disk that `check` and
//! `render` read like a real one, the sample files it starts from, and the
//! way a command shows its diagnostics.
//!
//! The targets drive the library as the commands do, through the same
//! entry points (`Global` for what the commands share); nothing here
//! repeats a rule of the library. A target fails only where the library
//! breaks a promise: a panic, a hang, or a property stated in the target.

use std::path::{Path, PathBuf};

use minutes::commands::Global;
use minutes::diagnostic::Diagnostic;
use minutes::id::{Lang, MeetingId};

/// A configuration like the sample's, short so that each run spends its
/// time on the fuzzed file: a roster in both forms (a name, and a table
/// with a role and an affiliation) so that the rules about people and
/// attendees run, and a weekly series with a period, so that the schedule
/// rules run.
pub const CONFIG: &str = r#"[archive]
title = "Tuesday teleconference"
timezone = "Europe/Rome"

[series.tuesday]
every = "week"
on = "tuesday"
at = "21:00"
duration = "2h"
skip = [2025-02-25]

[[series.tuesday.periods]]
from = 2025-03-01
at = "18:00"
duration = "90m"

[people]
anna = "Anna"
marco = "Marco"
lu = "Lucia"
pietro = "Pietro"
giulia = "Giulia"
davide = "Davide"

[people.sara]
name = "Sara"
aliases = ["Sara G."]
role = "observer"
affiliation = "Lab"

[publication]
venue = "Lab"
url = "https://example.org/minutes/"
"#;

/// An earlier meeting with the actions that the fuzzed meeting's updates may
/// name (`2025-01-21#a1`, `#a2`).
pub const EARLIER: &str = r#"schema = 1
date = 2025-01-21
status = "final"

[[items]]
id = "earlier"
title = "An earlier item"

[[items.actions]]
id = "a1"
owner = "anna"
task = "A task"

[[items.actions]]
id = "a2"
task = "Another task"
"#;

/// A short sample meeting, beside a fuzzed configuration.
pub const SHORT: (&str, &str) = (
    "2025-03-11",
    include_str!("../../meetings/2025/2025-03-11.toml"),
);

/// The meeting that the overlays translate: the items of the sample
/// meeting of that date, with short texts, a preamble and a postscript, and
/// decisions of both forms (the overlay's keep their kinds).
pub const MEETING: &str = r#"schema = 1
date = 2025-01-28
status = "final"
title = "A meeting"
preamble = "Before the items."
postscript = "After them."

[[items]]
id = "deepseek"
title = "One item"
notes = "Some *notes*."
decisions = ["A decision", { text = "A resolution", kind = "resolution" }]

[[items]]
id = "congo"
title = "Another item"
parent = "deepseek"
"#;

/// Its German and Italian translations.
pub const OVERLAYS: &[(&str, &str)] = &[
    ("de", include_str!("../../meetings/2025/2025-01-28.de.toml")),
    ("it", include_str!("../../meetings/2025/2025-01-28.it.toml")),
];

/// A language tag of the overlays.
pub fn lang(tag: &str) -> Lang {
    tag.parse().expect("a valid language tag")
}

/// The id under which a target writes the meeting or overlay it fuzzes.
pub fn fuzzed_id() -> MeetingId {
    MeetingId::parse("2025-01-28").expect("a valid id")
}

/// The id of [`EARLIER`].
pub fn earlier_id() -> MeetingId {
    MeetingId::parse("2025-01-21").expect("a valid id")
}

/// An archive in the temporary folder (`TMPDIR`), alive for the whole
/// process: a fuzzing process writes one file into it per run.
///
/// It must not sit inside a git repository, or `check` would read that
/// repository's history. A memory file system makes the targets that write
/// several times faster than a disk one that flushes a file rewritten in
/// place on every close (ext4 does): `run.sh` points `TMPDIR` at one.
pub struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    /// A new archive holding `files`, each a path relative to its root and a text.
    pub fn new(files: &[(PathBuf, &str)]) -> Scratch {
        let dir = tempfile::Builder::new()
            .prefix("minutes-fuzz-")
            .tempdir()
            .expect("a temporary folder");
        let scratch = Scratch { dir };
        for (relative, text) in files {
            scratch.write(relative, text.as_bytes());
        }
        scratch
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Replaces the file at `relative` with `bytes`, creating its folder.
    pub fn write(&self, relative: &Path, bytes: &[u8]) {
        let path = self.root().join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("the folder of a scratch file");
        }
        std::fs::write(&path, bytes).expect("a scratch file");
    }
}

/// The settings of a command run quietly on the archive at `root`, without
/// the index (the scratch archive has no repository).
pub fn global(root: &Path) -> Global {
    Global {
        dir: root.to_path_buf(),
        json: false,
        quiet: true,
        verbose: false,
        no_index: true,
    }
}

/// Runs `minutes check` on the archive at `root` (the meetings in `only`,
/// all when empty) through the entry point of the command, and shows the
/// outcome as the command does, in text and in JSON.
pub fn check(root: &Path, only: &[MeetingId]) {
    match global(root).check(root, only) {
        Ok(report) => {
            show(&report.diagnostics);
            let _ = (report.errors(), report.warnings(), report.files);
        }
        Err(e) => show_error(&e),
    }
}

/// Every diagnostic as `check` prints it, and as `check --json` prints it.
pub fn show(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        assert_shown_safely(d);
        let _ = d.location();
        serde_json::to_string(d).expect("a diagnostic serializes to JSON");
    }
}

/// An error as the binary prints it.
pub fn show_error(e: &minutes::error::Error) {
    if let minutes::error::Error::Invalid(diagnostics) = e {
        show(diagnostics);
    }
    let _ = (e.to_string(), e.exit_code());
}

/// What a diagnostic puts on the terminal, whatever the file says: the
/// message on the first line and the place on the second (a file cannot
/// forge a row), and no control character but line ends, tabs and the
/// colour codes of our styles.
pub fn assert_shown_safely(d: &Diagnostic) {
    let rendered = d.render();
    let shown = minutes::escape::terminal(&rendered);
    let plain = strip_colour(&shown);
    let mut lines = plain.lines();
    let (first, second) = (lines.next().unwrap_or(""), lines.next().unwrap_or(""));
    assert!(
        first.starts_with("error: ") || first.starts_with("warning: "),
        "a diagnostic's first line is not its message:\n{plain}"
    );
    assert!(
        second.trim_start().starts_with("--> "),
        "a diagnostic's second line is not its place:\n{plain}"
    );
    if let Some(bad) = plain
        .chars()
        .find(|c| c.is_control() && *c != '\n' && *c != '\t')
    {
        panic!("a control character {bad:?} reaches the terminal:\n{shown:?}");
    }
}

/// `text` without the colour codes of our styles (`ESC [ 1 ; 31 m`); any
/// other escape is left for [`assert_shown_safely`] to find.
fn strip_colour(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\x1b') {
        out.push_str(&rest[..at]);
        let code = rest[at + 1..]
            .strip_prefix('[')
            .and_then(|r| r.find('m').map(|end| (end, &r[..end])))
            .filter(|(_, params)| params.bytes().all(|b| b.is_ascii_digit() || b == b';'));
        match code {
            Some((end, _)) => rest = &rest[at + 2 + end + 1..],
            None => {
                out.push('\x1b');
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether two TOML values hold the same data, a float that is not a
/// number (`nan`) taken as equal to another, as the edits compare them.
pub use minutes::edit::same_data;
