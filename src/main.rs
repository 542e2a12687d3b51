//! The binary: parse the arguments, run (through the pager for long
//! output), report the error, map the exit code.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

// The read commands build and drop tens of thousands of small values (the
// meetings of an archive); mimalloc does that markedly faster than the
// system allocator. Running out of memory is reported in our words.
#[global_allocator]
static ALLOCATOR: out_of_memory::Reporting<mimalloc::MiMalloc> =
    out_of_memory::Reporting(mimalloc::MiMalloc);
use minutes::cli::{Cli, Color};
use minutes::commands::{self, Global};
use minutes::error::Error;
use minutes::{pager, ui};

fn main() -> ExitCode {
    // Before anything is written, and before the pager takes stdout.
    ui::guard_standard_streams();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(refused) => return command_line(&refused),
    };
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
            ExitCode::from(error.exit_code())
        }
    }
}

/// What clap says of a command line it does not take (or of `--help` and
/// `--version`). An error quotes what was typed, which is written through
/// `ui` as every text from outside is: a value cannot drive the terminal.
fn command_line(refused: &clap::Error) -> ExitCode {
    if refused.use_stderr() {
        ui::eprint(&refused.render().ansi().to_string());
    } else {
        let _ = refused.print();
    }
    // clap's codes are 0 and 2.
    ExitCode::from(u8::try_from(refused.exit_code()).unwrap_or(2))
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
    use std::fmt::Write as _;
    // Built whole, then written through `ui`, which keeps control characters
    // of the data (a file name, a title) from reaching the terminal.
    let mut err = String::new();
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
    ui::eprint(&err);
}

// The one place with unsafe code: a global allocator can only be written as
// an `unsafe impl`. Stable Rust has no hook for allocation failure (the
// default prints "memory allocation of N bytes failed" and aborts).
#[allow(unsafe_code)]
mod out_of_memory {
    //! An allocator that passes every call on unchanged and, when the system
    //! refuses memory, says so in the tool's words and exits with code 1.
    //! Nothing here may allocate: the message is assembled on the stack.

    use std::alloc::{GlobalAlloc, Layout};
    use std::io::Write;

    pub struct Reporting<A>(pub A);

    // SAFETY: each method forwards its arguments to the wrapped allocator,
    // whose contract the caller upholds, and returns its result unchanged;
    // a refusal (a null pointer) ends the process instead of returning.
    unsafe impl<A: GlobalAlloc> GlobalAlloc for Reporting<A> {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            granted(unsafe { self.0.alloc(layout) }, layout.size())
        }

        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            granted(unsafe { self.0.alloc_zeroed(layout) }, layout.size())
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            unsafe { self.0.dealloc(ptr, layout) }
        }

        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            granted(unsafe { self.0.realloc(ptr, layout, new_size) }, new_size)
        }
    }

    fn granted(ptr: *mut u8, size: usize) -> *mut u8 {
        if ptr.is_null() {
            exhausted(size)
        }
        ptr
    }

    fn exhausted(size: usize) -> ! {
        let mut message = [0u8; 400];
        let mut len = 0;
        let mut put = |bytes: &[u8]| {
            let n = bytes.len().min(message.len() - len);
            message[len..len + n].copy_from_slice(&bytes[..n]);
            len += n;
        };
        put(b"error: out of memory: the system refused minutes ");
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        let mut rest = size;
        loop {
            at -= 1;
            digits[at] = b"0123456789"[rest % 10];
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        put(&digits[at..]);
        put(b" bytes more\nhelp: the input may be far larger than minutes kept by hand; otherwise free some memory or raise the limit (ulimit -v) and run the command again\n");
        let _ = std::io::stderr().write_all(&message[..len]);
        std::process::exit(1)
    }
}
