//! Writing to the terminal: colour when wanted, JSON when asked, and a
//! closed pipe (`minutes list | head`) taken as the reader being done.
//!
//! Text from the archive (titles, names, file names, commit messages) must
//! not drive the terminal: everything written here passes through
//! `escape::terminal`, which shows control characters as visible symbols
//! (`␛`, `␇`) and keeps only line breaks, tabs and the colour codes of our
//! own styles. Data that a view puts on one line goes through [`one_line`]
//! as well (as [`paint`] does), so that a title with a line break cannot
//! forge a row. JSON escapes by itself, and rendered reports are not
//! terminal output: neither passes through here.

use std::io::Write;

use anstyle::{AnsiColor, Style};
use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::escape::terminal;
pub use crate::escape::{one_line, printable, visible};

pub const BOLD: Style = Style::new().bold();
pub const DIM: Style = Style::new().dimmed();
pub const GREEN: Style = AnsiColor::Green.on_default();
pub const YELLOW: Style = AnsiColor::Yellow.on_default();
pub const CYAN: Style = AnsiColor::Cyan.on_default();
pub const RED: Style = AnsiColor::Red.on_default();

/// Whether stdout was closed when the program started (`minutes list >&-`).
static STDOUT_CLOSED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// To be called first thing: notes whether stdout was closed when the
/// program started. Rust's runtime puts `/dev/null` (opened for reading and
/// writing) in place of a closed standard stream, so that writes to it would
/// vanish while the command reports success; a shell's `>/dev/null` opens
/// it for writing only, and stays a quiet success.
pub fn guard_standard_streams() {
    #[cfg(unix)]
    {
        use rustix::fs::{FileType, OFlags};
        let out = std::io::stdout();
        let stat = rustix::fs::fstat(&out);
        let null = rustix::fs::stat("/dev/null");
        let put_in_place = match (stat, null) {
            (Ok(stat), Ok(null)) => {
                FileType::from_raw_mode(stat.st_mode) == FileType::CharacterDevice
                    && stat.st_rdev == null.st_rdev
                    && rustix::fs::fcntl_getfl(&out)
                        .is_ok_and(|flags| flags & OFlags::ACCMODE == OFlags::RDWR)
            }
            _ => false,
        };
        STDOUT_CLOSED.store(put_in_place, std::sync::atomic::Ordering::Relaxed);
    }
}

/// Writes `text` to stdout; styles are dropped when stdout is not a terminal
/// or colour is turned off.
pub fn print(text: &str) -> Result<()> {
    write_stdout(&terminal(text))
}

fn write_stdout(text: &str) -> Result<()> {
    if STDOUT_CLOSED.load(std::sync::atomic::Ordering::Relaxed) {
        return Err(Error::failed("cannot write the output: stdout is closed")
            .with_help("run the command with its output going to a terminal, a file or a pipe"));
    }
    let mut out = anstream::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(closed_or_failed)
}

/// Writes `text` to stderr, where diagnostics go (as compilers do).
pub fn eprint(text: &str) {
    let _ = anstream::stderr()
        .lock()
        .write_all(terminal(text).as_bytes());
}

/// Writes `document` as it is: a file format that keeps control characters
/// out of its values itself, as an iCalendar does (its lines end in CRLF).
pub fn print_document(document: &str) -> Result<()> {
    write_stdout(document)
}

/// Writes `value` as pretty JSON followed by a newline. JSON escapes the
/// control characters of strings itself; the data is written as it is.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Error::failed(format!("cannot write JSON: {e}")))?;
    write_stdout(&(text + "\n"))
}

/// A message for the person at the terminal, on stderr (unless `-q`).
pub fn note(quiet: bool, text: &str) {
    if !quiet {
        let _ = writeln!(anstream::stderr(), "{}", terminal(text));
    }
}

/// A warning for the person at the terminal, on stderr (unless `-q`):
/// the command goes on.
pub fn warn(quiet: bool, text: &str) {
    if !quiet {
        let _ = writeln!(anstream::stderr(), "{}: {text}", paint(YELLOW, "warning"));
    }
}

fn closed_or_failed(e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Error::Closed
    } else {
        Error::failed(format!("cannot write to stdout: {e}"))
    }
}

/// `text` in `style`; the style codes vanish where colour is off. The text
/// is kept on one line (see [`one_line`]): painted text is a field of a row.
pub fn paint(style: Style, text: impl std::fmt::Display) -> String {
    let text = text.to_string();
    format!("{style}{}{style:#}", one_line(&text))
}

/// Whether styles reach stdout: when they do not, marks that must survive
/// without colour (a word diff) are written as text instead.
pub fn colour_on() -> bool {
    anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
}

/// A progress bar on stderr for long work (`len` steps, or a counter when
/// the length is unknown). It shows only on a terminal, and only for work
/// large enough to be worth watching: a first index of a large archive.
pub fn progress(len: Option<u64>, message: &'static str) -> indicatif::ProgressBar {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    let bar = match len {
        Some(len) if len < 500 => return ProgressBar::hidden(),
        Some(len) => ProgressBar::new(len).with_style(
            ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        ),
        None => ProgressBar::new_spinner().with_style(
            ProgressStyle::with_template("{msg} {pos}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        ),
    };
    bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(10));
    bar.with_message(message)
}

/// A progress bar of `len` steps on stderr, shown on a terminal however
/// short the work (an import says where it is, file by file).
pub fn bar(len: u64, message: &'static str) -> indicatif::ProgressBar {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    let bar = ProgressBar::new(len).with_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(10));
    bar.with_message(message)
}

/// Asks `question` on stderr, with `default` shown, and reads the answer
/// from stdin, again until it reads as a `T`; `None` for an empty answer
/// or the end of the input: the default.
pub fn ask<T: std::str::FromStr<Err = E>, E: std::fmt::Display>(
    question: &str,
    default: &str,
) -> Result<Option<T>> {
    use std::io::BufRead;
    let mut err = std::io::stderr();
    loop {
        let _ = write!(err, "{} [{}]: ", one_line(question), one_line(default));
        let _ = err.flush();
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| Error::failed(format!("cannot read the answer: {e}")))?;
        match line.trim() {
            "" => return Ok(None),
            answer => match answer.parse() {
                Ok(value) => return Ok(Some(value)),
                Err(e) => {
                    let _ = writeln!(err, "{}", printable(&e.to_string()));
                }
            },
        }
    }
}

/// Problems found in files, on stderr as compilers print them: place,
/// source line, caret and help, a blank line after each.
pub fn diagnostics(diagnostics: &[Diagnostic]) {
    let text: String = diagnostics.iter().map(|d| d.render() + "\n").collect();
    eprint(&text);
}
