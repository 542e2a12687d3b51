//! The binary: parse the arguments, run, report the error, map the exit code.

use std::process::ExitCode;

use clap::Parser;

// The read commands build and drop tens of thousands of small values (the
// meetings of an archive); mimalloc does that markedly faster than the
// system allocator. Running out of memory is reported in our words.
#[global_allocator]
static ALLOCATOR: out_of_memory::Reporting<mimalloc::MiMalloc> =
    out_of_memory::Reporting(mimalloc::MiMalloc);
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
            digits[at] = b'0' + (rest % 10) as u8;
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
