//! Problems found in files, reported as `path:line:col` with the source line.
//!
//! A diagnostic is built from a byte span in a file's text; it keeps the line,
//! the column and the line's text so that it can be printed later without the
//! file. It knows nothing about TOML or meetings: callers say what is wrong.
//!
//! A file may hold thousands of problems: [`Lines`] counts the lines of a
//! text once, so that locating them all stays linear. A line ends at `\n`,
//! `\r\n` or a lone `\r`, and the line shown is cut to a window around the
//! problem, so that a file without line ends is not printed whole per error.

use std::cell::Cell;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

use anstyle::{AnsiColor, Style};
use serde::{Deserialize, Serialize};

/// How bad a problem is: errors make `check` fail, warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem at one place.
#[derive(Clone, Debug, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, as shown to the user (relative to the archive where possible).
    pub file: String,
    /// 1-based line and column (in characters); absent for a whole-file problem.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub help: Option<String>,
    /// The line (or the part of it shown), cut at the line end.
    #[serde(skip)]
    source_line: Option<String>,
    #[serde(skip)]
    width: usize,
    /// Where the caret goes in `source_line`, in characters.
    #[serde(skip)]
    caret_at: usize,
}

impl Diagnostic {
    /// A problem with the file as a whole.
    pub fn file(file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.display().to_string(),
            line: None,
            column: None,
            message: message.into(),
            help: None,
            source_line: None,
            width: 0,
            caret_at: 0,
        }
    }

    /// A problem at `span`, a byte range of `text`. To place many problems
    /// in one text, use [`Lines::at`], which counts the lines only once.
    pub fn at(file: &Path, text: &str, span: Range<usize>, message: impl Into<String>) -> Self {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let (line, line_start) = line_of(text, start);
        Self::placed(file, text, span, message, line, line_start, None)
    }

    /// The diagnostic at `span`, on line `line` (1-based) that starts at
    /// byte `line_start`; `known` is a column already counted on that line
    /// (byte offset, characters before it), to count on from.
    fn placed(
        file: &Path,
        text: &str,
        span: Range<usize>,
        message: impl Into<String>,
        line: usize,
        line_start: usize,
        known: Option<(usize, usize)>,
    ) -> Self {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let column = match known {
            Some((offset, chars)) if offset <= start && offset >= line_start => {
                chars + text[offset..start].chars().count()
            }
            _ => text[line_start..start].chars().count(),
        };
        let window = window(text, line_start, start);
        let end = floor_char_boundary(text, span.end.clamp(start, window.end));
        let width = text[start..end].chars().count().max(1);
        Diagnostic {
            line: Some(line),
            column: Some(column + 1),
            source_line: Some(window.shown),
            width,
            caret_at: window.caret_at,
            ..Diagnostic::file(file, message)
        }
    }

    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Everything the diagnostic prints, for a cache to keep.
    pub fn keep(&self) -> Kept {
        Kept {
            severity: self.severity,
            file: self.file.clone(),
            line: self.line,
            column: self.column,
            message: self.message.clone(),
            help: self.help.clone(),
            source_line: self.source_line.clone(),
            width: self.width,
            caret_at: self.caret_at,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:col`, or the path alone.
    pub fn location(&self) -> String {
        match (self.line, self.column) {
            (Some(line), Some(col)) => format!("{}:{line}:{col}", self.file),
            _ => self.file.clone(),
        }
    }

    /// The report as a person reads it, in the style of compilers:
    ///
    /// ```text
    /// error: unknown key `titel`
    ///   --> meetings/2025/2025-01-28.toml:5:1
    ///    |
    ///  5 | titel = "x"
    ///    | ^^^^^
    ///    = help: did you mean `title`?
    /// ```
    pub fn render(&self) -> String {
        let (label, style) = match self.severity {
            Severity::Error => ("error", AnsiColor::Red.on_default().bold()),
            Severity::Warning => ("warning", AnsiColor::Yellow.on_default().bold()),
        };
        let blue = AnsiColor::Blue.on_default().bold();
        let bold = Style::new().bold();
        let message = crate::escape::one_line(&self.message);
        let mut out = format!("{style}{label}{style:#}{bold}: {message}{bold:#}\n");
        let gutter = self.line.map_or(1, |l| l.to_string().len());
        let pad = " ".repeat(gutter);
        let location = self.location();
        let location = crate::escape::one_line(&location);
        let _ = writeln!(out, "{pad}{blue}-->{blue:#} {location}");
        if let (Some(line), Some(source)) = (self.line, &self.source_line) {
            // One character of the line is one column on the screen, so that
            // the caret stays under the problem: a tab shows as a space.
            let source = source.replace('\t', " ");
            let text = crate::escape::one_line(&source);
            let caret = format!("{}{}", " ".repeat(self.caret_at), "^".repeat(self.width));
            let _ = writeln!(out, "{pad} {blue}|{blue:#}");
            let _ = writeln!(out, "{blue}{line}{blue:#} {blue}|{blue:#} {text}");
            let _ = writeln!(out, "{pad} {blue}|{blue:#} {style}{caret}{style:#}");
        }
        if let Some(help) = &self.help {
            let help = crate::escape::printable(help);
            let _ = writeln!(out, "{pad} {blue}={blue:#} {bold}help{bold:#}: {help}");
        }
        out
    }
}

/// How much of a long line is shown: characters before and after the
/// problem. A line within both is shown whole.
const BEFORE: usize = 60;
const AFTER: usize = 100;

/// What is shown of a line for a problem in it.
struct Window {
    /// The text, cut with `…` where the line goes on.
    shown: String,
    /// Where the caret goes in it, in characters.
    caret_at: usize,
    /// The byte offset in the file where the shown text ends.
    end: usize,
}

/// The part of the line starting at `line_start` to show for a problem at
/// `start`. Only the characters shown are looked at, so that placing many
/// problems on one long line stays cheap.
fn window(text: &str, line_start: usize, start: usize) -> Window {
    let mut from = start;
    let mut back = 0;
    for (i, _) in text[line_start..start].char_indices().rev() {
        if back == BEFORE {
            break;
        }
        from = line_start + i;
        back += 1;
    }
    let mut end = text.len();
    let mut more = false;
    for (n, (i, c)) in text[start..].char_indices().enumerate() {
        if c == '\n' || c == '\r' {
            end = start + i;
            break;
        }
        if n == AFTER {
            (end, more) = (start + i, true);
            break;
        }
    }
    let mut shown = String::new();
    let mut caret_at = back;
    if from > line_start {
        shown.push('…');
        caret_at += 1;
    }
    shown.push_str(&text[from..end]);
    if more {
        shown.push('…');
    }
    Window {
        shown,
        caret_at,
        end,
    }
}

/// Where lines end: `\n`, `\r\n` (one end) or a lone `\r`. Yields the
/// offset of the first byte of each line after the first.
fn line_starts(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr2_iter(b'\n', b'\r', bytes)
        .filter(move |&i| !(bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n')))
        .map(|i| i + 1)
}

/// The 1-based line holding byte `offset`, and the offset where it starts.
fn line_of(text: &str, offset: usize) -> (usize, usize) {
    let mut line = 1;
    let mut start = 0;
    // A `\r` just before `offset` may be the first half of `\r\n`: it is
    // then no line end of its own, and `offset` is on its line.
    let bytes = &text.as_bytes()[..(offset + 1).min(text.len())];
    for next in line_starts(bytes).take_while(|&s| s <= offset) {
        line += 1;
        start = next;
    }
    (line, start)
}

/// The lines of one text, counted once, to place many problems in it.
pub struct Lines<'a> {
    text: &'a str,
    /// Byte offset of the start of each line.
    starts: Vec<usize>,
    /// The last column counted (line start, byte offset, characters): the
    /// problems of a long line are mostly placed in order, so counting goes
    /// on from there instead of from the line start.
    last: Cell<(usize, usize, usize)>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Lines<'a> {
        let mut starts = vec![0];
        starts.extend(line_starts(text.as_bytes()));
        Lines {
            text,
            starts,
            last: Cell::new((usize::MAX, 0, 0)),
        }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// A problem at `span`, a byte range of the text.
    pub fn at(&self, file: &Path, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        let text = self.text;
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let index = self.starts.partition_point(|&s| s <= start) - 1;
        let (line, line_start) = (index + 1, self.starts[index]);
        let (last_line, offset, chars) = self.last.get();
        let known = (last_line == line_start).then_some((offset, chars));
        let d = Diagnostic::placed(file, text, span, message, line, line_start, known);
        if let Some(column) = d.column {
            self.last.set((line_start, start, column - 1));
        }
        d
    }
}

/// A diagnostic as a cache keeps it: all of it, the source line included,
/// so that it prints the same without the file.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Kept {
    severity: Severity,
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    message: String,
    help: Option<String>,
    source_line: Option<String>,
    width: usize,
    caret_at: usize,
}

impl From<Kept> for Diagnostic {
    fn from(kept: Kept) -> Diagnostic {
        let Kept {
            severity,
            file,
            line,
            column,
            message,
            help,
            source_line,
            width,
            caret_at,
        } = kept;
        Diagnostic {
            severity,
            file,
            line,
            column,
            message,
            help,
            source_line,
            width,
            caret_at,
        }
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// The closest of `candidates` to `word`, when it is close enough to be a
/// likely typo ("titel" -> "title").
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance counting a swap of neighbours as one edit.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_at_line_and_column_in_characters() {
        let text = "a = 1\ntitlé = \"x\"\nzz = 2\n";
        let d = Diagnostic::at(Path::new("m.toml"), text, 14..17, "bad");
        assert_eq!((d.line, d.column), (Some(2), Some(8)));
        assert_eq!(d.location(), "m.toml:2:8");
        assert!(
            anstream::adapter::strip_str(&d.render())
                .to_string()
                .contains("2 | titlé = \"x\"")
        );
    }

    #[test]
    fn a_kept_diagnostic_prints_the_same() {
        let text = "a = 1\ntitlé = \"x\"\n";
        let d = Diagnostic::at(Path::new("m.toml"), text, 6..11, "bad").with_help("fix it");
        assert_eq!(Diagnostic::from(d.keep()).render(), d.render());
    }

    #[test]
    fn lone_carriage_returns_and_crlf_end_lines() {
        let text = "a = 1\rb = 2\r\nc = 3\nd";
        for (offset, line, column) in [(0, 1, 1), (6, 2, 1), (11, 2, 6), (13, 3, 1), (19, 4, 1)] {
            let once = Diagnostic::at(Path::new("m"), text, offset..offset, "x");
            let many = Lines::new(text).at(Path::new("m"), offset..offset, "x");
            assert_eq!(
                (once.line, once.column),
                (Some(line), Some(column)),
                "{offset}"
            );
            assert_eq!(
                (many.line, many.column),
                (Some(line), Some(column)),
                "{offset}"
            );
        }
    }

    #[test]
    fn a_long_line_is_shown_around_the_problem() {
        let text = format!("{}bad{}", "a".repeat(5000), "b".repeat(5000));
        let lines = Lines::new(&text);
        let d = lines.at(Path::new("m"), 5000..5003, "x");
        assert_eq!(d.column, Some(5001));
        let shown = d.source_line.clone().unwrap();
        assert!(shown.chars().count() <= BEFORE + AFTER + 2, "{shown}");
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        let caret = anstream::adapter::strip_str(&d.render()).to_string();
        let row = caret.lines().find(|l| l.contains('^')).unwrap();
        let code = caret.lines().find(|l| l.contains("bad")).unwrap();
        let at = |line: &str, i: usize| line[..i].chars().count();
        assert_eq!(
            at(row, row.find('^').unwrap()),
            at(code, code.find("bad").unwrap())
        );
        // Placed in order, later problems of the line count on.
        let later = lines.at(Path::new("m"), 9000..9001, "y");
        assert_eq!(later.column, Some(9001));
        // A span longer than the window is underlined within it.
        let wide = lines.at(Path::new("m"), 5000..9000, "z");
        assert_eq!(wide.width, AFTER);
    }

    #[test]
    fn suggests_close_words_only() {
        let keys = ["title", "date", "status", "scribe"];
        assert_eq!(did_you_mean("titel", keys), Some("title"));
        assert_eq!(did_you_mean("scirbe", keys), Some("scribe"));
        assert_eq!(did_you_mean("weather", keys), None);
    }
}
