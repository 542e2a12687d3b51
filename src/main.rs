//! The binary: parse the arguments, run (through the pager for long
//! output), report the error, map the exit code.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

// The read commands build and drop tens of thousands of small values (the
// meetings of an archive); mimalloc does that markedly faster than the
// system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use minutes::cli::{Cli, Color};
use minutes::commands::{self, Global};
use minutes::error::Error;
use minutes::{pager, ui};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let global = Global::from(&cli.global);
    let choice = match cli.global.color {
        Color::Auto => anstream::ColorChoice::Auto,
        Color::Always => anstream::ColorChoice::Always,
        Color::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
    let pager = page(&cli);
    let result = commands::run(&global, cli.command);
    // The person reads the output to its end before any error is shown.
    if let Some(pager) = pager {
        pager.finish();
    }
    match result {
        Ok(()) | Err(Error::Closed) => ExitCode::SUCCESS,
        Err(error) => {
            report(&error);
            ExitCode::from(error.exit_code() as u8)
        }
    }
}

/// Starts the pager when the command's output may be long. Colour is
/// decided for the terminal before stdout becomes the pager's input (and
/// kept only where stderr, which shares the setting, is a terminal too).
fn page(cli: &Cli) -> Option<pager::Pager> {
    if cli.global.no_pager || !cli.command.pages() {
        return None;
    }
    let colour = anstream::AutoStream::choice(&std::io::stdout());
    let pager = pager::start()?;
    if std::io::stderr().is_terminal() {
        colour.write_global();
    }
    Some(pager)
}

fn report(error: &Error) {
    let mut err = anstream::stderr().lock();
    let red = anstyle::AnsiColor::Red.on_default().bold();
    let bold = anstyle::Style::new().bold();
    let _ = match error {
        Error::Invalid(diagnostics) => {
            ui::diagnostics(diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            let errors = minutes::plural::count(errors, "problem");
            writeln!(
                err,
                "{red}error{red:#}: {errors} found; nothing was changed"
            )
        }
        Error::Usage { message, help } | Error::Failed { message, help } => {
            let _ = writeln!(err, "{red}error{red:#}: {message}");
            match help {
                Some(help) => writeln!(err, "{bold}help{bold:#}: {help}"),
                None => Ok(()),
            }
        }
        Error::Closed => Ok(()),
    };
}
