//! Writing to the terminal: colour when wanted, JSON when asked, and a
//! closed pipe (`minutes list | head`) taken as the reader being done.

use std::io::Write;

use anstyle::{AnsiColor, Style};
use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};

pub const BOLD: Style = Style::new().bold();
pub const DIM: Style = Style::new().dimmed();
pub const GREEN: Style = AnsiColor::Green.on_default();
pub const YELLOW: Style = AnsiColor::Yellow.on_default();
pub const CYAN: Style = AnsiColor::Cyan.on_default();
pub const RED: Style = AnsiColor::Red.on_default();

/// Writes `text` to stdout; styles are dropped when stdout is not a terminal
/// or colour is turned off.
pub fn print(text: &str) -> Result<()> {
    let mut out = anstream::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(closed_or_failed)
}

/// Writes `text` to stderr, where diagnostics go (as compilers do).
pub fn eprint(text: &str) {
    let _ = anstream::stderr().lock().write_all(text.as_bytes());
}

/// Writes `value` as pretty JSON followed by a newline.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Error::failed(format!("cannot write JSON: {e}")))?;
    print(&(text + "\n"))
}

/// A message for the person at the terminal, on stderr (unless `-q`).
pub fn note(quiet: bool, text: &str) {
    if !quiet {
        let _ = writeln!(anstream::stderr(), "{text}");
    }
}

fn closed_or_failed(e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Error::Closed
    } else {
        Error::failed(format!("cannot write to stdout: {e}"))
    }
}

/// `text` in `style`; the style codes vanish where colour is off.
pub fn paint(style: Style, text: impl std::fmt::Display) -> String {
    format!("{style}{text}{style:#}")
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
        let _ = write!(err, "{question} [{default}]: ");
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
                    let _ = writeln!(err, "{e}");
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
