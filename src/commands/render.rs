//! `minutes render`: a meeting as a report, on stdout or into a file.
//!
//! The file is written only once the whole report has rendered, and
//! atomically, so that an error never leaves a half-written report behind.

use std::path::PathBuf;

use super::Global;
use crate::error::Result;
use crate::render::{self, Format, Request};
use crate::{fsio, ui};

#[derive(Debug)]
pub struct Options {
    pub meeting: String,
    pub template: String,
    pub format: String,
    pub lang: Option<String>,
    pub output: Option<PathBuf>,
    pub public: bool,
    /// Render the meeting as it was at this revision.
    pub at: Option<String>,
}

pub fn run(global: &Global, options: Options) -> Result<()> {
    let format = Format::parse(&options.format)?;
    let archive = global.archive()?;
    let id = archive.resolve(&options.meeting)?;
    let record = match &options.at {
        Some(rev) => crate::history::load_at(&archive, &id, rev)?,
        None => archive.load(&id)?,
    };
    let request = Request {
        kind: options.template,
        format,
        lang: options.lang,
        public: options.public,
    };
    let text = render::render(&archive, &record, &request)?;
    match options.output {
        None => ui::print(&text),
        Some(shown) => {
            // `-C DIR` means "as if started in DIR": relative paths start there.
            let path = global.dir.join(&shown);
            fsio::write_atomic(&path, &shown, text.as_bytes())?;
            global.note(&format!("wrote {}", shown.display()));
            Ok(())
        }
    }
}
