//! The one error type of the crate.
//!
//! An error is either bad usage (exit 2), a failure with a message and an
//! optional hint, or a set of diagnostics found in files. Every variant that
//! comes from a file names it: a bare "IO error" is never shown to a user.

use std::fmt;
use std::path::Path;

use crate::diagnostic::Diagnostic;

/// What went wrong, in the words shown to the user.
#[derive(Debug)]
pub enum Error {
    /// The command line asked for something impossible (exit code 2).
    Usage {
        message: String,
        help: Option<String>,
    },
    /// The command could not do its job (exit code 1).
    Failed {
        message: String,
        help: Option<String>,
    },
    /// Files hold problems; each diagnostic names its place (exit code 1).
    Invalid(Vec<Diagnostic>),
    /// The reader of our output went away (`minutes list | head`): not a failure.
    Closed,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn failed(message: impl Into<String>) -> Self {
        Error::Failed {
            message: message.into(),
            help: None,
        }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Error::Usage {
            message: message.into(),
            help: None,
        }
    }

    /// Adds the `help:` line that tells the user how to fix the problem.
    pub fn with_help(self, hint: impl Into<String>) -> Self {
        match self {
            Error::Usage { message, .. } => Error::Usage {
                message,
                help: Some(hint.into()),
            },
            Error::Failed { message, .. } => Error::Failed {
                message,
                help: Some(hint.into()),
            },
            invalid => invalid,
        }
    }

    /// A filesystem error, with the path it happened on.
    pub fn io(action: &str, path: &Path, err: std::io::Error) -> Self {
        Error::failed(format!("cannot {action} {}: {err}", path.display()))
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage { .. } => 2,
            Error::Closed => 0,
            _ => 1,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage { message, .. } | Error::Failed { message, .. } => f.write_str(message),
            Error::Invalid(diagnostics) => {
                let first = diagnostics
                    .first()
                    .map(|d| d.message.as_str())
                    .unwrap_or("invalid");
                f.write_str(first)
            }
            Error::Closed => f.write_str("output closed"),
        }
    }
}

impl std::error::Error for Error {}

impl From<Vec<Diagnostic>> for Error {
    fn from(diagnostics: Vec<Diagnostic>) -> Self {
        Error::Invalid(diagnostics)
    }
}

impl From<Diagnostic> for Error {
    fn from(diagnostic: Diagnostic) -> Self {
        Error::Invalid(vec![diagnostic])
    }
}
