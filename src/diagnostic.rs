//! Problems found in files, reported as `path:line:col` with the source line.
//!
//! A diagnostic is built from a byte span in a file's text; it keeps the line,
//! the column and the line's text so that it can be printed later without the
//! file. It knows nothing about TOML or meetings: callers say what is wrong.

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
    #[serde(skip)]
    source_line: Option<String>,
    #[serde(skip)]
    width: usize,
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
        }
    }

    /// A problem at `span`, a byte range of `text`.
    pub fn at(file: &Path, text: &str, span: Range<usize>, message: impl Into<String>) -> Self {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line_text = text[line_start..line_end].trim_end_matches('\r');
        let end = floor_char_boundary(text, span.end.clamp(start, line_end));
        let width = text[start..end].chars().count().max(1);
        Diagnostic {
            line: Some(text[..line_start].matches('\n').count() + 1),
            column: Some(text[line_start..start].chars().count() + 1),
            source_line: Some(line_text.to_string()),
            width,
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
        let mut out = format!("{style}{label}{style:#}{bold}: {}{bold:#}\n", self.message);
        let gutter = self.line.map_or(1, |l| l.to_string().len());
        let pad = " ".repeat(gutter);
        let _ = writeln!(out, "{pad}{blue}-->{blue:#} {}", self.location());
        if let (Some(line), Some(col), Some(text)) = (self.line, self.column, &self.source_line) {
            let caret = format!("{}{}", " ".repeat(col - 1), "^".repeat(self.width));
            let _ = writeln!(out, "{pad} {blue}|{blue:#}");
            let _ = writeln!(out, "{blue}{line}{blue:#} {blue}|{blue:#} {text}");
            let _ = writeln!(out, "{pad} {blue}|{blue:#} {style}{caret}{style:#}");
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "{pad} {blue}={blue:#} {bold}help{bold:#}: {help}");
        }
        out
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
    fn suggests_close_words_only() {
        let keys = ["title", "date", "status", "scribe"];
        assert_eq!(did_you_mean("titel", keys), Some("title"));
        assert_eq!(did_you_mean("scirbe", keys), Some("scribe"));
        assert_eq!(did_you_mean("weather", keys), None);
    }
}
