//! Writing to the terminal: colour when wanted, JSON when asked, and a
//! closed pipe (`minutes list | head`) taken as the reader being done.
//!
//! Text from the archive (titles, names, file names, commit messages) must
//! not drive the terminal: everything written here passes through
//! [`printable`], which shows control characters as visible symbols (`␛`,
//! `␇`) and keeps only line breaks, tabs and the colour codes of our own
//! styles. Data that a view puts on one line goes through [`one_line`] as
//! well (as [`paint`] does), so that a title with a line break cannot forge
//! a row. JSON escapes by itself, and rendered reports are not terminal
//! output: neither passes through here.

use std::borrow::Cow;
use std::io::Write;

use anstyle::{AnsiColor, Style};
use serde::Serialize;

use crate::error::{Error, Result};

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

/// The visible stand-in for a character that must not reach the terminal
/// as it is, if `c` is one: C0 controls as their Unicode pictures (`␛`,
/// `␊`), DEL as `␡`, C1 controls, bidirectional overrides and line or
/// paragraph separators as `�`.
fn stand_in(c: char) -> Option<char> {
    match c {
        '\0'..='\x1f' => char::from_u32(0x2400 + c as u32),
        '\x7f' => Some('\u{2421}'),
        '\u{80}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{2028}'
        | '\u{2029}' => Some('\u{fffd}'),
        _ => None,
    }
}

fn replace(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(|c| !keep(c) && stand_in(c).is_some()) {
        return Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| match stand_in(c) {
            Some(picture) if !keep(c) => picture,
            _ => c,
        })
        .collect()
}

/// `c`, or its visible stand-in when it is a control character.
pub fn visible(c: char) -> char {
    stand_in(c).unwrap_or(c)
}

/// `text` as one line of a terminal view: every control character,
/// line breaks and tabs included, shown as a visible symbol.
pub fn one_line(text: &str) -> Cow<'_, str> {
    replace(text, |_| false)
}

/// `text` for the terminal, over as many lines as it has: control
/// characters but line breaks and tabs shown as visible symbols.
pub fn printable(text: &str) -> Cow<'_, str> {
    replace(text, |c| c == '\n' || c == '\t')
}

/// What reaches the terminal: [`printable`], except that the colour codes
/// our styles are made of (`ESC [ 1 ; 32 m`) pass. Other escape sequences
/// (cursor moves, titles, hyperlinks, clearing the screen) are shown, not
/// run; colour from the data can only colour, as ours does.
fn terminal(text: &str) -> Cow<'_, str> {
    let kept = |c: char| c == '\n' || c == '\t' || c == '\x1b';
    let printable = replace(text, kept);
    if !printable.contains('\x1b') {
        return printable;
    }
    let mut out = String::with_capacity(printable.len());
    let mut rest = printable.as_ref();
    while let Some(at) = rest.find('\x1b') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        match colour_code(rest) {
            Some(len) => {
                out.push('\x1b');
                out.push_str(&rest[..len]);
                rest = &rest[len..];
            }
            None => out.push('\u{241b}'),
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The length of `[1;32m` at the start of `text` (after an ESC) when it is
/// a colour code of the kinds our styles use: bold, dim, italic, underline,
/// strikethrough, their resets, and the sixteen colours.
fn colour_code(text: &str) -> Option<usize> {
    let body = text.strip_prefix('[')?;
    let end = body.find(|c: char| !(c.is_ascii_digit() || c == ';'))?;
    if !body[end..].starts_with('m') {
        return None;
    }
    let allowed = |n: u8| matches!(n, 0..=4 | 9 | 22..=24 | 29 | 30..=37 | 39 | 40..=47 | 49 | 90..=97 | 100..=107);
    body[..end]
        .split(';')
        .all(|p| p.is_empty() || p.parse::<u8>().is_ok_and(allowed))
        .then_some(end + 2)
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
