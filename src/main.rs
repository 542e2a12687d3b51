//! The binary: parse the arguments, run, report the error, map the exit code.

use std::process::ExitCode;

use clap::Parser;

// The read commands build and drop tens of thousands of small values (the
// meetings of an archive); mimalloc does that markedly faster than the
// system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use minutes::cli::{Cli, Color};
use minutes::commands;
use minutes::error::Error;

fn main() -> ExitCode {
    minutes::ui::guard_standard_streams();
    let (global, color, command) = Cli::parse().into_parts();
    let choice = match color {
        Color::Auto => anstream::ColorChoice::Auto,
        Color::Always => anstream::ColorChoice::Always,
        Color::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
    match commands::run(&global, command) {
        Ok(()) | Err(Error::Closed) => ExitCode::SUCCESS,
        Err(error) => {
            report(&error);
            ExitCode::from(error.exit_code() as u8)
        }
    }
}

fn report(error: &Error) {
    use std::fmt::Write as _;
    // Built whole, then written through `ui`, which keeps control characters
    // of the data (a file name, a title) from reaching the terminal.
    let mut err = String::new();
    let red = anstyle::AnsiColor::Red.on_default().bold();
    let bold = anstyle::Style::new().bold();
    let _ = match error {
        Error::Invalid(diagnostics) => {
            for d in diagnostics {
                err.push_str(&d.render());
            }
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            writeln!(
                err,
                "{red}error{red:#}: {errors} problem(s) found; nothing was changed"
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
    minutes::ui::eprint(&err);
}
