//! `minutes render`: a meeting, or the dossier of a tag, as a report, on
//! stdout or into a file.
//!
//! The file is written only once the whole report has rendered, and
//! atomically, so that an error never leaves a half-written report behind;
//! an existing file is replaced only with `--force`, and never one of the
//! archive's meetings (`fsio::write_output`). A meeting asked for in a
//! language it has no translation into is rendered in its own, with a
//! warning that names the missing file.

use super::Global;
use crate::cli::RenderArgs;
use crate::error::{Error, Result};
use crate::id::MeetingRef;
use crate::index::Detail;
use crate::render::{self, Request, Template};
use crate::{fsio, ui, view};

/// What the options ask to render.
enum Subject {
    Meeting(MeetingRef),
    Tag(String),
}

pub fn run(global: &Global, options: RenderArgs) -> Result<()> {
    let subject = subject(&options)?;
    let archive = global.archive()?;
    if let Some(shown) = &options.output {
        // Refused before the work of rendering, and checked again on writing.
        fsio::check_output(&archive.root, &global.dir.join(shown), shown, options.force)?;
    }
    let request = Request {
        kind: options.template,
        format: options.format,
        lang: options.lang,
        public: options.public,
        include_drafts: options.include_drafts,
    };
    let rendered = match subject {
        Subject::Meeting(meeting) => {
            let id = archive.resolve(&meeting)?;
            let record = match &options.at {
                Some(rev) => crate::history::load_at(&global.history(&archive.root)?, &id, rev)?,
                None => archive.load(&id)?,
            };
            render::render_report(&archive, &record, &request)?
        }
        Subject::Tag(tag) => {
            let records = global.meetings(&archive, Detail::Full)?;
            render::render_dossier_report(&archive, &records, &tag, &request)?
                .ok_or_else(|| render::why_no_dossier(&tag, &records, options.include_drafts))?
        }
    };
    for gap in &rendered.gaps {
        global.warn(&view::untranslated(gap));
    }
    let text = rendered.text;
    match options.output {
        None => ui::print(&text),
        Some(shown) => {
            // `-C DIR` means "as if started in DIR": relative paths start there.
            let path = global.dir.join(&shown);
            fsio::write_output(&archive.root, &path, &shown, text.as_bytes(), options.force)?;
            global.note(&format!("wrote {}", shown.display()));
            Ok(())
        }
    }
}

/// A meeting, or with `--template dossier` a tag: exactly one of them.
fn subject(options: &RenderArgs) -> Result<Subject> {
    let dossier = options.template == Template::Dossier;
    match (dossier, &options.meeting, &options.tag) {
        (false, _, Some(_)) => Err(Error::usage(format!(
            "`--tag` is for the dossier, not for the template `{}`",
            options.template.name()
        ))
        .with_help("write `minutes render --template dossier --tag TAG`, or leave out --tag to render a meeting")),
        (true, Some(meeting), _) => Err(Error::usage(format!(
            "a dossier is of a tag, not of a meeting (`{meeting}`)"
        ))
        .with_help("write `minutes render --template dossier --tag TAG`, without a meeting")),
        (true, None, None) => Err(Error::usage("the dossier needs a tag")
            .with_help("write `minutes render --template dossier --tag TAG`; `minutes topics` lists the tags")),
        (false, None, None) => Err(Error::usage("which meeting?")
            .with_help("give a meeting: an id (2025-01-28), `latest` or `next`; or `--template dossier --tag TAG` for the dossier of a tag")),
        (true, None, Some(_)) if options.at.is_some() => Err(Error::usage("`--at` renders a meeting as it was; a dossier is always of today's archive")
            .with_help("leave out --at, or check out the revision with git and render there")),
        (true, None, Some(tag)) => Ok(Subject::Tag(tag.clone())),
        (false, Some(meeting), None) => Ok(Subject::Meeting(meeting.clone())),
    }
}
